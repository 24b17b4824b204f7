"""What `careplan doctor` found: the places it looked at, problems and notes, as values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


@dataclass(frozen=True)
class Place:
    """One of careplan's files or folders, and what doctor saw there."""

    label: str
    path: Path
    state: str
    mode: int | None = None  # permission bits; None when it is not there


@dataclass(frozen=True)
class Finding:
    text: str  # what is wrong, in a sentence
    hint: str = ""  # what to do about it
    detail: tuple[str, ...] = ()  # lines shown as they are (what differs between two files)


@dataclass
class Checkup:
    home: Path
    places: list[Place] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)  # fine as it is, worth knowing
