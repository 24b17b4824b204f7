"""careplan remind: the one gentle notification a timer or cron runs, and its set-up
(setup, status, off). The decisions are in core/reminders.py, the unit texts in
core/reminder_units.py, installing them in store/scheduler.py, showing one in
cli/notify.py; this is glue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from careplan.cli import base
from careplan.cli.base import app, command, lines, load, say, store
from careplan.core.errors import CareplanError, UsageError
from careplan.core.reminders import DEFAULT_QUIET
from careplan.store.paths import data_home

if TYPE_CHECKING:
    from careplan.core.reminders import Quiet, Verdict
    from careplan.store.context import Context
    from careplan.store.scheduler import Scheduler, Setup

remind_app = typer.Typer(
    help="A gentle desktop reminder when today's steps are open; setup, status, off.",
    rich_markup_mode=None,
)
app.add_typer(remind_app, name="remind")

At = Annotated[
    list[str] | None,
    typer.Option("--at", metavar="HH:MM", help="A time to remind, like 19:00 (repeat for more)."),
]
QuietHours = Annotated[
    str,
    typer.Option(
        "--quiet",
        metavar="HH:MM-HH:MM",
        help="Quiet hours, when no reminder shows (off for none).",
    ),
]
# Keyed by scheduler.Scheduler's values (a StrEnum), which are not imported until needed.
HOW = {"systemd": "a systemd user timer", "cron": "your crontab", "launchd": "a launchd agent"}
NO_SERVICE = "Reminders cannot be shown here: no desktop notification service is running."
INSTEAD = "`careplan today --short` in your prompt shows what is open instead."


@remind_app.callback(invoke_without_command=True)
def remind_main(
    ctx: typer.Context,
    to_stdout: Annotated[
        bool, typer.Option("--print", help="Print the reminder instead of showing it.")
    ] = False,
    at: At = None,
    quiet: QuietHours = DEFAULT_QUIET,
) -> None:
    """Show one gentle notification when today's steps are open (what a timer runs)."""
    if ctx.invoked_subcommand is not None:
        return
    from careplan.core.reminders import parse_quiet, parse_times

    try:
        times, hours = parse_times(at or []), parse_quiet(quiet)
    except UsageError as err:
        raise typer.BadParameter(f"{err.message} {err.hint}") from None
    remind_now(to_stdout, times, hours)


def remind_now(to_stdout: bool, times: tuple[str, ...], quiet: Quiet | None) -> None:
    """Remind, or do nothing at all: a scheduler's run never complains and exits 0."""
    from careplan.cli import notify
    from careplan.core.reminders import TITLE, Verdict, reminder_line, slot, stamp
    from careplan.store import last_reminder as reminded

    try:
        ctx = load()
        why, count = judge(ctx, times, quiet)
        if why is not Verdict.REMIND:
            return
        if not to_stdout and not notify.can_notify():
            return  # nowhere to show it; the time stays unused
        due = slot(ctx.moment, times)
        if due is not None and not reminded.claim(ctx.data, stamp(due)):
            return
    except CareplanError:
        return  # no plan, or one that cannot be read: `careplan today` will say so
    if to_stdout:
        lines([reminder_line(count)])
    else:
        notify.notify(TITLE, reminder_line(count))


def judge(ctx: Context, times: tuple[str, ...], quiet: Quiet | None) -> tuple[Verdict, int]:
    """Whether a reminder would show now, and how many steps are open."""
    from careplan.core.reminders import open_steps, slot, verdict
    from careplan.store import last_reminder as reminded

    count = open_steps(ctx.plan, ctx.log, ctx.today)
    rest = ctx.today in ctx.log.rest
    due = slot(ctx.moment, times)
    return verdict(ctx.moment, ctx.today, count, rest, quiet, due, reminded.last(ctx.data)), count


def program() -> tuple[str, ...]:
    """careplan by absolute path: the script beside this Python, else `python -m careplan`.

    Not resolved through symlinks: a pipx or venv Python must stay that Python.
    """
    import os
    import sys
    from pathlib import Path

    python = Path(os.path.abspath(sys.executable))
    script = python.parent / "careplan"
    if script.is_file() and os.access(script, os.X_OK):
        return (str(script),)
    return (str(python), "-m", "careplan")


def spoken(times: tuple[str, ...]) -> str:
    return times[0] if len(times) == 1 else f"{', '.join(times[:-1])} and {times[-1]}"


