"""What sync tools leave in the data folder, for doctor, `plan check` and `today`.

- Conflict copies of plan.toml and answers.toml (which hold the plan and the safety
  plan): never chosen silently. careplan keeps using the file itself and says that a
  copy exists, what differs and how to keep one; nothing is merged without the person.
- Conflict copies of a history log, and git's conflict markers in one: their records
  are read already (nothing is lost); `doctor --fix` folds a copy's records into a log
  and removes markers, each after a backup.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from careplan.core import conflicts
from careplan.core.errors import DataError, os_problem
from careplan.store import history_codec, history_files
from careplan.store.history_files import Kind, LogFile
from careplan.store.paths import ANSWERS, LEGACY_HISTORY, PLAN

if TYPE_CHECKING:
    from careplan.store.store import Store

WHOLE_FILES = (PLAN, ANSWERS)
USUAL = {PLAN, ANSWERS}


@dataclass(frozen=True)
class FileCopy:
    path: Path  # the copy
    original: Path  # the file careplan uses


def copies_of_files(home: Path) -> list[FileCopy]:
    """Conflict copies of plan.toml and answers.toml, by name (one directory listing)."""
    try:
        names = sorted(os.listdir(home))
    except OSError:
        return []
    found = []
    for name in names:
        if name.startswith(".") or name in USUAL or not name.endswith(".toml"):
            continue
        original = conflicts.original_of(name)
        if original in WHOLE_FILES:
            found.append(FileCopy(home / name, home / original))
    return found


def one_line(found: list[FileCopy]) -> str:
    """What `today` says when a copy exists: one line."""
    first = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return (
        f"Your sync tool left a second version of {first.original.name}{more}: careplan uses "
        f"{first.original.name} as it is; `careplan doctor` shows what differs."
    )


def explain(copy: FileCopy) -> tuple[str, str, list[str]]:
    """(what, how to keep one, the lines that differ) for one copy."""
    name = copy.original.name
    try:
        ours = copy.original.read_text(encoding="utf-8")
        theirs = copy.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        ours, theirs = "", None
    what = (
        f"{copy.path.name} is a second version of {name} that a sync tool kept; careplan "
        f"uses {name} and leaves the copy alone."
    )
    if theirs is None:
        return what, "Open both in an editor to compare, then delete the one you do not want.", []
    if ours == theirs:
        return what, f"The two are the same, so the copy can simply be deleted: {copy.path}", []
    hint = (
        f"To keep {name}: delete the copy ({copy.path}). To keep the copy instead: move it "
        f"over {name} (mv '{copy.path}' '{copy.original}'); careplan checks it on its next "
        "run, and the version it replaces is lost unless you copy it first."
    )
    return what, hint, conflicts.differences(ours, theirs, name, copy.path.name)


@dataclass(frozen=True)
class LogState:
    log: LogFile
    records: int
    torn: list[int]
    markers: list[int]
    new: int  # for a copy: records in no log
    newer: tuple[int, ...] = ()  # records of a kind from a newer careplan (kept as they are)


def examine_logs(store: Store) -> list[LogState]:
    logs = store.logs()
    parsed = {log.name: history_files.parse(log, history_files.read(log)) for log in logs}
    known = {e.rid for log in logs if log.kind is not Kind.COPY for e in parsed[log.name].events}
    states = []
    for log in logs:
        history = parsed[log.name]
        new = sum(e.rid not in known for e in history.events) if log.kind is Kind.COPY else 0
        states.append(
            LogState(
                log,
                len(history.events),
                history.torn,
                history.markers,
                new,
                history.newer,
            )
        )
    return states


def fold_copies(store: Store, now: datetime) -> list[str]:
    """Fold each log copy's records that are in no log into one (after a backup of the
    copy), then remove the copy. Under the caller's lock."""
    logs = store.logs()
    copies = [log for log in logs if log.kind is Kind.COPY]
    if not copies:
        return []
    known = {
        e.rid
        for log in logs
        if log.kind is not Kind.COPY
        for e in history_files.parse(log, history_files.read(log)).events
    }
    said = []
    for copy in copies:
        data = history_files.read(copy)
        stamped: list[bytes] = []
        older: list[bytes] = []  # records of an earlier careplan's history.jsonl
        for line in data.split(b"\n"):
            try:
                event = history_codec.event_from_line(line.decode("utf-8"))
            except (ValueError, RecursionError, DataError):
                continue
            if event.rid in known:
                continue
            known.add(event.rid)
            (older if event.stamp.era == 0 else stamped).append(line + b"\n")
        saved = store.backup(copy.path, now)
        places = []
        if stamped:
            _append_lines(store.own_log(), stamped)
            places.append(f"history/{store.own_log().name}")
        if older:
            _append_lines(store.home / LEGACY_HISTORY, older)
            places.append(LEGACY_HISTORY)
        try:
            copy.path.unlink()
        except OSError as err:
            raise os_problem(err, copy.path, "remove") from err
        count = len(stamped) + len(older)
        into = f" into {' and '.join(places)}" if places else ""
        records = f"{count} record{'s' * (count != 1)}"
        said.append(
            f"{copy.name}: {records} folded{into}; the copy is kept in {saved}."
            if count
            else f"{copy.name}: every record was in a log already; the copy is kept in {saved}."
        )
    return said


def remove_markers(store: Store, now: datetime) -> list[str]:
    """Take git's conflict markers out of a log (after a backup); both sides stay."""
    said = []
    for log in store.logs():
        data = history_files.read(log)
        lines = data.split(b"\n")
        kept = [line for line in lines if not conflicts.is_marker(line)]
        if len(kept) == len(lines):
            continue
        try:
            text = b"\n".join(kept).decode("utf-8")
        except UnicodeDecodeError:
            continue  # not text throughout: left for a person to look at
        saved = store.backup(log.path, now)
        store.atomic_write(log.path, text)
        said.append(f"{log.name}: git's conflict markers removed; the old one is in {saved}.")
    return said


def _append_lines(path: Path, lines: list[bytes]) -> None:
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            size = os.fstat(fd).st_size
            prefix = b""
            if size:
                with open(path, "rb") as handle:
                    handle.seek(size - 1)
                    prefix = b"" if handle.read(1) == b"\n" else b"\n"
            os.write(fd, prefix + b"".join(lines))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as err:
        raise os_problem(err, path, "save to") from err
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
