"""Every byte careplan writes or reads in the data directory.

- Whole files (plan.toml, answers.toml) are written atomically: a temp file in
  the same folder, fsync, os.replace, and the temp removed if anything goes wrong.
- History is an append-only JSON Lines log, appended under an exclusive lock and
  fsync'd; a torn last line (a crash mid-append) is skipped, never fatal.
- The directory is 0700 and files 0600: this is mental-health data.
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from careplan import codec
from careplan.errors import DataError, NoPlanError
from careplan.model import Answers, Event, Plan
from careplan.paths import ANSWERS, BACKUPS, HISTORY, LOCK, PLAN

# How far from the end `read_recent` looks first; grows until it has enough days.
TAIL_BYTES = 64 * 1024


def _os_problem(err: OSError, path: Path, doing: str) -> DataError:
    if err.errno == errno.ENOSPC:
        return DataError(
            f"The disk is full, so careplan could not {doing} {path}.",
            "Free some space and try again; nothing earlier was changed.",
        )
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return DataError(
            f"careplan is not allowed to {doing} {path}.",
            "Check the folder's permissions (careplan doctor shows them).",
        )
    if err.errno == errno.EISDIR:
        return DataError(
            f"{path} is a folder, where careplan expects a file.",
            "Move that folder aside and try again.",
        )
    return DataError(f"careplan could not {doing} {path} ({err.strerror}).")


class Store:
    """The data directory. Nothing happens on disk until a method is called."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.plan_path = home / PLAN
        self.answers_path = home / ANSWERS
        self.history_path = home / HISTORY

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
        """Serialise writers across processes (an flock, released if we die)."""
        self.ensure()
        path = self.home / LOCK
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as err:
            raise _os_problem(err, path, "open the lock file") from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    # -- whole files --------------------------------------------------------

    def atomic_write(self, path: Path, text: str) -> None:
        self.ensure()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except OSError as err:
            Path(tmp).unlink(missing_ok=True)
            raise _os_problem(err, path, "save") from err
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
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
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as err:
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

    def save_answers(self, answers: Answers) -> None:
        header = "# The answers your plan was made from. `careplan init --force` reuses them.\n"
        text = codec.dumps_toml(codec.answers_to_data(answers), header)
        self.atomic_write(self.answers_path, text)

    def load_answers(self) -> Answers | None:
        if not self.answers_path.exists():
            return None
        return codec.parse_answers(self.read_text(self.answers_path), ANSWERS)

    # -- history ------------------------------------------------------------

    def append(self, events: list[Event]) -> None:
        """Append records under the lock; each append starts on a fresh line."""
        payload = "".join(codec.event_to_line(e) for e in events).encode("utf-8")
        with self.lock():
            try:
                fd = os.open(self.history_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                try:
                    size = os.fstat(fd).st_size
                    if size and not self._ends_with_newline(size):
                        # A crash left a torn line: end it so ours stays whole.
                        payload = b"\n" + payload
                    os.write(fd, payload)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as err:
                raise _os_problem(err, self.history_path, "save to") from err

    def _ends_with_newline(self, size: int) -> bool:
        with open(self.history_path, "rb") as handle:
            handle.seek(size - 1)
            return handle.read(1) == b"\n"

    def history(self) -> History:
        try:
            data = self.history_path.read_bytes()
        except FileNotFoundError:
            return History([], [])
        except OSError as err:
            raise _os_problem(err, self.history_path, "read") from err
        return parse_history(data)


@dataclass
class History:
    events: list[Event]
    torn: list[int]  # line numbers that could not be read


def parse_history(data: bytes) -> History:
    events: list[Event] = []
    torn: list[int] = []
    for number, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            events.append(codec.event_from_line(raw.decode("utf-8")))
        except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            torn.append(number)
    return History(events, torn)
