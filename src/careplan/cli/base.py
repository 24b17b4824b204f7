"""The Typer app behind `careplan`: parse, resolve paths, read the clock once, call, render.

The only module that prints, prompts or exits. Heavy imports (rich renderers,
tomli_w, the interview) happen inside the commands that use them, so
`careplan today` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import typer

from careplan import __version__
from careplan.cli import DAILY, command_word, common
from careplan.cli.common import (
    emit_json,
    guarded,
    ink,
    keep_without_plan,
    lines,
    load,
    out,
    output_lost,
    parse_day,
    refresh,
    say,
    show,
    state,
    store,
    unexpected,
    whole_program,
    write,
)
from careplan.core.errors import UsageError

# What command modules import from here; the helpers live in cli/common.py (no typer).
__all__ = [
    "FAST", "HELP", "app", "command", "emit_json", "guarded", "ink", "keep_without_plan",
    "lines", "load", "now", "out", "output_lost", "parse_day", "refresh", "run", "run_default",
    "say", "show", "state", "store", "typer_form", "unexpected", "write",
]  # fmt: skip

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


def now() -> datetime:
    """The one place careplan reads the clock (common.now, which the fast path calls too)."""
    return common.now()


F = TypeVar("F", bound=Callable[..., Any])


def command(*args: Any, **kwargs: Any) -> Callable[[F], F]:
    """Register a command behind careplan's one error boundary (common.guarded)."""

    def register(fn: F) -> F:
        (kwargs.pop("app", None) or app).command(*args, **kwargs)(guarded(fn))
        return fn

    return register


def typer_form(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A command declared with cli/daily.py's Option and Argument, as Typer takes it.

    Same parameters, defaults and help, each as typer.Option / typer.Argument, so
    `--help`, completion and every form the fast path leaves to Typer see one definition.
    """
    import inspect

    from careplan.cli.daily import REQUIRED, Option, declared

    parameters = []
    for name, (kind, info, default) in declared(fn).items():
        made = (
            typer.Option(*info.decls, **info.settings)
            if isinstance(info, Option)
            else typer.Argument(**info.settings)
        )
        parameters.append(
            inspect.Parameter(
                name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=inspect.Parameter.empty if default is REQUIRED else default,
                annotation=Annotated[kind, made],
            )
        )

    def call(**values: Any) -> Any:
        return fn(**values)

    call.__name__ = call.__qualname__ = fn.__name__
    call.__doc__ = fn.__doc__
    call.__annotations__ = {p.name: p.annotation for p in parameters}
    call.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return call


def run_default(ctx: typer.Context, name: str = "show") -> None:
    """For a group run without a subcommand (`careplan plan`): run its `show`.

    Through the registered command, so the one error boundary applies there too.
    """
    if ctx.invoked_subcommand is not None:
        return
    group = ctx.command
    chosen = group.get_command(ctx, name) if isinstance(group, typer.core.TyperGroup) else None
    if chosen is None or chosen.callback is None:
        raise UsageError(f"`{ctx.command_path}` has no `{name}` to run.")
    ctx.invoke(chosen.callback)


def version_callback(value: bool) -> None:
    if value:
        lines([f"careplan {__version__}"])
        raise typer.Exit()


@app.callback()
def main(
    home: Annotated[
        str | None,
        typer.Option(
            "--home", metavar="DIR", help="Data folder (default: $CAREPLAN_HOME or your data dir)."
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", hidden=True)] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True)
    ] = False,
) -> None:
    state.home = home
    state.debug = debug
    state.stores = []


# The daily commands run many times a day. Typer builds a click parameter tree for
# every registered command on each run (about 10 ms for careplan's ~20); for these,
# dispatch to an app holding just the one command asked for. Same callback, same
# options, same help for that command; every other invocation uses the full app.
# (cli/daily.py answers the everyday forms of these without typer; this is for the rest.)
FAST = DAILY


def run() -> None:
    """The whole program, inside one boundary: no traceback reaches the person."""
    from careplan.cli import streams

    streams.fill_closed_descriptors()
    streams.tolerate_any_encoding()
    sys.exit(streams.finish(whole_program(dispatch)))


def dispatch() -> None:
    word = command_word(sys.argv[1:])
    if word not in FAST:
        app()
        return
    fast = typer.Typer(
        help=HELP, add_completion=False, pretty_exceptions_show_locals=False, rich_markup_mode=None
    )
    fast.registered_callback = app.registered_callback
    fast.registered_commands = [
        info
        for info in app.registered_commands
        if (info.name or getattr(info.callback, "__name__", "")) == word
    ]
    fast()


# Register the commands (each module adds its own to `app`), in the order --help lists them;
# today ... checkin and review are declared without typer (see cli/daily.py): registered here.
from careplan.cli import setup, track, look  # noqa: E402, F401, I001

for fast_command in (*track.COMMANDS, *look.COMMANDS):
    command()(typer_form(fast_command))

from careplan.cli import planning, crisis, export, report, doctor, remind  # noqa: E402, F401, I001
