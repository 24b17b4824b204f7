"""Streak and strength maths: table-driven cases, Loop Habit Tracker's values, properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplan.core.model import Category, Event, EventKind, Plan, Schedule, Stamp, Step, Tally
from careplan.core.streaks import Log, Streak, fold, replay, standing, summary

START = date(2026, 1, 1)


def step(schedule: str = "daily", id: str = "walk") -> Step:
    return Step(id, "Walk", Category.MOVEMENT, 10, Schedule.parse(schedule), "why", "tiny")


def plan(*steps: Step) -> Plan:
    return Plan(start=START, steps=steps or (step(),))


def ev(day: date, kind: EventKind, step_id: str | None = "walk", minute: int = 0) -> Event:
    return Event(day, datetime.combine(day, time(12, minute)), kind, step_id)


def done(*days: date) -> list[Event]:
    return [ev(d, EventKind.DONE) for d in days]


def d(n: int) -> date:
    return START + timedelta(days=n)


def strength(p: Plan, s: Step, log: Log, today: date) -> float:
    return standing(p, log, today).strength(s.id)


def day_streak(log: Log, today: date) -> Streak:
    return standing(plan(), log, today).streak


def step_streak(p: Plan, s: Step, log: Log, today: date) -> int:
    return standing(p, log, today).step_streak(s.id)


def test_twenty_days_in_a_row_matches_loop_habit_tracker() -> None:
    log = replay(done(*(d(n) for n in range(20))))
    assert strength(plan(), step(), log, d(19)) == pytest.approx(0.655747, abs=1e-6)


def test_one_day_matches_loop_habit_tracker() -> None:
    log = replay(done(d(0)))
    assert strength(plan(), step(), log, d(0)) == pytest.approx(0.051922, abs=1e-6)


def test_an_open_today_does_not_lower_strength_yet() -> None:
    log = replay(done(d(0), d(1)))
    assert strength(plan(), step(), log, d(2)) == strength(plan(), step(), log, d(1))


def test_one_miss_lowers_strength_a_little_instead_of_resetting() -> None:
    days = [d(n) for n in range(20) if n != 10]
    with_miss = strength(plan(), step(), replay(done(*days)), d(19))
    assert 0.55 < with_miss < 0.655747


@pytest.mark.parametrize(
    ("events", "today", "current", "longest", "last_7"),
    [
        ([], d(5), 0, 0, 0),
        (done(d(5)), d(5), 1, 1, 1),
        # The morning rule: today still open, the streak runs to yesterday.
        (done(d(3), d(4)), d(5), 2, 2, 2),
        # A gap of a whole day ends the streak.
        (done(d(1), d(2), d(4)), d(6), 0, 2, 3),
        # A rest day holds the streak.
        ([*done(d(1), d(2)), ev(d(3), EventKind.REST, None), *done(d(4))], d(4), 4, 4, 4),
        # Undo takes a done back.
        ([*done(d(4)), ev(d(4), EventKind.UNDO, minute=5)], d(4), 0, 0, 0),
        # A skip alone does not count as a day done.
        ([ev(d(4), EventKind.SKIP)], d(4), 0, 0, 0),
    ],
)
def test_day_streak_table(
    events: list[Event], today: date, current: int, longest: int, last_7: int
) -> None:
    streak = day_streak(replay(events), today)
    assert (streak.current, streak.longest, streak.days_last_7) == (current, longest, last_7)


def test_step_streak_counts_scheduled_days_and_skips_are_neutral() -> None:
    mon_thu = step("mon thu")
    p = plan(mon_thu)
    # 2026-01-01 is a Thursday. Thu 1, Mon 5, Thu 8 (skipped), Mon 12.
    log = replay(
        [*done(date(2026, 1, 1), date(2026, 1, 5), date(2026, 1, 12)),
         ev(date(2026, 1, 8), EventKind.SKIP)]
    )  # fmt: skip
    assert step_streak(p, mon_thu, log, date(2026, 1, 13)) == 3


def test_skip_leaves_strength_unchanged() -> None:
    before = replay(done(d(0), d(1)))
    after = replay([*done(d(0), d(1)), ev(d(2), EventKind.SKIP)])
    assert strength(plan(), step(), after, d(2)) == strength(plan(), step(), before, d(1))


def test_summary_line_is_short_and_kind() -> None:
    streak = day_streak(replay(done(d(0), d(1), d(2), d(3), d(4))), d(4))
    assert (
        summary(streak, 0.72) == "5-day streak · 5 of the last 7 days · strength █████████░ strong"
    )
    assert summary(streak, 0.72, percent=True).endswith("strong (72%)")
    assert summary(day_streak(replay([]), d(4)), 0).startswith("Today is a fresh start")


# -- properties ---------------------------------------------------------------

kinds = st.sampled_from([EventKind.DONE, EventKind.SKIP, EventKind.UNDO, EventKind.REST])
records = st.lists(st.tuples(st.integers(0, 40), kinds, st.integers(0, 59)), max_size=60)


def build(raw: list[tuple[int, EventKind, int]]) -> list[Event]:
    """Events written at noon plus `m` minutes of their day, each with its stamp as written."""
    events = [ev(d(n), k, None if k is EventKind.REST else "walk", m) for n, k, m in raw]
    return [
        replace(e, rid=f"t-{i}", stamp=Stamp(1, int(e.at.timestamp() * 1000), i, "t"))
        for i, e in enumerate(events)
    ]


@settings(max_examples=150, deadline=None)
@given(records, st.integers(0, 45))
def test_streak_never_exceeds_days_done_or_rested(
    raw: list[tuple[int, EventKind, int]], today_n: int
) -> None:
    log = replay(build(raw))
    streak = day_streak(log, d(today_n))
    counted = {day for day in log.marks if log.counts(day)} | log.rest
    assert streak.current <= len(counted)
    assert streak.current <= streak.longest
    assert 0 <= streak.days_last_7 <= 7


@settings(max_examples=150, deadline=None)
@given(records, st.integers(0, 45), st.sampled_from(["daily", "mon thu", "every 3 days"]))
def test_logging_done_today_never_lowers_streak_or_strength(
    raw: list[tuple[int, EventKind, int]], today_n: int, schedule: str
) -> None:
    s = step(schedule)
    p = plan(s)
    today = d(today_n)
    events = [e for e in build(raw) if e.day <= today]
    before = replay(events)
    after = replay(
        [*events, Event(today, datetime.combine(today, time(23, 59)), EventKind.DONE, "walk")]
    )
    assert day_streak(after, today).current >= day_streak(before, today).current
    assert strength(p, s, after, today) >= strength(p, s, before, today) - 1e-12


@settings(max_examples=150, deadline=None)
@given(records, st.integers(0, 45), st.sampled_from(["daily", "weekdays", "every 2 days"]))
def test_strength_stays_between_zero_and_one(
    raw: list[tuple[int, EventKind, int]], today_n: int, schedule: str
) -> None:
    s = step(schedule)
    value = strength(plan(s), s, replay(build(raw)), d(today_n))
    assert 0.0 <= value <= 1.0


@settings(max_examples=100, deadline=None)
@given(records, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_append_order(raw: list[tuple[int, EventKind, int]], rnd) -> None:
    events = build(raw)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    a, b = replay(events), replay(shuffled)
    assert a.marks == b.marks and a.rest == b.rest
    assert day_streak(a, d(45)) == day_streak(b, d(45))
    assert strength(plan(), step(), a, d(45)) == strength(plan(), step(), b, d(45))


@settings(max_examples=150, deadline=None)
@given(
    records,
    st.integers(0, 40),
    st.integers(0, 45),
    st.sampled_from(["daily", "mon thu", "every 3 days"]),
)
def test_a_saved_tally_plus_later_history_gives_the_same_answer(
    raw: list[tuple[int, EventKind, int]], split: int, today_n: int, schedule: str
) -> None:
    """The cache contract: fold old days once, then only the newer events are needed."""
    s = step(schedule)
    p = plan(s)
    today = d(today_n)
    cut = min(d(split), today - timedelta(days=1))
    events = build(raw)
    full = standing(p, replay(events), today)
    base = fold(Tally(), p, replay(events), cut)
    later = replay([e for e in events if e.day > cut])
    cached = standing(p, later, today, base)
    assert cached.streak == full.streak
    assert cached.strength("walk") == pytest.approx(full.strength("walk"), abs=1e-12)
    assert cached.step_streak("walk") == full.step_streak("walk")


@settings(max_examples=150, deadline=None)
@given(records, st.integers(1, 45), st.sampled_from(["daily", "mon thu", "every 3 days"]))
def test_a_skip_leaves_strength_unchanged(
    raw: list[tuple[int, EventKind, int]], today_n: int, schedule: str
) -> None:
    """Skipping a day that had nothing logged freezes the score where it was."""
    s = step(schedule)
    p = plan(s)
    today = d(today_n)
    events = [e for e in build(raw) if e.day < today]
    before = standing(p, replay(events), today).strength("walk")
    skipped = [
        *events,
        Event(today, datetime.combine(today, time(23, 59)), EventKind.SKIP, "walk"),
    ]
    assert standing(p, replay(skipped), today).strength("walk") == pytest.approx(before, abs=1e-12)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0.0, "░░░░░░░░░░ ready to start"),
        (0.005, "█░░░░░░░░░ sprouting"),
        (0.051922, "███░░░░░░░ growing"),
        (0.3, "██████░░░░ taking root"),
        (0.655747, "█████████░ strong"),
    ],
)
def test_strength_in_words_grows_visibly_from_the_first_day(value: float, words: str) -> None:
    from careplan.core.streaks import strength_text

    assert strength_text(value) == words


def test_no_zero_in_the_summary() -> None:
    line = summary(day_streak(replay([]), d(4)), 0)
    assert line == "Today is a fresh start · strength ░░░░░░░░░░ ready to start"
