"""The picture of the weeks behind `careplan report` and `review --year`. Pure.

Values in (the plan, the replayed history, the interview's answers and the dates),
one Report out: no disk, no clock. The streak and strength maths are streaks.py's
and the week's per-step grid is review.py's, so the report can never disagree with
`today` or `review`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from careplan.core.model import Category, Status, Step, Tally
from careplan.core.review import Gap, Row, categories, gaps, week_rows, week_start
from careplan.core.streaks import Log, advance, standing

if TYPE_CHECKING:
    from careplan.core.answers import Answers
    from careplan.core.model import Plan

# How many of the most used feeling words the report names.
TOP_WORDS = 6
# How many steps the appointment page lists under "what I have tried".
TRIED = 8


class DayKind(StrEnum):
    """One calendar square. Every kind has its own shape and word, not just a colour."""

    ALL = "all"  # every step that came up was done
    SOME = "some"  # something was done
    REST = "rest"  # a rest day
    NOTHING = "nothing"  # steps came up, none done
    OFF = "off"  # not in the plan: before it started, or nothing scheduled


@dataclass(frozen=True)
class DaySquare:
    day: date
    kind: DayKind
    done: int
    due: int


@dataclass(frozen=True)
class Feel:
    """One check-in: a score 0-10, or None for "numb / can't tell"."""

    day: date
    feel: int | None
    words: tuple[str, ...]
    note: str = ""  # kept only with --with-notes


@dataclass(frozen=True)
class WeekFeel:
    start: date
    mean: float | None  # the week's average score, None when no check-in had a score
    scores: int
    numb: int


@dataclass(frozen=True)
class StepStrength:
    step: Step
    strengths: tuple[float, ...]  # at the end of each week of the report (the last: as of today)
    done: int
    due: int


@dataclass(frozen=True)
class AreaWeeks:
    category: Category
    weeks: tuple[tuple[int, int], ...]  # (done, came up) for each week of the report


@dataclass(frozen=True)
class Appointment:
    """What the printable page holds: facts and the person's own answers, never a diagnosis."""

    since: date  # the plan's start
    numb_for: str
    contributing: tuple[str, ...]
    energy: str
    sleep_hours: float | None
    sleep_quality: int | None
    bedtime: str
    wake: str
    medication: bool
    has_professional: bool
    tried: tuple[tuple[Step, int, int], ...]  # (step, done, came up), most done first
    days_counted: int  # days with something done or rested
    days: int
    checkins: int
    numb_days: int
    mean_first: float | None  # average score over the first four weeks of the period
    mean_last: float | None  # ... and over the last four
    low: int | None
    high: int | None


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    squares: tuple[DaySquare, ...]
    weeks: tuple[date, ...]  # the Monday of each week shown
    feels: tuple[Feel, ...]
    week_feels: tuple[WeekFeel, ...]
    words: tuple[tuple[str, int], ...]
    gaps: tuple[Gap, ...]
    steps: tuple[StepStrength, ...]
    areas: tuple[AreaWeeks, ...]
    appointment: Appointment
    notes: tuple[tuple[date, str], ...] = ()  # reflections and check-in notes, with --with-notes
    safety_concern: bool = False


def period(today: date, weeks: int | None = None, since: date | None = None) -> date:
    """The first day a report covers: `since`, or the Monday `weeks` weeks back (12 by default)."""
    if since is not None:
        return since
    return week_start(today) - timedelta(weeks=(weeks or 12) - 1)


def build_report(
    plan: Plan,
    log: Log,
    start: date,
    today: date,
    answers: Answers | None = None,
    with_notes: bool = False,
) -> Report:
    """The report for the days from `start` to `today`, as seen on `today`."""
    end = today
    mondays = _mondays(start, end)
    rows_by_week = [_week_rows(plan, log, monday, start, end) for monday in mondays]
    squares = tuple(_squares(log, rows_by_week, start, end))
    feels = tuple(
        Feel(d, c.feel, c.words, c.note if with_notes else "")
        for d, c in sorted(log.checkins.items())
        if start <= d <= end
    )
    words = Counter(w for f in feels for w in f.words)
    strengths = _strengths(plan, log, mondays, end)
    # The plan's steps, then any let go since that the weeks shown still hold.
    shown = {s.id: s for s in plan.steps}
    for rows in rows_by_week:
        for row in rows:
            shown.setdefault(row.step.id, row.step)
    steps = []
    for step in shown.values():
        done = sum(r.done for rows in rows_by_week for r in rows if r.step.id == step.id)
        due = sum(r.scheduled for rows in rows_by_week for r in rows if r.step.id == step.id)
        if (not step.paused and plan.step(step.id) is not None) or done:
            line = tuple(s.get(step.id, 0.0) for s in strengths)
            steps.append(StepStrength(step, line, done, due))
    notes: list[tuple[date, str]] = []
    if with_notes:
        notes += [(d, t) for d, t in log.reflections.items() if start <= d <= end]
        notes += [(f.day, f.note) for f in feels if f.note]
    return Report(
        start=start,
        end=end,
        squares=squares,
        weeks=tuple(mondays),
        feels=feels,
        week_feels=tuple(_week_feels(mondays, feels)),
        words=tuple(sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WORDS]),
        gaps=tuple(
            g for g in gaps(log, list(shown.values()), start, end) if g.expected is not None
        ),
        steps=tuple(steps),
        areas=_areas(rows_by_week),
        appointment=_appointment(plan, answers, squares, feels, tuple(steps)),
        notes=tuple(sorted(notes)),
        safety_concern=plan.safety_concern,
    )


