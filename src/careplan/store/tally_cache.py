"""The tally cache: one file per data folder, on this computer only (never synced), and
the one rule for whether it still holds.

Derived only: the streak maths folded through some day, the records after it, and what
was read of each history file. A read trusts it only while every file is untouched or
only added to (see Seen); anything else means a full read, so the answer is always the
one a full read would give.
"""

from __future__ import annotations

import json
import os
import zlib
from datetime import date
from pathlib import Path
from typing import BinaryIO, NamedTuple

from careplan.core.errors import DataError, os_problem
from careplan.core.model import Event, EventKind, Plan, Tally
from careplan.store import history_codec, history_files
from careplan.store.history_files import LogFile


class Seen(NamedTuple):
    """How a log looked when its records were folded into the cache.

    The cache holds while each log is either untouched (same inode, size and mtime, as
    git's index checks) or only added to (the bytes up to `offset` still have checksum
    `crc`). Anything else, a same-length edit included, means a full read.
    """

    ino: int
    size: int
    mtime_ns: int
    offset: int  # the end of the last whole line read
    crc: int  # CRC-32 of the bytes before `offset`


def to_text(
    home: Path,
    plan: Plan,
    tally: Tally,
    events: list[Event],
    seen: dict[str, Seen],
) -> str:
    later = [e for e in events if tally.through is None or e.day > tally.through]
    if tally.through is not None:
        # The plan version in force on `through` stays too: the days after it are judged
        # by it until the next version, as a full read would judge them.
        versions = [e for e in events if e.kind is EventKind.PLAN and e.day <= tally.through]
        later[:0] = [max(versions, key=lambda e: (e.day, e.stamp))] if versions else []
    data = {
        "version": 2,
        "home": os.path.abspath(home),
        "plan": history_codec.plan_key(plan),
        "seen": {name: list(entry) for name, entry in seen.items()},
        "pending": [history_codec.pending_to_data(e) for e in later],
        "tally": history_codec.tally_to_data(tally),
    }
    return json.dumps(data)


def read_plan(path: Path, home: Path) -> Plan | None:
    """The plan the cache was made for (what a plan record holds of it), if it can tell."""
    try:
        with open(path, "rb") as handle:
            raw = json.loads(handle.read())
        if raw["home"] != os.path.abspath(home):
            return None
        return history_codec.version_from_data(json.loads(raw["plan"]))
    except (OSError, ValueError, KeyError, TypeError, RecursionError, DataError):
        return None  # none, or one made by an earlier careplan


def read(
    path: Path, home: Path, plan: Plan, today: date
) -> tuple[Tally, list[Event], dict[str, Seen], int] | None:
    try:
        with open(path, "rb") as handle:
            saved_ns = os.fstat(handle.fileno()).st_mtime_ns
            raw = json.loads(handle.read())
        if raw["version"] != 2 or raw["plan"] != history_codec.plan_key(plan):
            return None
        if raw["home"] != os.path.abspath(home):
            return None
        tally = history_codec.tally_from_data(raw["tally"])
        events = [history_codec.pending_from_data(item) for item in raw["pending"]]
        seen = {str(name): Seen(*(int(v) for v in entry)) for name, entry in raw["seen"].items()}
    except (OSError, ValueError, KeyError, TypeError, RecursionError, DataError):
        return None  # missing or unreadable cache: fold the history in full
    if tally.through is not None and tally.through >= today:
        return None
    return tally, events, seen, saved_ns


def read_with_stat(log: LogFile) -> tuple[bytes, os.stat_result | None]:
    try:
        with open(log.path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data, had_nul = history_files.read_rest(handle)
            return data, None if had_nul else stat  # NULs shift offsets: never cached
    except FileNotFoundError:
        return b"", None
    except OSError as err:
        raise os_problem(err, log.path, "read") from err


def seen_of(stat: os.stat_result, data: bytes) -> Seen:
    offset = data.rfind(b"\n") + 1
    return Seen(stat.st_ino, stat.st_size, stat.st_mtime_ns, offset, zlib.crc32(data[:offset]))


def tails(
    logs: list[LogFile],
    seen: dict[str, Seen],
    saved_ns: int,
    vouched: dict[str, Seen] | None = None,
) -> list[tuple[LogFile, bytes, int, Seen]] | None:
    """What each log holds after what a derived file (saved at `saved_ns`) has seen of it,
    from where it starts, and what the next one may say of it; None when any log changed
    other than by appends. The one rule for the tally cache and the checkpoints index.

    `vouched`: what this command has just found true of each log (the tally cache's own
    `seen`, checked by `tail` moments ago), so a log grown since needs only its new
    bytes read, not all of it (see `tail`).
    """
    if set(seen) - {log.name for log in logs}:
        return None  # a log or copy went away (folded in, or deleted)
    found = []
    for log in logs:
        rest = tail(log, seen.get(log.name), saved_ns, (vouched or {}).get(log.name))
        if rest is None:
            return None
        found.append((log, *rest))
    return found


def tail(
    log: LogFile, entry: Seen | None, saved_ns: int, vouched: Seen | None = None
) -> tuple[bytes, int, Seen] | None:
    """The bytes of a log after what the cache has seen, from where they start, and what
    the next cache may say of it; None when the log changed other than by appends."""
    try:
        with open(log.path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            now = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            same = entry is not None and now == entry[:3]
            # Changed within a second of the cache being saved ("racily clean", in git's
            # words): the stat alone cannot tell, so the checksum does.
            if same and entry is not None and entry.mtime_ns < saved_ns:
                handle.seek(entry.offset)
                rest, had_nul = history_files.read_rest(handle)
                return None if had_nul else (rest, entry.offset, entry)
            # Grown since, and this command has already checked the file as it is now.
            if entry is not None and vouched is not None and now == vouched[:3]:
                return _grown(handle, stat, entry, vouched)
            data, had_nul = history_files.read_rest(handle)
            if had_nul:
                return None  # read in full instead (see history_files.read_rest)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise os_problem(err, log.path, "read") from err
    start = 0
    if entry is not None:
        if len(data) < entry.offset or zlib.crc32(data[: entry.offset]) != entry.crc:
            return None
        start = entry.offset
    return data[start:], start, seen_of(stat, data)


def _grown(
    handle: BinaryIO, stat: os.stat_result, entry: Seen, vouched: Seen
) -> tuple[bytes, int, Seen] | None:
    """A log's bytes after `entry`, read alone: `vouched` (this very file, checked this
    command) has the checksum of a longer prefix, and a CRC-32 carried on from `entry.crc`
    over the bytes between reaches it only if the bytes before `entry.offset` are the
    ones `entry` saw (a fixed run of bytes maps each starting CRC to a different end)."""
    if vouched.offset < entry.offset:
        return None
    handle.seek(entry.offset)
    rest, had_nul = history_files.read_rest(handle)
    if had_nul or zlib.crc32(rest[: vouched.offset - entry.offset], entry.crc) != vouched.crc:
        return None
    cut = rest.rfind(b"\n") + 1
    crc = zlib.crc32(rest[:cut], entry.crc)
    return (
        rest,
        entry.offset,
        Seen(stat.st_ino, stat.st_size, stat.st_mtime_ns, entry.offset + cut, crc),
    )
