"""The daily commands take a fast path through an app holding just that command.

It must behave exactly like the full app: same options, same help, same errors.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from careplan.cli.base import FAST, command_word


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["today"], "today"),
        (["--home", "/tmp/x", "done", "1"], "done"),
        (["--home=/tmp/x", "skip", "--all"], "skip"),
        (["--debug", "checkin", "--feel", "3"], "checkin"),
        (["--version"], None),
        ([], None),
    ],
)
def test_command_word(argv: list[str], word: str | None) -> None:
    assert command_word(argv) == word


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CAREPLAN_HOME": str(home), "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "careplan", *args], env=env, capture_output=True, text=True
    )


def options(help_text: str) -> list[str]:
    return [
        line.split()[0] for line in help_text.split("Options:")[1].splitlines() if line.strip()
    ]


@pytest.mark.parametrize("word", FAST)
def test_fast_path_offers_the_same_options_and_help(cli, word: str, isolated_home: Path) -> None:
    fast = run(isolated_home, word, "--help")
    assert fast.returncode == 0
    assert options(fast.stdout) == options(cli(word, "--help").stdout)


def test_fast_path_reports_usage_errors_like_the_full_app(isolated_home: Path) -> None:
    result = run(isolated_home, "today", "--bogus")
    assert result.returncode == 2 and "No such option: --bogus" in result.stderr
    result = run(isolated_home, "--home", str(isolated_home / "none"), "today")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: There is no plan yet in")


# -- the fast path: cli/daily.py parses the daily commands' own signatures, without typer ------

EVERYDAY = {
    "today": [
        [],
        ["--json"],
        ["-v"],
        ["--verbose", "--low"],
        ["--low", "-v", "--json"],
        ["--json", "--json"],
    ],
    "done": [
        ["1"],
        ["1", "2", "walk"],
        ["1", "--date", "2026-01-01"],
        ["--date=2026-01-01", "1"],
        ["1", "--felt", "7"],
        ["--felt=0", "1"],
        ["--felt", "10", "1", "2"],
        ["--", "-1"],
        ["1", "--date", "--felt"],
        ["--felt", "11", "1"],  # --felt is judged by the command (score): the same text reaches it
        ["--felt", "٣", "1"],
        ["--date", "yesterday", "2"],
        ["--felt", "-1", "1"],
    ],
    "undo": [[], ["1"], ["--all"], ["--all", "--date", "2026-01-01"], ["1", "2"]],
    "skip": [["1", "--reason", "tired"], ["--reason", "--all"], ["--all"], ["--reason=", "2"], []],
    "review": [
        [],
        ["--json"],
        ["--week", "2026-W40", "--weeks", "3"],
        ["--weeks=52", "--year"],
        ["--markdown", "week.md", "--reflect", "the sea"],
        ["--apply", "--yes"],
    ],
    "plan_show": [[]],
    "checkin": [
        [],
        ["--feel", "5"],
        ["--numb"],
        ["--feel", "3", "--words", "tired,calm", "--note", "a note", "--low"],
        ["--note", "--json"],
        ["--feel", "007"],
        ["--feel", "99"],
        ["--feel", "3.5", "--date", "mon"],
    ],
}
# Forms the fast path leaves to Typer, which explains them (or, for odd digits, judges them).
ODD = {
    "today": [["--json=1"], ["-vx"], ["x"], ["--", "x"], ["--help"], ["--bogus"], ["-"]],
    "done": [
        [],
        ["--date"],
        ["1", "--help"],
    ],
    "undo": [["--all=yes"], ["--date"]],
    "skip": [["--reason"], ["-a"]],
    "review": [["--weeks", "0"], ["--weeks", "53"], ["--markdown", ""], ["extra"]],
    "plan_show": [["check"], ["--json"]],
    "checkin": [["extra"], ["--numb", "--feel"], ["--low=1"]],
}


def typer_parse(fn, args: list[str]) -> tuple[int, dict[str, object] | None]:  # type: ignore[no-untyped-def]
    """What Typer hands the command for these words (exit code, keyword arguments)."""
    import typer
    from typer.testing import CliRunner

    from careplan.cli.base import typer_form

    form = typer_form(fn)
    seen: list[dict[str, object]] = []

    def record(**values: object) -> None:
        seen.append(values)

    record.__signature__ = form.__signature__  # type: ignore[attr-defined]
    record.__annotations__ = form.__annotations__
    app = typer.Typer()
    app.command()(record)
    result = CliRunner().invoke(app, args)
    return result.exit_code, (seen[0] if seen else None)


def test_the_fast_path_knows_the_daily_commands() -> None:
    from careplan.cli import DAILY, daily, look, track
    from careplan.cli import FAST as ANSWERED

    assert [fn.__name__ for fn in track.COMMANDS] == list(DAILY) == list(FAST)
    assert [daily.fast_command(word) for word in ANSWERED] == [
        *track.COMMANDS,
        look.review,
        look.plan_show,
    ]


def test_plan_and_plan_show_are_the_same_on_both_paths(cli, isolated_home: Path) -> None:
    assert cli("init", "--example").exit_code == 0
    shown = [run(isolated_home, *args).stdout for args in (["plan"], ["plan", "show"])]
    assert shown[0] == shown[1] == cli("plan").stdout == cli("plan", "show").stdout != ""


@pytest.mark.parametrize(
    ("word", "args"), [(w, a) for w, forms in EVERYDAY.items() for a in forms]
)
def test_the_fast_path_parses_everyday_forms_exactly_as_typer_does(
    word: str, args: list[str]
) -> None:
    from careplan.cli import daily, look, track

    fn = {f.__name__: f for f in (*track.COMMANDS, *look.COMMANDS, look.plan_show)}[word]
    fast = daily.parse(fn, args)
    assert fast is not None, "an everyday form must not need typer"
    assert typer_parse(fn, args) == (0, fast)


@pytest.mark.parametrize(("word", "args"), [(w, a) for w, forms in ODD.items() for a in forms])
def test_odd_forms_go_to_typer(word: str, args: list[str]) -> None:
    from careplan.cli import daily, look, track

    fn = {f.__name__: f for f in (*track.COMMANDS, *look.COMMANDS, look.plan_show)}[word]
    assert daily.parse(fn, args) is None
    code, _ = typer_parse(fn, args)
    assert code in (0, 2)


@pytest.mark.parametrize("word", [*FAST, "review"])
def test_help_through_the_entry_point_is_typers_own(cli, word: str, isolated_home: Path) -> None:
    fast = run(isolated_home, word, "--help")
    full = cli(word, "--help")
    assert fast.returncode == full.exit_code == 0
    assert fast.stdout.split("\n", 1)[1] == full.stdout.split("\n", 1)[1]  # after "Usage: <prog>"


def test_the_daily_signatures_are_what_typer_is_given() -> None:
    """Every option of every daily command reaches click with the same names and settings."""
    import typer

    from careplan.cli import daily, look, track
    from careplan.cli.base import app

    group = typer.main.get_command(app)
    for fn in (*track.COMMANDS, *look.COMMANDS):
        made = {p.name: p for p in group.commands[fn.__name__].params}  # type: ignore[attr-defined]
        for name, (_, info, _) in daily.declared(fn).items():
            param = made[name]
            assert tuple(param.opts) == info.decls or not isinstance(info, daily.Option)
            for key, value in info.settings.items():
                if key in ("min", "max"):  # where a range lives differs by release: the
                    continue  # parse tests above hold both paths to the same limits
                assert getattr(param, key, None) == value, (fn.__name__, name, key)
