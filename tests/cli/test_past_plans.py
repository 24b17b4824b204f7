"""The plan in force on a day decides that day (issue 14, item 4): adding, pausing,
regenerating or hand-editing the plan never rewrites the weeks before."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from careplan.store import library
from careplan.store.paths import checkpoints_file
from careplan.store.store import Store
from tests.fixtures.personas import PERSONAS

START = date(2026, 11, 23)  # a Monday
W49 = "2026-W49"  # 30 Nov - 6 Dec
CHANGED = date(2026, 12, 13)

HAND_ADDED = """
[[steps]]
id = "hand-watered-plant"
title = "Water the plant on the sill"
category = "meaningful"
minutes = 2
schedule = "daily"
why = "Something alive to look after."
tiny = "Look at the plant"
"""


def at(clock, day: date, hour: str = "21:00") -> None:
    clock.set(f"{day.isoformat()}T{hour}")


def days_done(cli, clock, first: date, last: date) -> str:
    """`done 1` (the daily anchor) every day from `first` to `last`; returns its id."""
    day = first
    anchor = ""
    while day <= last:
        at(clock, day)
        anchor = json.loads(cli("today", "--json").stdout)["steps"][0]["id"]
        assert cli("done", "1").exit_code == 0
        day += timedelta(days=1)
    return anchor


@pytest.fixture
def weeks(cli, clock, answers_file: Path) -> str:
    """A plan from 23 Nov, its anchor done every day to 12 Dec; returns the anchor's id."""
    at(clock, START, "08:00")
    assert cli("init", "--answers", str(answers_file)).exit_code == 0
    return days_done(cli, clock, START, CHANGED - timedelta(days=1))


def week(cli, label: str) -> dict:  # type: ignore[type-arg]
    result = cli("review", "--week", label, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def new_library_step(home: Path) -> str:
    have = {s.id for s in Store(home).load_plan().steps}
    return next(t.id for t in library.steps() if not t.uses and not t.needs and t.id not in have)


def rows(review: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {row["id"]: row for row in review["steps"]}


def test_a_step_added_later_has_no_row_in_an_earlier_week(
    cli, clock, weeks: str, isolated_home: Path
) -> None:
    before = week(cli, W49)
    added = new_library_step(isolated_home)
    at(clock, CHANGED, "09:00")
    assert cli("plan", "add", added).exit_code == 0
    days_done(cli, clock, CHANGED, CHANGED + timedelta(days=2))
    after = week(cli, W49)
    assert added not in rows(after)
    assert all(s["step"] != added for s in after["suggestions"])
    assert after == before  # the week reads exactly as it did before the step came
    # From the day it was added, it counts.
    this = rows(week(cli, "2026-W50"))
    assert this[added]["days"]["2026-12-13"] == "open"
    assert this[added]["days"]["2026-12-12"] == "not-scheduled"


def test_a_step_added_by_hand_has_no_row_in_an_earlier_week(
    cli, clock, weeks: str, isolated_home: Path
) -> None:
    before = week(cli, W49)
    at(clock, CHANGED, "09:00")
    plan = isolated_home / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8") + HAND_ADDED, encoding="utf-8")
    days_done(cli, clock, CHANGED, CHANGED + timedelta(days=2))
    after = week(cli, W49)
    assert "hand-watered-plant" not in rows(after)
    assert all(s["step"] != "hand-watered-plant" for s in after["suggestions"])
    assert after == before
    today = json.loads(cli("today", "--json").stdout)
    assert "hand-watered-plant" in [s["id"] for s in today["steps"]]


def test_a_paused_step_keeps_its_past(cli, clock, weeks: str) -> None:
    before = rows(week(cli, W49))
    left = next(i for i, row in before.items() if row["done"] == 0 and row["scheduled"])
    at(clock, CHANGED, "09:00")
    for step_id in (weeks, left):
        assert cli("plan", "pause", step_id).exit_code == 0
    after = rows(week(cli, W49))
    assert after[weeks] == before[weeks] and after[left] == before[left]
    assert (after[weeks]["done"], after[weeks]["scheduled"]) == (7, 7)
    assert "open" in after[left]["days"].values()  # came up then, so it still shows as it was
    today = [s["id"] for s in json.loads(cli("today", "--json").stdout)["steps"]]
    assert weeks not in today and left not in today


def test_init_force_keeps_last_weeks_done_steps(cli, clock, answers_file: Path, tmp_path) -> None:
    at(clock, START, "08:00")
    assert cli("init", "--answers", str(answers_file)).exit_code == 0
    done: dict[str, list[str]] = {}
    for n in range(7):
        day = START + timedelta(days=n)
        at(clock, day)
        steps = json.loads(cli("today", "--json").stdout)["steps"]
        for step in steps[:2]:
            assert cli("done", step["id"]).exit_code == 0
            done.setdefault(step["id"], []).append(day.isoformat())
    other = tmp_path / "dana.toml"
    other.write_text(PERSONAS["dana"], encoding="utf-8")
    at(clock, START + timedelta(days=8), "09:00")
    assert cli("init", "--force", "--answers", str(other)).exit_code == 0
    new_ids = {s["id"] for s in json.loads(cli("today", "--json").stdout)["steps"]}
    assert set(done) - new_ids, "the new plan differs"
    last = rows(week(cli, "2026-W48"))
    for step_id, days in done.items():
        assert step_id in last, step_id
        assert [d for d, status in last[step_id]["days"].items() if status == "done"] == days


def test_the_same_plan_kept_again_changes_nothing(cli, clock, weeks: str) -> None:
    """A pause and a resume on one day leave every day as it was: versions of the same plan
    never change an answer (and a folder with no versions reads as it always did)."""
    at(clock, CHANGED, "09:00")
    today, review, w49 = (
        cli("today", "--json").stdout,
        cli("review", "--json").stdout,
        week(cli, W49),
    )
    assert cli("plan", "pause", weeks).exit_code == 0
    assert cli("plan", "resume", weeks).exit_code == 0
    assert cli("today", "--json").stdout == today
    assert cli("review", "--json").stdout == review
    assert week(cli, W49) == w49


def test_an_old_week_from_the_checkpoints_index_keeps_its_own_plan(
    cli, clock, weeks: str, isolated_home: Path
) -> None:
    """Weeks later, W49 is read from the checkpoints index (store/checkpoints.py), built
    once, then grown by the days after: each read still judges W49 by its own plan."""
    before = week(cli, W49)
    added = new_library_step(isolated_home)
    at(clock, CHANGED, "09:00")
    assert cli("plan", "add", added).exit_code == 0
    days_done(cli, clock, CHANGED, CHANGED + timedelta(days=20))
    assert week(cli, W49) == before  # builds the index
    assert checkpoints_file(isolated_home).exists()
    assert week(cli, W49) == before  # reads it
    days_done(cli, clock, CHANGED + timedelta(days=21), CHANGED + timedelta(days=30))
    assert week(cli, W49) == before  # grows it by the new days
    later = week(cli, "2026-W51")  # 14-20 Dec: the added step came up every day
    assert rows(later)[added]["scheduled"] == 7
