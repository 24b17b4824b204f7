"""Opening and creating files safely in a folder others might have touched.

- The data folder must be the person's own: another user's folder is refused, since
  what careplan writes there is theirs to read (a planted 0666 history file).
- Inside it, files are opened with O_NOFOLLOW: a link is never written through, and
  never silently replaced by a regular file.
- Missing folders are made 0700 whatever the umask.
- Files asked for by name (an export, a review in Markdown) are never replaced
  unless the person says so; FIFOs and terminals are written in place; links and
  block devices are left alone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from careplan.core.errors import DataError, UsageError, os_problem

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def owner_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"user {uid}"


def check_owner(home: Path) -> None:
    """Refuse a data folder that belongs to someone else (a link is judged by its target)."""
    try:
        info = os.stat(home)
    except FileNotFoundError:
        return
    except OSError as err:
        raise os_problem(err, home, "open") from err
    if info.st_uid != os.geteuid():
        raise DataError(
            f"{home} belongs to {owner_name(info.st_uid)}, not to you, so careplan will not "
            "keep your records there.",
            "Choose a folder of your own with --home or CAREPLAN_HOME.",
        )


def make_folder(folder: Path) -> None:
    """Make `folder` and any missing parents, each 0700 whatever the umask (never 0777)."""
    missing = []
    at = folder
    while not os.path.lexists(at):
        missing.append(at)
        if at.parent == at:
            break
        at = at.parent
    for made in reversed(missing):
        try:
            os.mkdir(made, 0o700)
        except FileExistsError:
            continue  # another careplan made it a moment ago
        os.chmod(made, 0o700)  # a umask like 0277 would leave it unusable


def link_refused(path: Path) -> DataError:
    try:
        target = f" (it points to {os.readlink(path)})"
    except OSError:
        target = ""
    return DataError(
        f"{path} is a link{target}, and careplan does not write through links in its folder.",
        "Put the real file there instead of the link, or point --home or CAREPLAN_HOME "
        "at the folder you want.",
    )


def open_in_folder(path: Path, flags: int, doing: str) -> int:
    """os.open for a file in the data folder: never through a link, never another's file.

    A file of ours that others can read is made private (0600) as it is opened.
    """
    try:
        fd = os.open(path, flags | NOFOLLOW | CLOEXEC, 0o600)
    except OSError as err:
        if err.errno == errno.ELOOP or (err.errno == errno.EEXIST and path.is_symlink()):
            raise link_refused(path) from err
        raise os_problem(err, path, doing) from err
    try:
        info = os.fstat(fd)
        if info.st_uid != os.geteuid():
            raise DataError(
                f"{path} belongs to {owner_name(info.st_uid)}, not to you, so careplan "
                "will not write to it.",
                "Move it aside (careplan makes a new one), or choose a folder of your own "
                "with --home.",
            )
        if stat.S_IMODE(info.st_mode) & 0o077:
            with contextlib.suppress(OSError):
                os.fchmod(fd, 0o600)
    except BaseException:
        os.close(fd)
        raise
    return fd


def refuse_link(path: Path) -> None:
    """Before replacing a file of the data folder: a link there is refused, never replaced."""
    if path.is_symlink():
        raise link_refused(path)


def write_all(fd: int, data: bytes) -> None:
    """Every byte, or an OSError: a short write is never taken as done."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, "short write")
        view = view[written:]


def write_named(path: Path, text: str | Iterable[str], force: bool) -> bool:
    """Write a file the person named (an export, a Markdown review).

    Returns True when a new file was made or one was replaced, False when written in
    place (a FIFO, a terminal, /dev/null). Raises a plain error for anything else.
    `text` may come in pieces (an export of forty years, never all in memory at once).
    """
    pieces = [text] if isinstance(text, str) else text
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise os_problem(err, path, "save") from err
    if info is not None and stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError:
            info = None
        if info is None or not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
            raise DataError(
                f"{path} is a link, so careplan left it as it is.",
                "Give the name of the file itself, or another name, with --out.",
            )
    if info is not None:
        mode = info.st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            _write_in_place(path, pieces)
            return False
        if stat.S_ISDIR(mode):
            raise DataError(
                f"{path} is a folder.", "Give a file name, like history.json, with --out."
            )
        if not stat.S_ISREG(mode):
            raise DataError(
                f"{path} is not a file careplan can write to.", "Choose a file name with --out."
            )
        if not force:
            raise UsageError(
                f"{path} already exists, so careplan left it as it is.",
                "Add --force to replace it, or choose another name.",
            )
    _write_new(path, pieces, replace=info is not None)
    return True


def _write_pieces(fd: int, pieces: Iterable[str]) -> None:
    """Every piece, gathered into blocks of about 64 KiB: few writes, little memory."""
    block: list[str] = []
    size = 0
    for piece in pieces:
        block.append(piece)
        size += len(piece)
        if size >= 65536:
            write_all(fd, "".join(block).encode("utf-8"))
            block, size = [], 0
    if block:
        write_all(fd, "".join(block).encode("utf-8"))


def _write_in_place(path: Path, pieces: Iterable[str]) -> None:
    try:
        # Non-blocking to open: a FIFO nobody reads would otherwise wait forever.
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | CLOEXEC)
    except OSError as err:
        if err.errno == errno.ENXIO:
            raise DataError(
                f"Nothing is reading from {path}, so careplan did not write to it.",
                "Start the program that reads it first, or choose a file name.",
            ) from err
        raise os_problem(err, path, "write to") from err
    try:
        os.set_blocking(fd, True)
        _write_pieces(fd, pieces)
    except OSError as err:
        raise os_problem(err, path, "write to") from err
    finally:
        os.close(fd)


def _write_new(path: Path, pieces: Iterable[str], replace: bool) -> None:
    """A private temp file beside `path`, fsync'd, then linked (new) or renamed (replace)."""
    from careplan.store.store import private_temp

    try:
        fd, tmp = private_temp(path.parent, f".{path.name}.", ".tmp")
    except OSError as err:
        raise os_problem(err, path, "save") from err
    try:
        try:
            _write_pieces(fd, pieces)
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if err.errno == errno.EEXIST:
            raise UsageError(
                f"{path} already exists, so careplan left it as it is.",
                "Add --force to replace it, or choose another name.",
            ) from err
        raise os_problem(err, path, "save") from err
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _link_new(tmp: str, path: Path) -> None:
    """Put `tmp` at `path` only if nothing is there yet (a hard link cannot clobber)."""
    try:
        os.link(tmp, path)
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.lexists(path):  # a filesystem without links: check, then rename
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from err
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def save_error_details(text: str) -> Path | None:
    """Keep the details of an unexpected error where the person can find them (or None).

    One private file, replaced each time, in the platform's state folder: never the
    data folder, which may be the very thing that is wrong.
    """
    from platformdirs import user_state_dir

    folder = Path(user_state_dir("careplan", appauthor=False))
    path = folder / "last-error.txt"
    try:
        make_folder(folder)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | NOFOLLOW | CLOEXEC, 0o600)
        try:
            write_all(fd, text.encode("utf-8", "replace"))
        finally:
            os.close(fd)
    except OSError:
        return None
    return path
