"""The careplan command line: parse, resolve paths, read the clock once, call, render.

The only module that prints, prompts or exits. Heavy imports (rich renderers,
tomli_w, the interview) happen inside the commands that use them, so
`careplan today` starts fast.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from careplan import __version__
from careplan.errors import CareplanError, UsageError
from careplan.paths import data_home

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from careplan.interview import Ask, CheckinReply, Question
    from careplan.model import Answers, Event, EventKind, Plan, Tally
    from careplan.storage import Store
    from careplan.streaks import Log

HELP = """\
careplan: small, kind daily steps for when feelings seem far away.

In a crisis, run `careplan sos` for crisis lines and a grounding exercise.
careplan is self-care support, not treatment.
"""

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


class _State:
    home: str | None = None
    debug: bool = False


state = _State()


def now() -> datetime:
    """The one place careplan reads the clock."""
    return datetime.now()


def out() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def show(*items: RenderableType | str) -> None:
    console = out()
    for item in items:
        console.print(item)


def say(message: str) -> None:
    """Talk to the person on stderr, so stdout stays clean for data.

    Plain text, unwrapped: messages often hold paths a person may want to copy.
    """
    sys.stderr.write(message + "\n")


F = TypeVar("F", bound=Callable[..., Any])


def command(*args: Any, **kwargs: Any) -> Callable[[F], F]:
    """Register a command behind careplan's one error boundary."""

    def register(fn: F) -> F:
        @functools.wraps(fn)
        def guarded(*a: Any, **k: Any) -> Any:
            try:
                return fn(*a, **k)
            except CareplanError as error:
                if state.debug:
                    raise
                say(f"Error: {error.message}")
                if error.hint:
                    say(error.hint)
                raise typer.Exit(error.exit_code) from None
            except KeyboardInterrupt:
                say("\nStopped. Nothing was saved.")
                raise typer.Exit(130) from None

        (kwargs.pop("app", None) or app).command(*args, **kwargs)(guarded)
        return fn

    return register


def version_callback(value: bool) -> None:
    if value:
        print(f"careplan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    home: Annotated[
        str | None,
        typer.Option("--home", help="Data folder (default: $CAREPLAN_HOME or your data dir)."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", hidden=True)] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True)
    ] = False,
) -> None:
    state.home = home
    state.debug = debug


def store() -> Store:
    from careplan.storage import Store

    return Store(data_home(state.home))


def parse_day(text: str | None, plan: Plan, today: date) -> date:
    """--date: a past day inside the plan's life; today when not given."""
    if text is None:
        return today
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a date like 2026-01-31.") from None
    if day > today:
        raise UsageError(
            f"{day.isoformat()} is in the future; careplan records days that have happened.",
            "Leave out --date for today.",
        )
    if day < plan.start:
        raise UsageError(
            f"Your plan started on {plan.start.isoformat()}, so {day.isoformat()} is before it."
        )
    return day


# -- init ---------------------------------------------------------------------


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
    from careplan import codec, library
    from careplan.generate import generate_plan
    from careplan.schedule import build_day, day_of
    from careplan.streaks import replay

    data = store()
    if data.has_plan() and not force:
        raise CareplanError(
            f"You already have a plan in {data.home}. Nothing was changed.",
            "To make a new one, run `careplan init --force`; the old plan is backed up first.",
        )
    answers: Answers | None = None
    if answers_file is not None:
        answers = codec.parse_answers(data.read_text(answers_file), str(answers_file))
    elif example:
        answers = codec.parse_answers(library.example_answers_text(), "example-answers.toml")
    elif force:
        answers = data.load_answers()
        if answers is not None and sys.stdin.isatty() and not reuse_saved_answers():
            answers = None
        if answers is not None:
            say(f"Making a fresh plan from your saved answers in {data.answers_path}.")
    if answers is None:
        answers = interview()
    elif answers.safety_concern:
        show_crisis(answers.country)
    moment = now()
    plan = generate_plan(answers, library.steps(), day_of(moment, answers.day_starts_at))
    with data.lock():
        if data.has_plan():
            saved = data.backup(data.plan_path, moment)
            say(f"Your old plan is saved as {saved}.")
        data.save_answers(answers)
        data.save_plan(plan)
    say(f"Your plan is ready: {data.plan_path}")
    from careplan.render import day_view

    show(day_view(build_day(plan, replay([]), plan.start)))


def reuse_saved_answers() -> bool:
    from rich.prompt import Confirm

    return Confirm.ask(
        "Start from your saved answers? (No: answer the questions again)",
        console=out(),
        default=True,
    )


def interview() -> Answers:
    import locale

    from careplan.interview import run_interview
    from careplan.safety import country_from_locale

    out().print(
        "A few gentle questions. Press Enter to skip any of them; Ctrl-C stops "
        "without saving anything.\n"
    )
    hint = country_from_locale(locale.getlocale()[0]) or ""
    return run_interview(prompt_ask(), lambda: show_crisis(None), hint)


