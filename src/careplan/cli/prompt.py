"""`careplan today --short`, the prompt segment: answered before typer loads.

A shell prompt runs it at every Enter, so `run` in cli/__init__.py sends the exact
forms `careplan [--home DIR] today --short` here without building the Typer app
(which is two thirds of a daily command's start-up). The Typer command calls the
same `segment`, so both say the same; any other form goes to Typer as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime


def parse_args(argv: list[str]) -> tuple[str | None] | None:
    """(home,) for exactly `[--home DIR] today --short`; None for anything else."""
    home = None
    if len(argv) == 4 and argv[0] == "--home":
        home, argv = argv[1], argv[2:]
    if argv != ["today", "--short"]:
        return None
    return (home,)


def segment(home: str | None, moment: datetime) -> str:
    """ "2 open", or "" when all is done, resting, or there is no plan that can be read."""
    from careplan.core.errors import CareplanError
    from careplan.core.reminders import open_steps, short_line
    from careplan.store import context
    from careplan.store.paths import data_home
    from careplan.store.store import Store

    try:
        ctx = context.load(Store(data_home(home)), moment, heal=True)
    except CareplanError:
        return ""  # a prompt is no place for an error; `careplan today` explains it
    return short_line(open_steps(ctx.plan, ctx.log, ctx.today))


def run_segment(home: str | None, moment: datetime) -> int:
    from careplan.cli import streams

    streams.fill_closed_descriptors()
    text = segment(home, moment)
    if text:
        try:  # the step titles as text: a prompt is a terminal too
            out = streams.stdout()
            out.write(text + "\n")
            out.flush()
        except streams.OutputLost:
            streams.let_go_of_stdout()
            return 1
    return 0
