"""Streaks and strength, computed from the history over explicit dates. Pure.

The model follows Loop Habit Tracker: a day counts when something was done or it
was a rest day; a skip freezes a step's strength; a miss lowers strength a little
instead of resetting it.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from careplan.model import Event, EventKind, Plan, Status, Step

_KIND_ORDER = {kind: n for n, kind in enumerate(EventKind)}


@dataclass
class Log:
    """What the history says, after replaying done / undo / skip in time order."""

    marks: dict[date, dict[str, Status]] = field(default_factory=dict)
    rest: set[date] = field(default_factory=set)
    checkins: dict[date, Event] = field(default_factory=dict)
    felt: dict[tuple[date, str], int] = field(default_factory=dict)

    def status(self, day: date, step_id: str) -> Status:
        return self.marks.get(day, {}).get(step_id, Status.OPEN)

    def counts(self, day: date) -> bool:
        """A day counts for the streak when something was done or it was a rest day."""
        return day in self.rest or Status.DONE in self.marks.get(day, {}).values()

    def logged(self, day: date) -> bool:
        return day in self.rest or bool(self.marks.get(day))


def replay(events: Iterable[Event]) -> Log:
    """Fold events into a Log. The order they were appended in does not matter."""
    log = Log()
    ordered = sorted(
        events,
        key=lambda e: (e.at, _KIND_ORDER[e.kind], e.step or "", e.day, e.felt or 0, e.note),
    )
    for event in ordered:
        day = event.day
        if event.kind is EventKind.CHECKIN:
            log.checkins[day] = event
        elif event.kind is EventKind.REST:
            log.rest.add(day)
        elif event.step is None:
            if event.kind is EventKind.UNDO:
                log.rest.discard(day)
        elif event.kind is EventKind.UNDO:
            log.marks.get(day, {}).pop(event.step, None)
            log.felt.pop((day, event.step), None)
        else:
            status = Status.DONE if event.kind is EventKind.DONE else Status.SKIPPED
            log.marks.setdefault(day, {})[event.step] = status
            if event.felt is not None:
                log.felt[(day, event.step)] = event.felt
    for day in [d for d, marks in log.marks.items() if not marks]:
        del log.marks[day]
    return log


@dataclass(frozen=True)
class Streak:
    current: int
    longest: int
    days_last_7: int


def _counting_days(log: Log) -> list[date]:
    return sorted({d for d in log.marks if log.counts(d)} | log.rest)


def day_streak(log: Log, today: date) -> Streak:
    """Current streak runs to today, or to yesterday while today is still open."""
    counting = set(_counting_days(log))
    day = today if today in counting else today - timedelta(days=1)
    current = 0
    while day in counting:
        current += 1
        day -= timedelta(days=1)
    longest = run = 0
    previous: date | None = None
    for day in sorted(d for d in counting if d <= today):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    last_7 = sum(1 for n in range(7) if today - timedelta(days=n) in counting)
    return Streak(current=current, longest=max(longest, current), days_last_7=last_7)


def _last_day(log: Log, step: Step, today: date) -> date:
    """Today counts once something is logged for it; an open today changes nothing yet."""
    if today in log.rest or step.id in log.marks.get(today, {}):
        return today
    return today - timedelta(days=1)


def strength(plan: Plan, step: Step, log: Log, today: date) -> float:
    """Loop Habit Tracker's score: score = prev * m + value * (1 - m).

    m = 0.5 ** (sqrt(frequency) / 13), frequency = times per day the step comes up.
    For steps that come up on some days only, a day's value is how much of the
    step's share was done in the window leading up to it (as Loop does).
    """
    frequency = step.schedule.per_day
    m = 0.5 ** (math.sqrt(frequency) / 13)
    if step.schedule.every:
        window, needed = step.schedule.every, 1
    elif frequency < 1:
        window, needed = 7, len(step.schedule.days)
    else:
        window, needed = 1, 1
    score = 0.0
    recent: deque[date] = deque()  # done days inside the window
    day = plan.start
    end = _last_day(log, step, today)
    while day <= end:
        status = log.status(day, step.id)
        if status is Status.DONE:
            recent.append(day)
        while recent and (day - recent[0]).days >= window:
            recent.popleft()
        if not (status is Status.SKIPPED or day in log.rest):
            if window == 1:
                value = 1.0 if status is Status.DONE else 0.0
            else:
                value = min(1.0, len(recent) / needed)
            score = score * m + value * (1 - m)
        day += timedelta(days=1)
    return score


def step_streak(plan: Plan, step: Step, log: Log, today: date) -> int:
    """Consecutive scheduled days done, counting back; skips and rest days are neutral."""
    day = _last_day(log, step, today)
    count = 0
    while day >= plan.start:
        if step.schedule.due(day, plan.start) and day not in log.rest:
            status = log.status(day, step.id)
            if status is Status.DONE:
                count += 1
            elif status is Status.OPEN:
                break
        day -= timedelta(days=1)
    return count


def overall_strength(plan: Plan, log: Log, today: date) -> float:
    active = [s for s in plan.steps if not s.paused]
    if not active:
        return 0.0
    return sum(strength(plan, s, log, today) for s in active) / len(active)


def summary(streak: Streak, overall: float) -> str:
    """One short line, e.g. `5-day streak · 6 of the last 7 days · strength 72%`."""
    first = f"{streak.current}-day streak" if streak.current else "Today is a fresh start"
    return f"{first} · {streak.days_last_7} of the last 7 days · strength {round(overall * 100)}%"
