"""The weekly look back: what was done and how it felt (its suggestions: core/suggest.py). Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from careplan.core.model import Category, Event, Plan, Status, Step, Tally
from careplan.core.streaks import Log, Streak, Versions, standing
from careplan.core.suggest import Suggestion, suggest

# The fewest check-ins with a feeling score before careplan says which steps went with better days.
ENOUGH_CHECKINS = 3
# How many reflections from earlier weeks a review shows.
EARLIER = 3


@dataclass(frozen=True)
class Row:
    step: Step
    days: dict[date, Status]
    done: int
    scheduled: int  # days it came up so far this week (future days are not counted yet)
    strength: float


@dataclass(frozen=True)
class Gap:
    """Expected vs felt: the behavioural-activation experiment, in numbers."""

    step: Step
    expected: int | None  # None: rated with `done N --felt 6` without a guess first
    felt: float


@dataclass(frozen=True)
class Review:
    week: str
    start: date
    end: date
    rows: tuple[Row, ...]
    streak: Streak
    checkins: tuple[Event, ...]
    suggestions: tuple[Suggestion, ...]
    categories: tuple[tuple[Category, int, int], ...] = ()  # (category, done, scheduled)
    words: tuple[tuple[str, int], ...] = ()  # feeling words used most, with counts
    gaps: tuple[Gap, ...] = ()
    best: str = ""  # which steps went with the days that felt most, or why we cannot tell
    reflection: str = ""  # this week's "one moment you felt something"
    earlier: tuple[tuple[date, str], ...] = ()  # reflections from earlier weeks, newest first

    @property
    def trend(self) -> list[int | None]:
        """The check-in score for each day of the week (None: no score that day)."""
        by_day = {c.day: c.feel for c in self.checkins}
        return [by_day.get(self.start + timedelta(days=n)) for n in range(7)]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_label(start: date) -> str:
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> date:
    """'2026-W48' -> the Monday it starts on; ValueError if it is not a week."""
    year, number = text.upper().split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def weekly_review(
    plan: Plan, log: Log, start: date, today: date, base: Tally | None = None
) -> Review:
    """Review the ISO week beginning on `start` (a Monday), as seen on `today`."""
    end = start + timedelta(days=6)
    as_of = min(end, today)
    now = standing(plan, log, as_of, base)
    days = [start + timedelta(days=n) for n in range(7)]
    rows = week_rows(plan, log, days, as_of, now.strength)
    checkins = tuple(log.checkins[d] for d in days if d in log.checkins)
    words = Counter(w for c in checkins for w in c.words)
    return Review(
        week=week_label(start),
        start=start,
        end=end,
        rows=tuple(rows),
        streak=now.streak,
        checkins=checkins,
        suggestions=tuple(suggest(plan, log, rows, as_of)),
        categories=categories(rows),
        words=tuple(sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:3]),
        gaps=tuple(gaps(log, [r.step for r in rows], days[0], days[-1])),
        best=_best(log, rows, checkins),
        reflection=next((log.reflections[d] for d in reversed(days) if d in log.reflections), ""),
        earlier=tuple(
            (d, text) for d, text in sorted(log.reflections.items(), reverse=True) if d < start
        )[:EARLIER],
    )


def week_rows(
    plan: Plan,
    log: Log,
    days: list[date],
    as_of: date,
    strength: Callable[[str], float] = lambda step_id: 0.0,
) -> list[Row]:
    """A row for each step in force on some of `days`, by the plan in force on each day, so
    a step added later has no row and a step let go since keeps its own (its definition
    the latest of these days). A paused step shows only if something was still done with it.
    """
    versions = Versions(log, plan)
    found = []
    for step in versions.ever(days):
        row = step_row(plan, log, step, days, as_of, strength(step.id), versions)
        active = any(
            (then := versions.step_on(day, step.id)) is not None and not then.paused
            for day in days
        )
        if active or Status.DONE in row.days.values():
            found.append(row)
    return found


def step_row(
    plan: Plan,
    log: Log,
    step: Step,
    days: list[date],
    as_of: date,
    strength: float = 0.0,
    versions: Versions | None = None,
) -> Row:
    """One step over `days`: each day's status, how often it came up and was done by `as_of`.

    `versions`: judge each day by the plan in force then (else by `plan`): a day the step
    was not in force is not scheduled, unless it was done anyway.
    """
    cells: dict[date, Status] = {}
    for day in days:
        then = versions.on(day) if versions is not None else plan
        defined = versions.step_on(day, step.id) if versions is not None else step
        scheduled = (
            defined is not None and not defined.paused and defined.schedule.due(day, then.start)
        )
        status = log.status(day, step.id)
        if day in log.rest and status is Status.OPEN and scheduled:
            status = Status.SKIPPED
        cells[day] = status if scheduled or status is Status.DONE else Status.NOT_SCHEDULED
    due = [d for d in days if d <= as_of and cells[d] is not Status.NOT_SCHEDULED]
    done = sum(1 for d in due if cells[d] is Status.DONE)
    return Row(step=step, days=cells, done=done, scheduled=len(due), strength=strength)


def categories(rows: list[Row]) -> tuple[tuple[Category, int, int], ...]:
    totals: dict[Category, list[int]] = {}
    for row in rows:
        total = totals.setdefault(row.step.category, [0, 0])
        total[0] += row.done
        total[1] += row.scheduled
    return tuple((c, d, s) for c, (d, s) in totals.items() if s)


def gaps(log: Log, steps: list[Step], first: date, last: date) -> list[Gap]:
    """How each rated step felt over the days from `first` to `last`, beside the guess if any."""
    felt: dict[str, list[int]] = {}
    for (day, step_id), value in log.felt.items():
        if first <= day <= last:
            felt.setdefault(step_id, []).append(value)
    return [
        Gap(step, step.expected, sum(felt[step.id]) / len(felt[step.id]))
        for step in steps
        if felt.get(step.id)
    ]


def _best(log: Log, rows: list[Row], checkins: tuple[Event, ...]) -> str:
    scored = {c.day: c.feel for c in checkins if c.feel is not None}
    if not checkins:
        return ""  # the review already says there were no check-ins
    if len(scored) < ENOUGH_CHECKINS:
        have = {0: "No check-ins", 1: "One check-in"}.get(len(scored), f"{len(scored)} check-ins")
        return (
            f"{have} with a score this week; with {ENOUGH_CHECKINS} or more careplan can "
            "tell which steps went with the days you felt most."
        )
    if len(set(scored.values())) < 2:
        (same,) = set(scored.values())
        return (
            f"Your check-ins this week were all {same}/10, so no one step stands out "
            "on the days you felt most."
        )
    top = max(scored.values())
    best_days = [d for d, feel in scored.items() if feel == top]
    other_days = [d for d in scored if d not in best_days]

    def share(row: Row, among: list[date]) -> float:
        return sum(1 for d in among if row.days.get(d) is Status.DONE) / len(among)

    lift = [(share(r, best_days) - share(r, other_days), r.step.title) for r in rows]
    gain, title = max(lift, default=(0.0, ""))
    if gain <= 0:
        return "No one step stood out on the days you felt most this week."
    if len(best_days) == 1:
        return f"On the day you felt most ({top}/10), you had done “{title}”."
    row = next(r for r in rows if r.step.title == title)
    done = sum(1 for d in best_days if row.days.get(d) is Status.DONE)
    return (
        f"On the {len(best_days)} days you felt most ({top}/10), you had done “{title}” "
        f"on {done} of them."
    )
