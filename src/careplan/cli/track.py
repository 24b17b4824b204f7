"""The daily commands: today, done, undo, skip, checkin.

No typer here: the options are declared with cli/daily.py's Option and Argument,
which cli/daily.py parses on the fast path and cli/base.py hands to Typer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from careplan.cli import ask, common
from careplan.cli.common import (
    emit_json,
    ink,
    keep_without_plan,
    lines,
    load,
    parse_day,
    say,
    store,
    write,
)  # fmt: skip
from careplan.cli.daily import Argument, Option
from careplan.core.errors import DataError, NoPlanError, UsageError

if TYPE_CHECKING:
    from datetime import date, datetime

    from careplan.core.checkin import CheckinReply
    from careplan.core.model import Event, EventKind
    from careplan.store.context import Context


def today(
    as_json: Annotated[bool, Option("--json", help="Print JSON for scripts.")] = False,
    verbose: Annotated[bool, Option("-v", "--verbose", help="Show why each step helps.")] = False,
    low: Annotated[bool, Option("--low", help="A low day: show the tiny versions.")] = False,
    short: Annotated[
        bool, Option("--short", help='One line for a prompt: "2 open", or nothing.')
    ] = False,
    welcome: Annotated[bool, Option("--welcome", hidden=True)] = False,
) -> None:
    """Show today's steps and your streak."""
    if short:
        prompt_segment()
        return
    from careplan.core.day import build_day
    from careplan.store import leftovers, low_day

    try:
        ctx = load()
    except NoPlanError:
        if not welcome:  # plain `careplan` on the first run: a hint, not an error
            raise
        say(WELCOME)
        return
    if low:
        low_day.mark(ctx.data, ctx.today)  # so `done` echoes the tiny version done
    low = low or low_day.marked(ctx.data, ctx.today)
    view = build_day(ctx.plan, ctx.log, ctx.today, low=low, base=ctx.base)
    copies = leftovers.copies_of_files(ctx.data.home)
    if copies:  # never chosen silently: one line, and doctor tells the rest
        say(leftovers.one_line(copies))
    if as_json:
        from careplan.render.contracts import day_json

        emit_json(day_json(view))
        return
    from careplan.render.plain import day_lines

    lines(day_lines(view, ink(), verbose))


def prompt_segment() -> None:
    """`today --short` in any form but the exact one cli/prompt.py answers first."""
    from careplan.cli.prompt import segment

    text = segment(common.state.home, common.now())
    if text:
        lines([text])


WELCOME = """\
Welcome to careplan: small, kind daily steps for when feelings seem far away.
There is no plan yet. `careplan init` asks a few gentle questions and makes one
(`careplan init --example` makes a demo). `careplan --help` lists everything.
In a crisis, `careplan sos` shows crisis lines at once."""


def record(
    kind: EventKind, refs: list[str], when: str | None, felt: int | None = None, note: str = ""
) -> None:
    from careplan.core.day import build_day, resolve
    from careplan.core.model import Event, EventKind, Step

    chosen: list[Step] = []
    if kind is EventKind.DONE and felt is None and ask.at_terminal():
        felt = ask_felt(refs, when)  # asked before the lock: nobody waits on a person

    def make(ctx: Context) -> list[Event]:
        day = parse_day(when, ctx.plan, ctx.today, ctx.moment)
        chosen.extend(resolve(ctx.plan, day, refs))
        return [Event(day, ctx.moment, kind, step=s.id, felt=felt, note=note) for s in chosen]

    ctx = write(make)
    day = parse_day(when, ctx.plan, ctx.today, ctx.moment)
    if day != ctx.today:
        ctx = ctx.full()
    from careplan.store import low_day

    view = build_day(
        ctx.plan,
        ctx.log,
        day,
        low=low_day.marked(ctx.data, day),
        base=ctx.base if day == ctx.today else None,
    )
    # The streak line is always today's, even when a past day was filled in.
    now = view if day == ctx.today else build_day(ctx.plan, ctx.log, ctx.today)
    from careplan.core.streaks import summary
    from careplan.render.plain import recorded_lines

    ids = {s.id for s in chosen}
    rows = [row for row in view.steps if row.step.id in ids]
    prefix = [] if day == ctx.today else [f"{day:%a %-d %b}:"]
    listed = {row.step.id for row in rows}
    extra = [
        f"“{s.title}” is {DID[kind]}; it is not on that day's list."
        for s in chosen
        if s.id not in listed
    ]
    lines(prefix + recorded_lines(rows, summary(now.streak, now.strength), ink(), view.low, extra))


