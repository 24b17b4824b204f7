"""Text <-> values for the history log (one JSON object per line) and the tally cache.

No disk access here (storage.py owns that). A line that is not a record careplan
wrote (torn by a crash, from elsewhere, or with impossible values) is reported
by its line number and skipped, never fatal.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, NamedTuple

from careplan.core.errors import DataError
from careplan.core.model import Event, EventKind, Plan, StepTally, Tally

# Short keys keep ten years of history small and fast to read.


def event_to_line(event: Event) -> str:
    record: dict[str, Any] = {
        "day": event.day.isoformat(),
        "at": event.at.isoformat(),  # with microseconds when the clock has them
        "kind": event.kind.value,
    }
    if event.step is not None:
        record["step"] = event.step
    if event.felt is not None:
        record["felt"] = event.felt
    if event.note:
        record["note"] = event.note
    if event.kind is EventKind.CHECKIN:
        record["feel"] = event.feel
        if event.words:
            record["words"] = list(event.words)
        if event.body:
            record["body"] = dict(event.body)
        if event.low:
            record["low"] = True
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def event_from_line(line: str) -> Event:
    """Parse one history line; ValueError if it is not a record careplan could have written."""
    raw = json.loads(line)
    if not isinstance(raw, dict):
        raise ValueError("not an object")
    try:
        kind = EventKind(raw["kind"])
        step = _optional(raw, "step", str)
        # (An undo with no step takes back a rest day.)
        if step is None and kind in (EventKind.DONE, EventKind.SKIP):
            raise ValueError(f"a {kind} record names no step")
        words = raw.get("words", [])
        body = raw.get("body", {})
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError("words should be a list of text")
        if not isinstance(body, dict) or not all(isinstance(v, str) for v in body.values()):
            raise ValueError("body should map text to text")
        at = datetime.fromisoformat(_required(raw, "at"))
        if at.tzinfo is not None:  # careplan writes local wall-clock times only
            raise ValueError("a time with a zone")
        return Event(
            day=date.fromisoformat(_required(raw, "day")),
            at=at,
            kind=kind,
            step=step,
            felt=_optional(raw, "felt", int),
            note=_optional(raw, "note", str) or "",
            feel=_optional(raw, "feel", int),
            words=tuple(words),
            body=tuple(body.items()),
            low=bool(_optional(raw, "low", bool)),
        )
    except (KeyError, TypeError, DataError) as err:
        raise ValueError(str(err)) from err


def _required(raw: dict[str, Any], key: str) -> str:
    value = raw[key]
    if not isinstance(value, str):
        raise ValueError(f"{key} should be text")
    return value


def _optional(raw: dict[str, Any], key: str, kind: type) -> Any:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) is not (kind is bool) or not isinstance(value, kind):
        raise ValueError(f"{key} has the wrong type")
    return value


class History(NamedTuple):
    events: list[Event]
    torn: list[int]  # line numbers that could not be read


def parse_history(data: bytes) -> History:
    events: list[Event] = []
    torn: list[int] = []
    for number, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            events.append(event_from_line(raw.decode("utf-8")))
        # UnicodeDecodeError and JSONDecodeError are ValueErrors; [[[[... nests too deep.
        except (ValueError, RecursionError):
            torn.append(number)
    return History(events, torn)


# The tally cache: derived values only, safe to delete at any time.


def tally_to_data(tally: Tally) -> dict[str, Any]:
    return {
        "through": tally.through.isoformat() if tally.through else None,
        "run": tally.run,
        "longest": tally.longest,
        "recent": [d.isoformat() for d in tally.recent],
        "steps": {
            step_id: [t.score, [d.isoformat() for d in t.recent], t.streak]
            for step_id, t in tally.steps.items()
        },
    }


def tally_from_data(raw: dict[str, Any]) -> Tally:
    """Rebuild a Tally; ValueError/KeyError/TypeError if the cache is not one."""
    return Tally(
        through=date.fromisoformat(raw["through"]) if raw["through"] else None,
        run=int(raw["run"]),
        longest=int(raw["longest"]),
        recent=[date.fromisoformat(d) for d in raw["recent"]],
        steps={
            str(step_id): StepTally(
                float(score), [date.fromisoformat(d) for d in recent], int(streak)
            )
            for step_id, (score, recent, streak) in raw["steps"].items()
        },
    )


def plan_key(plan: Plan) -> str:
    """What the streak maths depends on in a plan; a cache made for another key is ignored."""
    parts = [plan.start.isoformat()] + [f"{s.id}|{s.schedule}|{s.paused}" for s in plan.steps]
    return "\n".join(parts)
