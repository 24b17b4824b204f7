"""careplan doctor: where the files are, who can read them, and whether careplan can."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careplan.cli import base
from careplan.cli.base import command, ink, lines, say, store
from careplan.cli.streams import stdin_is_terminal


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
        done = checkup.fix(
            data, base.now(), confirm=ask_to_remove if stdin_is_terminal() else None
        )
        for line in done:
            say(line)
        if not done:
            say("There was nothing doctor --fix could change.")
    report = checkup.examine(data)
    from careplan.cli import notify

    if not notify.can_notify():
        from careplan.cli.remind import INSTEAD, NO_SERVICE
        from careplan.core.checkup import Finding

        report.notes.append(Finding(NO_SERVICE, INSTEAD))
    lines(doctor_lines(report, ink()))
    if report.problems:
        raise typer.Exit(1)


def ask_to_remove(found: list[Path]) -> bool:
    """Leftovers may hold words the person typed: they are listed, and asked about, first."""
    say("These are left over from an interrupted save or edit:")
    for path in found:
        say(f"  {path}")
    return typer.confirm("Remove them?", default=False, err=True)
