"""Help right now: `sos`, and the person's own safety plan (`safety-plan`, `safety-plan edit`).

sos works with no plan, a broken plan or answers file, no data folder and a
read-only one: it only ever reads, leaves out quietly whatever of the person's
own files cannot be read, and has built-in lines should even careplan's own
data be damaged. So it has no error boundary that could hide the lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from careplan.cli import base
from careplan.cli.base import app, command, lines, out, run_default, say, store
from careplan.core.errors import CareplanError

if TYPE_CHECKING:
    from careplan.store.store import Store

    SafetyPlan = tuple[tuple[str, tuple[str, ...]], ...]

# -- sos -------------------------------------------------------------------------
# `careplan sos` itself is answered by cli/sos.py before this parser is built; this
# command is the same thing for the forms that need the parser (--help, odd arguments).


@app.command()
def sos(
    country: Annotated[
        str | None,
        typer.Option("--country", help="Your country, by code or name, like GB or Ireland."),
    ] = None,
    exercise: Annotated[
        str | None,
        typer.Option(
            "--exercise", help="senses, breathing, muscles or cold-water (default: any one)."
        ),
    ] = None,
) -> None:
    """Crisis lines, your safety plan and a grounding exercise, right now. Works with no plan."""
    from careplan.cli.sos import run_sos

    run_sos(base.state.home, country, exercise, base.now())


# -- safety-plan -----------------------------------------------------------------

safety_app = typer.Typer(
    help="Your own safety plan: what helps when things get hard, in your own words.",
    rich_markup_mode=None,
)
app.add_typer(safety_app, name="safety-plan")

NO_PLAN_YET = """\
You have no safety plan yet. It is a short list, in your own
words, of the signs that a hard time is starting, what
helps, and who to reach out to. To write one (about five
minutes): careplan safety-plan edit"""


@safety_app.callback(invoke_without_command=True)
def safety_plan(ctx: typer.Context) -> None:
    """Show your safety plan; `careplan safety-plan edit` writes or changes it."""
    run_default(ctx)


@command("show", app=safety_app)
def safety_plan_show() -> None:
    """Show your safety plan."""
    from careplan.render.safety import safety_plan_lines

    answers = store().load_answers()
    if answers is None or not answers.safety_plan:
        say(NO_PLAN_YET)
        return
    lines(fitted(safety_plan_lines(answers.safety_plan, show_empty=True)))
    say("To change it: careplan safety-plan edit\nIn a crisis: careplan sos")


@command("edit", app=safety_app)
def safety_plan_edit() -> None:
    """Write or change your safety plan, one part at a time."""
    from dataclasses import replace

    from careplan.core.safety import as_safety_plan, edited_part, merged_plan, plan_parts
    from careplan.render.safety import safety_plan_lines

    data = store()
    answers = data.load_answers()
    before = answers.safety_plan if answers else ()
    say("Six short parts. Enter keeps what is there;\ntype - to clear a part.")
    parts = {
        part: edited_part(had, ask_part(part, had)) for part, had in plan_parts(before).items()
    }
    after = as_safety_plan(parts)
    if answers is not None and after == before:
        say("Nothing changed.")
        return
    # Locked and re-read: another editor or `init --force` may have saved meanwhile.
    try:
        saved = data.edit_answers(
            lambda now: replace(now, safety_plan=merged_plan(now.safety_plan, before, after))
        )
    except CareplanError as err:
        raise keep_typed(data, after, err) from err
    kept = saved.safety_plan
    lines(fitted(safety_plan_lines(kept, show_empty=True)))
    from careplan.cli.track import point_to_help

    point_to_help(None, [item for _, items in kept for item in items])
    say(f"Saved in {data.answers_path}.\n`careplan sos` shows it with the crisis lines.")


def keep_typed(data: Store, typed: SafetyPlan, err: CareplanError) -> CareplanError:
    """What the person typed is never dropped: kept in a named draft, or shown to copy."""
    from careplan.store.answers_file import safety_plan_text

    text = safety_plan_text(typed)
    try:
        draft = data.keep_draft("safety-plan-draft-", text)
    except CareplanError:
        say("What you typed, to copy somewhere safe:")
        lines(text.splitlines())
        return err
    return type(err)(
        err.message,
        f"What you typed is kept in {draft}.\n{err.hint}".rstrip(),
    )


def fitted(text: list[str]) -> list[str]:
    import shutil

    from careplan.render.safety import fit

    return fit(text, shutil.get_terminal_size().columns)


def ask_part(part: str, current: tuple[str, ...]) -> str:
    from rich.prompt import Prompt
    from rich.text import Text

    from careplan.core.safety import PART_NOTES, PART_TITLES

    console = out()
    console.print()
    console.print(Text(PART_TITLES[part], style="bold"))
    console.print(Text(PART_NOTES[part], style="dim"))
    console.print(Text("  Now: " + ("; ".join(current) if current else "nothing yet")))
    return Prompt.ask(
        Text("Separated by commas" + (" (Enter keeps it)" if current else " (Enter to skip)")),
        console=console,
        default="",
        show_default=False,
    )
