"""Streaks and strength, computed from the history over explicit dates. Pure.

The model follows Loop Habit Tracker: a day counts when something was done or it
was a rest day; a skip freezes a step's strength; a miss lowers strength a little
instead of resetting it.
"""

from __future__ import annotations

import bisect
import copy
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from careplan.core.model import Event, EventKind, Plan, Status, Step, StepTally, Tally


@dataclass
class Log:
    """What the history says, after replaying done / undo / skip in time order."""

    marks: dict[date, dict[str, Status]] = field(default_factory=dict)
    rest: set[date] = field(default_factory=set)
    checkins: dict[date, Event] = field(default_factory=dict)
    felt: dict[tuple[date, str], int] = field(default_factory=dict)
    reflections: dict[date, str] = field(default_factory=dict)
    # Plan versions by the day each took effect (the last written that day wins).
    plans: dict[date, Plan] = field(default_factory=dict)

    def status(self, day: date, step_id: str) -> Status:
        return self.marks.get(day, {}).get(step_id, Status.OPEN)

    def counts(self, day: date) -> bool:
        """A day counts for the streak when something was done or it was a rest day."""
        return day in self.rest or Status.DONE in self.marks.get(day, {}).values()

    def days(self) -> list[date]:
        """Days with a done, skip or rest recorded."""
        return [*self.marks, *self.rest]


def replay(events: Iterable[Event]) -> Log:
    """Fold events into a Log, in the order they were written (by their stamps, never by
    the wall clock: a later undo undoes, whatever the clock or the time zone did)."""
    log = Log()
    for event in sorted(events, key=lambda e: e.stamp):
        day = event.day
        if event.kind is EventKind.PLAN:
            if event.plan is not None:
                log.plans[day] = event.plan
        elif event.kind is EventKind.CHECKIN:
            log.checkins[day] = event
        elif event.kind is EventKind.REFLECT:
            log.reflections[day] = event.note
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


class Streak(NamedTuple):
    current: int
    longest: int
    days_last_7: int


def _shape(step: Step) -> tuple[float, int, int]:
    """(m, window, needed): Loop's smoothing factor and the window a day's value looks at."""
    frequency = step.schedule.per_day
    m = 0.5 ** (math.sqrt(frequency) / 13)
    if step.schedule.every > 1:
        return m, step.schedule.every, 1
    if frequency < 1:
        return m, 7, len(step.schedule.days)
    return m, 1, 1


def _step_day(tally: StepTally, step: Step, plan: Plan, log: Log, day: date) -> None:
    """score = prev * m + value * (1 - m); a skip or a rest day leaves it unchanged."""
    m, window, needed = _shape(step)
    status = log.status(day, step.id)
    rest = day in log.rest
    if status is Status.DONE:
        tally.recent.append(day)
    tally.recent = [d for d in tally.recent if (day - d).days < window]
    if not (status is Status.SKIPPED or rest):
        value = min(1.0, len(tally.recent) / needed)
        tally.score = tally.score * m + value * (1 - m)
    if step.schedule.due(day, plan.start) and not rest:
        if status is Status.DONE:
            tally.streak += 1
        elif status is Status.OPEN:
            tally.streak = 0


def _active(plan: Plan) -> list[Step]:
    return [s for s in plan.steps if not s.paused]


class Versions:
    """The plan versions of a Log in the order they took effect, to ask of day after day."""

    def __init__(self, log: Log, current: Plan) -> None:
        self.days = sorted(log.plans)
        self.plans = [log.plans[d] for d in self.days] or [current]
        self.current = current
        self._steps: dict[int, dict[str, Step]] = {}

    def _at(self, day: date) -> int:
        return max(0, bisect.bisect_right(self.days, day) - 1)

    def on(self, day: date) -> Plan:
        """The plan in force on `day`: the latest version recorded by then; before the
        first version, the first (the best known); with no version at all, the current plan."""
        return self.plans[self._at(day)]

    def step_on(self, day: date, step_id: str) -> Step | None:
        """The step as the plan in force on `day` defines it; None if it is not in that plan."""
        at = self._at(day)
        if at not in self._steps:
            self._steps[at] = {s.id: s for s in self.plans[at].steps}
        return self._steps[at].get(step_id)

    def starts(self) -> list[date]:
        return [self.current.start, *(p.start for p in self.plans)]

    def ever(self, days: list[date]) -> list[Step]:
        """Every step of the plans in force on `days`, each as the latest of them defines it,
        in the latest plan's order, then the steps let go."""
        steps: dict[str, Step] = {}
        for day in reversed(days):
            for step in self.on(day).steps:
                steps.setdefault(step.id, step)
        return list(steps.values())


def plan_on(log: Log, day: date, current: Plan) -> Plan:
    """The plan in force on `day` (see Versions.on); `current` when the log holds none."""
    return Versions(log, current).on(day)


