"""Errors a person can cause. The CLI turns these into a plain message and exit code."""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class CareplanError(Exception):
    """Something the user can fix: a message saying what, and a hint saying how."""

    exit_code = 1
    notice = False  # True: nothing is wrong, only something to know; said without "Error:"

    def __init__(self, message: str, hint: str = "", key: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.key = key  # the field at fault, so a file reader can point at its line


class DataError(CareplanError):
    """A file or value is not as expected (exit 1)."""


class UsageError(CareplanError):
    """The command was asked for something it cannot do (exit 2)."""

    exit_code = 2


class Notice(CareplanError):  # noqa: N818 (not an error: said without "Error:")
    """Not a problem, only something to know ("You already have a plan"): the command did
    nothing, so it still exits 1, but the message is said plainly, without "Error:"."""

    notice = True


class NoPlanError(DataError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"There is no plan yet in {where}.",
            "Run `careplan init` to make one (`--example` for a demo).",
        )


def os_problem(err: OSError, path: Path, doing: str) -> DataError:
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
        missing = path if path.parent.exists() else path.parent
        return DataError(f"{missing} does not exist.", "Check the path and try again.")
    return DataError(f"careplan could not {doing} {path} ({err.strerror}).", kept.capitalize())
