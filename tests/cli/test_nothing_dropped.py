"""Nothing the person wrote is dropped by a later command (issue 14, item 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pexpect

from careplan.core.safety import merged_plan

ANSWERS = 'name = "Sam"\ncountry = "GB"\nenergy = "low"\n'
WITH_PLAN = ANSWERS + '[safety_plan]\ncoping = ["a slow walk"]\npeople = ["Priya"]\n'


def saved(home: Path) -> dict[str, object]:
    return tomllib.loads((home / "answers.toml").read_text(encoding="utf-8"))


def test_init_force_keeps_the_safety_plan_and_says_so(
    cli, tmp_path: Path, isolated_home: Path
) -> None:
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    first.write_text(WITH_PLAN, encoding="utf-8")
    second.write_text('name = "Sam"\nenergy = "some"\n', encoding="utf-8")  # no safety plan
    assert cli("init", "--answers", str(first)).exit_code == 0
    result = cli("init", "--force", "--answers", str(second))
    assert result.exit_code == 0
    assert saved(isolated_home)["safety_plan"] == {"coping": ["a slow walk"], "people": ["Priya"]}
    assert saved(isolated_home)["country"] == "GB"
    assert "Kept from your saved answers: your safety plan, your country." in result.stderr
    assert "Your old plan is saved as" in result.stderr
    assert "a slow walk" in cli("sos").stdout


def test_init_force_shows_the_real_day(cli, tmp_path: Path, isolated_home: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    assert cli("init", "--answers", str(answers)).exit_code == 0
    first = json.loads(cli("today", "--json").stdout)["steps"][0]
    assert cli("done", "1").exit_code == 0
    result = cli("init", "--force", "--answers", str(answers))
    now = json.loads(cli("today", "--json").stdout)
    done_ids = {s["id"] for s in now["steps"] if s["status"] == "done"}
    assert first["id"] in done_ids
    line = next(line for line in result.stdout.splitlines() if first["title"] in line)
    assert "done" in line and "open" not in line


def test_two_editors_at_once_keep_both_changes(tmp_path: Path, isolated_home: Path) -> None:
    env = {**os.environ, "CAREPLAN_HOME": str(isolated_home), "NO_COLOR": "1", "TERM": "dumb"}
    answers = tmp_path / "a.toml"
    answers.write_text(WITH_PLAN, encoding="utf-8")
    run = [sys.executable, "-m", "careplan"]
    subprocess.run(
        [*run, "init", "--answers", str(answers)], env=env, check=True, capture_output=True
    )
    # The first editor opens the safety plan and waits at its first part...
    first = pexpect.spawn(
        sys.executable,
        ["-m", "careplan", "safety-plan", "edit"],
        env=env,
        encoding="utf-8",
        timeout=20,
    )
    first.expect("Separated by commas")
    # ...while a second one changes "people" and saves.
    second = subprocess.run(
        [*run, "safety-plan", "edit"],
        env=env,
        input="\n\n\nPriya, Alex\n\n\n",
        text=True,
        capture_output=True,
    )
    assert second.returncode == 0, second.stderr
    # The first now adds a warning sign and keeps the rest as it saw it.
    first.send("not answering messages\r")
    for _ in range(5):
        first.expect("Separated by commas")
        first.send("\r")
    first.expect(pexpect.EOF)
    plan = saved(isolated_home)["safety_plan"]
    assert plan == {
        "warning_signs": ["not answering messages"],
        "coping": ["a slow walk"],
        "people": ["Priya", "Alex"],  # the second editor's change survives the first's save
    }


def test_merging_a_safety_plan_keeps_each_editors_own_parts() -> None:
    before = (("coping", ("walk",)),)
    disk = (("coping", ("walk",)), ("people", ("Priya",)))
    after = (("coping", ("walk", "tea")),)
    assert merged_plan(disk, before, after) == (
        ("coping", ("walk", "tea")),
        ("people", ("Priya",)),
    )
