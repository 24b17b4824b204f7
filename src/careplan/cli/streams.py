"""Where careplan's words go: stdout for data, stderr for talk, both made safe.

Light on purpose (no typer, no rich): `careplan sos` uses it before anything else.
Every write shows the person's words as text (see visible.py), and a terminal that
cannot show a character gets a replacement, never a crash.
"""

from __future__ import annotations

import contextlib
import errno
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


def stdin_is_terminal() -> bool:
    """Whether a person can be asked something (stdin may be closed: `<&-`)."""
    return sys.stdin is not None and _isatty(sys.stdin)


def terminal_width() -> int:
    """shutil.get_terminal_size().columns without importing shutil (and bz2, lzma, ...)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def tolerate_any_encoding() -> None:
    """An ASCII or Latin-1 terminal shows '?' for what it cannot draw, instead of crashing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A detached or closed stream: nothing to set.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def fill_closed_descriptors() -> None:
    """Put /dev/null where stdin, stdout or stderr was closed (`>&-`).

    Otherwise the next file careplan opens would get that number, and anything
    written to "stderr" could land in the history. sys.stdout stays None, so a
    command still knows its output has nowhere to go.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, os.O_RDWR)
                if null != fd:  # a lower number was closed too: it is filled first
                    os.dup2(null, fd)
                    os.close(null)


class OutputLost(OSError):  # noqa: N818  # a state, not a programming error: reads better
    """stdout could not take what careplan wrote: closed, full, or the reader went away.

    An OSError, so code that already lets a failed write go (sos) lets this go too.
    """

    def __init__(self, err: BaseException | None) -> None:
        super().__init__(str(err))
        self.broken_pipe = isinstance(err, BrokenPipeError)
        if err is None or isinstance(err, (ValueError, AttributeError)):
            self.reason = "standard output is closed"
        elif isinstance(err, OSError) and err.errno == errno.ENOSPC:
            self.reason = "the disk is full"
        elif self.broken_pipe:
            self.reason = "the program reading it stopped"
        else:
            self.reason = str(getattr(err, "strerror", None) or err)


class SafeText:
    """A text stream that writes only visible text (and, with colour on, colour codes).

    `required` (stdout, the data): a write that cannot happen raises OutputLost.
    Otherwise (stderr, the talk) it is let go: a closed stderr must not turn a
    saved record into an error exit.
    """

    def __init__(self, stream: TextIO | None, required: bool = True, exact: bool = False) -> None:
        self._stream = stream
        self._required = required
        self._exact = exact
        self._colour = colour_allowed(stream)

    def write(self, text: str) -> int:
        try:
            if self._stream is None:
                raise OutputLost(None)
            self._stream.write(text if self._exact else visible(text, keep_colour=self._colour))
        except OutputLost:
            if self._required:
                raise
        except (OSError, ValueError) as err:
            if self._required:
                raise OutputLost(err) from err
        return len(text)

    def flush(self) -> None:
        try:
            if self._stream is not None:
                self._stream.flush()
        except (OSError, ValueError) as err:
            if self._required:
                raise OutputLost(err) from err

    def isatty(self) -> bool:
        return self._stream is not None and _isatty(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def stdout() -> TextIO:
    return SafeText(sys.stdout)  # type: ignore[return-value]  # duck-typed: write, flush, isatty


def data_out() -> TextIO:
    """stdout for a file format that is made safe as it is made (an export): written exactly,
    every write checked."""
    return SafeText(sys.stdout, exact=True)  # type: ignore[return-value]  # duck-typed


def stderr() -> TextIO:
    return SafeText(sys.stderr, required=False)  # type: ignore[return-value]  # duck-typed


def flush_stdout() -> None:
    """Push out what is buffered now, so a full disk shows while careplan can still say so."""
    SafeText(sys.stdout).flush()


def let_go_of_stdout() -> None:
    """After stdout could not be written: point it at /dev/null, so that Python's own
    exit does not trip on it again."""
    stream = sys.stdout
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    with contextlib.suppress(OSError, ValueError):
        stream.flush()


def finish(code: int) -> int:
    """The last flush before exit; output lost here turns a success into exit 1."""
    try:
        flush_stdout()
    except OutputLost:
        let_go_of_stdout()
        return code or 1
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    return code
