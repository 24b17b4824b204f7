"""Errors a person can cause. The CLI turns these into a plain message and exit code."""

from __future__ import annotations


class CareplanError(Exception):
    """Something the user can fix: a message saying what, and a hint saying how."""

    exit_code = 1

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


class NoPlanError(DataError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"There is no plan yet in {where}.",
            "Run `careplan init` to make one (`--example` for a demo).",
        )
