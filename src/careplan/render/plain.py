"""The daily views (`today`, `done`, `undo`, `skip`) as plain lines, without rich.

These run many times a day and must start instantly: importing rich's console
alone costs about as much as the rest of `careplan today` (see README,
"Performance"). So they are drawn here with a few ANSI codes, used only when
stdout is a terminal and NO_COLOR is unset, and wrapped to the terminal width.
Every status is a word as well as a mark, so nothing rests on colour alone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import NamedTuple

from careplan.core.day import Day, DayStep
from careplan.core.model import Status
from careplan.core.streaks import STRENGTH_NOTE, summary
from careplan.render import MARK

STYLE = {"bold": "1", "dim": "2", "italic": "3", "green": "32", "cyan": "36"}
# Joins words that belong on one line while wrapping (textwrap breaks only at whitespace);
# a space again once wrapped. NUL, because shown text never holds one (core/visible.py).
GLUE = "\x00"


class Ink(NamedTuple):
    """How to draw: the terminal's width, and whether colour is wanted."""

    width: int = 80
    color: bool = False

    def paint(self, text: str, *styles: str) -> str:
        if not self.color or not styles:
            return text
        codes = ";".join(STYLE[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def wrap(
        self, text: str, indent: str = "", *styles: str, first: str = "", parts: bool = False
    ) -> list[str]:
        """Lines no wider than the terminal; `first` starts the first line (a bullet).

        With `parts`, text made of parts joined by " · " (a summary) breaks only between
        parts, so "strength ███░ growing" is never split from its word.
        """
        width = max(20, self.width)
        room = width - max(len(first), len(indent))
        text = keep_commands(text, room)
        if parts:
            text = keep_parts(text, room)
        lines = textwrap.wrap(
            text,
            width=width,
            initial_indent=first or indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
        ) or [indent]
        return [self.paint(line.replace(GLUE, " "), *styles) for line in lines]


def keep_commands(text: str, room: int) -> str:
    """A command in backticks glued into one unbreakable word, to copy whole (one longer
    than a line is left to wrap as words)."""
    import re  # already loaded by textwrap

    return re.sub(
        r"`[^`]*`", lambda m: m[0].replace(" ", GLUE) if len(m[0]) <= room else m[0], text
    )


def keep_parts(text: str, room: int) -> str:
    """Each " · " part glued into one unbreakable word, the dot ending the part before it
    (a part too long for a line is left to wrap as words)."""
    parts = text.split(" · ")
    glued = [p + " ·" if n < len(parts) - 1 else p for n, p in enumerate(parts)]
    return " ".join(p.replace(" ", GLUE) if len(p) <= room else p for p in glued)


def step_lines(row: DayStep, ink: Ink, low: bool = False, verbose: bool = False) -> list[str]:
    mark, word, _ = MARK[row.status]
    title = row.step.tiny if low and row.step.tiny else row.step.title
    minutes = min(2, row.step.minutes) if low else row.step.minutes
    # "3 min · open" stays together on one line.
    text = f"{row.number:>2}. {mark} {title}  " + f"{minutes} min · {word}".replace(" ", GLUE)
    lines = textwrap.wrap(text, width=max(20, ink.width), subsequent_indent="      ")
    lines = [line.replace(GLUE, " ") for line in lines]
    style = {Status.DONE: ("green",), Status.SKIPPED: ("dim",)}.get(row.status, ())
    lines = [ink.paint(line, *style) for line in lines]
    if verbose:
        lines += ink.wrap(row.step.why, "      ", "italic", "dim")
    return lines


def day_lines(day: Day, ink: Ink, verbose: bool = False, streak: bool = True) -> list[str]:
    lines = [ink.paint(day.date.strftime("%A %-d %B"), "bold")]
    if day.low:
        lines += ink.wrap("A low day: the tiny versions are shown, and each counts in full.")
    if day.rest:
        lines += ink.wrap("Today is a rest day. Your streak holds.")
    if not day.steps:
        lines += ink.wrap("Nothing is scheduled today. A rest is fine.")
    for row in day.steps:
        lines += step_lines(row, ink, day.low, verbose)
    if streak:
        lines += ink.wrap(summary(day.streak, day.strength, verbose), "", "cyan", parts=True)
    if streak and verbose:
        lines += ink.wrap(STRENGTH_NOTE, "", "dim")
    if streak and not day.checked_in:
        lines += ink.wrap(
            "When you have a moment: `careplan checkin` to note how today feels.", "", "dim"
        )
    return lines


def recorded_lines(
    rows: Sequence[DayStep], line: str, ink: Ink, low: bool = False, notes: Sequence[str] = ()
) -> list[str]:
    """The recorded steps' lines, any notes about them, then the streak line."""
    found = [text for row in rows for text in step_lines(row, ink, low)]
    found += [wrapped for note in notes for wrapped in ink.wrap(note)]
    return found + ink.wrap(line, "", "cyan", parts=True)
