"""Help right now: `sos`, and the person's own safety plan (`safety-plan`, `safety-plan edit`).

sos works with no plan, a broken plan or answers file, no data folder and a
read-only one: it only ever reads, leaves out quietly whatever of the person's
own files cannot be read, and has built-in lines should even careplan's own
data be damaged. So it has no error boundary that could hide the lines.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from careplan import cli as base
from careplan.cli import app, command, out, run_default, say, show, store

if TYPE_CHECKING:
    from careplan.safety import CrisisChoice, SafetyPlan


# -- sos -------------------------------------------------------------------------


def crisis_choice(*codes: str | None) -> CrisisChoice:
    """Lines for the first country code given, else the locale's, else the fallback."""
    import os

    from careplan import library
    from careplan.safety import BUILT_IN_CRISIS, choose_crisis, country_from_env

    try:
        countries, fallback = library.crisis()
    except Exception:  # noqa: BLE001 - damaged packaged data must not hide the crisis lines
        countries, fallback = {}, BUILT_IN_CRISIS
    return choose_crisis(countries, fallback, *codes, country_from_env(os.environ))


def show_crisis(country: str | None) -> None:
    from careplan.render.safety import crisis_view

    show(crisis_view(crisis_choice(country)))


@app.command()
def sos(
    country: Annotated[
        str | None, typer.Option("--country", help="Two-letter country code, like GB.")
    ] = None,
    exercise: Annotated[
        str | None,
        typer.Option(
            "--exercise", help="senses, breathing, muscles or cold-water (default: any one)."
        ),
    ] = None,
) -> None:
    """Crisis lines, your safety plan and a grounding exercise, right now. Works with no plan."""
    from careplan.render.safety import crisis_view, safety_plan_view

    plan_country, answers_country, safety_plan = own_safety_details()
    show(crisis_view(crisis_choice(country, plan_country, answers_country)))
    if safety_plan:
        show("", safety_plan_view(safety_plan))
    show("")
    guide(*grounding_exercise(exercise))


def own_safety_details() -> tuple[str | None, str | None, SafetyPlan]:
    """The plan's country, the answers' country and the safety plan, as far as they can be read."""
    plan_country: str | None = None
    answers_country: str | None = None
    safety_plan: SafetyPlan = ()
    try:
        data = store()
    except Exception:  # noqa: BLE001 - no data folder to be found: crisis lines only
        return None, None, ()
    # Each file on its own: a broken plan.toml must not hide the safety plan, nor the reverse.
    with contextlib.suppress(Exception):
        if data.has_plan():
            plan_country = data.load_plan().country
    try:
        answers = data.load_answers()
    except Exception:  # noqa: BLE001 - sos works whatever state the files are in
        say("(Your answers.toml could not be read just now;\n`careplan safety-plan` says why.)")
    else:
        if answers is not None:
            answers_country, safety_plan = answers.country, answers.safety_plan
    return plan_country, answers_country, safety_plan


def grounding_exercise(asked: str | None) -> tuple[str, tuple[str, ...]]:
    """The exercise asked for, else one at random (seeded by the clock, so tests fix it)."""
    from careplan import library
    from careplan.safety import BUILT_IN_EXERCISE, find_exercise, random_exercise

    try:
        exercises = library.grounding()
    except Exception:  # noqa: BLE001 - damaged packaged data: the built-in one still helps
        return BUILT_IN_EXERCISE
    if not exercises:
        return BUILT_IN_EXERCISE
    name = find_exercise(exercises, asked) if asked else None
    if asked and name is None:
        say(f"careplan has no exercise called {asked!r}.\nIt has: {', '.join(exercises)}.")
    return exercises[name or random_exercise(exercises, base.now().isoformat())]


def guide(title: str, steps: tuple[str, ...]) -> None:
    """The exercise whole, or, at a terminal, one step at a time at the person's own pace."""
    from careplan.render.safety import exercise_intro, exercise_step

    show(exercise_intro(title))
    paced = sys.stdin.isatty() and sys.stdout.isatty()
    for number, step in enumerate(steps, 1):
        show(exercise_step(number, step))
        if paced and number < len(steps) and not next_step():
            say("Stopped here. `careplan sos` is here whenever you need it.")
            return
    say("Take your time. Those lines are there when you need them.")


def next_step() -> bool:
    """Wait for Enter; False if the person stops (Ctrl-C, or the input ends)."""
    sys.stderr.write("Press Enter for the next step ")
    sys.stderr.flush()
    try:
        return sys.stdin.readline() != ""
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return False


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
    from careplan.render.safety import safety_plan_view

    answers = store().load_answers()
    if answers is None or not answers.safety_plan:
        say(NO_PLAN_YET)
        return
    show(safety_plan_view(answers.safety_plan, show_empty=True))
    say("To change it: careplan safety-plan edit\nIn a crisis: careplan sos")


@command("edit", app=safety_app)
def safety_plan_edit() -> None:
    """Write or change your safety plan, one part at a time."""
    from dataclasses import replace

    from careplan.answers import Answers
    from careplan.render.safety import safety_plan_view
    from careplan.safety import as_safety_plan, edited_part, plan_parts

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
    with data.lock():  # re-read: `init --force` may have saved new answers meanwhile
        data.save_answers(replace(data.load_answers() or Answers(), safety_plan=after))
    show(safety_plan_view(after, show_empty=True))
    say(f"Saved in {data.answers_path}.\n`careplan sos` shows it with the crisis lines.")


def ask_part(part: str, current: tuple[str, ...]) -> str:
    from rich.prompt import Prompt
    from rich.text import Text

    from careplan.safety import PART_NOTES, PART_TITLES

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