def prompt_ask() -> Ask:
    """The interview's `ask`, on a real terminal with rich.prompt."""
    from rich.prompt import Prompt

    console = out()

    def ask(question: Question, problem: str = "") -> str:
        if problem:
            console.print(problem, style="yellow")
        if question.note:
            console.print(question.note, style="dim")
        for n, (_, label) in enumerate(question.options, 1):
            console.print(f"  {n}. {label}")
        return Prompt.ask(
            question.text,
            console=console,
            default=question.default or "",
            show_default=bool(question.default),
        )

    return ask


# -- today and recording ---------------------------------------------------------


@dataclass
class Context:
    """One command's view of the data: the plan, the clock read once, and the history."""

    data: Store
    plan: Plan
    moment: datetime
    today: date
    base: Tally | None  # streak state folded through base.through (from the cache)
    events: list[Event]  # the history the base does not cover

    @property
    def log(self) -> Log:
        from careplan.streaks import replay

        return replay(self.events)

    def full(self) -> Context:
        """The same, with the whole history instead of the cache (past days, reviews)."""
        if self.base is None:
            return self
        return replace(self, base=None, events=self.data.history().events)


def load() -> Context:
    from careplan.schedule import day_of

    data = store()
    plan = data.load_plan()
    moment = now()
    today = day_of(moment, plan.day_starts_at)
    recent = data.recent(plan, today)
    return Context(data, plan, moment, today, recent.base, recent.events)


def write(make: Callable[[Context], list[Event]]) -> Context:
    """Read, add events and refresh the cache, all under the lock, so no entry is lost."""
    from careplan.model import Tally
    from careplan.streaks import fold

    data = store()
    with data.lock():
        ctx = load()
        new = make(ctx)
        if ctx.base is not None and any(e.day <= (ctx.base.through or e.day) for e in new):
            ctx = ctx.full()  # a back-filled day: the saved tally no longer holds
        offset = data.append(new)
        ctx = replace(ctx, events=[*ctx.events, *new])
        tally = fold(ctx.base or Tally(), ctx.plan, ctx.log, ctx.today - timedelta(days=1))
        data.save_cache(ctx.plan, tally, ctx.events, offset)
    return ctx


def emit_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


@command()
def today(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="Show why each step helps.")
    ] = False,
    low: Annotated[bool, typer.Option("--low", help="A low day: show the tiny versions.")] = False,
) -> None:
    """Show today's steps and your streak."""
    from careplan.schedule import build_day

    ctx = load()
    view = build_day(ctx.plan, ctx.log, ctx.today, low=low, base=ctx.base)
    if as_json:
        from careplan.contracts import day_json

        emit_json(day_json(view))
        return
    from careplan.render import day_view

    show(day_view(view, verbose))


def record(
    kind: EventKind, refs: list[str], when: str | None, felt: int | None = None, note: str = ""
) -> None:
    from careplan.model import Event
    from careplan.schedule import build_day, resolve

    chosen: list[str] = []

    def make(ctx: Context) -> list[Event]:
        day = parse_day(when, ctx.plan, ctx.today)
        steps = resolve(ctx.plan, day, refs)
        chosen.extend(s.id for s in steps)
        return [Event(day, ctx.moment, kind, step=s.id, felt=felt, note=note) for s in steps]

    ctx = write(make)
    day = parse_day(when, ctx.plan, ctx.today)
    if day != ctx.today:
        ctx = ctx.full()
    view = build_day(ctx.plan, ctx.log, day, base=ctx.base if day == ctx.today else None)
    from careplan.render import recorded
    from careplan.streaks import summary

    rows = [row for row in view.steps if row.step.id in chosen]
    show(recorded(rows, summary(view.streak, view.strength), view.low))


Refs = Annotated[
    list[str], typer.Argument(help="Step numbers from `careplan today`, or step ids.")
]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="A past day, YYYY-MM-DD (default today).")
]


@command()
def done(
    steps: Refs,
    when: DateOpt = None,
    felt: Annotated[
        int | None,
        typer.Option("--felt", min=0, max=10, help="How it felt, 0-10."),
    ] = None,
) -> None:
    """Mark steps as done."""
    from careplan.model import EventKind

    record(EventKind.DONE, steps, when, felt=felt)


@command()
def undo(steps: Refs, when: DateOpt = None) -> None:
    """Take back a done or skip."""
    from careplan.model import EventKind

    record(EventKind.UNDO, steps, when)


@command()
def skip(
    steps: Annotated[list[str] | None, typer.Argument(help="Step numbers or ids.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Make the whole day a rest day.")] = False,
    reason: Annotated[str, typer.Option("--reason", help="A few words on why.")] = "",
    when: DateOpt = None,
) -> None:
    """Rest a step today, or the whole day with --all. Rest days keep your streak."""
    from careplan.model import Event, EventKind

    if all_:
        ctx = write(
            lambda ctx: [
                Event(
                    parse_day(when, ctx.plan, ctx.today), ctx.moment, EventKind.REST, note=reason
                )
            ]
        )
        day = parse_day(when, ctx.plan, ctx.today)
        say(f"{day:%A %-d %B} is a rest day. Your streak holds. See you tomorrow.")
        return
    if not steps:
        raise UsageError("Say which steps to skip, or use --all for a rest day.")
    record(EventKind.SKIP, steps, when, note=reason)


