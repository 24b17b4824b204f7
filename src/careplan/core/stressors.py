"""What kind of thing weighs on a person, read from their own words, so prompts and steps fit it.

Pure: the word lists come in as a value (library.stressor_words() reads them from
templates/stressor-kinds.toml). Grief and a hard or traumatic event are carried, never
"shrunk": the interview asks what might help carry them, and their steps are about
remembering, company and support.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from functools import cache


class Kind(StrEnum):
    WORK = "work"  # work or study
    MONEY = "money"
    HOUSING = "housing"
    RELATIONSHIPS = "relationships"  # relationships or family
    CARING = "caring"  # caring for someone
    HEALTH = "health"
    GRIEF = "grief"  # grief or loss
    TRAUMA = "trauma"  # a hard or traumatic event
    OTHER = "other"


CARRIED = frozenset({Kind.GRIEF, Kind.TRAUMA})

# Each kind with its words, in the order they are tried ("bereave*" matches a word's start).
Words = tuple[tuple[Kind, tuple[str, ...]], ...]


def kind_of(what: str, contributing: Sequence[str], words: Words) -> Kind:
    """The kind of stressor `what` is: its words first, then what the person said contributes."""
    text = " ".join(what.lower().replace("\u2019", "'").replace("\u2018", "'").split())
    for kind, phrases in words:
        if phrases and _pattern(phrases).search(text):
            return kind
    # Words that say nothing about the kind ("him", "March") from someone who named
    # grief or trauma as contributing: treat it gently as that, never as something to shrink.
    for kind in (Kind.GRIEF, Kind.TRAUMA):
        if kind.value in contributing:
            return kind
    return Kind.OTHER


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    parts = [
        re.escape(p[:-1]) if p.endswith("*") else re.escape(p) + r"(?!\w)"
        for p in sorted(phrases, key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")
