"""`careplan doctor`, drawn as plain lines: where the files are, how private, what to look at.

Plain text (no table borders, no trailing spaces), so paths can be copied as they are.
"""

from __future__ import annotations

import textwrap

from careplan.core.checkup import DIR_MODE, FILE_MODE, Checkup, Finding
from careplan.render.plain import Ink

NAME = 20  # width of the file-name column


def _privacy(mode: int | None, wanted: int) -> str:
    if mode is None:
        return ""
    if mode & 0o077:
        return f"others can read it ({mode:04o})"
    return f"private ({mode:04o})" if mode == wanted else f"{mode:04o}"


def _state(state: str, mode: int | None, wanted: int) -> str:
    privacy = _privacy(mode, wanted)
    return f"{state} · {privacy}" if privacy else state


def _wrap(text: str, first: str, rest: str, ink: Ink, *styles: str) -> list[str]:
    wrapped = textwrap.wrap(
        text,
        width=max(30, ink.width),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,  # paths stay whole
    )
    return [ink.paint(line, *styles) for line in wrapped or [first.rstrip()]]


def _findings(title: str, items: list[Finding], ink: Ink) -> list[str]:
    lines = ["", ink.paint(title, "bold")]
    for item in items:
        lines += _wrap(item.text, "  - ", "    ", ink)
        lines += [f"      {line}" for line in item.detail]  # as they are: a diff
        if item.hint:
            lines += _wrap(item.hint, "    ", "    ", ink, "dim")
    return lines


def doctor_lines(report: Checkup, ink: Ink) -> list[str]:
    folder = report.places[0] if report.places else None
    files = report.places[1:]
    if folder is None:  # the folder is a file: the problem below says so
        lines = ["Your careplan folder would be here:"]
    elif folder.mode is None:
        said = "Your careplan folder is not made yet; `careplan init` makes it here:"
        lines = _wrap(said, "", "", ink)
    else:
        lines = [ink.paint(f"Your careplan folder, {_privacy(folder.mode, DIR_MODE)}:", "bold")]
    lines.append(f"  {report.home}")  # whole, on its own line, to copy
    for place in files:
        is_dir = place.label == "Backups"
        inside = place.path.parent == report.home or place.path.parent.parent == report.home
        shown = str(place.path.relative_to(report.home)) if inside else str(place.path)
        name = shown + ("/" if is_dir else "")
        state = _state(place.state, place.mode, DIR_MODE if is_dir else FILE_MODE)
        lines += _wrap(state, f"  {name:<{NAME - 3}} ", " " * NAME, ink)
    if report.problems:
        lines += _findings("Worth a look:", report.problems, ink)
    if report.notes:
        lines += _findings("Good to know:", report.notes, ink)
    if not report.problems:
        lines += ["", "Everything looks fine."]
    return lines
