"""README.md's "A short tour" shows real output: each `$ careplan ...` run in order, on the
README's day (Monday 30 November 2026), in a fresh home, and compared exactly.

The data folder is the one a person gets with no CAREPLAN_HOME (under ~/.local/share), and
the home folder is shown as `~`, as the README writes it.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

README = Path(__file__).parent.parent.parent / "README.md"
DAY = "2026-11-30T09:00"  # the README's Monday


def tour() -> list[tuple[str, str]]:
    """(command line, what it shows) for each `$ ` line of the tour's console block."""
    section = README.read_text(encoding="utf-8").split("\n## A short tour\n", 1)[1]
    block = section.split("```console\n", 1)[1].split("\n```\n", 1)[0]
    steps: list[tuple[str, str]] = []
    for chunk in ("\n" + block).split("\n$ ")[1:]:
        command, _, shown = chunk.partition("\n")
        steps.append((command, shown.removesuffix("\n") + "\n"))  # a blank line between steps
    return steps


def test_the_readme_tour_is_real_output(
    clock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.fixtures.entry import careplan

    home = tmp_path / "user"
    monkeypatch.delenv("CAREPLAN_HOME")  # the folder a person gets: ~/.local/share/careplan
    assert Path.home() == home  # HOME, XDG_DATA_HOME: set by the autouse isolated_home
    clock.set(DAY)
    steps = tour()
    assert len(steps) >= 4, "the tour's console block was not found in README.md"
    for command, shown in steps:
        program, *args = shlex.split(command)
        assert program == "careplan"
        ran = careplan(*args)
        assert ran.exit_code == 0, (command, ran.stderr)
        assert ran.screen.replace(str(home), "~") == shown, command
