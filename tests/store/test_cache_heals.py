"""A cache that heals (issue 18, item 4): a read command that finds the derived cache
missing or stale rebuilds it once, so the next run reads only the newest lines again.

Cost is counted in bytes of history parsed, never in seconds.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.fixtures.histories import example_plan, history

from careplan.store import history_files
from careplan.store.store import Store

TODAY = date(2026, 11, 25)  # the clock fixture's day


def make(home: Path, years: float) -> Store:
    start = TODAY - timedelta(days=int(365 * years))
    store = Store(home)
    store.ensure()
    plan = example_plan(start)
    store.save_plan(plan)
    store.append(history(plan, start, TODAY - timedelta(days=1)))
    return store


def parsed_bytes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    real = history_files.parse

    def counting(log, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(len(data))
        return real(log, data, *args, **kwargs)

    monkeypatch.setattr(history_files, "parse", counting)
    return seen


@pytest.mark.parametrize("years", [1, 4])
def test_today_rebuilds_a_deleted_cache_and_is_quick_from_the_second_run(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, years: int
) -> None:
    store = make(isolated_home, years)
    store.cache_path.unlink(missing_ok=True)
    seen = parsed_bytes(monkeypatch)
    first = cli("today", "--json")
    assert first.exit_code == 0
    full = sum(seen)
    assert full > 20_000 * years  # the first run reads everything, once
    assert store.cache_path.exists()  # ...and leaves a cache behind
    seen.clear()
    second = cli("today", "--json")
    assert sum(seen) < 2_000, "the second run should read only what came after the cache"
    assert json.loads(second.stdout)["streak"] == json.loads(first.stdout)["streak"]


def test_a_healed_cache_gives_the_same_answer_as_a_full_read(cli, isolated_home: Path) -> None:
    store = make(isolated_home, 1)
    store.cache_path.unlink(missing_ok=True)
    healed = [cli("today", "--json").stdout for _ in range(2)]
    store.cache_path.unlink()
    assert healed[0] == healed[1] == cli("today", "--json").stdout