@command("setup", app=remind_app)
def remind_setup(
    at: At = None,
    quiet: QuietHours = DEFAULT_QUIET,
    show: Annotated[
        bool, typer.Option("--show", help="Print what would be installed; change nothing.")
    ] = False,
    using: Annotated[
        str | None,
        typer.Option(
            "--with",
            metavar="systemd|cron|launchd",
            help="The scheduler to use (default: what this computer has).",
        ),
    ] = None,
) -> None:
    """Set gentle reminders at the times you choose (a systemd timer, cron or launchd)."""
    from careplan.core.reminders import in_quiet_hours, parse_quiet, parse_times
    from careplan.store import scheduler

    times, hours = parse_times(at or []), parse_quiet(quiet)
    wanted = scheduler_named(using)
    if not times:
        raise UsageError(
            "Say when with --at, for example `careplan remind setup --at 19:00`.",
            "Two times are fine too: --at 12:30 --at 19:00.",
        )
    inside = in_quiet_hours(times, hours)
    if inside:
        raise UsageError(
            f"{spoken(tuple(inside))} is within your quiet hours ({hours}), "
            "so no reminder would show then.",
            "Choose a time outside them, or change them with --quiet "
            "(for example --quiet 00:00-07:00, or --quiet off).",
        )
    if show:
        chosen = wanted or scheduler.choose(None)
        for where, text in scheduler.planned(chosen, setup_for(times, hours)):
            lines([f"# {where}", *text.splitlines(), ""])
        say("Nothing was installed: that is what `careplan remind setup` would add.")
        return
    install(times, hours, wanted)


def scheduler_named(name: str | None) -> Scheduler | None:
    from careplan.store.scheduler import Scheduler

    if name is None:
        return None
    try:
        return Scheduler(name.lower())
    except ValueError:
        raise UsageError(
            f"careplan does not know a scheduler called {name!r}.", "Use systemd, cron or launchd."
        ) from None


def setup_for(times: tuple[str, ...], quiet: Quiet | None) -> Setup:
    from careplan.store.scheduler import Setup

    home = str(data_home(base.state.home).absolute())
    return Setup(program(), home, times, quiet)


def install(times: tuple[str, ...], quiet: Quiet | None, using: Scheduler | None = None) -> None:
    """Replace any reminders careplan set before with these, and say so."""
    from careplan.cli import notify
    from careplan.store import scheduler

    chosen = scheduler.choose(using)
    data = store()
    scheduler.remove()
    scheduler.install(chosen, setup_for(times, quiet), data.atomic_write)
    say(
        f"Reminders are set for {spoken(times)}, through {HOW[chosen]}. "
        "`careplan remind off` takes them away."
    )
    if not notify.can_notify():
        say(f"{NO_SERVICE} {INSTEAD}")
    if not data.has_plan():
        say("There is no plan yet, so they stay quiet until `careplan init` makes one.")


@command("status", app=remind_app)
def remind_status() -> None:
    """Show the reminders that are set up, and whether they can show here."""
    from careplan.cli import notify
    from careplan.core.reminders import Verdict, parse_quiet, reminder_line
    from careplan.store import scheduler

    found = scheduler.installed()
    if not found:
        lines(["No reminders are set up. `careplan remind setup --at 19:00` sets one."])
    for item in found:
        quiet = "none" if item.quiet == "off" else item.quiet
        lines(
            [
                f"Reminders at {spoken(item.times) if item.times else 'no set time'}, "
                f"through {HOW[item.scheduler]}; quiet hours {quiet}.",
                f"  {item.where}",
            ]
        )
    if not notify.can_notify():
        lines([f"{NO_SERVICE} {INSTEAD}"])
    times = found[0].times if found else ()
    try:
        hours = parse_quiet(found[0].quiet if found else DEFAULT_QUIET)
        why, count = judge(load(), times, hours)
    except CareplanError:
        return  # no plan yet, or one that cannot be read: `careplan today` explains
    if why is Verdict.REMIND:
        lines([f"Right now a reminder would say: {reminder_line(count)}"])
    else:
        lines([f"Right now a reminder would stay quiet: {why}."])


@command("off", app=remind_app)
def remind_off() -> None:
    """Remove the reminders careplan set up, and nothing else."""
    from careplan.store import scheduler

    removed = scheduler.remove()
    if not removed:
        say("No reminders were set up, so nothing was changed.")
        return
    places = ", ".join(HOW[item.scheduler] for item in removed)
    say(f"Reminders are off (removed from {places}). Nothing else was changed.")
