"""The history on disk: appends to this computer's own log under the lock, reads of all
of it or just its end, and the tally cache that lets the daily commands skip old history.

Part of store/ (a mixin of store.Store). Which files hold history, and reading them
whole or backwards, is in history_files.py; the cache's file and its validity rule in
tally_cache.py.
"""

from __future__ import annotations

import contextlib
import errno
import os
import zlib
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from careplan.core import merge
from careplan.core.errors import DataError, os_problem
from careplan.core.model import Event, EventKind, Plan, Stamp, Tally
from careplan.store import history_codec, history_files, tally_cache
from careplan.store.files import make_folder, open_in_folder
from careplan.store.history_codec import History
from careplan.store.history_files import LogFile
from careplan.store.paths import HISTORY, device_file
from careplan.store.tally_cache import Seen


class Recent(NamedTuple):
    base: Tally | None  # folded streak state through base.through, or None: fold from scratch
    events: list[Event]  # every event the base does not already include
    seen: dict[str, Seen]  # what was read of each log, for the next cache


class Appended(NamedTuple):
    events: list[Event]  # as written: with their ids and stamps
    log: str  # the log's name in the folder
    before: int  # the log's size before
    payload: bytes
    after: os.stat_result


class HistoryFile:
    """History methods of Store; Store provides the paths, the lock and atomic_write."""

    home: Path
    cache_path: Path
    chosen_device: str | None
    saved: bool

    def lock(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def atomic_write(self, path: Path, text: str, durable: bool = True) -> None:
        raise NotImplementedError

    # -- which computer, which files ------------------------------------------

    def logs(self) -> list[LogFile]:
        return history_files.find(self.home)

    def known_device(self) -> str | None:
        """This computer's device id, if it has one yet (reading never makes one)."""
        if self.chosen_device:
            return self.chosen_device
        try:
            text = device_file().read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return text if merge.is_device(text) else None

    def device(self) -> str:
        """This computer's device id, made the first time it records something."""
        known = self.known_device()
        if known:
            return known
        from careplan.store.store import private_temp  # (store.Store is built on this class)

        path = device_file()
        made = merge.device_from(os.urandom(8))
        try:
            make_folder(path.parent)  # 0700 whatever the umask, parents too
            fd, temp = private_temp(path.parent, ".device-id.", ".tmp")
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(made + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temp, path)  # made only if no other careplan made it first
            except FileExistsError:
                pass
            finally:
                os.unlink(temp)
        except OSError as err:
            raise os_problem(err, path, "save this computer's id to") from err
        known = self.known_device()
        if known is None:
            raise DataError(
                f"{path} does not hold a device id careplan can read.",
                "Delete it: careplan makes a new one (this computer then starts a new log).",
            )
        return known

    def own_log(self) -> Path:
        return self.home / HISTORY / f"{self.device()}.jsonl"

    # -- writing --------------------------------------------------------------

    def append(self, events: list[Event]) -> Appended | None:
        """Append records to this computer's log under the lock, fsync'd, each with an id
        and a stamp later than every one already written here or seen from the others.

        Each append starts on a fresh line, so a torn line never swallows ours."""
        if not events:  # nothing to add: every log is left exactly as it is
            return None
        with self.lock():
            path = self.own_log()
            device = path.stem
            try:
                path.parent.mkdir(mode=0o700, exist_ok=True)
            except OSError as err:
                raise os_problem(err, path.parent, "create the folder") from err
            last, sequence = _latest(self.logs(), device)
            stamped = []
            for event in events:
                at = event.at if event.at.tzinfo else event.at.astimezone()
                last = merge.next_stamp(last, int(at.timestamp() * 1000), device)
                sequence += 1
                rid = merge.record_id(device, sequence)
                stamped.append(_with(event, at, rid, last))
            payload = "".join(history_codec.event_to_line(e) for e in stamped).encode("utf-8")
            try:
                # Never through a link, never into another user's file (store/files.py).
                fd = open_in_folder(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, "save to")
                try:
                    size = os.fstat(fd).st_size
                    if size and os.pread(fd, 1, size - 1) != b"\n":
                        # A crash left a torn line: end it so ours stays whole.
                        payload = b"\n" + payload
                    try:
                        written = os.write(fd, payload)
                        if written != len(payload):
                            raise OSError(errno.ENOSPC, "short write")
                        os.fsync(fd)
                    except OSError:
                        # Take back any part of ours, so the log is exactly as it was.
                        with contextlib.suppress(OSError):
                            os.ftruncate(fd, size)
                        raise
                    after = os.fstat(fd)
                    self.saved = True
                finally:
                    os.close(fd)
            except OSError as err:
                raise os_problem(err, path, "save to") from err
        return Appended(stamped, f"{HISTORY}/{path.name}", size, payload, after)

    # -- reading --------------------------------------------------------------

    def history(self) -> History:
        """Every record of every log and copy, once each, in the order of writing."""
        return history_files.whole(self.logs())

    def since(self, day: date) -> list[Event]:
        return history_files.since(self.logs(), day)

    def any_records(self) -> bool:
        """Whether any log holds anything yet (by its size alone)."""
        for log in self.logs():
            with contextlib.suppress(OSError):  # unreadable: the read that needs it says so
                if log.path.stat().st_size:
                    return True
        return False

    def kept(self, *kinds: EventKind) -> list[Event]:
        """Every record of these kinds in all of history (see history_files.kept)."""
        return history_files.kept(self.logs(), *kinds)

    def full(self) -> Recent:
        """All of the history, and what was seen of each log (for the cache)."""
        groups, seen = [], {}
        for log in self.logs():
            data, stat = tally_cache.read_with_stat(log)
            groups.append(history_files.parse(log, data).events)
            if stat is not None:
                seen[log.name] = tally_cache.seen_of(stat, data)
        return Recent(None, merge.merge(groups), seen)

    def recent(self, plan: Plan, today: date) -> Recent:
        """The saved tally and only the history after it, or all of it if the tally is stale.

        This is what keeps `today` and `done` as fast on day 3650 as on day 1.
        """
        cached = tally_cache.read(self.cache_path, self.home, plan, today)
        if cached is None:
            return self.full()
        tally, pending, seen, saved_ns = cached
        through = tally.through
        tails = tally_cache.tails(self.logs(), seen, saved_ns)
        if tails is None:
            return self.full()
        groups, now_seen = [pending], {}
        for log, data, offset, entry in tails:
            events = history_files.parse(log, data, offset).events
            if any(through is None or e.day <= through for e in events):
                return self.full()  # a back-filled day, or another computer's past days
            groups.append(events)
            now_seen[log.name] = entry
        return Recent(tally, merge.merge(groups), now_seen)

    def cached_plan(self) -> Plan | None:
        """The plan the tally cache was made for (see tally_cache.read_plan)."""
        return tally_cache.read_plan(self.cache_path, self.home)

    def save_cache(
        self,
        plan: Plan,
        tally: Tally,
        events: list[Event],
        seen: dict[str, Seen],
    ) -> None:
        """Remember the tally through `tally.through` and the events after it (derived only)."""
        data = tally_cache.to_text(self.home, plan, tally, events, seen)
        with contextlib.suppress(
            DataError, OSError
        ):  # the cache only saves time; never block a record
            make_folder(self.cache_path.parent)
            self.atomic_write(self.cache_path, data, durable=False)


def after_append(seen: dict[str, Seen], appended: Appended | None) -> dict[str, Seen]:
    """What the cache may say of this computer's log after our own append."""
    if appended is None:
        return seen
    seen = dict(seen)
    entry = seen.pop(appended.log, None)
    st = appended.after
    if appended.before == 0:
        crc = zlib.crc32(appended.payload)
    elif entry is not None and entry.offset == appended.before == entry.size:
        crc = zlib.crc32(appended.payload, entry.crc)
    else:
        return seen  # a torn line before ours: the next read checks this log in full
    seen[appended.log] = Seen(st.st_ino, st.st_size, st.st_mtime_ns, st.st_size, crc)
    return seen


def _with(event: Event, at: Any, rid: str, stamp: Stamp) -> Event:
    from dataclasses import replace

    return replace(event, at=at, rid=rid, stamp=stamp)


def _latest(logs: list[LogFile], device: str) -> tuple[Stamp | None, int]:
    """The latest stamp written in any log (each log's last record), and this computer's
    last sequence number (from its own log)."""
    latest: Stamp | None = None
    sequence = 0
    for log in logs:
        own = log.kind is history_files.Kind.LOG and log.device == device
        try:
            with open(log.path, "rb") as handle:
                end = handle.seek(0, os.SEEK_END)
                start = max(0, end - 4096)
                handle.seek(start)
                data = handle.read()
                if own and b'"' + device.encode() + b"-" not in data and start:
                    handle.seek(0)  # records folded in from elsewhere at the end: look further
                    data, start = history_files.read_rest(handle)[0], 0  # NULs left out
        except OSError:
            continue
        lines = data.split(b"\n")[1 if start else 0 :]
        for line in reversed(lines):
            try:
                event = history_codec.event_from_line(line.decode("utf-8"))
            except (ValueError, RecursionError, DataError):
                continue
            if event.stamp.era == 1 and (latest is None or event.stamp > latest):
                latest = event.stamp
            found = merge.sequence_of(event.rid, device) if own else None
            if found is not None:
                # The highest in the tail, not the last line's: a copy of older lines
                # appended to the log must not make a new record reuse an id (and be
                # taken for that older record).
                sequence = max(sequence, found)
            if not own:
                break
    return latest, sequence