def _mondays(start: date, end: date) -> list[date]:
    monday = week_start(start)
    found = []
    while monday <= end:
        found.append(monday)
        monday += timedelta(weeks=1)
    return found


def _week_rows(plan: Plan, log: Log, monday: date, start: date, end: date) -> list[Row]:
    days = [d for d in (monday + timedelta(days=n) for n in range(7)) if start <= d <= end]
    return week_rows(plan, log, days, end)


def _squares(log: Log, rows_by_week: list[list[Row]], start: date, end: date) -> list[DaySquare]:
    found = []
    for rows in rows_by_week:
        days = sorted({d for r in rows for d in r.days}) if rows else []
        for day in days:
            due = sum(1 for r in rows if r.days[day] is not Status.NOT_SCHEDULED)
            done = sum(1 for r in rows if r.days[day] is Status.DONE)
            found.append(DaySquare(day, _kind(log, day, done, due), done, due))
    if not found:  # no steps at all: every day is outside the plan
        day = start
        while day <= end:
            found.append(DaySquare(day, DayKind.REST if day in log.rest else DayKind.OFF, 0, 0))
            day += timedelta(days=1)
    return found


def _kind(log: Log, day: date, done: int, due: int) -> DayKind:
    if done and done >= due:
        return DayKind.ALL
    if done:
        return DayKind.SOME
    if day in log.rest:
        return DayKind.REST
    return DayKind.NOTHING if due else DayKind.OFF


def _strengths(plan: Plan, log: Log, mondays: list[date], end: date) -> list[dict[str, float]]:
    """Each step's strength at the end of every week; the last as `today` reports it."""
    found: list[dict[str, float]] = []
    tally = Tally()
    for monday in mondays:
        sunday = monday + timedelta(days=6)
        if sunday < end:
            advance(tally, plan, log, sunday)
            found.append({k: t.score for k, t in tally.steps.items()})
        else:
            now = standing(plan, log, end, tally)
            found.append({k: now.strength(k) for k in {**now.earlier, **now.steps}})
    return found


def _week_feels(mondays: list[date], feels: tuple[Feel, ...]) -> list[WeekFeel]:
    by_week: dict[date, list[Feel]] = {m: [] for m in mondays}
    for feel in feels:
        by_week[week_start(feel.day)].append(feel)
    found = []
    for monday, week in by_week.items():
        scores = [f.feel for f in week if f.feel is not None]
        mean = sum(scores) / len(scores) if scores else None
        found.append(WeekFeel(monday, mean, len(scores), len(week) - len(scores)))
    return found


def _areas(rows_by_week: list[list[Row]]) -> tuple[AreaWeeks, ...]:
    weekly = [{c: (d, s) for c, d, s in categories(rows)} for rows in rows_by_week]
    seen = [c for c in Category if any(c in week for week in weekly)]
    return tuple(AreaWeeks(c, tuple(week.get(c, (0, 0)) for week in weekly)) for c in seen)


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _appointment(
    plan: Plan,
    answers: Answers | None,
    squares: tuple[DaySquare, ...],
    feels: tuple[Feel, ...],
    steps: tuple[StepStrength, ...],
) -> Appointment:
    scores = [f.feel for f in feels if f.feel is not None]
    start, end = (squares[0].day, squares[-1].day) if squares else (plan.start, plan.start)
    first_four = [f.feel for f in feels if f.feel is not None and (f.day - start).days < 28]
    last_four = [f.feel for f in feels if f.feel is not None and (end - f.day).days < 28]
    tried = sorted((s for s in steps if s.done), key=lambda s: (-s.done, s.step.title))[:TRIED]
    sleep = answers.sleep if answers is not None else None
    return Appointment(
        since=plan.start,
        numb_for=answers.numb_for if answers else "",
        contributing=answers.contributing if answers else (),
        energy=answers.energy.value if answers else "",
        sleep_hours=sleep.hours if sleep else None,
        sleep_quality=sleep.quality if sleep else None,
        bedtime=sleep.bedtime if sleep else "",
        wake=sleep.wake if sleep else "",
        medication=answers.medication if answers else False,
        has_professional=answers.professional_has if answers else False,
        tried=tuple((s.step, s.done, s.due) for s in tried),
        days_counted=sum(1 for s in squares if s.kind not in (DayKind.NOTHING, DayKind.OFF)),
        days=len(squares),
        checkins=len(feels),
        numb_days=sum(1 for f in feels if f.feel is None),
        mean_first=_mean(first_four),
        mean_last=_mean(last_four),
        low=min(scores) if scores else None,
        high=max(scores) if scores else None,
    )


def year_squares(plan: Plan, log: Log, today: date) -> tuple[DaySquare, ...]:
    """The last 53 weeks, Monday-aligned, for `review --year`."""
    start = week_start(today) - timedelta(weeks=52)
    mondays = _mondays(start, today)
    rows_by_week = [_week_rows(plan, log, monday, start, today) for monday in mondays]
    return tuple(_squares(log, rows_by_week, start, today))
