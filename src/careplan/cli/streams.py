"""Where careplan's words go: stdout for data, stderr for talk, both made safe.

Light on purpose (no typer, no rich): `careplan sos` uses it before anything else.
Every write shows the person's words as text (see visible.py), and a terminal that
cannot show a character gets a replacement, never a crash.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, TextIO

from careplan.core.visible import visible


def colour_allowed(stream: TextIO | None) -> bool:
    """Colour only on a terminal, never with NO_COLOR or TERM=dumb."""
    return (
        stream is not None
        and _isatty(stream)
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM") != "dumb"
    )


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):  # a closed stream is not a terminal
        return False


def tolerate_any_encoding() -> None:
    """An ASCII or Latin-1 terminal shows '?' for what it cannot draw, instead of crashing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A detached or closed stream: nothing to set.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


class SafeText:
    """A text stream that writes only visible text (and, with colour on, colour codes)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._colour = colour_allowed(stream)

    def write(self, text: str) -> int:
        self._stream.write(visible(text, keep_colour=self._colour))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return _isatty(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def stdout() -> TextIO:
    return SafeText(sys.stdout)  # type: ignore[return-value]  # duck-typed: write, flush, isatty


def stderr() -> TextIO:
    return SafeText(sys.stderr)  # type: ignore[return-value]  # duck-typed: write, flush, isatty
