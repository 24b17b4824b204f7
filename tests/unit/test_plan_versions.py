"""The plan in force on a day (issue 14, item 4): the pure helper, the fold and the week's
rows with plan versions, and plan records in the history codec."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplan.core.day import build_day
from careplan.core.model import Category, Event, EventKind, Plan, Schedule, Stamp, Step, Tally
from careplan.core.review import week_start, weekly_review
from careplan.core.streaks import fold, plan_on, replay, standing
from careplan.store import history_codec

START = date(2026, 1, 5)  # a Monday


def step(id: str, schedule: str = "daily", paused: bool = False) -> Step:
    return Step(id, id.title(), Category.MOVEMENT, 10, Schedule.parse(schedule), "", "a little",
                paused=paused)  # fmt: skip


def d(n: int) -> date:
    return START + timedelta(days=n)


WALK, READ, CALL = step("walk"), step("read", "mon thu"), step("call", "every 2 days")
OLD = Plan(START, (WALK, READ))
NEW = Plan(START, (WALK, CALL))


def version(day: date, plan: Plan, n: int) -> Event:
    """A plan record written `n`-th (its stamp orders it)."""
    at = datetime.combine(day, time(9), UTC)
    return Event(day, at, EventKind.PLAN, plan=plan, rid=f"dev-{n}", stamp=Stamp(1, n, 0, "dev"))


def done(day: date, step_id: str, n: int) -> Event:
    at = datetime.combine(day, time(20), UTC)
    return Event(day, at, EventKind.DONE, step_id, rid=f"dev-{n}", stamp=Stamp(1, n, 0, "dev"))


@pytest.mark.parametrize(
    ("versions", "day", "expected"),
    [
        ([], d(3), "current"),  # no version at all: the plan as it is
        ([(d(10), OLD)], d(3), "old"),  # before the first version: the first, the best known
        ([(d(0), OLD), (d(10), NEW)], d(9), "old"),
        ([(d(0), OLD), (d(10), NEW)], d(10), "new"),  # in force from its own day
        ([(d(0), OLD), (d(10), NEW)], d(400), "new"),
        ([(d(10), NEW), (d(10), OLD)], d(10), "old"),  # the same day: the last written wins
        ([(d(10), NEW), (d(0), OLD)], d(5), "old"),  # by their days, whatever the order written
    ],
)
def test_the_plan_in_force_on_a_day(
    versions: list[tuple[date, Plan]], day: date, expected: str
) -> None:
    current = Plan(START, (step("current"),))
    log = replay(version(when, plan, n) for n, (when, plan) in enumerate(versions, 1))
    assert plan_on(log, day, current) == {"current": current, "old": OLD, "new": NEW}[expected]


def test_a_step_not_in_force_neither_counts_nor_breaks() -> None:
    events = [version(d(0), OLD, 1), version(d(10), NEW, 2)]
    events += [done(d(n), "walk", 10 + n) for n in range(20)]
    events += [done(d(n), "call", 100 + n) for n in range(10, 20, 2)]
    log = replay(events)
    tally = fold(Tally(), NEW, log, d(19))
    assert set(tally.steps) == {"walk", "read", "call"}
    assert tally.steps["call"].streak == 5  # every other day from d(10): nothing before
    assert tally.steps["read"].streak == 0  # open on its last days (mon thu) while in force
    read_then = fold(Tally(), NEW, log, d(9)).steps["read"]
    assert tally.steps["read"].score == read_then.score  # frozen since it was let go
    # Today's standing: only the steps in force today.
    assert set(standing(NEW, log, d(20)).steps) == {"walk", "call"}


def test_a_past_week_has_the_rows_of_its_own_plan() -> None:
    log = replay([version(d(0), OLD, 1), version(d(10), NEW, 2), done(d(3), "read", 3)])
    first = weekly_review(NEW, log, d(0), d(20))
    assert [r.step.id for r in first.rows] == ["walk", "read"]
    second = weekly_review(NEW, log, d(7), d(20))  # the change on its Thursday
    rows = {r.step.id: r for r in second.rows}
    assert [rows["call"].days[d(n)].value for n in (7, 9, 10, 12)] == [
        "not-scheduled", "not-scheduled", "open", "open"]  # fmt: skip
    assert rows["read"].days[d(10)].value == "not-scheduled"  # Thursday, let go that day
    assert rows["read"].scheduled == 1  # its Monday only


DAYS = st.lists(st.tuples(st.integers(0, 34), st.sampled_from(["walk", "read", "call"])))


@settings(max_examples=60, deadline=None)
@given(dones=DAYS, kept=st.lists(st.integers(0, 34), max_size=4))
def test_versions_of_the_same_plan_change_no_answer(
    dones: list[tuple[int, str]], kept: list[int]
) -> None:
    plan = Plan(START, (WALK, READ, CALL))
    events = [done(d(n), s, i) for i, (n, s) in enumerate(dones, 10)]
    with_versions = replay([*events, *(version(d(n), plan, 1000 + n) for n in kept)])
    without = replay(events)
    for today in (d(13), d(20), d(34)):
        assert build_day(plan, with_versions, today) == build_day(plan, without, today)
        monday = week_start(today)
        assert weekly_review(plan, with_versions, monday, today) == weekly_review(
            plan, without, monday, today
        )


@settings(max_examples=60, deadline=None)
@given(dones=DAYS, change=st.integers(1, 20))
def test_weeks_after_the_last_change_read_as_the_plan_alone_gives(
    dones: list[tuple[int, str]], change: int
) -> None:
    events = [done(d(n), s, i) for i, (n, s) in enumerate(dones, 10)]
    versioned = replay([*events, version(d(0), OLD, 1), version(d(change), NEW, 2)])
    alone = replay(events)
    monday = week_start(d(change)) + timedelta(days=7)
    today = d(40)
    after, plain = (
        weekly_review(NEW, versioned, monday, today),
        weekly_review(NEW, alone, monday, today),
    )
    assert [(r.step.id, r.days, r.done, r.scheduled) for r in after.rows] == [
        (r.step.id, r.days, r.done, r.scheduled) for r in plain.rows
    ]
    assert after.streak == plain.streak


def test_a_plan_record_reads_back_as_written() -> None:
    plan = Plan(START, (WALK, replace(READ, paused=True, anchor=True, expected=3), CALL))
    event = version(d(2), plan, 7)
    line = history_codec.event_to_line(replace(event, rid="abcdefghij-7"))
    back = history_codec.event_from_line(line)
    assert back.kind is EventKind.PLAN and back.plan == plan
    assert history_codec.plan_key(back.plan) == history_codec.plan_key(plan)
    assert '"why"' not in line


def test_a_record_of_a_kind_from_a_newer_careplan_is_passed_over_quietly() -> None:
    good = history_codec.event_to_line(replace(done(d(1), "walk", 1), rid="abcdefghij-1"))
    newer = good.replace('"kind":"done"', '"kind":"gratitude"').replace("-1", "-2")
    history = history_codec.parse_history((good + newer + "{torn").encode())
    assert [e.kind for e in history.events] == [EventKind.DONE]
    assert (history.torn, history.newer) == ([3], (2,))
