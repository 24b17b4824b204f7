"""careplan export: the plan as a calendar, the history as CSV or JSON."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careplan.cli import base
from careplan.cli.base import command, say, store

if TYPE_CHECKING:
    from careplan.core.model import Event


def _formats(incomplete: str) -> list[str]:
    from careplan.render.export import FORMATS

    return [name for name in FORMATS if name.startswith(incomplete)]


@command()
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="ics: your steps as a calendar. csv or json: your whole history.",
            autocompletion=_formats,
        ),
    ] = "json",
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="Save to this file instead of printing.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No message when saved.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="With --out: replace a file that is already there.")
    ] = False,
) -> None:
    """Export your steps as a calendar (ics), or your history as csv or json."""
    from careplan.render import export as formats
    from careplan.store import history_stream

    chosen = formats.check_format(fmt)
    data = store()
    plan = data.load_plan() if chosen == "ics" else None
    torn: list[int] = []
    count = 0

    def counted(events: Iterable[Event]) -> Iterator[Event]:
        nonlocal count
        for event in events:
            count += 1
            yield event

    if plan is not None:
        pieces: Iterable[str] = [formats.to_ics(plan, base.now().astimezone(UTC))]
    else:
        logs = data.logs()
        if history_stream.streamable(logs):  # record by record: memory flat in its length
            events: Iterable[Event] = history_stream.each_event(logs, torn)
        else:
            history = data.history()
            events, torn = history.events, history.torn
        pieces = formats.history_pieces(chosen, counted(formats.recorded(events)))
    if out_file is None:
        from careplan.cli import streams

        stream = streams.data_out()  # every write checked: a full disk is exit 1, never a 0
        for piece in pieces:
            stream.write(piece)
        stream.flush()
    else:
        # private (0600), never half-written, never over a file without --force
        data.write_named(out_file, pieces, force)
    if torn and not quiet:
        lines = "line" if len(torn) == 1 else "lines"
        say(f"Left out {len(torn)} unreadable history {lines}; see careplan doctor.")
    if out_file is not None and not quiet:
        what = f"{sum(not s.paused for s in plan.steps)} steps" if plan else f"{count} records"
        say(f"Saved {what} to {out_file}.")
