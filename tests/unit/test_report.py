"""The report's data model: pure values from a plan, a history and dates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from careplan.core.model import Category, Event, EventKind, Plan, Schedule, Step
from careplan.core.report import DayKind, build_report, period, year_squares
from careplan.core.review import weekly_review
from careplan.core.streaks import replay, standing
from tests.fixtures.histories import example_answers, example_plan, history

TODAY = date(2026, 11, 25)  # a Wednesday


def test_the_default_period_is_twelve_weeks_from_a_monday() -> None:
    start = period(TODAY)
    assert start == date(2026, 9, 7) and start.weekday() == 0
    assert period(TODAY, weeks=1) == date(2026, 11, 23)
    assert period(TODAY, since=date(2026, 1, 5)) == date(2026, 1, 5)


def test_one_square_per_day_and_strength_agrees_with_today() -> None:
    plan = example_plan(TODAY - timedelta(days=120))
    log = replay(history(plan, plan.start, TODAY))
    report = build_report(plan, log, period(TODAY), TODAY, example_answers())
    assert len(report.squares) == (TODAY - period(TODAY)).days + 1
    assert [s.day for s in report.squares][-1] == TODAY
    now = standing(plan, log, TODAY)
    for line in report.steps:
        assert line.strengths[-1] == now.strength(line.step.id)
        assert len(line.strengths) == len(report.weeks) == 12


def test_weeks_agree_with_the_weekly_review() -> None:
    plan = example_plan(TODAY - timedelta(days=60))
    log = replay(history(plan, plan.start, TODAY))
    report = build_report(plan, log, period(TODAY, weeks=4), TODAY)
    review = weekly_review(plan, log, date(2026, 11, 16), TODAY)
    last_week = {a.category: a.weeks[-2] for a in report.areas}
    assert {c: (d, s) for c, d, s in review.categories} == {
        c: w for c, w in last_week.items() if w[1]
    }


def test_day_kinds_follow_what_was_recorded() -> None:
    walk = Step("walk", "Walk", Category.MOVEMENT, 10, Schedule(), "why", "tiny")
    read = Step("read", "Read", Category.MEANINGFUL, 10, Schedule(frozenset({0})), "why", "tiny")
    plan = Plan(start=date(2026, 11, 17), steps=(walk, read))
    at = datetime.combine(TODAY, time(12))
    log = replay(
        [
            Event(date(2026, 11, 17), at, EventKind.DONE, "walk"),
            Event(date(2026, 11, 23), at, EventKind.DONE, "walk"),
            Event(date(2026, 11, 23), at, EventKind.DONE, "read"),
            Event(date(2026, 11, 24), at, EventKind.REST),
        ]
    )
    report = build_report(plan, log, date(2026, 11, 16), TODAY)
    kinds = {s.day.day: s.kind for s in report.squares}
    assert kinds == {
        16: DayKind.OFF,  # before the plan started
        17: DayKind.ALL,
        18: DayKind.NOTHING,
        19: DayKind.NOTHING,
        20: DayKind.NOTHING,
        21: DayKind.NOTHING,
        22: DayKind.NOTHING,
        23: DayKind.ALL,
        24: DayKind.REST,
        25: DayKind.NOTHING,
    }


def test_an_empty_history_and_a_single_day() -> None:
    plan = example_plan(TODAY)
    empty = build_report(plan, replay([]), period(TODAY), TODAY, None)
    assert empty.feels == () and empty.gaps == () and empty.appointment.checkins == 0
    assert {s.kind for s in empty.squares if s.day < TODAY} == {DayKind.OFF}
    one = build_report(plan, replay(history(plan, TODAY, TODAY)), TODAY, TODAY, None)
    assert len(one.squares) == 1 and len(one.weeks) == 1


def test_notes_stay_out_unless_asked_for() -> None:
    plan = example_plan(TODAY - timedelta(days=7))
    at = datetime.combine(TODAY, time(12))
    events = [
        Event(TODAY, at, EventKind.CHECKIN, feel=4, note="a private note"),
        Event(TODAY, at, EventKind.REFLECT, note="a moment at the sea"),
    ]
    without = build_report(plan, replay(events), period(TODAY), TODAY)
    assert without.notes == () and all(f.note == "" for f in without.feels)
    with_notes = build_report(plan, replay(events), period(TODAY), TODAY, with_notes=True)
    assert with_notes.notes == ((TODAY, "a moment at the sea"), (TODAY, "a private note"))


def test_expected_vs_felt_and_numb_days() -> None:
    plan = example_plan(TODAY - timedelta(days=84))
    log = replay(history(plan, plan.start, TODAY))
    report = build_report(plan, log, period(TODAY), TODAY, example_answers())
    assert {g.step.id for g in report.gaps} == {s.id for s in plan.steps if s.expected}
    assert len(report.gaps) == 2
    assert all(g.felt >= g.expected for g in report.gaps)
    assert report.appointment.numb_days == sum(1 for f in report.feels if f.feel is None) > 0
    assert report.appointment.numb_for == "months"


def test_the_year_is_53_weeks_to_today() -> None:
    plan = example_plan(TODAY - timedelta(days=30))
    squares = year_squares(plan, replay([]), TODAY)
    assert squares[0].day.weekday() == 0 and squares[-1].day == TODAY
    assert len(squares) == 52 * 7 + TODAY.weekday() + 1
