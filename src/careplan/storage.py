"""Every byte careplan writes or reads in the data directory.

- Whole files (plan.toml, answers.toml) are written atomically: a temp file in
  the same folder, fsync, os.replace, and the temp removed if anything goes wrong.
- History is an append-only JSON Lines log, appended under an exclusive lock and
  fsync'd; a torn last line (a crash mid-append) is skipped, never fatal.
- The directory is 0700 and files 0600: this is mental-health data.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careplan import codec, historycodec
from careplan.errors import DataError, NoPlanError
from careplan.historycodec import History, parse_history
from careplan.model import Event, Plan, Tally
from careplan.paths import ANSWERS, BACKUPS, CACHE, HISTORY, LOCK, PLAN

if TYPE_CHECKING:
    from careplan.answers import Answers


def _os_problem(err: OSError, path: Path, doing: str) -> DataError:
    """What went wrong on disk, in a sentence, with what to do next."""
    kept = "nothing earlier was changed."
    if err.errno == errno.ENOSPC:
        return DataError(
            f"The disk is full, so careplan could not {doing} {path}.",
            f"Free some space and try again; {kept}",
        )
    if err.errno == errno.EROFS:
        return DataError(
            f"careplan could not {doing} {path}: the disk is read-only.",
            f"Make it writable, or choose another folder with --home; {kept}",
        )
    if err.errno in (errno.EACCES, errno.EPERM):
        return DataError(
            f"careplan is not allowed to {doing} {path}.",
            f"Check the folder's permissions (`careplan doctor` shows them); {kept}",
        )
    if err.errno == errno.EISDIR:
        return DataError(
            f"{path} is a folder, where careplan expects a file.",
            "Move that folder aside and try again.",
        )
    if err.errno == errno.ENOTDIR:
        return DataError(
            f"careplan could not {doing} {path}: part of that path is a file, not a folder.",
            "Check the path (--home or CAREPLAN_HOME) and try again.",
        )
    if err.errno == errno.ENOENT:
        return DataError(f"{path} does not exist.", "Check the path and try again.")
    return DataError(f"careplan could not {doing} {path} ({err.strerror}).", kept.capitalize())


class Store:
    """The data directory. Nothing happens on disk until a method is called."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.plan_path = home / PLAN
        self.answers_path = home / ANSWERS
        self.history_path = home / HISTORY
        self.cache_path = home / CACHE
        self._held = 0

    # -- the folder ---------------------------------------------------------

    def ensure(self) -> None:
        try:
            self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as err:
            raise _os_problem(err, self.home, "create the folder") from err
        if not self.home.is_dir():
            raise DataError(f"{self.home} is a file, where careplan expects a folder.")

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Serialise writers across processes (an flock, released if we die).

        Re-entrant within one Store, so a read-modify-write can hold it throughout.
        """
        if self._held:
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1
            return
        self.ensure()
        path = self.home / LOCK
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as err:
            raise _os_problem(err, path, "open the lock file") from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._held = 1
            yield
        finally:
            self._held = 0
            os.close(fd)  # closing releases the lock

    # -- whole files --------------------------------------------------------

    def atomic_write(self, path: Path, text: str, durable: bool = True) -> None:
        """Replace a whole file at once; `durable=False` skips fsync for derived files."""
        self.ensure()
        try:
            import tempfile  # only writers need it

            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as err:
            raise _os_problem(err, path, "save") from err
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except OSError as err:
            Path(tmp).unlink(missing_ok=True)
            raise _os_problem(err, path, "save") from err
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if durable:
            self._sync_dir()

    def _sync_dir(self) -> None:
        try:
            fd = os.open(self.home, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass  # some filesystems cannot fsync a directory; the rename still happened
        finally:
            os.close(fd)

    def read_text(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            raise DataError(
                f"{path} is not UTF-8 text, so careplan cannot read it.",
                "Save it as UTF-8 in your editor, or restore it from backups/.",
            ) from err
        except OSError as err:
            raise _os_problem(err, path, "read") from err

    def backup(self, path: Path, now: datetime) -> Path:
        """Copy a file into backups/ byte for byte before it is replaced."""
        folder = self.home / BACKUPS
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            data = path.read_bytes()
        except OSError as err:
            raise _os_problem(err, folder, "back up into") from err
        stamp = now.strftime("%Y%m%d-%H%M%S")
        target = folder / f"{path.stem}-{stamp}{path.suffix}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}-{stamp}-{n}{path.suffix}"
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as err:
            raise _os_problem(err, target, "save the backup") from err
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as err:
            target.unlink(missing_ok=True)  # half a backup would look like a whole one
            raise _os_problem(err, target, "save the backup") from err
        return target

    # -- plan and answers ---------------------------------------------------

    def has_plan(self) -> bool:
        return self.plan_path.exists()

    def load_plan(self) -> Plan:
        if not self.plan_path.exists():
            raise NoPlanError(str(self.home))
        return codec.parse_plan(self.read_text(self.plan_path), PLAN)

    def save_plan(self, plan: Plan) -> None:
        self.atomic_write(self.plan_path, codec.plan_to_toml(plan))

    def replace_plan_text(self, text: str, now: datetime) -> Path:
        """Back up plan.toml byte for byte, then replace it whole; returns the backup."""
        with self.lock():
            saved = self.backup(self.plan_path, now)
            self.atomic_write(self.plan_path, text)
        return saved

    def draft_plan(self) -> Path:
        """A private copy of plan.toml beside it, to edit without touching the plan."""
        text = self.read_text(self.plan_path)
        try:
            import tempfile

            fd, name = tempfile.mkstemp(prefix="plan-edit-", suffix=".toml", dir=self.home)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as err:
            raise _os_problem(err, self.home, "save a copy to edit in") from err
        return Path(name)

    def save_answers(self, answers: Answers) -> None:
        header = "# The answers your plan was made from. `careplan init --force` reuses them.\n"
        from careplan import answerfile  # only init and safety-plan need answers

        text = codec.dumps_toml(answerfile.answers_to_data(answers), header)
        self.atomic_write(self.answers_path, text)

    def load_answers(self) -> Answers | None:
        if not self.answers_path.exists():
            return None
        from careplan import answerfile

        return answerfile.parse_answers(self.read_text(self.answers_path), ANSWERS)

    # -- history ------------------------------------------------------------

    def append(self, events: list[Event]) -> int:
        """Append records under the lock, fsync'd; returns the log's new size in bytes.

        Each append starts on a fresh line, so a torn line never swallows ours."""
        payload = "".join(historycodec.event_to_line(e) for e in events).encode("utf-8")
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
                raise _os_problem(err, self.history_path, "save to") from err

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
            return Recent(None, self.history().events, 0)
        tally, offset, pending = cached
        try:
            with open(self.history_path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                start = max(0, offset - CHECK_BYTES)
                if size < offset:
                    return Recent(None, self.history().events, 0)
                handle.seek(start)
                data = handle.read()
        except FileNotFoundError:
            return Recent(None, [], 0)
        except OSError as err:
            raise _os_problem(err, self.history_path, "read") from err
        tail = parse_history(data[offset - start :])
        stale = _check(data[: offset - start]) != pending["check"]
        if stale or any(tally.through is None or e.day <= tally.through for e in tail.events):
            return Recent(None, self.history().events, 0)
        return Recent(tally, pending["events"] + tail.events, offset)

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
            "plan": historycodec.plan_key(plan),
            "offset": offset,
            "check": check,
            "pending": [historycodec.event_to_line(e) for e in later],
            "tally": historycodec.tally_to_data(tally),
        }
        with contextlib.suppress(DataError):  # the cache only saves time; never block a record
            self.atomic_write(self.cache_path, json.dumps(data), durable=False)

    def _read_cache(self, plan: Plan, today: date) -> tuple[Tally, int, dict[str, Any]] | None:
        try:
            raw = json.loads(self.cache_path.read_bytes())
            if raw["version"] != 1 or raw["plan"] != historycodec.plan_key(plan):
                return None
            tally = historycodec.tally_from_data(raw["tally"])
            events = [historycodec.event_from_line(line) for line in raw["pending"]]
            offset = int(raw["offset"])
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None  # missing or unreadable cache: fold the history in full
        if tally.through is not None and tally.through >= today:
            return None
        return tally, offset, {"events": events, "check": raw["check"]}

    def history(self) -> History:
        try:
            data = self.history_path.read_bytes()
        except FileNotFoundError:
            return History([], [])
        except OSError as err:
            raise _os_problem(err, self.history_path, "read") from err
        return parse_history(data)


def _check(data: bytes) -> str:
    """A fingerprint of the history just before the cached offset (not security: an edit check).

    zlib's CRC-32 rather than hashlib: loading OpenSSL costs `today` 2-3 ms at start-up.
    """
    return f"crc32:{zlib.crc32(data):08x}"


# How many bytes before the cached offset must still match, to trust the cache.
CHECK_BYTES = 256


@dataclass
class Recent:
    base: Tally | None  # folded streak state through base.through, or None: fold from scratch
    events: list[Event]  # every event the base does not already include
    offset: int
