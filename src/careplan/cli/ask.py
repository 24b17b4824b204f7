"""Questions to the person: always on stderr, so stdout stays the data.

`careplan review > week.txt` and `careplan done 2 > out.txt` must never wait on a
question nobody can see. Optional questions (how a step felt, the week's reflection,
"make these changes?") are asked only when both stdin and stderr are a terminal;
answers a command needs (the interview, a check-in) may also come from a pipe.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def at_terminal() -> bool:
    """Someone is there to answer: stdin and stderr are both a terminal (either may be
    closed: `<&-`, `2>&-`)."""
    from careplan.cli.streams import stdin_is_terminal

    try:
        return stdin_is_terminal() and sys.stderr is not None and sys.stderr.isatty()
    except (ValueError, OSError):
        return False


def console() -> Console:
    """A rich console on stderr, plain with NO_COLOR (like base.out for stdout)."""
    import os

    from rich.console import Console

    from careplan.cli import streams

    plain = "NO_COLOR" in os.environ
    return Console(
        file=streams.stderr(),
        highlight=False,
        color_system=None if plain else "auto",
        no_color=plain,
    )


def prompt(question: str, default: str = "", show_default: bool = False) -> str:
    from rich.prompt import Prompt
    from rich.text import Text

    # A Text, not markup: the question may hold the person's own words.
    return Prompt.ask(
        Text(question), console=console(), default=default, show_default=show_default
    )


def confirm(question: str, default: bool = False) -> bool:
    from rich.prompt import Confirm

    return Confirm.ask(question, console=console(), default=default)
