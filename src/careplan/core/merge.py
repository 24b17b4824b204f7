"""Many computers, one history: the order of writing and the merge of every log. Pure.

Each computer appends only to its own log, so a sync tool never has two versions of
one file to choose between. Reading puts the logs back together:

- Every record carries an id (device + sequence) and a Stamp from a hybrid logical
  clock: the UTC wall time in milliseconds, a counter, the device. A new stamp is
  later than every stamp its computer has seen (its own log and the others' last
  records), even when the clock was set back or the time zone changed, so within one
  computer the order of writing rules, and across computers a record made after
  seeing another's sorts after it.
- The merge keeps each record once (the same record in a log and in a sync tool's
  conflict copy counts once) and sorts by stamp, so it does not depend on the order
  the files are read in, nor on how often a record appears.

No clock and no disk here: times are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable

from careplan.core.model import Event, Stamp

# Device ids: ten characters of RFC 4648 base32, lower case (safe in every file system).
DEVICE_CHARS = "abcdefghijklmnopqrstuvwxyz234567"
DEVICE_LENGTH = 10


def is_device(text: str) -> bool:
    return len(text) == DEVICE_LENGTH and all(c in DEVICE_CHARS for c in text)


def device_from(random_bytes: bytes) -> str:
    """A new device id from random bytes (the caller draws them)."""
    number = int.from_bytes(random_bytes, "big")
    chars = []
    for _ in range(DEVICE_LENGTH):
        number, digit = divmod(number, 32)
        chars.append(DEVICE_CHARS[digit])
    return "".join(chars)


def next_stamp(last: Stamp | None, wall_ms: int, device: str) -> Stamp:
    """The stamp for a record written at `wall_ms` after the latest stamp seen, `last`."""
    if last is None or last.era < 1 or wall_ms > last.wall:
        return Stamp(1, wall_ms, 0, device)
    return Stamp(1, last.wall, last.counter + 1, device)


def record_id(device: str, sequence: int) -> str:
    return f"{device}-{sequence}"


def sequence_of(rid: str, device: str) -> int | None:
    """The sequence number of one of `device`'s records; None for another's."""
    prefix = f"{device}-"
    if rid.startswith(prefix) and rid[len(prefix) :].isdecimal():
        return int(rid[len(prefix) :])
    return None


def legacy_stamp(offset: int) -> Stamp:
    """A record of the single history.jsonl: ordered by its place in that file, where
    careplan appended in the order things were written, and before every stamped record."""
    return Stamp(0, offset, 0, "")


def legacy_id(line: str) -> str:
    """Such a record has no id: the line itself is one (a copy of it is the same record)."""
    return "~" + line.strip()


def merge(groups: Iterable[Iterable[Event]]) -> list[Event]:
    """Every record once, in the order of writing, whatever order the groups come in."""
    # The same record is the same id *and* stamp: a hand edit keeps both, so it still
    # counts once, while a new record that had to reuse an id (after old lines were
    # copied to the end of a log) has a later stamp and is never taken for the old one.
    chosen: dict[tuple[str, Stamp], Event] = {}
    loose: list[Event] = []  # made in memory, not read from a log: nothing to match
    for group in groups:
        for event in group:
            if not event.rid:
                loose.append(event)
                continue
            key = (event.rid, event.stamp)
            kept = chosen.get(key)
            if kept is None or _rank(event) < _rank(kept):
                chosen[key] = event
    ordered = sorted(chosen.values(), key=lambda e: (e.stamp, e.rid))
    return ordered + loose


def _rank(event: Event) -> tuple[Stamp, str]:
    # Two different lines under one id (a hand edit): the earlier stamp, then the text, decide.
    return event.stamp, repr(event)


def in_order(events: Iterable[Event]) -> list[Event]:
    """Events in the order of writing; stable, so ones made in memory keep their order."""
    return sorted(events, key=lambda e: e.stamp)
