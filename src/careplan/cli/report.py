"""careplan report: a picture of the weeks as one private HTML file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from careplan.cli.base import command, load, say
from careplan.core.errors import DataError, UsageError


@command()
def report(
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Where to save it (default: careplan-report-DATE.html)."),
    ] = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", min=1, max=2000, help="The last N weeks (default 12).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="From this day, like 2026-01-31.")
    ] = None,
    with_notes: Annotated[
        bool, typer.Option("--with-notes", help="Include your notes and reflections.")
    ] = False,
    open_it: Annotated[bool, typer.Option("--open", help="Open it in your web browser.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """A picture of your weeks as one private web page, with a page to print for an appointment."""
    from careplan.core.report import build_report, period
    from careplan.render.report import report_html

    if weeks is not None and since is not None:
        raise UsageError("Use --weeks or --since, not both.")
    ctx = load().full()
    start = period(ctx.today, weeks, _since(since, ctx.today))
    target = out_file or Path(f"careplan-report-{ctx.today.isoformat()}.html")
    if target.exists() and not force:  # said before the work; said again if one appears
        raise UsageError(
            f"{target} already exists, so careplan left it as it is.",
            "Add --force to replace it, or choose another name with --out.",
        )
    try:
        answers = ctx.data.load_answers()
    except DataError:
        answers = None
        say("answers.toml could not be read, so the report leaves out your sleep and energy.")
    built = build_report(ctx.plan, ctx.log, start, ctx.today, answers, with_notes)
    # 0600, never half-written, never over another file or through a link
    ctx.data.write_named(target, report_html(built, ctx.today), force)
    say(f"Your report is saved in {target}. It is private: share it only if you want to.")
    if open_it:
        import webbrowser

        webbrowser.open(target.resolve().as_uri())


def _since(text: str | None, today: date) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a date like 2026-01-31.") from None
    if day > today:
        raise UsageError(f"{day.isoformat()} is in the future.", "Choose a day up to today.")
    return day
