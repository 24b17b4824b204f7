"""careplan plan: show, check, edit, add, pause and resume. plan.toml is the person's own file:
every change is checked before it is written, backed up first, and keeps their comments."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careplan.cli import base
from careplan.cli.base import app, command, lines, refresh, run_default, say, show, store
from careplan.cli.look import plan_show
from careplan.core.errors import DataError, Notice, UsageError

if TYPE_CHECKING:
    from careplan.core.model import Plan
    from careplan.store.store import Store

plan_app = typer.Typer(
    help="Show your plan, or check, edit, add, pause and resume its steps.",
    rich_markup_mode=None,
)
app.add_typer(plan_app, name="plan")

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Say nothing when all is well.")]
StepId = Annotated[str, typer.Argument(help="A step id, as `careplan plan` shows it.")]


@plan_app.callback(invoke_without_command=True)
def plan_main(ctx: typer.Context) -> None:
    """Show your plan, or check, edit, add, pause and resume its steps."""
    run_default(ctx)


# Declared in cli/look.py, without typer, so cli/daily.py answers `careplan plan` too.
command("show", app=plan_app)(plan_show)


@command("check", app=plan_app)
def plan_check(quiet: Quiet = False) -> None:
    """Check plan.toml and explain any problem with its line number."""
    from careplan.render.plan import check_summary
    from careplan.store import leftovers

    data = store()
    for copy in leftovers.copies_of_files(data.home):  # a sync tool's second version
        what, hint, detail = leftovers.explain(copy)
        say("\n".join([what, *(f"  {line}" for line in detail), hint]))
    plan = data.load_plan()
    if not quiet:
        lines([check_summary(plan)])


@command("add", app=plan_app)
def plan_add(
    step_id: Annotated[
        str | None, typer.Argument(help="A library step id (leave out to list them).")
    ] = None,
    schedule: Annotated[
        str, typer.Option("--schedule", help='When: "daily", "weekdays", "mon thu", ...')
    ] = "daily",
    fill: Annotated[
        str, typer.Option("--fill", help="The name or thing for a step like 'Send {person}...'.")
    ] = "",
    quiet: Quiet = False,
) -> None:
    """Add a step from careplan's library (leave out the id to list them)."""
    from careplan.core.model import Schedule
    from careplan.store import library, plan_edit

    templates = {t.id: t for t in library.steps()}
    if step_id is None:
        from careplan.render.plan import library_view

        show(library_view(list(templates.values())))
        return
    if step_id not in templates:
        raise DataError(
            f"careplan's library has no step {step_id!r}.",
            "See the library's steps with `careplan plan add`.",
        )
    try:
        when = Schedule.parse(schedule)
    except DataError as err:  # a schedule typed on the command line is a usage problem
        raise UsageError(err.message, err.hint) from None
    step = plan_edit.library_step(templates[step_id], when, fill.strip())

    def change(plan: Plan, text: str) -> str:
        existing = plan.step(step.id)
        if existing is not None:
            hint = f"It is paused; this brings it back:\n  careplan plan resume {step.id}"
            raise Notice(
                f"Your plan already has the step {step.id!r}.",
                hint if existing.paused else "`careplan plan` shows it.",
            )
        return plan_edit.add_step(text, step)

    rewrite(change)
    if not quiet:
        say(f"Added {step.id} ({step.schedule}) to your plan.")


@command("pause", app=plan_app)
def plan_pause(step_id: StepId, quiet: Quiet = False) -> None:
    """Rest a step for a while: it leaves your days until you resume it."""
    set_paused(step_id, True, quiet)


@command("resume", app=plan_app)
def plan_resume(step_id: StepId, quiet: Quiet = False) -> None:
    """Bring a paused step back into your days."""
    set_paused(step_id, False, quiet)


@command("restore", app=plan_app)
def plan_restore(
    backup: Annotated[
        str | None,
        typer.Argument(help="A backup's number or file name (leave out to list them)."),
    ] = None,
) -> None:
    """Bring back an earlier plan from backups/ (the current one is backed up first)."""
    from careplan.store import backups

    data = store()
    if backup is None:
        listed = backups.backups(data)
        if not listed:
            say("There are no backups yet: careplan saves one each time it replaces your plan.")
            return
        base.lines(restore_list(listed))
        say("To bring one back: `careplan plan restore 1` (your plan now is backed up first).")
        return
    chosen = backups.find(data, backup)
    saved = backups.restore(data, chosen, base.now())
    refresh()
    say(f"Your plan is back as it was in {chosen.name}.")
    if saved is not None:
        say(f"The plan it replaced is saved as {saved.name}, should you want it again.")


