"""careplan doctor: where the files are, who can read them, and whether careplan can."""

from __future__ import annotations

from typing import Annotated

import typer

from careplan.cli import base
from careplan.cli.base import command, ink, lines, say, store


@command()
def doctor(
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Make the files private (folders 0700, files 0600), fold a sync tool's "
            "copies of the history into a log, take out git's conflict markers, and save an "
            "older plan in the current schema; each after a backup.",
        ),
    ] = False,
) -> None:
    """Check where your files are, their privacy, whether careplan can read them, and what
    a sync tool left behind."""
    from careplan.render.doctor import doctor_lines
    from careplan.store import doctor as checkup

    data = store()
    if fix:
        for line in checkup.fix(data, base.now()):
            say(line)
    report = checkup.examine(data)
    from careplan.cli import notify

    if not notify.can_notify():
        from careplan.cli.remind import INSTEAD, NO_SERVICE
        from careplan.core.checkup import Finding

        report.notes.append(Finding(NO_SERVICE, INSTEAD))
    lines(doctor_lines(report, ink()))
    if report.problems:
        raise typer.Exit(1)
