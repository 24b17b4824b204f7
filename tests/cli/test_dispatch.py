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