def restore_list(listed: list[Path]) -> list[str]:
    from careplan.store import backups

    out = []
    for n, path in enumerate(listed, 1):
        plan = backups.look(path)
        about = (
            f"{len(plan.steps)} steps, since {plan.start:%-d %b %Y}"
            if plan is not None
            else "cannot be read"
        )
        out.append(f"{n:>2}. {path.name} · {about}")
    return out


def set_paused(step_id: str, paused: bool, quiet: bool) -> None:
    from careplan.store import plan_edit

    def change(plan: Plan, text: str) -> str:
        step = plan.step(step_id)
        if step is not None and step.paused == paused:
            return text  # already so: nothing to write
        return plan_edit.set_paused(text, step_id, paused)

    changed = rewrite(change)
    if quiet:
        return
    if paused:
        say(f"{step_id} is {'paused' if changed else 'already paused'}. Resume it any time.")
    else:
        say(f"{step_id} is {'back' if changed else 'already'} in your days.")


def rewrite(change: Callable[[Plan, str], str]) -> bool:
    """Read plan.toml, change its text, check the result, back up and save, under the lock."""

    if not store().rewrite_plan(change, base.now()):
        return False
    refresh()
    return True


# -- edit --------------------------------------------------------------------------


@command("edit", app=plan_app)
def plan_edit() -> None:
    """Open plan.toml in your editor; it is checked before it is saved."""
    data = store()
    original = data.read_text(data.plan_path) if data.has_plan() else None
    if original is None:
        data.load_plan()  # says there is no plan yet, and how to make one
        return
    draft = data.draft_plan()
    try:
        text = edit_until_valid(data, draft)
    except BaseException:
        draft.unlink(missing_ok=True)  # stopped or the editor gave up: no stray copies
        raise
    if text is None:
        say(f"Your plan was not changed. Your edited copy is saved as:\n  {draft}")
        raise typer.Exit(1)
    if text == original and EDITOR_RUNS and EDITOR_RUNS[-1] < AT_ONCE:
        # A window editor (code, gedit, subl) that hands back at once: the person may
        # still be typing in it, so the copy stays where they can find it.
        say(
            "Your editor came back at once, so nothing was changed yet. If it opens in "
            'its own window, make it wait, for example `export EDITOR="code --wait"`, '
            f"and run `careplan plan edit` again. The copy it opened is kept here:\n  {draft}"
        )
        return
    if text == original:
        say("No changes; your plan is as it was.")
    else:
        try:
            saved = save_edit(data, text, original, draft)
        except DataError as err:
            if "edited copy" in err.hint:
                raise
            raise DataError(
                err.message, f"{err.hint}\nYour edited copy is kept, saved as:\n  {draft}"
            ) from err
        refresh()
        say(f"Saved your plan. The old one is backed up as:\n  {saved}")
    with contextlib.suppress(OSError):  # tidying up after a save never undoes it
        draft.unlink(missing_ok=True)


def save_edit(data: Store, text: str, original: str, draft: Path) -> Path:
    """Replace plan.toml with the checked edit, unless it changed meanwhile (then keep both)."""
    return data.save_plan_edit(text, original, base.now(), draft)


def edit_until_valid(data: Store, draft: Path) -> str | None:
    """Run the editor until the copy is a valid plan; None if the person stops there."""
    from careplan.store import plan_file

    while True:
        run_editor(draft)
        text = data.read_text(draft)
        try:
            plan_file.parse_plan(text, "plan.toml")
            return text
        except DataError as problem:
            say(f"Error: {problem.message}")
        try:
            again = typer.confirm("Open it again to fix?", default=True, err=True)
        except typer.Abort:  # Ctrl-C or no more input: keep the copy, as for "no"
            say("")
            again = False
        if not again:
            return None


# How long each editor run took, in seconds (monotonic, not the wall clock). A run under
# AT_ONCE that changed nothing is an editor that did not wait for the person.
EDITOR_RUNS: list[float] = []
AT_ONCE = 1.0


def run_editor(path: Path) -> None:
    import os
    import shlex
    import shutil
    import subprocess
    import time

    command_line = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    words = (
        shlex.split(command_line) or [name for name in ("nano", "vi") if shutil.which(name)][:1]
    )
    if not words:
        raise DataError(
            "careplan could not find a text editor.",
            "Set EDITOR, for example `export EDITOR=nano`, and try again.",
        )
    began = time.monotonic()
    try:
        finished = subprocess.run([*words, str(path)], check=False)
    except OSError as err:
        raise DataError(
            f"The editor {words[0]!r} would not start ({err.strerror}).",
            "Set EDITOR to an editor you have, for example nano.",
        ) from err
    EDITOR_RUNS.append(time.monotonic() - began)
    if finished.returncode != 0:
        raise DataError(
            f"The editor stopped (code {finished.returncode}). Your plan is unchanged."
        )
