"""What every command shares, without typer: the global options, the clock, output, the store.

And the one error boundary (`guarded` around a command, `whole_program` around
everything). The daily commands, `review` and `plan` run on this module alone when
cli/daily.py answers them, so nothing here may import typer or click; cli/base.py
builds the Typer app on top of it and re-exports these names.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from careplan import __version__
from careplan.core.errors import CareplanError, UsageError
from careplan.store.paths import data_home

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from careplan.core.model import Event, Plan
    from careplan.render.plain import Ink
    from careplan.store.context import Context
    from careplan.store.store import Store


class _State:
    home: str | None = None
    debug: bool = False
    stores: list[Store]

    def saved(self) -> bool:
        return any(data.saved for data in self.stores)


state = _State()
state.stores = []  # every Store this command used: did any of them save?


def now() -> datetime:
    """The one place careplan reads the clock."""
    return datetime.now().astimezone()  # with its UTC offset, so records keep their order


def out() -> Console:
    import os

    from rich.console import Console

    from careplan.cli import streams

    # NO_COLOR means no escape codes at all (rich alone would still send bold and dim).
    plain = "NO_COLOR" in os.environ
    return Console(
        file=streams.stdout(),  # the person's words reach the terminal as text
        highlight=False,
        color_system=None if plain else "auto",
        no_color=plain,
    )


def show(*items: RenderableType | str) -> None:
    console = out()
    for item in items:
        console.print(item)


def lines(text: list[str]) -> None:
    """Print plain lines (the fast daily views) to stdout, the person's words as text."""
    from careplan.cli import streams

    streams.stdout().write("".join(line + "\n" for line in text))


def ink() -> Ink:
    """Width and colour for plain views: colour only on a terminal, never with NO_COLOR."""
    from careplan.cli.streams import colour_allowed, terminal_width
    from careplan.render.plain import Ink

    return Ink(width=terminal_width(), color=colour_allowed(sys.stdout))


def say(message: str) -> None:
    """Talk to the person on stderr, so stdout stays clean for data.

    At a terminal, wrapped to its width, but never inside a word, so a path stays
    whole to copy; into a pipe or a log, one line per message.
    """
    from careplan.cli import streams

    if streams.stderr().isatty():
        import textwrap

        from careplan.cli.streams import terminal_width

        width = max(20, terminal_width())
        message = "\n".join(
            textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) or line
            for line in message.split("\n")
        )
    streams.stderr().write(message + "\n")


F = TypeVar("F", bound=Callable[..., Any])


def _framework(error: BaseException) -> bool:
    """typer's and click's own exits and usage errors, told apart without importing them."""
    return any(c.__module__.split(".")[0] in ("typer", "click") for c in type(error).__mro__)


def guarded(fn: F) -> F:
    """careplan's one error boundary around a command: `Error: ...` and a hint on stderr,
    and the exit code.

    SystemExit rather than typer.Exit, so it holds on the fast path (cli/daily.py) too:
    Typer and click let SystemExit through unchanged, and CliRunner reads its code alike.
    """

    @functools.wraps(fn)
    def call(*a: Any, **k: Any) -> Any:
        from careplan.cli import streams

        try:
            result = fn(*a, **k)
            streams.flush_stdout()  # a full disk shows here, while it can be said
            return result
        except CareplanError as error:
            if state.debug:
                raise
            say(error.message if error.notice else f"Error: {error.message}")
            if error.hint:
                say(error.hint)
            raise SystemExit(error.exit_code) from None
        except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at a prompt
            say("\nStopped. Nothing was saved." if not state.saved() else "\nStopped.")
            raise SystemExit(130) from None
        except streams.OutputLost as lost:
            raise SystemExit(output_lost(lost)) from None
        except Exception as error:
            if _framework(error) or state.debug:
                raise
            raise SystemExit(unexpected(error)) from None

    return call  # type: ignore[return-value]  # the same signature: functools.wraps


