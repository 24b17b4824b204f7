"""The daily commands' options, declared once, and the fast path that parses them without typer.

cli/track.py declares `today`, `done`, `undo`, `skip` and `checkin` with the Option
and Argument below: typer's own names and arguments, kept as plain values.
cli/base.py hands each to Typer as typer.Option / typer.Argument (`typer_form`),
for `--help`, completion and every odd form; `answer` here parses the everyday
forms from the very same signatures and calls the very same function, so typer
and click (about 5x `python -c pass` just to import) never load for them.

Whatever this parser is not sure of (`--help`, a typo, a value out of range, a
number written with other digits) it leaves to Typer, which explains it with exit
code 2: the two paths can differ in speed only. tests/cli/test_dispatch.py holds
them to that, form by form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Option settings this parser understands; a declaration with any other is refused at once.
SETTINGS = frozenset({"help", "metavar", "min", "max", "hidden"})


class Option:
    """typer.Option's arguments (`Option("--felt", min=0, max=10, help=...)`), without typer."""

    def __init__(self, *decls: str, **settings: Any) -> None:
        unknown = set(settings) - SETTINGS
        if unknown:
            raise TypeError(f"cli/daily.py's parser knows no {sorted(unknown)}")
        self.decls = decls
        self.settings = settings


class Argument:
    """typer.Argument's arguments (`Argument(metavar="N|ID...", help=...)`), without typer."""

    def __init__(self, **settings: Any) -> None:
        unknown = set(settings) - SETTINGS
        if unknown:
            raise TypeError(f"cli/daily.py's parser knows no {sorted(unknown)}")
        self.decls: tuple[str, ...] = ()
        self.settings = settings


Declared = dict[str, tuple[Any, Option | Argument, Any]]
REQUIRED: Any = ...  # the "default" of a parameter that has none


def declared(fn: Callable[..., Any]) -> Declared:
    """{parameter: (its type, its Option or Argument, its default)} in signature order."""
    from typing import get_args, get_type_hints

    hints = get_type_hints(fn, include_extras=True)
    code = fn.__code__
    names = code.co_varnames[: code.co_argcount]
    defaults = fn.__defaults__ or ()
    first_default = len(names) - len(defaults)
    found: Declared = {}
    for n, name in enumerate(names):
        kind, info = get_args(hints[name])
        found[name] = (kind, info, defaults[n - first_default] if n >= first_default else REQUIRED)
    return found


def _base(kind: Any) -> Any:
    """bool, int, str or list from `int | None`, `list[str]`, ..."""
    from typing import get_args, get_origin

    args = [a for a in get_args(kind) if a is not type(None)]
    if get_origin(kind) is list:
        return list
    if args and get_origin(kind) is not list:  # a union with None
        return _base(args[0])
    return kind


def parse(fn: Callable[..., Any], args: list[str]) -> dict[str, Any] | None:
    """The keyword arguments for `fn` from the words after its name; None: leave it to Typer."""
    params = declared(fn)
    options: dict[str, tuple[str, Any, Option]] = {}
    listing: tuple[str, Any] | None = None  # the one list argument, if any
    values: dict[str, Any] = {}
    for name, (kind, info, default) in params.items():
        if isinstance(info, Option):
            options.update({decl: (name, _base(kind), info) for decl in info.decls})
            values[name] = default
        elif _base(kind) is list and listing is None:
            listing = (name, default)
        else:
            return None  # a single positional argument: not a form used here yet
    positional: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            positional += rest
            break
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in options:
            return None
        target, kind, info = options[name]
        if kind is bool:
            if eq:
                return None
            values[target] = True
            continue
        if not eq:
            if not rest:
                return None
            value = rest.pop(0)
        if kind is int:
            number = _int_in_range(value, info)
            if number is None:
                return None
            values[target] = number
        elif kind is str:
            values[target] = value
        elif getattr(kind, "__name__", "") == "Path" and value:
            from pathlib import Path

            values[target] = Path(value)
        else:
            return None
    if listing is None:
        return None if positional else values
    name, default = listing
    if not positional and default is REQUIRED:
        return None  # a required argument is missing: Typer says so
    values[name] = positional if positional or default is not None else None
    return values


def _int_in_range(text: str, info: Option) -> int | None:
    """Plain ASCII digits inside the option's min and max; anything else is Typer's to judge."""
    if not (text.isascii() and text.isdecimal()) or len(text) > 6:
        return None
    value = int(text)
    low, high = info.settings.get("min"), info.settings.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    return value


def split_globals(argv: list[str]) -> tuple[str | None, bool, list[str]] | None:
    """(--home, --debug, the command and its words) for `[--home DIR] [--debug] WORD ...`."""
    home: str | None = None
    debug = False
    rest = list(argv)
    while rest and rest[0].startswith("-"):
        arg = rest.pop(0)
        if arg == "--debug":
            debug = True
        elif arg == "--home" and rest:
            home = rest.pop(0)
        elif arg.startswith("--home="):
            home = arg.partition("=")[2]
        else:
            return None  # --version, --help, completion: Typer's
    return (home, debug, rest) if rest else None


def fast_command(word: str) -> Callable[..., Any] | None:
    """The function behind a command cli/__init__.FAST names (None for any other word)."""
    if word in ("review", "plan"):
        from careplan.cli import look

        return look.review if word == "review" else look.plan_show
    from careplan.cli import track

    return {f.__name__: f for f in track.COMMANDS}.get(word)


def answer(argv: list[str]) -> int | None:
    """Run a command: its exit code; None (having done nothing) to leave it to Typer."""
    from careplan.cli import common, streams

    split = split_globals(argv)
    if split is None:
        return None
    home, debug, (word, *words) = split
    fn = fast_command(word)
    if word == "plan" and words[:1] == ["show"]:
        words = words[1:]
    values = parse(fn, words) if fn is not None else None
    if fn is None or values is None:
        return None
    streams.fill_closed_descriptors()
    streams.tolerate_any_encoding()
    common.state.home, common.state.debug, common.state.stores = home, debug, []
    return common.whole_program(lambda: common.guarded(fn)(**values))