# -- checkin -------------------------------------------------------------------


@command()
def checkin(
    feel: Annotated[
        int | None,
        typer.Option("--feel", min=0, max=10, help="How much you could feel today, 0-10."),
    ] = None,
    numb: Annotated[
        bool, typer.Option("--numb", help="Numb or can't tell: a fine answer too.")
    ] = False,
    words: Annotated[
        str, typer.Option("--words", help="Feeling words, separated by commas.")
    ] = "",
    note: Annotated[str, typer.Option("--note", help="A short note.")] = "",
    low: Annotated[bool, typer.Option("--low", help="Energy is low today.")] = False,
) -> None:
    """Note how much you could feel today (0-10, or numb / can't tell)."""
    from careplan.interview import CheckinReply
    from careplan.model import Event, EventKind

    if feel is None and not numb:
        reply = ask_checkin()
    else:
        listed = tuple(w.strip().lower() for w in words.split(",") if w.strip())
        reply = CheckinReply(None if numb else feel, listed, (), note)
    ctx = write(
        lambda ctx: [
            Event(
                day=ctx.today, at=ctx.moment, kind=EventKind.CHECKIN, feel=reply.feel,
                words=reply.words, body=reply.body, note=reply.note, low=low or reply.low,
            )
        ]
    )  # fmt: skip
    day = ctx.today
    said = "numb / can't tell" if reply.feel is None else f"{reply.feel}/10"
    say(f"Noted for {day:%A %-d %B}: {said}. Thank you for checking in.")
    if low or reply.low:
        say("A low-energy day: `careplan today` shows the tiny versions, and each counts in full.")


def ask_checkin() -> CheckinReply:
    from careplan import library
    from careplan.interview import run_checkin

    return run_checkin(prompt_ask(), library.feelings())


# -- review --------------------------------------------------------------------


@command()
def review(
    week: Annotated[
        str | None, typer.Option("--week", help="An ISO week like 2026-W48 (default: this week).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Look back over the week: what you did and a few gentle suggestions."""
    from careplan.review import week_start, weekly_review

    ctx = load().full()
    today_ = ctx.today
    if week is None:
        start = week_start(today_)
    else:
        try:
            year, number = week.upper().split("-W")
            start = date.fromisocalendar(int(year), int(number), 1)
        except ValueError:
            raise UsageError(f"{week!r} is not a week like 2026-W48.") from None
    result = weekly_review(ctx.plan, ctx.log, start, today_)
    if as_json:
        from careplan.contracts import review_json

        emit_json(review_json(result))
        return
    from careplan.render import review_view

    show(review_view(result))


# -- plan ------------------------------------------------------------------------


@command("plan")
def plan_show() -> None:
    """Show your plan readably."""
    from careplan.render import plan_view

    show(plan_view(store().load_plan()))


# -- sos -------------------------------------------------------------------------


def show_crisis(country: str | None) -> None:
    """Crisis lines for the country given, the plan's, the locale's, else the fallback."""
    import locale

    from careplan import library
    from careplan.render import crisis_view
    from careplan.safety import country_from_locale, pick_country

    countries, fallback = library.crisis()
    chosen = pick_country(countries, fallback, country, country_from_locale(locale.getlocale()[0]))
    show(crisis_view(chosen, chosen is fallback))


@app.command()
def sos(
    country: Annotated[
        str | None, typer.Option("--country", help="Two-letter country code, like GB.")
    ] = None,
    exercise: Annotated[
        str | None,
        typer.Option("--exercise", help="senses, breathing, muscles or cold-water."),
    ] = None,
) -> None:
    """Crisis lines and a grounding exercise, right now. Works with no plan at all."""
    # No error boundary that could hide the lines: anything about the user's own
    # files is optional here, and is left out quietly if it cannot be read.
    saved_country, safety_plan = _own_safety_details()
    show_crisis(country or saved_country)
    from careplan import library
    from careplan.render import exercise_view, safety_plan_view

    if safety_plan:
        show("", safety_plan_view(safety_plan))
    exercises = library.grounding()
    name = exercise if exercise in exercises else "senses"
    title, steps = exercises[name]
    show("", Text_("Let's slow things down together."), exercise_view(title, steps))


def Text_(text: str) -> RenderableType:  # noqa: N802 - a tiny factory named like the class it makes
    from rich.text import Text

    return Text(text)


def _own_safety_details() -> tuple[str | None, tuple[tuple[str, tuple[str, ...]], ...]]:
    try:
        data = store()
        answers = data.load_answers()
        country = answers.country if answers else None
        if data.has_plan():
            country = data.load_plan().country or country
        return country, answers.safety_plan if answers else ()
    except Exception:  # noqa: BLE001 - sos must work whatever state the files are in
        return None, ()


def run() -> None:
    app()