def output_lost(lost: Exception) -> int:
    """stdout could not be written. What was saved stays saved (exit 0, so a script does
    not repeat it); output that was the whole point and did not arrive exits 1."""
    from careplan.cli import streams

    streams.let_go_of_stdout()
    reason = getattr(lost, "reason", "")
    broken = getattr(lost, "broken_pipe", False)
    if state.saved():
        say(f"Saved. careplan could not show the result here: {reason}.")
        return 0
    if not broken:  # a reader that stopped early (`| head`) knows why
        say(f"careplan could not write its output: {reason}. Nothing was changed.")
    return 1


def unexpected(error: BaseException) -> int:
    """careplan's own mistake: one kind sentence, where the details are, and --debug."""
    import traceback

    from careplan.store.files import save_error_details

    details = "".join(traceback.format_exception(error))
    where = save_error_details(f"careplan {__version__}: {' '.join(sys.argv)}\n\n{details}")
    say("Sorry, something went wrong inside careplan. This is careplan's mistake, not yours.")
    if state.saved():
        say("What you recorded before it happened is saved.")
    say(f"The details are in {where}." if where else "The details could not be saved to a file.")
    say("To see them here, run the command again with --debug after careplan.")
    return 1


def store() -> Store:
    import os

    from careplan.store.store import LOCK_TIMEOUT, Store

    text = os.environ.get("CAREPLAN_LOCK_TIMEOUT", "").strip()
    try:
        timeout = float(text) if text else LOCK_TIMEOUT
    except ValueError:
        timeout = -1
    if not 0 <= timeout < float("inf"):
        raise UsageError(
            f"CAREPLAN_LOCK_TIMEOUT is {text!r}; it should be a number of seconds, like 30."
        )
    data = Store(data_home(state.home), lock_timeout=timeout, notify=say)
    state.stores.append(data)
    return data


def parse_day(text: str | None, plan: Plan, today: date, moment: datetime | None = None) -> date:
    """--date: a past day inside the plan's life; today when not given. `moment` (the clock
    as read) lets a date in the hours before the day starts be explained."""
    if text is None:
        return today
    from careplan.core.day import said_date

    day = said_date(text, today)
    if day is None:
        raise UsageError(
            f"{text!r} is not a day careplan knows.",
            "Try yesterday, a weekday like mon, or a date like 2026-01-31.",
        )
    if moment is not None and day == moment.date() > today:  # before the day starts
        raise UsageError(
            f"Your day starts at {plan.day_starts_at}, so until then careplan still counts "
            f"{today:%a %-d %b} as today, and {day:%a %-d %b} has not begun.",
            f"Leave out --date to record it for {today:%a %-d %b}.",
        )
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


def load() -> Context:
    """The plan, today's date by its day-start hour, and the history the cache leaves."""
    from careplan.store import context

    return context.load(store(), now(), heal=True)


def write(make: Callable[[Context], list[Event]]) -> Context:
    """Add the events `make` returns, under the lock (see context.write)."""
    from careplan.store import context

    return context.write(store(), now(), make)


def keep_without_plan(make: Callable[[date, datetime], list[Event]]) -> date:
    """Keep a check-in while plan.toml cannot be read (see context.keep_without_plan)."""
    from careplan.store import context

    return context.keep_without_plan(store(), now(), make)


def refresh() -> None:
    """After the plan changed: fold the history for it once, so the next `today` is quick."""
    write(lambda _: [])


def emit_json(value: object) -> None:
    import json  # here, not at the top: `sos` reads the clock through this module

    from careplan.cli import streams
    from careplan.core.visible import json_safe

    # json leaves C1 and bidi controls raw; as \\u escapes they decode to the same text.
    streams.stdout().write(json_safe(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")


def whole_program(dispatch: Callable[[], object]) -> int:
    """The whole program inside one boundary, no traceback reaching the person: its exit code."""
    from careplan.cli import streams

    try:
        dispatch()
        code: int = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
        if isinstance(done.code, str):
            say(done.code)
    except streams.OutputLost as lost:
        code = output_lost(lost)
    except KeyboardInterrupt:
        say("\nStopped.")
        code = 130
    except Exception as error:  # outside any command: while parsing or starting up
        if state.debug or "--debug" in sys.argv[1:]:
            raise
        code = unexpected(error)
    return code
