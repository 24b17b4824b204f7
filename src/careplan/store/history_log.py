"""The history log on disk: appends under the lock, reads of all of it or just its end,
and the tally cache that lets the daily commands skip old history.

Part of storage (a mixin of storage.Store): it owns history.jsonl and tally-cache.json.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import zlib
from contextlib import AbstractContextManager
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from careplan.core.errors import DataError, os_problem
from careplan.core.model import Event, EventKind, Plan, Tally
from careplan.store import history_codec
from careplan.store.history_codec import History, parse_history


class HistoryFile:
    """History methods of Store; Store provides the paths, the lock and atomic_write."""

    history_path: Path
    cache_path: Path

    def lock(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def atomic_write(self, path: Path, text: str, durable: bool = True) -> None:
        raise NotImplementedError

    def append(self, events: list[Event]) -> int:
        """Append records under the lock, fsync'd; returns the log's new size in bytes.

        Each append starts on a fresh line, so a torn line never swallows ours."""
        if not events:  # nothing to add: the log is left exactly as it is, or absent
            try:
                return self.history_path.stat().st_size
            except FileNotFoundError:
                return 0
            except OSError as err:
                raise os_problem(err, self.history_path, "read") from err
        payload = "".join(history_codec.event_to_line(e) for e in events).encode("utf-8")
        with self.lock():
            try:
                fd = os.open(self.history_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                try:
                    size = os.fstat(fd).st_size
                    if size and not self._ends_with_newline(size):
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
                    return size + written
                finally:
                    os.close(fd)
            except OSError as err:
                raise os_problem(err, self.history_path, "save to") from err

    def _ends_with_newline(self, size: int) -> bool:
        with open(self.history_path, "rb") as handle:
            handle.seek(size - 1)
            return handle.read(1) == b"\n"

    def recent(self, plan: Plan, today: date) -> Recent:
        """The saved tally and only the history after it, or all of it if the tally is stale.

        This is what keeps `today` and `done` as fast on day 3650 as on day 1.
        """
        cached = self._read_cache(plan, today)
        if cached is None:
            return Recent(None, self.history().events)
        tally, offset, pending = cached
        try:
            with open(self.history_path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                start = max(0, offset - CHECK_BYTES)
                if size < offset:
                    return Recent(None, self.history().events)
                handle.seek(start)
                data = handle.read()
        except FileNotFoundError:
            return Recent(None, [])
        except OSError as err:
            raise os_problem(err, self.history_path, "read") from err
        tail = parse_history(data[offset - start :])
        stale = _check(data[: offset - start]) != pending["check"]
        if stale or any(tally.through is None or e.day <= tally.through for e in tail.events):
            return Recent(None, self.history().events)
        return Recent(tally, pending["events"] + tail.events)

    def save_cache(self, plan: Plan, tally: Tally, events: list[Event], offset: int) -> None:
        """Remember the tally through `tally.through` and the events after it (derived only)."""
        start = max(0, offset - CHECK_BYTES)
        try:
            with open(self.history_path, "rb") as handle:
                handle.seek(start)
                check = _check(handle.read(offset - start))
        except OSError:
            return  # no cache is fine: the next read folds the history in full
        later = [e for e in events if tally.through is None or e.day > tally.through]
        data = {
            "version": 1,
            "plan": history_codec.plan_key(plan),
            "offset": offset,
            "check": check,
            "pending": [history_codec.event_to_line(e) for e in later],
            "tally": history_codec.tally_to_data(tally),
        }
        with contextlib.suppress(DataError):  # the cache only saves time; never block a record
            self.atomic_write(self.cache_path, json.dumps(data), durable=False)

    def _read_cache(self, plan: Plan, today: date) -> tuple[Tally, int, dict[str, Any]] | None:
        try:
            raw = json.loads(self.cache_path.read_bytes())
            if raw["version"] != 1 or raw["plan"] != history_codec.plan_key(plan):
                return None
            tally = history_codec.tally_from_data(raw["tally"])
            events = [history_codec.event_from_line(line) for line in raw["pending"]]
            offset = int(raw["offset"])
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None  # missing or unreadable cache: fold the history in full
        if tally.through is not None and tally.through >= today:
            return None
        return tally, offset, {"events": events, "check": raw["check"]}

    def since(self, day: date) -> list[Event]:
        """Every record for `day` or later, reading the log backwards only as far as needed.

        Records are appended in time order, and a record for a day is written on or
        after that day, so once lines written well before `day` appear, nothing
        earlier can count for it. SLACK allows for a clock set back a little.
        """
        try:
            with open(self.history_path, "rb") as handle:
                end = handle.seek(0, os.SEEK_END)
                start = end
                while start > 0:
                    start = max(0, start - BLOCK)
                    handle.seek(start)
                    head = handle.read(min(end - start, 4096)).split(b"\n")
                    # The first whole line: at a block edge, the one after the cut.
                    first = head[0] if not start else head[1] if len(head) > 1 else b""
                    if _written_before(first, day - SLACK):
                        break
                handle.seek(start)
                data = handle.read(end - start)
        except FileNotFoundError:
            return []
        except OSError as err:
            raise os_problem(err, self.history_path, "read") from err
        if start:
            data = data[data.find(b"\n") + 1 :]
        return [e for e in parse_history(data).events if e.day >= day]

    def reflections(self) -> list[Event]:
        """Every kept reflection, found without parsing the rest of the log."""
        try:
            data = self.history_path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as err:
            raise os_problem(err, self.history_path, "read") from err
        lines = []
        at = data.find(b'"reflect"')
        while at != -1:  # only the few lines that mention it, found by byte search
            start, end = data.rfind(b"\n", 0, at) + 1, data.find(b"\n", at)
            end = len(data) if end == -1 else end
            lines.append(data[start:end])
            at = data.find(b'"reflect"', end)
        found = parse_history(b"\n".join(lines)).events
        return [e for e in found if e.kind is EventKind.REFLECT]

    def history(self) -> History:
        try:
            data = self.history_path.read_bytes()
        except FileNotFoundError:
            return History([], [])
        except OSError as err:
            raise os_problem(err, self.history_path, "read") from err
        return parse_history(data)


def _check(data: bytes) -> str:
    """A fingerprint of the history just before the cached offset (not security: an edit check).

    zlib's CRC-32 rather than hashlib: loading OpenSSL costs `today` 2-3 ms at start-up.
    """
    return f"crc32:{zlib.crc32(data):08x}"


def _written_before(line: bytes, day: date) -> bool:
    """Whether a history line was written before `day` (unreadable lines: not known)."""
    try:
        return history_codec.event_from_line(line.decode("utf-8")).at.date() < day
    except (ValueError, RecursionError):
        return False


# `since` reads the log backwards in blocks of this size.
BLOCK = 64 * 1024
# How far a clock may have been set back and still not hide a record from `since`.
SLACK = timedelta(days=2)
# How many bytes before the cached offset must still match, to trust the cache.
CHECK_BYTES = 256


class Recent(NamedTuple):
    base: Tally | None  # folded streak state through base.through, or None: fold from scratch
    events: list[Event]  # every event the base does not already include
