"""Which steps come up on a given day, and which day an entry counts for. Pure."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from careplan.core.errors import DataError
from careplan.core.model import (
    WEEKDAYS,
    Plan,
    Status,
    Step,
    Tally,
    minutes_of,
    shown,
    small_number,
)
from careplan.core.streaks import Log, Streak, standing


def day_of(moment: datetime, day_starts_at: str) -> date:
    """The day an entry counts for: before the day-start hour it is still yesterday."""
    if moment.hour * 60 + moment.minute < minutes_of(day_starts_at):
        return moment.date() - timedelta(days=1)
    return moment.date()


NAMED_DAYS = {"today": 0, "yesterday": 1}


def said_date(text: str, today: date) -> date | None:
    """A day as people type it: 2026-11-24, today, yesterday, or a weekday name (mon,
    monday) for the most recent one, today included. None if it is none of these."""
    word = text.strip().lower()
    if word in NAMED_DAYS:
        return today - timedelta(days=NAMED_DAYS[word])
    if len(word) >= 3 and word[:3] in WEEKDAYS:
        index = WEEKDAYS.index(word[:3])
        if DAY_NAMES[index].startswith(word) or word == DAY_NAMES[index][:3]:
            return today - timedelta(days=(today.weekday() - index) % 7)
    try:
        return date.fromisoformat(word)
    except ValueError:
        return None


DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def steps_for(plan: Plan, day: date) -> list[Step]:
    """The day's steps in plan order (anchors come first in a generated plan)."""
    return [step for step in plan.steps if not step.paused and step.schedule.due(day, plan.start)]


class DayStep(NamedTuple):
    number: int
    step: Step
    status: Status
    streak: int
    strength: float


class Day(NamedTuple):
    date: date
    steps: tuple[DayStep, ...]
    streak: Streak
    strength: float
    checked_in: bool
    rest: bool
    low: bool


def build_day(
    plan: Plan, log: Log, day: date, low: bool = False, base: Tally | None = None
) -> Day:
    """Everything `careplan today` shows, for one day."""
    now = standing(plan, log, day, base)
    checkin = log.checkins.get(day)
    rows = tuple(
        DayStep(
            number=n,
            step=step,
            status=_status(log, day, step.id),
            streak=now.step_streak(step.id),
            strength=now.strength(step.id),
        )
        for n, step in enumerate(steps_for(plan, day), 1)
    )
    return Day(
        date=day,
        steps=rows,
        streak=now.streak,
        strength=now.overall,
        checked_in=checkin is not None,
        rest=day in log.rest,
        low=low or (checkin is not None and checkin.low),
    )


def _status(log: Log, day: date, step_id: str) -> Status:
    """A rest day rests every step not done: it shows as resting, not open."""
    status = log.status(day, step_id)
    return Status.SKIPPED if status is Status.OPEN and day in log.rest else status


def resolve(plan: Plan, day: date, refs: list[str]) -> list[Step]:
    """Turn list numbers or step ids into steps, or say plainly which one is unknown."""
    listed = steps_for(plan, day)
    found: list[Step] = []
    # `done 1,2` reads like `done 1 2`.
    for ref in [part.strip() for given in refs for part in given.split(",") if part.strip()]:
        step: Step | None
        if ref.isascii() and ref.isdecimal():
            n = small_number(ref, 999)
            step = listed[n - 1] if n is not None and 1 <= n <= len(listed) else None
            if step is None:
                number = ref if n is not None else shown(ref)
                raise DataError(
                    f"There is no step {number} on {day.isoformat()}; "
                    f"that day has {len(listed)} step{'s' if len(listed) != 1 else ''}.",
                    "Run `careplan today` to see the numbers.",
                )
        else:
            step = plan.step(ref)
            if step is None:
                raise DataError(
                    f"There is no step with the id {ref!r} in your plan.",
                    "Run `careplan plan` to see the step ids.",
                )
        found.append(step)
    return found
