"""The tally cache makes `today` independent of history length, and never changes an answer."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from careplan.store.store import Store
from tests.fixtures.logs import drop_cache, own_log


def build_weeks(cli, clock, days: int) -> None:
    cli("init", "--example")
    start = date(2026, 11, 25)
    for n in range(days):
        day = start + timedelta(days=n)
        clock.set(f"{day.isoformat()}T20:00")
        if n % 7 == 3:
            cli("skip", "--all")
        elif n % 5 != 4:
            cli("done", "1", "2")
            cli("checkin", "--feel", str(n % 11))


def test_cached_and_full_answers_agree(cli, clock, isolated_home: Path) -> None:
    build_weeks(cli, clock, 30)
    clock.set("2026-12-25T09:00")
    cached = json.loads(cli("today", "--json").stdout)
    drop_cache(isolated_home)
    full = json.loads(cli("today", "--json").stdout)
    assert cached == full
    assert full["streak"]["longest"] >= 3


def test_today_does_not_read_the_whole_history(
    cli, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_weeks(cli, clock, 20)
    clock.set("2026-12-15T09:00")
    expected = cli("today", "--json").stdout

    def whole_history(self: Store) -> None:
        raise AssertionError("today read the whole history")

    monkeypatch.setattr(Store, "history", whole_history)
    assert cli("today", "--json").stdout == expected
    assert cli("done", "1").exit_code == 0  # and neither does done


def test_back_filling_an_old_day_is_counted(cli, clock, isolated_home: Path) -> None:
    build_weeks(cli, clock, 10)
    clock.set("2026-12-05T09:00")
    before = json.loads(cli("today", "--json").stdout)["streak"]
    assert cli("done", "1", "--date", "2026-11-29").exit_code == 0  # a day that had nothing
    after = json.loads(cli("today", "--json").stdout)["streak"]
    assert after["longest"] > before["longest"]
    drop_cache(isolated_home)
    assert json.loads(cli("today", "--json").stdout)["streak"] == after


def test_a_hand_edited_history_is_noticed(cli, clock, isolated_home: Path) -> None:
    build_weeks(cli, clock, 10)
    history = own_log(isolated_home)
    lines = history.read_text().splitlines(keepends=True)
    history.write_text("".join(lines[:4]))  # someone trimmed it
    clock.set("2026-12-05T09:00")
    trimmed = json.loads(cli("today", "--json").stdout)
    drop_cache(isolated_home)
    assert json.loads(cli("today", "--json").stdout) == trimmed


def test_a_changed_plan_ignores_the_old_cache(cli, clock, isolated_home: Path) -> None:
    build_weeks(cli, clock, 10)
    plan = isolated_home / "plan.toml"
    plan.write_text(plan.read_text().replace('schedule = "daily"', 'schedule = "weekdays"', 1))
    clock.set("2026-12-05T09:00")
    edited = json.loads(cli("today", "--json").stdout)
    drop_cache(isolated_home)
    assert json.loads(cli("today", "--json").stdout) == edited


@pytest.mark.parametrize("block", [64, 700, 64 * 1024])
def test_since_reads_back_only_as_far_as_needed_and_misses_nothing(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    from datetime import datetime, time

    from careplan.core.model import Event, EventKind
    from careplan.store import history_files

    monkeypatch.setattr(history_files, "BLOCK", block)
    store = Store(isolated_home)
    start = date(2026, 1, 1)
    events = []
    for n in range(120):
        day = start + timedelta(days=n)
        at = datetime.combine(day, time(20))
        events.append(Event(day, at, EventKind.DONE, "walk", note="x" * (n % 50)))
        if n % 9 == 0:  # filled in two days late
            events.append(Event(day - timedelta(days=2), at, EventKind.SKIP, "call"))
    store.append(events)
    with own_log(isolated_home).open("ab") as handle:
        handle.write(b"{torn")
    events = [replace(e, at=e.at.astimezone()) for e in events]  # as written: with the offset
    for cut in (date(2026, 1, 1), date(2026, 3, 15), date(2026, 4, 29), date(2026, 6, 1)):
        assert store.since(cut) == [e for e in events if e.day >= cut]


def test_a_plan_change_refreshes_the_cache_so_today_stays_quick(
    cli, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_weeks(cli, clock, 10)
    steps = json.loads(cli("today", "--json").stdout)["steps"]
    assert cli("plan", "pause", steps[-1]["id"]).exit_code == 0

    def whole_history(self: Store) -> None:
        raise AssertionError("today read the whole history")

    monkeypatch.setattr(Store, "history", whole_history)
    assert cli("today", "--json").exit_code == 0


def test_a_same_length_edit_far_back_in_a_log_is_noticed(cli, clock, isolated_home: Path) -> None:
    build_weeks(cli, clock, 30)
    log = own_log(isolated_home)
    data = log.read_bytes()
    at = data.find(b'"kind":"done"')
    assert 0 < at < len(data) - 4096  # far back from the end
    log.write_bytes(data[:at] + b'"kind":"skip"' + data[at + 13 :])  # the same length
    clock.set("2026-12-25T09:00")
    edited = json.loads(cli("today", "--json").stdout)
    drop_cache(isolated_home)
    assert json.loads(cli("today", "--json").stdout) == edited


def test_another_computer_s_log_arriving_is_read_with_the_cache(
    cli, clock, isolated_home: Path
) -> None:
    from careplan.core.model import Event, EventKind

    build_weeks(cli, clock, 10)
    clock.set("2026-12-05T09:00")
    steps = json.loads(cli("today", "--json").stdout)["steps"]
    other = Store(isolated_home, device="bbbbbbbbbb")  # as a sync tool would bring it
    from datetime import datetime

    other.append(
        [Event(date(2026, 12, 5), datetime(2026, 12, 5, 8), EventKind.DONE, steps[2]["id"])]
    )
    cached = json.loads(cli("today", "--json").stdout)
    assert cached["steps"][2]["status"] == "done"
    other.append([Event(date(2026, 12, 3), datetime(2026, 12, 5, 8, 30), EventKind.REST)])
    cached = json.loads(cli("today", "--json").stdout)  # a past day: the cache steps aside
    drop_cache(isolated_home)
    assert json.loads(cli("today", "--json").stdout) == cached