def ask_felt(refs: list[str], when: str | None) -> int | None:
    """Expected vs felt: for a step with a guess from the interview, ask how it really felt."""
    from careplan.core.day import resolve
    from careplan.core.model import small_number

    ctx = load()
    steps = resolve(ctx.plan, parse_day(when, ctx.plan, ctx.today, ctx.moment), refs)
    guess = next((s for s in steps if s.expected is not None), None)
    if guess is None:
        return None
    question = f"How did “{guess.title}” feel, 0-10? You guessed {guess.expected}. (Enter to skip)"
    while True:
        reply = ask.prompt(question).strip()
        if not reply:
            return None
        felt = small_number(reply, 10)
        if felt is not None:
            return felt
        say("Please type a number from 0 to 10, or press Enter to skip.")


def score(option: str, text: str | None) -> int | None:
    """A 0-10 option (--felt, --feel), or a plain word on what to type instead."""
    from careplan.core.model import shown, small_number

    if text is None:
        return None
    value = small_number(text, 10)
    if value is None:
        raise UsageError(
            f"{option} takes a number from 0 to 10, like {option} 6; {shown(text)} is not one."
        )
    return value


DID = {"done": "marked done", "skip": "marked resting", "undo": "taken back"}

Refs = Annotated[
    list[str],
    Argument(metavar="N|ID...", help="Step numbers from `careplan today`, or step ids."),
]
DateOpt = Annotated[
    str | None,
    Option(
        "--date",
        metavar="DAY",
        help="A past day: yesterday, mon, 2026-11-24.",
    ),
]


def done(
    steps: Refs,
    when: DateOpt = None,
    felt: Annotated[
        str | None,
        Option("--felt", metavar="0-10", help="How it felt."),
    ] = None,
) -> None:
    """Mark steps as done."""
    from careplan.core.model import EventKind

    record(EventKind.DONE, steps, when, felt=score("--felt", felt))


def undo(
    steps: Annotated[list[str] | None, Argument(help="Step numbers or ids.")] = None,
    all_: Annotated[bool, Option("--all", help="Take back a rest day.")] = False,
    when: DateOpt = None,
) -> None:
    """Take back a done or skip, or with --all a rest day."""
    from careplan.core.model import EventKind

    if not whole_day(EventKind.UNDO, steps, all_, when, "undo"):
        record(EventKind.UNDO, steps or [], when)


def skip(
    steps: Annotated[list[str] | None, Argument(help="Step numbers or ids.")] = None,
    all_: Annotated[bool, Option("--all", help="Make the whole day a rest day.")] = False,
    reason: Annotated[str, Option("--reason", help="A few words on why.")] = "",
    when: DateOpt = None,
) -> None:
    """Rest a step today, or the whole day with --all. Rest days keep your streak."""
    from careplan.core.model import EventKind

    if not whole_day(EventKind.REST, steps, all_, when, "skip", reason):
        record(EventKind.SKIP, steps or [], when, note=reason)


def whole_day(
    kind: EventKind,
    steps: list[str] | None,
    all_: bool,
    when: str | None,
    verb: str,
    note: str = "",
) -> bool:
    """`skip --all` / `undo --all`: a rest day, or taking one back. False: not a whole-day call."""
    from careplan.core.model import Event, EventKind

    if not all_:
        if not steps:
            raise UsageError(f"Say which steps to {verb}, or use --all for the whole day.")
        return False
    if steps:
        raise UsageError("Give step numbers or --all, not both.")
    ctx = write(
        lambda c: [Event(parse_day(when, c.plan, c.today, c.moment), c.moment, kind, note=note)]
    )
    day = parse_day(when, ctx.plan, ctx.today, ctx.moment)
    if kind is EventKind.REST:
        say(f"{day:%a %-d %b} is a rest day. Your streak holds.")
    else:
        say(f"{day:%a %-d %b} is an ordinary day again.")
    return True