def fold(base: Tally, plan: Plan, log: Log, through: date) -> Tally:
    """A new Tally: `base` extended one day at a time up to `through`.

    Each day is judged by the plan in force that day (`plan` when the log holds no
    version); a step not in force neither counts nor breaks, like an unscheduled day.
    """
    tally = copy.deepcopy(base)
    advance(tally, plan, log, through)
    return tally


def advance(tally: Tally, plan: Plan, log: Log, through: date) -> None:
    """`fold` in place: for callers that step one Tally through many dates (the report)."""
    versions = Versions(log, plan)
    if tally.through is not None:
        day = tally.through + timedelta(days=1)
    else:
        day = min([*versions.starts(), *log.days()])
    while day <= through:
        counts = log.counts(day)
        tally.run = tally.run + 1 if counts else 0
        tally.longest = max(tally.longest, tally.run)
        tally.recent = [d for d in tally.recent if (day - d).days < 7] + ([day] if counts else [])
        then = versions.on(day)
        if day >= then.start:
            for step in _active(then):
                _step_day(tally.steps.setdefault(step.id, StepTally()), step, then, log, day)
        tally.through = day
        day += timedelta(days=1)


class Standing(NamedTuple):
    """Streaks and strengths as shown on `today`: an open today does not lower anything yet."""

    streak: Streak
    steps: dict[str, StepTally]  # the steps in force on the day
    earlier: dict[str, StepTally]  # every step folded so far (steps since let go, too)

    def strength(self, step_id: str) -> float:
        tally = self.steps.get(step_id) or self.earlier.get(step_id)
        return tally.score if tally else 0.0

    def step_streak(self, step_id: str) -> int:
        tally = self.steps.get(step_id) or self.earlier.get(step_id)
        return tally.streak if tally else 0

    @property
    def overall(self) -> float:
        if not self.steps:
            return 0.0
        return sum(t.score for t in self.steps.values()) / len(self.steps)


def standing(plan: Plan, log: Log, today: date, base: Tally | None = None) -> Standing:
    """Settle every day before today, then count today only once something is logged.

    `base` (a Tally through some day before today) lets the caller skip old history.
    """
    settled = fold(base or Tally(), plan, log, today - timedelta(days=1))
    counts = log.counts(today)
    current = settled.run + 1 if counts else settled.run
    last_7 = sum(1 for d in settled.recent if (today - d).days < 7) + counts
    steps: dict[str, StepTally] = {}
    then = plan_on(log, today, plan)
    for step in _active(then):
        tally = copy.deepcopy(settled.steps.get(step.id, StepTally()))
        if today >= then.start and (today in log.rest or step.id in log.marks.get(today, {})):
            _step_day(tally, step, then, log, today)
        steps[step.id] = tally
    streak = Streak(current=current, longest=max(settled.longest, current), days_last_7=last_7)
    return Standing(streak=streak, steps=steps, earlier=settled.steps)


# Strength on a scale of ten, in words: one word for each two steps up the scale.
STRENGTH_WORDS = ("ready to start", "sprouting", "growing", "taking root", "steady", "strong")
STRENGTH_NOTE = (
    "Strength grows a little each time you do a step and eases off only slowly on a day "
    "you do not, so one quiet day costs little. It runs from ready to start to strong."
)


def growth(value: float) -> int:
    """Strength (0-1) on a scale of 0 to 10 that moves from the very first days.

    Loop's score climbs slowly on purpose (20 daily days in a row reach 0.66), so the
    scale follows its square root: one done step already shows, and the top is earned.
    """
    if value <= 0:
        return 0
    return min(10, max(1, math.ceil(math.sqrt(value) * 10 - 1e-9)))


def strength_word(value: float) -> str:
    return STRENGTH_WORDS[(growth(value) + 1) // 2]


def strength_bar(value: float, cells: int = 10) -> str:
    """█ for each step up the scale, ░ for the rest (the word says it too)."""
    filled = math.ceil(growth(value) * cells / 10)
    return "█" * filled + "░" * (cells - filled)


def strength_text(value: float, percent: bool = False) -> str:
    """`██░░░░░░░░ sprouting`, with the percentage beside the word when asked (-v)."""
    text = f"{strength_bar(value)} {strength_word(value)}"
    if not percent:
        return text
    shown = "under 1" if 0 < value < 0.005 else str(round(value * 100))
    return f"{text} ({shown}%)"


def summary(streak: Streak, overall: float, percent: bool = False) -> str:
    """One short line, e.g. `5-day streak · 6 of the last 7 days · strength ██████░░░░ steady`.

    Nothing in it is a zero: no streak is a fresh start, and no day this week goes unsaid.
    """
    first = f"{streak.current}-day streak" if streak.current else "Today is a fresh start"
    days = f" · {streak.days_last_7} of the last 7 days" if streak.days_last_7 else ""
    return f"{first}{days} · strength {strength_text(overall, percent)}"
