"""The domain values: answers, plans, steps, schedules and history events.

Frozen dataclasses with validation in their constructors. Standard library only,
so every other module can lean on these without pulling anything heavy in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from careplan.core.errors import DataError

SCHEMA = 1


class Energy(StrEnum):
    LOW = "low"
    SOME = "some"
    HIGH = "high"


class Category(StrEnum):
    MOVEMENT = "movement"
    SLEEP = "sleep"
    CONNECTION = "connection"
    PROFESSIONAL = "professional-help"
    STRESSORS = "stressors"
    CALM = "calm"
    FOOD = "food"
    SUBSTANCES = "substances"
    GROUNDING = "grounding"
    NAMING = "naming-feelings"
    CREATIVE = "creative"
    MEANINGFUL = "meaningful"
    GRATITUDE = "gratitude"
    SELF_COMPASSION = "self-compassion"
    MEDICATION = "medication"


class EventKind(StrEnum):
    DONE = "done"
    UNDO = "undo"
    SKIP = "skip"
    REST = "rest"
    CHECKIN = "checkin"
    REFLECT = "reflect"  # the review's "one moment you felt something" answer, kept
    PLAN = "plan"  # a version of the plan, in force from its day (see streaks.plan_on)


class Status(StrEnum):
    DONE = "done"
    OPEN = "open"
    SKIPPED = "skipped"
    NOT_SCHEDULED = "not-scheduled"


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def valid_id(text: str) -> bool:
    """Lower-case letters (of any script, with their marks), digits and dashes.

    Names in any script make ids (Zoë, 王芳, Соня), so ids are not ASCII-only.
    """
    if _ID.match(text):
        return True
    import unicodedata

    return (
        bool(text)
        and text[0] != "-"
        and text == text.lower()
        and all(c == "-" or unicodedata.category(c)[0] in "LMN" for c in text)
        and not any(c.isspace() for c in text)
    )


def check_time(value: str, what: str) -> str:
    """Accept "HH:MM" on a 24-hour clock, or explain what is expected."""
    if not isinstance(value, str) or not _TIME.match(value):
        raise DataError(
            f"{what} should be a time like 07:30 (24-hour clock), not {shown(value)}.",
            key=what,
        )
    return value


_SAID = re.compile(r"^(\d{1,2})(?:[:.h]?(\d{2}))?\s*([ap]\.?m\.?)?$")


def said_time(text: str, evening: bool = False) -> str:
    """A time as people type it -> "HH:MM": 11pm, 9, 9am, 9.30, 21:30, 2130.

    A bare hour is on the 24-hour clock, except with `evening` (a bedtime), where 5 to 11
    mean the evening and 12 midnight. DataError, with examples, for anything else.
    """
    found = _SAID.match(text.strip().lower().replace(" ", ""))
    hour = int(found.group(1)) if found else 99
    minute = int(found.group(2) or 0) if found else 0
    half = (found.group(3) or "").replace(".", "") if found else ""
    if half:
        if not 1 <= hour <= 12:
            hour = 99
        elif half == "am":
            hour %= 12
        else:
            hour = hour % 12 + 12
    elif evening and found and not found.group(2):
        hour = {12: 0}.get(hour, hour + 12 if 5 <= hour <= 11 else hour)
    if hour > 23 or minute > 59:
        raise DataError(
            f"{shown(text)} is not a time careplan can read. Times like 23:30, 11pm, 7am "
            "or 7 are all fine.",
            key="time",
        )
    return f"{hour:02d}:{minute:02d}"


def shown(value: object) -> str:
    """Short enough for one line, even for a 300-digit number (which "g" cannot format)."""
    if isinstance(value, float):
        return f"{value:g}"
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def small_number(text: str, high: int) -> int | None:
    """'7' -> 7 for plain ASCII digits from 0 to `high`; None for anything else.

    Not str.isdigit: it accepts '²', which int() refuses, and 5,000-digit numbers.
    """
    text = text.strip()
    if text.isascii() and text.isdecimal() and len(text) <= len(str(high)):
        value = int(text)
        return value if value <= high else None
    return None


def minutes_of(value: str) -> int:
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


def check_range(value: object, low: float, high: float, what: str, key: str = "") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(f"{what} should be a number from {low:g} to {high:g}.", key=key)
    if not low <= value <= high:  # NaN fails this too
        raise DataError(f"{what} should be from {low:g} to {high:g}, not {shown(value)}.", key=key)
    return value


@dataclass(frozen=True)
class Schedule:
    """When a step comes up: every day, on weekdays, on named days, or every N days.

    Written in plan.toml as a short phrase a person can edit by hand:
    "daily", "weekdays", "mon thu", "every 3 days".
    """

    days: frozenset[int] = frozenset(range(7))  # 0 = Monday
    every: int = 0  # > 0: every N days counted from the plan's start
    # With `every`: counted from this day instead, so two fortnightly steps can take turns
    # ("every 14 days from 2026-11-27"); a plan with more to rotate than a week holds.
    first: date | None = None

    @classmethod
    def parse(cls, text: str) -> Schedule:
        words = text.lower().replace(",", " ").split()
        if words == ["daily"]:
            return cls()
        if words == ["weekdays"]:
            return cls(frozenset(range(5)))
        if words == ["weekends"]:
            return cls(frozenset({5, 6}))
        first: date | None = None
        if len(words) == 5 and words[3] == "from":
            try:
                first = date.fromisoformat(words[4])
            except ValueError:
                first = None
            if first is not None:
                words = words[:3]
        if (
            len(words) == 3
            and words[0] == "every"
            and words[2] in ("days", "day")
            and words[1].isdecimal()  # not isdigit: int("²") raises
            and len(words[1]) <= 3
            and 1 <= int(words[1]) <= 366
        ):
            return cls(every=int(words[1]), first=first)
        if words and all(w[:3] in WEEKDAYS for w in words):
            return cls(frozenset(WEEKDAYS.index(w[:3]) for w in words))
        raise DataError(
            f"The schedule {shown(text)} is not one careplan knows.",
            'Use "daily", "weekdays", "weekends", day names like "mon thu", "every 3 days"'
            ' (up to every 366 days) or "every 14 days from 2026-11-27".',
            key="schedule",
        )

    def __str__(self) -> str:
        if self.every:
            text = "daily" if self.every == 1 else f"every {self.every} days"
            if self.first and self.every > 1:
                return f"{text} from {self.first.isoformat()}"
            return text
        if self.days == frozenset(range(7)):
            return "daily"
        if self.days == frozenset(range(5)):
            return "weekdays"
        if self.days == frozenset({5, 6}):
            return "weekends"
        return " ".join(WEEKDAYS[d] for d in sorted(self.days))

    def due(self, day: date, start: date) -> bool:
        if day < start:
            return False
        if self.every:
            first = max(start, self.first) if self.first else start
            return day >= first and (day - (self.first or start)).days % self.every == 0
        return day.weekday() in self.days

    @property
    def per_day(self) -> float:
        """How many times a day this comes up on average (Loop's "frequency")."""
        if self.every:
            return 1 / self.every
        return len(self.days) / 7


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    category: Category
    minutes: int
    schedule: Schedule
    why: str
    tiny: str
    anchor: bool = False
    expected: int | None = None  # how much they expect to enjoy it, 0-10
    paused: bool = False

    def __post_init__(self) -> None:
        if not valid_id(self.id):
            raise DataError(
                f"The step id {shown(self.id)} should use lower-case letters, digits and dashes"
                " only.",
                key="id",
            )
        if not self.title.strip():
            raise DataError(f"The step {self.id!r} needs a title.", key="title")
        if isinstance(self.minutes, bool) or not 1 <= self.minutes <= 120:
            raise DataError(
                f"The step {self.id!r} has minutes = {shown(self.minutes)};"
                " use a number from 1 to 120.",
                key="minutes",
            )
        if self.expected is not None:
            check_range(self.expected, 0, 10, f"The expected enjoyment of {self.id!r}", "expected")


@dataclass(frozen=True)
class Plan:
    start: date
    steps: tuple[Step, ...]
    name: str = ""
    country: str = ""
    day_starts_at: str = "04:00"
    safety_concern: bool = False
    schema: int = SCHEMA

    def __post_init__(self) -> None:
        check_time(self.day_starts_at, "day_starts_at")
        seen: set[str] = set()
        for step in self.steps:
            if step.id in seen:
                raise DataError(
                    f"Two steps share the id {step.id!r}.",
                    "Give each step its own id.",
                )
            seen.add(step.id)

    def step(self, step_id: str) -> Step | None:
        for step in self.steps:
            if step.id == step_id:
                return step
        return None


class Stamp(NamedTuple):
    """Where a record sits in the order of writing, across every computer's log.

    A hybrid logical clock: UTC wall time in milliseconds, a counter for records
    written within the same millisecond (or while a clock was behind), and the
    device. `era` 0 is a record from a single history.jsonl of an older careplan
    (ordered by its place in that file, before every newer record); era 1 a stamped one.
    """

    era: int = 0
    wall: int = 0
    counter: int = 0
    device: str = ""


@dataclass(frozen=True)
class Event:
    """One line of history: something a person recorded, never derived."""

    day: date  # the day it counts for (after the day-start rule)
    at: datetime  # wall-clock time it was written, with its UTC offset (older records: none)
    kind: EventKind
    step: str | None = None
    felt: int | None = None
    note: str = ""
    feel: int | None = None  # check-ins: 0-10, or None for "numb / can't tell"
    words: tuple[str, ...] = ()
    body: tuple[tuple[str, str], ...] = ()  # body-first answers when numb
    low: bool = False  # check-in says energy is low today
    # A plan version: what decides a day (the start and the steps), as careplan first saw it.
    plan: Plan | None = None
    # Given when the record is written: which record this is (device + sequence) and
    # its place in the order of writing. Not part of what was recorded, so not compared.
    rid: str = field(default="", compare=False)
    stamp: Stamp = field(default=Stamp(), compare=False)

    def __post_init__(self) -> None:
        if self.felt is not None:
            check_range(self.felt, 0, 10, "How it felt", "felt")
        if self.feel is not None:
            check_range(self.feel, 0, 10, "How much you could feel", "feel")


@dataclass
class StepTally:
    score: float = 0.0  # Loop's strength, 0-1
    recent: list[date] = field(default_factory=list)  # done days inside the step's window
    streak: int = 0  # scheduled days done in a row; skips and rest days neutral


@dataclass
class Tally:
    """Everything the streak maths needs about the days up to and including `through`.

    Folding is day by day, so a saved Tally plus the history after it gives the
    same answer as folding the whole history again (storage keeps one as a cache,
    see streaks.fold).
    """

    through: date | None = None
    run: int = 0  # counting days in a row, ending at `through`
    longest: int = 0
    recent: list[date] = field(default_factory=list)  # counting days in the last week
    steps: dict[str, StepTally] = field(default_factory=dict)
