"""The weekly look back: what was done, how it felt, and a few gentle suggestions. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from careplan.model import Category, Event, Plan, Status, Step, Tally
from careplan.streaks import Log, Streak, standing

# Check-ins at or below this, for two weeks, make talking to a professional the first suggestion.
LOW_FEEL = 3


@dataclass(frozen=True)
class Row:
    step: Step
    days: dict[date, Status]
    done: int
    scheduled: int
    strength: float


@dataclass(frozen=True)
class Suggestion:
    kind: str  # shrink | grow | add | professional
    step: str | None
    text: str


@dataclass(frozen=True)
class Review:
    week: str
    start: date
    end: date
    rows: tuple[Row, ...]
    streak: Streak
    checkins: tuple[Event, ...]
    suggestions: tuple[Suggestion, ...]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_label(start: date) -> str:
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_review(
    plan: Plan, log: Log, start: date, today: date, base: Tally | None = None
) -> Review:
    """Review the ISO week beginning on `start` (a Monday), as seen on `today`."""
    end = start + timedelta(days=6)
    as_of = min(end, today)
    now = standing(plan, log, as_of, base)
    days = [start + timedelta(days=n) for n in range(7)]
    rows = []
    for step in plan.steps:
        cells: dict[date, Status] = {}
        for day in days:
            scheduled = not step.paused and step.schedule.due(day, plan.start)
            status = log.status(day, step.id)
            if day in log.rest and status is Status.OPEN and scheduled:
                status = Status.SKIPPED
            cells[day] = status if scheduled or status is Status.DONE else Status.NOT_SCHEDULED
        scheduled_count = sum(1 for s in cells.values() if s is not Status.NOT_SCHEDULED)
        if step.paused and not scheduled_count:
            continue
        rows.append(
            Row(
                step=step,
                days=cells,
                done=sum(1 for s in cells.values() if s is Status.DONE),
                scheduled=scheduled_count,
                strength=now.strength(step.id),
            )
        )
    checkins = tuple(log.checkins[d] for d in days if d in log.checkins)
    return Review(
        week=week_label(start),
        start=start,
        end=end,
        rows=tuple(rows),
        streak=now.streak,
        checkins=checkins,
        suggestions=tuple(suggest(plan, log, rows, as_of)),
    )


def suggest(plan: Plan, log: Log, rows: list[Row], as_of: date) -> list[Suggestion]:
    found: list[Suggestion] = []
    fortnight = [log.checkins[d] for d in log.checkins if 0 <= (as_of - d).days < 14]
    feels = [c.feel for c in fortnight if c.feel is not None]
    low_for_two_weeks = (
        len(feels) >= 4
        and max(feels) <= LOW_FEEL
        and (as_of - min(c.day for c in fortnight)).days >= 7
    )
    if plan.safety_concern or low_for_two_weeks:
        found.append(
            Suggestion(
                "professional",
                None,
                "Talking to a professional could be a good next step. A doctor, GP or "
                "counsellor is a fine place to start: say you have been feeling numb "
                "and how long it has lasted.",
            )
        )
    ended = [r for r in rows if r.scheduled >= 2]
    rare = [r for r in ended if r.done * 4 <= r.scheduled]
    if rare:
        row = min(rare, key=lambda r: (r.done / r.scheduled, r.step.id))
        found.append(
            Suggestion(
                "shrink",
                row.step.id,
                f"“{row.step.title}” came up {row.scheduled} times and was done "
                f"{row.done}. Its tiny version might fit better for now: “{row.step.tiny}”",
            )
        )
    always = [r for r in ended if r.done == r.scheduled]
    if always:
        row = max(always, key=lambda r: (r.done, r.step.id))
        found.append(
            Suggestion(
                "grow",
                row.step.id,
                f"You did “{row.step.title}” every time it came up. "
                "You could add a few minutes or try a new variation.",
            )
        )
    present = {r.step.category for r in rows}
    for category in (Category.CONNECTION, Category.MOVEMENT, Category.NAMING):
        if category not in present:
            found.append(
                Suggestion(
                    "add",
                    None,
                    f"Nothing in the plan touches {category.value.replace('-', ' ')} "
                    "right now; one small step there could help.",
                )
            )
            break
    return found[:3]
