"""Text <-> values for the history logs (one JSON object per line) and the tally cache.

No disk access here (storage.py owns that). A line that is not a record careplan
wrote (torn by a crash, from elsewhere, or with impossible values) is reported
by its line number and skipped, never fatal; git's conflict markers are noted and
the records on both sides of them read. A record from a newer careplan is an error,
so an older one never half-reads a history it does not understand.

Format 2 (each computer's own log): {"v":2,"id":"<device>-<n>","hlc":[ms,counter],
"at":"...+01:00",...}. Format 1 (the single history.jsonl of earlier versions): no
"v", "id" or "hlc", and a local time without offset; read as it is, ordered by its
place in the file (see core/merge.py).

A record of a kind this careplan does not know (a newer careplan on another computer
wrote it into a synced folder) is passed over quietly: it is kept, not damage.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, NamedTuple

from careplan.core import conflicts, merge
from careplan.core.errors import DataError
from careplan.core.model import (
    Category,
    Event,
    EventKind,
    Plan,
    Schedule,
    Stamp,
    Step,
    StepTally,
    Tally,
)

FORMAT = 2  # the history format this careplan writes, and the newest it reads

# Short keys keep ten years of history small and fast to read.


class NewerHistoryError(DataError):
    def __init__(self, version: object) -> None:
        super().__init__(
            f"Your history holds records from a newer careplan (history format {version}); "
            f"this careplan reads formats up to {FORMAT}.",
            "Update careplan on this computer to read them. Nothing was changed.",
        )


class UnknownKindError(ValueError):
    """A well-formed record of a kind this careplan does not know: from a newer careplan."""


def event_to_line(event: Event) -> str:
    """A stamped record (format 2): `event.rid` and `event.stamp` must be set."""
    record = {"v": FORMAT, "id": event.rid, "hlc": [event.stamp.wall, event.stamp.counter]}
    return json.dumps(record | _content(event), ensure_ascii=False, separators=(",", ":")) + "\n"


def _content(event: Event) -> dict[str, Any]:
    """What was recorded: every field but the id and the stamp."""
    record: dict[str, Any] = {
        "day": event.day.isoformat(),
        "at": event.at.isoformat(),  # with its UTC offset (and microseconds, when there)
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
    if event.plan is not None:
        record["plan"] = version_to_data(event.plan)
    return record


def version_to_data(plan: Plan) -> dict[str, Any]:
    """What decides a day in a plan, as a plan record holds it: the start and each step
    (all but its `why`, which no look back shows)."""
    from careplan.store.plan_file import step_data

    steps = [{k: v for k, v in step_data(step).items() if k != "why"} for step in plan.steps]
    return {"start": plan.start.isoformat(), "steps": steps}


def version_from_data(raw: object) -> Plan:
    """A plan record's plan; ValueError (or DataError) if it is not one careplan wrote."""
    if not isinstance(raw, dict) or not isinstance(raw.get("steps"), list):
        raise ValueError("a plan record without its steps")
    steps = []
    for item in raw["steps"]:
        if not isinstance(item, dict):
            raise ValueError("a step should be a table")
        steps.append(
            Step(
                id=_required(item, "id"),
                title=_required(item, "title"),
                category=Category(_required(item, "category")),
                minutes=_optional(item, "minutes", int) or 0,
                schedule=Schedule.parse(_required(item, "schedule")),
                why="",
                tiny=_required(item, "tiny"),
                anchor=bool(_optional(item, "anchor", bool)),
                expected=_optional(item, "expected", int),
                paused=bool(_optional(item, "paused", bool)),
            )
        )
    return Plan(start=date.fromisoformat(_required(raw, "start")), steps=tuple(steps))


