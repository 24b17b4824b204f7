"""careplan init: the interview, or answers from a file, into a plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careplan.cli import base
from careplan.cli.base import command, ink, lines, say, store
from careplan.core.errors import CareplanError, Notice

if TYPE_CHECKING:
    from careplan.core.answers import Answers
    from careplan.core.interview import Ask, Question
    from careplan.core.model import Plan
    from careplan.store.store import Store

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
    from careplan.core.day import build_day, day_of
    from careplan.core.generate import generate_plan
    from careplan.store import library

    data = store()
    if data.has_plan() and not force:
        raise Notice(
            f"You already have a plan in {data.home}. Nothing was changed.",
            "To make a new one, run `careplan init --force`; the old plan is backed up first.",
        )
    answers = given_answers(data, answers_file, example, force)
    reminders: tuple[str, ...] = ()
    if answers is None:
        answers = interview()
        if not answers.help_first_only:  # stopped at the safety question: help, nothing more
            reminders = ask_reminders()
    elif answers.safety_concern:
        show_crisis(answers.country)
    answers, carried = carried_forward(data, answers) if force else (answers, [])
    moment = base.now()
    day = day_of(moment, answers.day_starts_at)
    old = readable_plan(data) if force else None
    # The start date stays, so days since then can still be filled in with --date.
    start = old.start if old is not None and old.start <= day else day
    plan = generate_plan(answers, library.steps(), start, words=library.stressor_words())
    saved = data.start_over(plan, answers, moment, replace=force)
    if saved is not None:
        say(f"Your old plan is saved as {saved}.")
    if old is not None:
        say(replaced(old, plan))
    if carried:
        say(f"Kept from your saved answers: {', '.join(carried)}.")
    base.refresh()
    say(f"Your plan is ready: {data.plan_path}")
    if answers.alcohol == "a lot":
        say(DRINKING_CAUTION)
    elif "substances" in answers.contributing:
        say(SUBSTANCES_CAUTION)
    if reminders:
        set_reminders(reminders)
    from careplan.render.plain import day_lines

    ctx = base.load()  # the real day: what is already logged for it still shows
    first = build_day(ctx.plan, ctx.log, ctx.today, base=ctx.base)
    lines(day_lines(first, ink(), streak=not answers.help_first_only))
    say(crisis_lines_saved(answers.country))


def readable_plan(data: Store) -> Plan | None:
    try:
        return data.load_plan() if data.has_plan() else None
    except CareplanError:
        return None  # unreadable: it is backed up as it is, and a new start date is fine


def replaced(old: Plan, new: Plan) -> str:
    """What `init --force` replaced, in a sentence."""
    before = {s.id for s in old.steps}
    after = {s.id for s in new.steps}
    kept, added, gone = len(before & after), len(after - before), len(before - after)
    changes = ", ".join(
        text
        for n, text in ((kept, f"{kept} stay"), (added, f"{added} new"), (gone, f"{gone} gone"))
        if n
    )
    return (
        f"This replaced your plan of {len(old.steps)} steps ({changes}). It still starts on "
        f"{new.start:%a %-d %b}, so earlier days can be filled in with --date; any hand edits "
        "are in the backup."
    )


def carried_forward(data: Store, answers: Answers) -> tuple[Answers, list[str]]:
    """New answers, with what the person wrote before and the new ones leave out kept.

    A safety plan is the person's own words: a new interview or answers file without
    one never deletes it. The country for the crisis lines is kept the same way.
    """
    from dataclasses import replace

    try:
        old = data.load_answers()
    except CareplanError:
        return answers, []  # unreadable: it stays in backups/, named by start_over
    if old is None:
        return answers, []
    carried: list[str] = []
    if old.safety_plan and not answers.safety_plan:
        answers = replace(answers, safety_plan=old.safety_plan)
        carried.append("your safety plan")
    if old.country and not answers.country:
        answers = replace(answers, country=old.country)
        carried.append("your country")
    return answers, carried


def crisis_lines_saved(code: str) -> str:
    """Whose crisis lines `sos` will show, and how to change that."""
    from careplan.render.plain import Ink
    from careplan.store import library

    countries, _ = library.crisis()
    change = (
        "To change that: `careplan plan edit` (country), "
        "or `careplan sos --country XX` for one time."
    )
    if not code:
        said = [
            "No country saved: `careplan sos` shows general crisis lines.",
            'To add yours, set country = "NZ" (your code) with `careplan plan edit`.',
        ]
    elif code in countries:
        said = [f"`careplan sos` will show crisis lines for {countries[code].name}.", change]
    else:
        said = [
            f"careplan has no crisis lines for {code} yet, so `careplan sos` shows general ones.",
            change,
        ]
    # Each sentence on lines that fit 60 columns, the narrowest terminal careplan draws
    # for (`say` writes them as they are into a pipe), commands kept whole.
    return "\n".join(line for text in said for line in Ink(width=60).wrap(text))


def show_crisis(country: str | None) -> None:
    """The crisis lines, at once, when the person says they are in danger."""
    from careplan.cli.sos import crisis_lines

    lines(crisis_lines(country, use_locale=False))


def given_answers(
    data: Store, answers_file: Path | None, example: bool, force: bool
) -> Answers | None:
    """Answers from a file, the example, or (with --force) the saved ones; None: ask."""
    from careplan.cli.ask import at_terminal
    from careplan.store import answers_file as answers_text
    from careplan.store import library

    if answers_file is not None:
        return answers_text.parse_answers(data.read_text(answers_file), str(answers_file))
    if example:
        return answers_text.parse_answers(library.example_answers_text(), "example-answers.toml")
    if not force:
        return None
    answers = data.load_answers()
    if answers is not None and at_terminal() and not reuse_saved_answers():
        return None
    if answers is not None:
        say(f"Making a fresh plan from your saved answers in {data.answers_path}.")
    return answers


def reuse_saved_answers() -> bool:
    from careplan.cli.ask import confirm

    return confirm("Start from your saved answers? (No: answer the questions again)", True)


def interview() -> Answers:
    import os

    from careplan.core.interview import run_interview
    from careplan.core.safety import country_from_env
    from careplan.store import library
    from careplan.store.countries import find_country

    say(
        "A few gentle questions. Press Enter to skip any of them, or type back to return "
        "to the one before; Ctrl-C stops without saving anything.\n"
    )
    # Only a locale that names a territory (en_GB.UTF-8) suggests one; C and POSIX do not.
    hint = country_from_env(os.environ) or ""
    return run_interview(prompt_ask(), show_crisis, hint, find_country, library.stressor_words())


def ask_reminders() -> tuple[str, ...]:
    from careplan.core.interview import ask_reminders

    return ask_reminders(prompt_ask())


def set_reminders(times: tuple[str, ...]) -> None:
    """The plan is saved either way: a reminder that cannot be set is said, not fatal."""
    from careplan.cli.remind import install
    from careplan.core.reminders import DEFAULT_QUIET, parse_quiet

    try:
        install(times, parse_quiet(DEFAULT_QUIET))
    except CareplanError as err:
        say(f"Reminders could not be set up: {err.message}")
        say("`careplan remind setup --at 19:00` tries again.")


def prompt_ask() -> Ask:
    """The interview's `ask`, on a real terminal with rich.prompt."""
    from rich.prompt import Prompt
    from rich.text import Text

    from careplan.cli.ask import console as stderr_console

    console = stderr_console()  # questions on stderr: stdout stays for the plan

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
