"""`careplan today` must start fast: nothing heavy is imported that it does not use.

Timings are measured by benchmarks/bench.py, never here; this checks what gets imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = [
    "tomli_w",
    "icalendar",
    "tomlkit",
    "pydantic",
    "rich.console",
    "rich.table",
    "jinja2",
    "pygal",
    "careplan.core.report",
]
# Only `remind` needs these.
HEAVY += ["jeepney", "plistlib", "careplan.store.scheduler", "careplan.cli.notify"]

PROBE = """
import json, sys
sys.argv = ["careplan", *json.loads(sys.argv[1])]
from careplan.cli import run
code = 0
try:
    run()
except SystemExit as done:
    code = done.code or 0
print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)
"""


def modules_after(args: list[str], home: Path) -> set[str]:
    env = {**os.environ, "CAREPLAN_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], env=env, capture_output=True, text=True
    )
    code, loaded = json.loads(result.stderr.strip().splitlines()[-1])
    assert code == 0, result.stderr
    return set(loaded)


def test_importing_the_cli_pulls_in_nothing_heavy(isolated_home: Path) -> None:
    loaded = modules_after(["--version"], isolated_home)
    assert "careplan.cli" in loaded
    assert [m for m in HEAVY if m in loaded] == []


# The daily commands do not even load the command-line framework (cli/daily.py parses them).
FRAMEWORK = ["typer", "click", "typer._click", "rich"]
DAILY_FORMS = [
    ["today"],
    ["today", "--json"],
    ["today", "-v", "--low"],
    ["today", "--short"],
    ["done", "1"],
    ["done", "2", "--felt", "6"],
    ["undo", "1"],
    ["skip", "2", "--reason", "tired"],
    ["skip", "--all"],
    ["undo", "--all"],
    ["checkin", "--feel", "4", "--words", "calm", "--note", "ok"],
    ["checkin", "--numb", "--low"],
    ["--home", "{home}", "today"],
    ["review"],
    ["review", "--json", "--weeks", "2"],
]


def test_daily_commands_load_neither_the_framework_nor_anything_heavy(isolated_home: Path) -> None:
    env = {**os.environ, "CAREPLAN_HOME": str(isolated_home)}
    subprocess.run([sys.executable, "-m", "careplan", "init", "--example"], env=env, check=True)
    for form in DAILY_FORMS:
        args = [a.replace("{home}", str(isolated_home)) for a in form]
        loaded = modules_after(args, isolated_home)
        assert "careplan.core.day" in loaded or args[0] == "review"
        assert [m for m in FRAMEWORK + HEAVY if m in loaded] == [], args


def test_plan_does_not_load_the_framework(isolated_home: Path) -> None:
    env = {**os.environ, "CAREPLAN_HOME": str(isolated_home)}
    subprocess.run([sys.executable, "-m", "careplan", "init", "--example"], env=env, check=True)
    for args in (["plan"], ["plan", "show"]):
        assert [m for m in ("typer", "click") if m in modules_after(args, isolated_home)] == []


# sos is the fastest command: not even the model, the store or these are on its path.
SOS_NEVER = [
    "dataclasses",
    "threading",
    "pathlib",
    "shutil",
    "importlib.resources",
    "careplan.core.model",
    "careplan.store.store",
]


def test_sos_shows_help_before_typer_or_rich_are_even_imported(isolated_home: Path) -> None:
    env = {**os.environ, "CAREPLAN_HOME": str(isolated_home)}
    subprocess.run([sys.executable, "-m", "careplan", "init", "--example"], env=env, check=True)
    for args in (["sos"], ["sos", "--country", "GB", "--exercise", "breathing"]):
        result = subprocess.run(
            [sys.executable, "-c", PROBE, json.dumps(args)],
            env=env,
            capture_output=True,
            text=True,
        )
        code, loaded = json.loads(result.stderr.strip().splitlines()[-1])
        assert code == 0 and "Emergency" in result.stdout
        assert [m for m in ("typer", "click", "rich", *HEAVY, *SOS_NEVER) if m in loaded] == [], (
            args
        )


def test_today_short_answers_a_prompt_before_typer_is_imported(isolated_home: Path) -> None:
    env = {**os.environ, "CAREPLAN_HOME": str(isolated_home)}
    home = ["--home", str(isolated_home)]

    def probe(args: list[str]) -> tuple[str, set[str]]:
        result = subprocess.run(
            [sys.executable, "-c", PROBE, json.dumps(args)],
            env=env,
            capture_output=True,
            text=True,
        )
        code, loaded = json.loads(result.stderr.strip().splitlines()[-1])
        assert code == 0, result.stderr
        return result.stdout, set(loaded)

    assert probe(["today", "--short"])[0] == ""  # no plan yet: nothing, and no folder made
    assert not isolated_home.exists()
    subprocess.run([sys.executable, "-m", "careplan", "init", "--example"], env=env, check=True)
    for args in (["today", "--short"], [*home, "today", "--short"]):
        said, loaded = probe(args)
        assert [m for m in ("typer", "click", "rich", *HEAVY) if m in loaded] == [], args
        assert said == "3 open\n", args
    said, loaded = probe(["today", "--short", "--low"])  # any other form: cli/daily.py, same
    assert "typer" not in loaded and said == "3 open\n"