def event_from_line(line: str, offset: int = 0) -> Event:
    """Parse one history line; ValueError if it is not a record careplan could have written.

    `offset`: where the line starts in its file, which orders a format-1 record.
    """
    raw = json.loads(line)
    if not isinstance(raw, dict):
        raise ValueError("not an object")
    version = raw.get("v", 1)
    if version != 1 and version != FORMAT:
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
            raise NewerHistoryError(version)
        raise ValueError("an unknown format")
    try:
        if version == 1:
            rid, stamp = merge.legacy_id(line), merge.legacy_stamp(offset)
        else:
            rid = _required(raw, "id")
            device, _, sequence = rid.rpartition("-")
            wall, counter = raw["hlc"]
            if not (device and sequence.isdecimal() and _whole(wall) and _whole(counter)):
                raise ValueError("not a record id and stamp")
            stamp = Stamp(1, wall, counter, device)
        return _event(raw, rid, stamp, zoned=version == FORMAT)
    except (KeyError, TypeError, DataError) as err:
        raise ValueError(str(err)) from err


def _event(raw: dict[str, Any], rid: str, stamp: Stamp, zoned: bool | None) -> Event:
    """`zoned`: whether `at` must carry a UTC offset (True), must not (False), or either."""
    try:
        kind = EventKind(raw["kind"])
    except ValueError:
        if isinstance(raw["kind"], str) and isinstance(raw.get("day"), str):
            raise UnknownKindError(raw["kind"]) from None
        raise
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
    if zoned is not None and (at.tzinfo is not None) is not zoned:  # format 2: with offset
        raise ValueError("a time without its offset" if zoned else "a time with a zone")
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
        plan=version_from_data(raw.get("plan")) if kind is EventKind.PLAN else None,
        rid=rid,
        stamp=stamp,
    )


def pending_to_data(event: Event) -> dict[str, Any]:
    """An event kept in the tally cache, with its id and stamp whatever its format."""
    return {"r": event.rid, "s": list(event.stamp)} | _content(event)


def pending_from_data(raw: dict[str, Any]) -> Event:
    era, wall, counter, device = raw["s"]
    try:
        return _event(
            raw, str(raw["r"]), Stamp(int(era), int(wall), int(counter), str(device)), None
        )
    except DataError as err:
        raise ValueError(str(err)) from err


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


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
    markers: list[int]  # line numbers of git conflict markers (the records around them count)
    newer: tuple[int, ...] = ()  # line numbers of records of a kind from a newer careplan (kept)


def parse_history(
    data: bytes, offset: int = 0, since: str = "", spans: list[tuple[int, int]] | None = None
) -> History:
    """The records in `data`, which starts `offset` bytes into its file.

    `since` ("YYYY-MM-DD"): lines that plainly count for an earlier day are passed over
    unparsed (a reader looking back a few weeks need not decode what it will drop).
    `spans`, when given, gets each record's line as (start, end) in its file, newline
    left out: where the checkpoints index finds that record again.
    """
    cut = f'"day":"{since}'.encode() if since else b""
    events: list[Event] = []
    torn: list[int] = []
    markers: list[int] = []
    newer: list[int] = []
    at = offset
    for number, raw in enumerate(data.split(b"\n"), 1):
        start, at = at, at + len(raw) + 1
        if not raw.strip():
            continue
        if raw.startswith((b"<", b"=", b">", b"|")) and conflicts.is_marker(raw):
            markers.append(number)
            continue
        if cut:
            at_day = raw.find(b'"day":"')
            if at_day != -1 and raw[at_day : at_day + len(cut)] < cut:
                continue
        try:
            # utf-8-sig: a byte-order mark an editor put in front is not part of the record.
            events.append(event_from_line(raw.decode("utf-8-sig"), start))
            if spans is not None:
                spans.append((start, at - 1))
        except UnknownKindError:
            newer.append(number)
        # UnicodeDecodeError and JSONDecodeError are ValueErrors; [[[[... nests too deep.
        except (ValueError, RecursionError):
            torn.append(number)
    return History(events, torn, markers, tuple(newer))


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
    """What a plan record holds of a plan, as one text: a cache made for another key is
    ignored, so a valid cache also says this plan has been recorded (store/context.py)."""
    return json.dumps(version_to_data(plan), ensure_ascii=False, separators=(",", ":"))
