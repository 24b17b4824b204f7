"""The history on disk: which files hold it, and reading them.

history/<device>.jsonl is each computer's own log. Also read, so nothing recorded is
ever lost: the single history.jsonl of earlier careplans, and every conflict copy a
sync tool left of either (see core/conflicts.py). Reads merge them all (core/merge.py).
Part of store/: only store/ opens these files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from careplan.core import conflicts, merge
from careplan.core.errors import DataError, os_problem
from careplan.core.model import Event, EventKind
from careplan.store import history_codec
from careplan.store.history_codec import History, parse_history
from careplan.store.paths import HISTORY, LEGACY_HISTORY


class Kind(StrEnum):
    LOG = "log"  # a computer's own log
    LEGACY = "legacy"  # history.jsonl of an earlier careplan
    COPY = "copy"  # a sync tool's conflict copy, or any other .jsonl beside the logs


@dataclass(frozen=True)
class LogFile:
    path: Path
    name: str  # relative to the data folder: "history/abcdefghij.jsonl"
    kind: Kind
    device: str = ""  # whose log (LOG only)
    original: str = ""  # the file a copy stands for (COPY only)


def find(home: Path) -> list[LogFile]:
    """Every file holding history, in a fixed order (by name)."""
    found: list[LogFile] = []
    try:
        names = sorted(os.listdir(home))
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        return []
    except OSError as err:
        raise os_problem(err, home, "read") from err
    for name in names:
        if name == LEGACY_HISTORY:
            found.append(LogFile(home / name, name, Kind.LEGACY))
        elif _readable_name(name) and conflicts.original_of(name) == LEGACY_HISTORY:
            found.append(LogFile(home / name, name, Kind.COPY, original=LEGACY_HISTORY))
    folder = home / HISTORY
    try:
        inside = sorted(os.listdir(folder)) if HISTORY in names else []
    except NotADirectoryError:
        inside = []
    except OSError as err:
        raise os_problem(err, folder, "read") from err
    for name in inside:
        if not _readable_name(name):
            continue
        relative = f"{HISTORY}/{name}"
        stem = name[: -len(".jsonl")]
        if merge.is_device(stem):
            found.append(LogFile(folder / name, relative, Kind.LOG, device=stem))
        else:
            original = conflicts.original_of(name) or ""
            found.append(LogFile(folder / name, relative, Kind.COPY, original=original))
    return found


def _readable_name(name: str) -> bool:
    # Sync tools' temporary files (.syncthing.x.tmp, ~x, .x.part) are not history yet.
    return name.endswith(".jsonl") and not name.startswith((".", "~"))


def read(log: LogFile) -> bytes:
    try:
        with open(log.path, "rb") as handle:
            return read_rest(handle)[0]
    except FileNotFoundError:
        return b""
    except IsADirectoryError:
        raise os_problem(OSError(21, "Is a directory"), log.path, "read") from None
    except OSError as err:
        raise os_problem(err, log.path, "read") from err


def parse(
    log: LogFile,
    data: bytes,
    offset: int = 0,
    since: str = "",
    spans: list[tuple[int, int]] | None = None,
) -> History:
    try:
        return parse_history(data, offset, since, spans)
    except history_codec.NewerHistoryError as err:
        raise DataError(f"{log.name}: {err.message}", err.hint) from None


def whole(logs: list[LogFile]) -> History:
    """Every record once, in the order of writing; torn lines and markers as counts."""
    parts = [parse(log, read(log)) for log in logs]
    events = merge.merge(p.events for p in parts)
    return History(
        events,
        [n for p in parts for n in p.torn],
        [n for p in parts for n in p.markers],
        tuple(n for p in parts for n in p.newer),
    )


def since(logs: list[LogFile], day: date) -> list[Event]:
    """Every record for `day` or later, reading each log backwards only as far as needed."""
    groups = []
    for log in logs:
        if log.kind is Kind.COPY:  # a sync tool's leftover: small, and in no order to trust
            groups.append(parse(log, read(log)).events)
        else:
            groups.append(_since_in(log, day))
    return [e for e in merge.merge(groups) if e.day >= day]


def _since_in(log: LogFile, day: date) -> list[Event]:
    """One log read backwards in blocks until a line written well before `day`.

    A computer appends in the order of writing, and a record for a day is written on or
    after that day; so once its own lines written before `day` (less SLACK, for a clock
    set back in an older log) appear, nothing earlier can count for it.
    """
    limit = day - SLACK
    try:
        with open(log.path, "rb") as handle:
            end = handle.seek(0, os.SEEK_END)
            start = end
            while start > 0:
                start = max(0, start - BLOCK)
                handle.seek(start)
                head = handle.read(min(end - start, 4096)).split(b"\n")
                # The first whole line: at a block edge, the one after the cut.
                first = head[0] if not start else head[1] if len(head) > 1 else b""
                if _written_before(first, limit, log.device):
                    break
            handle.seek(start)
            data = read_rest(handle)[0]
    except FileNotFoundError:
        return []
    except OSError as err:
        raise os_problem(err, log.path, "read") from err
    if start:
        cut = data.find(b"\n") + 1
        data, start = data[cut:], start + cut
    return [e for e in parse(log, data, start, day.isoformat()).events if e.day >= day]


def _written_before(line: bytes, day: date, device: str) -> bool:
    """Whether a line was written before `day` (unreadable lines, and records another
    computer wrote that were folded into this log: not known)."""
    try:
        event = history_codec.event_from_line(line.decode("utf-8"))
    except (ValueError, RecursionError, DataError):
        return False
    if event.stamp.era == 0:
        return event.at.date() < day
    if event.stamp.device != device:
        return False
    midnight = datetime.combine(day, time(), UTC) - timedelta(days=1)  # any zone
    return event.stamp.wall < midnight.timestamp() * 1000


def kept(logs: list[LogFile], *kinds: EventKind) -> list[Event]:
    """Every record of these kinds (reflections, plan versions: few, and needed from all of
    history), found without parsing the rest of the history."""
    groups = []
    for log in logs:
        data = read(log)
        lines: set[tuple[int, int]] = set()
        for kind in kinds:
            needle = b'"' + kind.value.encode() + b'"'
            at = data.find(needle)
            while at != -1:  # only the few lines that mention it, found by byte search
                start, end = data.rfind(b"\n", 0, at) + 1, data.find(b"\n", at)
                end = len(data) if end == -1 else end
                lines.add((start, end))
                at = data.find(needle, end)
        for start, end in sorted(lines):
            events = parse(log, data[start:end], start).events
            groups.append([e for e in events if e.kind in kinds])
    return merge.merge(groups)


def pieces(log: LogFile, spans: list[tuple[int, int]]) -> list[Event]:
    """The records in the byte ranges `spans` (start, end) of one log, read by seeking:
    what the checkpoints index says a review needs, and nothing around it."""
    found: list[Event] = []
    try:
        with open(log.path, "rb") as handle:
            for start, end in sorted(spans):
                handle.seek(start)
                found += parse(log, handle.read(end - start), start).events
    except OSError as err:
        raise os_problem(err, log.path, "read") from err
    return found


def read_rest(handle: BinaryIO) -> tuple[bytes, bool]:
    """From where `handle` is to the end, with NUL bytes left out; and whether there were any.

    A crash on some filesystems leaves runs of NULs where data was to be (a 1 GB log of
    nothing but NULs): read in pieces and left out, they cost no memory. JSON text never
    holds a raw NUL, and a run sits within one line (every append starts on a fresh
    line), so every record is kept. (Offsets after a run shift, so a log holding NULs is
    never trusted to the tally cache: see tally_cache.)
    """
    parts = []
    had = False
    while chunk := handle.read(PIECE):
        if b"\x00" in chunk:
            had = True
            chunk = chunk.translate(None, b"\x00")
        parts.append(chunk)
    return (parts[0] if len(parts) == 1 else b"".join(parts)), had


# Logs are read in pieces of this size (most are one piece).
PIECE = 16 * 1024 * 1024
# `since` reads a log backwards in blocks of this size.
BLOCK = 64 * 1024
# How far a clock may have been set back in an older log and still not hide a record.
SLACK = timedelta(days=2)
