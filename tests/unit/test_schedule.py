"""The day boundary, schedules, and which steps come up on a day."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careplan.core.day import day_of, resolve, steps_for
from careplan.core.errors import DataError
from careplan.core.model import Category, Plan, Schedule, Step


@pytest.mark.parametrize(
    ("moment", "starts_at", "day"),
    [
        ("2026-11-25T01:00", "04:00", "2026-11-24"),  # 1 a.m. counts for the evening before
        ("2026-11-25T03:59", "04:00", "2026-11-24"),
        ("2026-11-25T04:00", "04:00", "2026-11-25"),
        ("2026-11-25T23:59", "04:00", "2026-11-25"),
        ("2026-11-25T00:00", "00:00", "2026-11-25"),
        ("2026-03-01T02:00", "04:00", "2026-02-28"),  # across a month end
        ("2028-03-01T02:00", "04:00", "2028-02-29"),  # and a leap day
        ("2026-01-01T05:30", "06:00", "2025-12-31"),  # and a year end
    ],
)
def test_day_boundary(moment: str, starts_at: str, day: str) -> None:
    assert day_of(datetime.fromisoformat(moment), starts_at) == date.fromisoformat(day)


@given(st.datetimes(min_value=datetime(2000, 1, 1)), st.integers(0, 23), st.integers(0, 59))
def test_day_of_is_the_date_or_the_day_before(moment: datetime, h: int, m: int) -> None:
    day = day_of(moment, f"{h:02d}:{m:02d}")
    assert (moment.date() - day).days in (0, 1)


@pytest.mark.parametrize(
    ("text", "canonical", "per_day"),
    [
        ("daily", "daily", 1.0),
        ("weekdays", "weekdays", 5 / 7),
        ("Mon, Thu", "mon thu", 2 / 7),
        ("thursday monday", "mon thu", 2 / 7),
        ("every 3 days", "every 3 days", 1 / 3),
        ("weekends", "weekends", 2 / 7),
    ],
)
def test_schedules_read_and_write_as_plain_phrases(
    text: str, canonical: str, per_day: float
) -> None:
    schedule = Schedule.parse(text)
    assert str(schedule) == canonical
    assert Schedule.parse(str(schedule)) == schedule
    assert schedule.per_day == pytest.approx(per_day)


@pytest.mark.parametrize("text", ["sometimes", "every 0 days", "", "every x days"])
def test_unknown_schedules_are_explained(text: str) -> None:
    with pytest.raises(DataError, match="not one careplan knows"):
        Schedule.parse(text)


def make_plan() -> Plan:
    def step(id: str, schedule: str, paused: bool = False) -> Step:
        return Step(
            id, id.title(), Category.CALM, 5, Schedule.parse(schedule), "w", "t", paused=paused
        )

    return Plan(
        start=date(2026, 11, 23),  # a Monday
        steps=(
            step("breathe", "daily"),
            step("walk", "mon thu"),
            step("call", "every 2 days"),
            step("rest", "daily", paused=True),
        ),
    )


def test_steps_for_a_day_follow_their_schedules() -> None:
    plan = make_plan()
    ids = [[s.id for s in steps_for(plan, date(2026, 11, 23 + n))] for n in range(4)]
    assert ids == [
        ["breathe", "walk", "call"],
        ["breathe"],
        ["breathe", "call"],
        ["breathe", "walk"],
    ]
    assert steps_for(plan, date(2026, 11, 22)) == []  # before the plan began


def test_resolve_by_number_and_id_and_explains_unknown_ones() -> None:
    plan = make_plan()
    monday = date(2026, 11, 23)
    assert [s.id for s in resolve(plan, monday, ["2", "call"])] == ["walk", "call"]
    with pytest.raises(DataError) as err:
        resolve(plan, monday, ["7"])
    assert err.value.message == "There is no step 7 on 2026-11-23; that day has 3 steps."
    with pytest.raises(DataError, match="no step with the id 'nope'"):
        resolve(plan, monday, ["nope"])
