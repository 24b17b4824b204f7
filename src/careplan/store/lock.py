"""The lock careplan's writers share: they wait their turn, and say so, and give up kindly.

An flock on `.lock` (released by the kernel if the holder dies), polled so that a
waiter can say "Waiting for another careplan (pid …)" after a moment and stop
after a timeout with nothing written. Where flock is not supported (ENOLCK on
some NFS, EOPNOTSUPP on some FUSE), a lock file made with O_EXCL holds the pid
instead, and one left by a process that no longer runs is taken over.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from careplan.core.errors import DataError, os_problem
from careplan.store.files import open_in_folder

Notify = Callable[[str], None]

# How long a writer waits before saying so, and between tries.
NOTICE = 1.0
POLL = (0.005, 0.1)
UNSUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL}
BUSY = {errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES}


@contextmanager
def exclusive(path: Path, timeout: float, notify: Notify | None) -> Iterator[None]:
    """Hold the lock at `path` for the body; raise a plain DataError after `timeout` seconds."""
    fd = open_in_folder(path, os.O_RDWR | os.O_CREAT, "open the lock file")
    try:
        if _wait(lambda: _try_flock(fd, path), path, timeout, notify):
            _note_pid(fd)
            yield
            return
    finally:
        os.close(fd)  # closing lets go of the flock
    # flock is not supported on this filesystem: a pid file made with O_EXCL instead.
    with _pid_file(path.with_name(path.name + ".pid"), timeout, notify):
        yield


def _try_flock(fd: int, path: Path) -> bool | None:
    """True: taken. False: someone holds it. None: flock does not work here."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as err:
        if err.errno in BUSY:
            return False
        if err.errno in UNSUPPORTED:
            return None
        raise os_problem(err, path, "lock") from err
    return True


def _wait(
    attempt: Callable[[], bool | None], path: Path, timeout: float, notify: Notify | None
) -> bool:
    """Try until taken (True) or unsupported (False); say so after NOTICE; stop at timeout."""
    started = time.monotonic()
    told = False
    pause = POLL[0]
    while True:
        got = attempt()
        if got is not False:
            return got is True
        waited = time.monotonic() - started
        if waited >= timeout:
            raise timed_out(holder(path), timeout)
        if not told and notify is not None and waited >= min(NOTICE, timeout / 2):
            told = True
            pid = holder(path)
            notify(f"Waiting for another careplan{f' (pid {pid})' if pid else ''} to finish…")
        time.sleep(min(pause, max(0.0, timeout - waited)))
        pause = min(pause * 2, POLL[1])


def timed_out(pid: int | None, timeout: float) -> DataError:
    who = f"Another careplan (pid {pid})" if pid else "Another careplan"
    return DataError(
        f"{who} has been busy with your files for {timeout:g} seconds, so this one stopped "
        "waiting. Nothing was changed.",
        "If that careplan is paused (Ctrl-Z), bring it back with `fg` or close it, then try "
        "again. CAREPLAN_LOCK_TIMEOUT sets how many seconds to wait.",
    )


def holder(path: Path) -> int | None:
    """The pid the lock's holder wrote, if it did (only to name it)."""
    for candidate in (path, path.with_name(path.name + ".pid")):
        try:
            fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            text = os.read(fd, 32).decode("ascii", "replace").strip()
        except OSError:
            text = ""
        finally:
            os.close(fd)
        if text.isdecimal():
            return int(text)
    return None


def _note_pid(fd: int) -> None:
    """Write our pid into the lock file, so a waiting careplan can name us."""
    with contextlib.suppress(OSError):  # only a courtesy: a full disk must not block a save
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)


@contextmanager
def _pid_file(path: Path, timeout: float, notify: Notify | None) -> Iterator[None]:
    def attempt() -> bool:
        try:
            fd = open_in_folder(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, "make the lock file")
        except DataError:
            if not path.exists() or path.is_symlink():
                raise
            if not alive(holder(path)):
                with contextlib.suppress(OSError):
                    path.unlink()  # left by a careplan that was stopped mid-save
            return False
        try:
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass  # an empty pid file still locks; it is only harder to name
        finally:
            os.close(fd)
        return True

    _wait(attempt, path, timeout, notify)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


def alive(pid: int | None) -> bool:
    """Whether a process with this pid runs (unknown pid: assume it does)."""
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
