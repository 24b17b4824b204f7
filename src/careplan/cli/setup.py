"""careplan init: the interview, or answers from a file, into a plan."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careplan.cli import base
from careplan.cli.base import command, ink, lines, out, say, store
from careplan.errors import CareplanError

if TYPE_CHECKING:
    from careplan.answers import Answers
    from careplan.interview import Ask, Question
    from careplan.storage import Store

# -- init ---------------------------------------------------------------------

# Said on screen after a plan for someone who drinks a lot or named substances (the plan's
# first step then is the doctor one; sources in templates/steps/substances.toml).
DRINKING_CAUTION = (
    "A note on drinking: after a lot of drinking, stopping suddenly can be risky "
    "(withdrawal), so talk to a GP or doctor first about cutting down safely."
)
SUBSTANCES_CAUTION = (
    "A note: after heavy drinking or regular use of some drugs, stopping suddenly can be "
    "risky (withdrawal), so talk to a GP or doctor first about cutting down safely."
)


@command()
def init(
    answers_file: Annotated[
        Path | None,
        typer.Option("--answers", help="Answer every question from a TOML file (no prompts)."),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Make a demo plan from example answers.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing plan (it is backed up first).")
    ] = False,
) -> None:
    """Answer a few gentle questions and get a plan of small daily steps."""
    from careplan import library
    from careplan.generate import generate_plan
    from careplan.schedule import build_day, day_of
    from careplan.streaks import replay

    data = store()
    if data.has_plan() and not force:
        raise CareplanError(
            f"You already have a plan in {data.home}. Nothing was changed.",
            "To make a new one, run `careplan init --force`; the old plan is backed up first.",
        )
    answers = given_answers(data, answers_file, example, force)
    if answers is None:
        answers = interview()
    elif answers.safety_concern:
        show_crisis(answers.country)
    moment = base.now()
    day = day_of(moment, answers.day_starts_at)
    plan = generate_plan(answers, library.steps(), day, words=library.stressor_words())
    saved = data.start_over(plan, answers, moment)
    if saved is not None:
        say(f"Your old plan is saved as {saved}.")
    base.refresh()
    say(f"Your plan is ready: {data.plan_path}")
    if answers.alcohol == "a lot":
        say(DRINKING_CAUTION)
    elif "substances" in answers.contributing:
        say(SUBSTANCES_CAUTION)
    from careplan.render.plain import day_lines

    first = build_day(plan, replay([]), plan.start)
    lines(day_lines(first, ink(), streak=not answers.help_first_only))
    say(crisis_lines_saved(answers.country))


def crisis_lines_saved(code: str) -> str:
    """Whose crisis lines `sos` will show, and how to change that."""
    from careplan import library

    countries, _ = library.crisis()
    change = (
        "\nTo change that: `careplan plan edit` (country),"
        "\nor `careplan sos --country XX` for one time."
    )
    if not code:
        return (
            "No country is saved, so `careplan sos` shows\ngeneral crisis lines. To add yours, "
            'set\ncountry = "NZ" (your code) with `careplan plan edit`.'
        )
    if code in countries:
        return f"`careplan sos` will show crisis lines for\n{countries[code].name}.{change}"
    general = "`careplan sos` shows general ones."
    return f"careplan has no crisis lines for {code} yet, so\n{general}{change}"


def show_crisis(country: str | None) -> None:
    """The crisis lines, at once, when the person says they are in danger."""
    from careplan.cli.sos import crisis_lines

    lines(crisis_lines(country, use_locale=False))


def given_answers(
    data: Store, answers_file: Path | None, example: bool, force: bool
) -> Answers | None:
    """Answers from a file, the example, or (with --force) the saved ones; None: ask."""
    from careplan import answerfile, library

    if answers_file is not None:
        return answerfile.parse_answers(data.read_text(answers_file), str(answers_file))
    if example:
        return answerfile.parse_answers(library.example_answers_text(), "example-answers.toml")
    if not force:
        return None
    answers = data.load_answers()
    if answers is not None and sys.stdin.isatty() and not reuse_saved_answers():
        return None
    if answers is not None:
        say(f"Making a fresh plan from your saved answers in {data.answers_path}.")
    return answers


def reuse_saved_answers() -> bool:
    from rich.prompt import Confirm

    return Confirm.ask(
        "Start from your saved answers? (No: answer the questions again)",
        console=out(),
        default=True,
    )


def interview() -> Answers:
    import os

    from careplan.countries import find_country
    from careplan.interview import run_interview
    from careplan.safety import country_from_env

    out().print(
        "A few gentle questions. Press Enter to skip any of them; Ctrl-C stops "
        "without saving anything.\n"
    )
    # Only a locale that names a territory (en_GB.UTF-8) suggests one; C and POSIX do not.
    hint = country_from_env(os.environ) or ""
    return run_interview(prompt_ask(), show_crisis, hint, find_country)


def prompt_ask() -> Ask:
    """The interview's `ask`, on a real terminal with rich.prompt."""
    from rich.prompt import Prompt
    from rich.text import Text

    console = out()

    def ask(question: Question, problem: str = "") -> str:
        if problem:
            console.print(problem, style="yellow", markup=False)
        if question.note:
            console.print(question.note, style="dim", markup=False)
        for n, (_, label) in enumerate(question.options, 1):
            console.print(f"  {n}. {label}", markup=False)
        return Prompt.ask(
            Text(question.text),  # a Text, not markup: the question may hold the person's words
            console=console,
            default=question.default or "",
            show_default=bool(question.default),
        )

    return ask
