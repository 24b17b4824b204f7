"""Gentle reminders: whether to remind now, and the one line to say. Pure.

The moment, the day (by the plan's day-start hour) and what is open are passed in;
this module reads no clock and no file. A reminder is one line, at most once per
scheduled time, never in quiet hours, never about a day that is over, never guilt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from careplan.core.errors import UsageError
from careplan.core.model import Status

if TYPE_CHECKING:
    from careplan.core.model import Plan
    from careplan.core.streaks import Log

DEFAULT_QUIET = "22:00-08:00"
TITLE = "careplan"

_NUMBERS = ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
_WORDS = {"noon": "12:00", "midday": "12:00"}


class Quiet(NamedTuple):
    """Quiet hours: minutes after midnight where they start and end (they may wrap)."""

    start: int
    end: int

    def covers(self, moment: datetime) -> bool:
        minute = moment.hour * 60 + moment.minute
        if self.start <= self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end

    def __str__(self) -> str:
        return f"{_hhmm(self.start)}-{_hhmm(self.end)}"


class Verdict(StrEnum):
    """What `careplan remind` does now, and why it stays quiet when it does."""

    REMIND = "remind"
    QUIET_HOURS = "it is within your quiet hours"
    NIGHT = "the day has not started yet"
    REST = "today is a rest day"
    NOTHING_OPEN = "nothing is open today"
    ALREADY = "this time's reminder has been shown"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock_time(text: str) -> str | None:
    """A time as people write it ("19:00", "7pm", "7:30 pm", "noon") -> "HH:MM"; else None."""
    said = " ".join(text.lower().split())
    if said in _WORDS:
        return _WORDS[said]
    match = _CLOCK.match(said)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = match.group(3)
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return _hhmm(hour * 60 + minute)


def parse_times(texts: Iterable[str]) -> tuple[str, ...]:
    """Reminder times, each "HH:MM", sorted and without repeats; several may share a text
    ("12:30, 7pm" or "noon and 7pm"). Anything else is named plainly."""
    found: set[str] = set()
    for text in texts:
        for part in re.split(r",|;|\band\b", text):
            if not part.strip():
                continue
            clock = clock_time(part)
            if clock is None:
                raise UsageError(
                    f"{part.strip()!r} is not a time careplan understands.",
                    "Write it like 19:00 or 7pm.",
                )
            found.add(clock)
    return tuple(sorted(found))


def parse_quiet(text: str) -> Quiet | None:
    """Quiet hours like "22:00-08:00" or "10pm-8am"; "off" means none."""
    if text.strip().lower() in ("off", "none"):
        return None
    start, _, end = text.partition("-")
    first, last = clock_time(start), clock_time(end)
    if first is None or last is None or first == last:
        raise UsageError(
            f"{text!r} is not a span of quiet hours careplan understands.",
            f"Write it like {DEFAULT_QUIET} (from-to), or off.",
        )
    return Quiet(_minutes(first), _minutes(last))


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def in_quiet_hours(times: Sequence[str], quiet: Quiet | None) -> list[str]:
    """The times that fall in quiet hours (reminders there would never be shown)."""
    if quiet is None:
        return []
    return [t for t in times if quiet.covers(datetime.combine(date.min, time.fromisoformat(t)))]


def slot(now: datetime, times: Sequence[str]) -> datetime | None:
    """The scheduled time this run belongs to: the latest one at or before now."""
    if not times:
        return None
    candidates = [
        datetime.combine(day, time.fromisoformat(t))
        for day in (now.date() - timedelta(days=1), now.date())
        for t in times
    ]
    return max(c for c in candidates if c <= now)


def open_steps(plan: Plan, log: Log, day: date) -> int:
    """How many of the day's steps are still open (none on a rest day: it is resting)."""
    from careplan.core.day import steps_for  # not at import: `careplan --help` needs no schedule

    if day in log.rest:
        return 0
    return sum(1 for s in steps_for(plan, day) if log.status(day, s.id) is Status.OPEN)


def verdict(
    now: datetime,
    day: date,
    open_count: int,
    rest: bool,
    quiet: Quiet | None,
    due: datetime | None = None,
    last: str = "",
) -> Verdict:
    """Remind, or stay quiet and say why.

    `day` is the day careplan counts for (before the day-start hour, still the one
    before); `due` is the scheduled time this run is for and `last` the one last
    reminded about, so each scheduled time reminds at most once.
    """
    if quiet is not None and quiet.covers(now):
        return Verdict.QUIET_HOURS
    if day != now.date():
        return Verdict.NIGHT
    if rest:
        return Verdict.REST
    if open_count == 0:
        return Verdict.NOTHING_OPEN
    if due is not None and last == stamp(due):
        return Verdict.ALREADY
    return Verdict.REMIND


def stamp(due: datetime) -> str:
    """How a scheduled time is kept once reminded about."""
    return due.strftime("%Y-%m-%dT%H:%M")


def reminder_line(open_count: int) -> str:
    """The one gentle line a reminder shows."""
    if open_count == 1:
        return "One small step today. `careplan today` shows it."
    count = _NUMBERS[open_count - 1] if open_count <= len(_NUMBERS) else str(open_count)
    return f"{count} small steps today. `careplan today` shows them."


def short_line(open_count: int) -> str:
    """`careplan today --short`: "2 open", or nothing at all."""
    return f"{open_count} open" if open_count else ""
