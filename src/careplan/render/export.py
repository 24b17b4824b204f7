"""careplan's data in formats other programs read: a calendar of the steps, the history as rows.

Pure: values in, text out. No disk, no clock (the caller passes the moment for the
calendar's stamp). The iCalendar library is imported inside `to_ics`, so nothing on the
`today` path pays for it. The history comes out in pieces, a record at a time
(`history_pieces`), so forty years of it take no more memory than one day.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from json.encoder import encode_basestring as _string  # C; the same as ensure_ascii=False
from typing import Any

from careplan.core.errors import UsageError
from careplan.core.model import WEEKDAYS, Event, EventKind, Plan, Step
from careplan.core.visible import json_safe, visible

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FORMATS = ("ics", "csv", "json")
# Every field of a history record, in this order in CSV and JSON.
FIELDS = ("day", "at", "kind", "step", "felt", "note", "feel", "words", "body", "low")


def check_format(name: str) -> str:
    chosen = name.strip().lower()
    if chosen not in FORMATS:
        raise UsageError(
            f"{name!r} is not a format careplan can export.",
            "Use --format ics (calendar), csv or json (history).",
        )
    return chosen


def first_day(step: Step, start: date) -> date:
    """The first day a step comes up: a calendar's first event must be a real one."""
    day = start
    while not step.schedule.due(day, start):
        day += timedelta(days=1)
    return day


def recurrence(step: Step) -> dict[str, Any]:
    """The RRULE for a step's schedule, in the shape icalendar's vRecur takes."""
    schedule = step.schedule
    if schedule.every > 1:
        return {"FREQ": "DAILY", "INTERVAL": schedule.every}
    if schedule.every == 1 or len(schedule.days) == 7:
        return {"FREQ": "DAILY"}
    return {"FREQ": "WEEKLY", "BYDAY": [WEEKDAYS[d][:2].upper() for d in sorted(schedule.days)]}


def to_ics(plan: Plan, stamp: datetime) -> str:
    """One recurring all-day event per active step; paused steps stay off the calendar."""
    from icalendar import Calendar, vRecur
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//careplan//careplan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "careplan")
    for step in plan.steps:
        if step.paused:
            continue
        event = CalendarEvent()
        start = first_day(step, plan.start)
        # A stable UID lets a calendar app update the events when the plan is exported again.
        event.add("uid", f"{step.id}@careplan")
        event.add("dtstamp", stamp)
        # The person's words as text: no control characters reach a calendar (or a terminal).
        event.add("summary", visible(step.title))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        event.add("rrule", vRecur(recurrence(step)))
        event.add(
            "description",
            visible(f"{step.why}\n\nAbout {step.minutes} min. Tiny version: {step.tiny}"),
        )
        event.add("categories", [step.category.value])
        event.add("transp", "TRANSPARENT")  # a small step should not mark the whole day busy
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")


def record(event: Event) -> dict[str, Any]:
    """Every field of one history record, none left out even when empty."""
    return {
        "day": event.day.isoformat(),
        "at": event.at.isoformat(timespec="seconds"),
        "kind": event.kind.value,
        "step": event.step,
        "felt": event.felt,
        "note": event.note,
        "feel": event.feel,
        "words": list(event.words),
        "body": dict(event.body),
        "low": event.low,
    }


def _record_json(row: dict[str, Any]) -> str:
    """One record as json.dumps(..., ensure_ascii=False, indent=2) lays it out inside
    the history list. json's indenting encoder is pure Python and slow per call, so
    this uses its C string encoder for the shapes a record holds: strings, numbers,
    true/false/null, a list of strings, a table of strings (tests compare with json.dumps).
    """
    fields = []
    for key, value in row.items():
        kind = type(value)
        if value is None:
            text = "null"
        elif kind is bool:
            text = "true" if value else "false"
        elif kind is str:
            text = _string(value)
        elif kind is int:
            text = str(value)
        elif kind is list and all(type(item) is str for item in value):
            items = ",\n".join("        " + _string(item) for item in value)
            text = f"[\n{items}\n      ]" if value else "[]"
        elif kind is dict and all(type(v) is str for v in value.values()):
            pairs = ",\n".join(f"        {_string(k)}: {_string(v)}" for k, v in value.items())
            text = f"{{\n{pairs}\n      }}" if value else "{}"
        else:  # no such value in a record today; json's own layout, shifted in
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n      ")
        fields.append(f"      {_string(key)}: {text}")
    return "    {\n" + ",\n".join(fields) + "\n    }"


def json_pieces(events: Iterable[Event]) -> Iterator[str]:
    """`{"version": 1, "history": [...]}` exactly as json.dumps(indent=2) lays it out
    (with json_safe's escapes), a record at a time."""
    yield '{\n  "version": 1,\n  "history": ['
    first = True
    for event in events:
        yield ("\n" if first else ",\n") + json_safe(_record_json(record(event)))
        first = False
    yield "]\n}\n" if first else "\n  ]\n}\n"


def csv_pieces(events: Iterable[Event]) -> Iterator[str]:
    """One row per record. Lists and tables go in as JSON, so a comma in a note is safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        row = record(event)
        row["words"] = json.dumps(row["words"], ensure_ascii=False) if event.words else ""
        row["body"] = json.dumps(row["body"], ensure_ascii=False) if event.body else ""
        row["low"] = "true" if event.low else "false"
        writer.writerow({k: "" if v is None else cell(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def recorded(events: Iterable[Event]) -> Iterator[Event]:
    """What the person recorded: plan versions are careplan's copies of plan.toml, kept so
    past days are judged by the plan of their day (the plan itself exports as a calendar)."""
    return (e for e in events if e.kind is not EventKind.PLAN)


def history_pieces(fmt: str, events: Iterable[Event]) -> Iterator[str]:
    """The history as csv or json, in pieces, a record at a time."""
    return csv_pieces(events) if fmt == "csv" else json_pieces(events)


def to_json(events: list[Event]) -> str:
    return "".join(json_pieces(events))


def to_csv(events: list[Event]) -> str:
    return "".join(csv_pieces(events))


def cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: never a live formula, never a control character.

    A leading ' is how spreadsheets mark text that only looks like a formula.
    """
    if not isinstance(value, str):
        return value
    text = visible(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def render(fmt: str, plan: Plan | None, events: list[Event], stamp: datetime) -> str:
    if fmt == "ics":
        assert plan is not None, "the calendar is made from the plan"
        return to_ics(plan, stamp)
    return to_csv(list(recorded(events))) if fmt == "csv" else to_json(list(recorded(events)))