# -- checkin -------------------------------------------------------------------


def checkin(
    feel: Annotated[
        str | None,
        Option("--feel", metavar="0-10", help="How much you could feel today."),
    ] = None,
    numb: Annotated[bool, Option("--numb", help="Numb or can't tell: a fine answer too.")] = False,
    words: Annotated[str, Option("--words", help="Feeling words, separated by commas.")] = "",
    note: Annotated[str, Option("--note", help="A short note.")] = "",
    low: Annotated[bool, Option("--low", help="Energy is low today.")] = False,
    when: DateOpt = None,
) -> None:
    """Note how much you could feel today (0-10, or numb / can't tell)."""
    from careplan.core.checkin import CheckinReply, feeling_words
    from careplan.core.model import Event, EventKind

    if feel is not None and numb:
        raise UsageError(
            f"--feel {feel} and --numb say different things, so nothing was noted.",
            "Choose one: --feel 0-10 for how much you could feel, "
            "or --numb for numb / can't tell.",
        )
    level = score("--feel", feel)
    if level is None and not numb:
        reply = ask_checkin(feeling_words(words), note)
    else:
        reply = CheckinReply(None if numb else level, feeling_words(words), (), note)

    def event(day: date, moment: datetime) -> Event:
        return Event(
            day=day, at=moment, kind=EventKind.CHECKIN, feel=reply.feel, words=reply.words,
            body=reply.body, note=reply.note, low=low or reply.low,
        )  # fmt: skip

    problem = plan_problem()
    if problem is None:
        chosen: list[date] = []

        def make(ctx: Context) -> list[Event]:
            chosen.append(parse_day(when, ctx.plan, ctx.today, ctx.moment))
            return [event(chosen[0], ctx.moment)]

        write(make)
        day = chosen[0]
    else:
        day = keep_without_plan(lambda d, moment: [event(past(when, d), moment)])
    said = "numb / can't tell" if reply.feel is None else f"{reply.feel}/10"
    say(f"Noted for {day:%a %-d %b}: {said}. Thank you for checking in.")
    if low or reply.low:
        say("A low-energy day: `careplan today` shows the tiny versions, and each counts in full.")
    if problem is not None:
        say(f"Your check-in is kept, but plan.toml needs a look: {problem.message}")
        if problem.hint:
            say(problem.hint)
    point_to_help(reply.feel, [*reply.words, reply.note])


def past(when: str | None, today: date) -> date:
    """--date while plan.toml cannot be read: any day up to today (no plan start to check)."""
    from careplan.core.day import said_date

    day = today if when is None else said_date(when, today)
    if day is None or day > today:
        raise UsageError(
            f"{when!r} is not a day that has happened.",
            "Try yesterday, a weekday like mon, or a date like 2026-01-31.",
        )
    return day


def point_to_help(feel: int | None, texts: list[str]) -> None:
    """After something that sounds like danger: one or two kind lines with a crisis line."""
    from careplan.cli.sos import danger_pointer

    for line in danger_pointer(common.state.home, feel, texts):
        say(line)


def plan_problem() -> DataError | None:
    """What is wrong with plan.toml, if anything (no plan at all is not this: it is raised)."""
    try:
        store().load_plan()
    except NoPlanError:
        raise
    except DataError as problem:
        return problem
    return None


def ask_checkin(words: tuple[str, ...], note: str) -> CheckinReply:
    from careplan.cli.setup import prompt_ask
    from careplan.core.checkin import run_checkin
    from careplan.store import library

    return run_checkin(prompt_ask(), library.feelings(), words, note)


# The order `careplan --help` lists them in (cli/base.py registers them with Typer).
COMMANDS = (today, done, undo, skip, checkin)
