"""At a real terminal, `careplan done` on a step with a guess asks how it really felt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect

from tests.fixtures.logs import last_record


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "CAREPLAN_HOME": str(home), "NO_COLOR": "1", "TERM": "dumb"}


def test_done_asks_how_it_felt_and_keeps_it(isolated_home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('energy = "high"\nactivities = ["pottery"]\n[expected]\npottery = 2\n')
    run = [sys.executable, "-m", "careplan"]
    subprocess.run([*run, "init", "--answers", str(answers)], env=env(isolated_home), check=True)
    plan = (isolated_home / "plan.toml").read_text()
    step_id = next(
        line.split('"')[1]
        for line in plan.splitlines()
        if line.startswith("id = ") and "pottery" in line
    )
    child = pexpect.spawn(
        sys.executable, ["-m", "careplan", "done", step_id], env=env(isolated_home),
        encoding="utf-8", timeout=20,
    )  # fmt: skip
    child.expect(r"feel, 0-10\?\s+You\s+guessed\s+2\.\s+\(Enter\s+to\s+skip\)")
    child.sendline("eleven")
    child.expect("Please type a number from 0 to 10")
    child.sendline("6")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    record = last_record(isolated_home)
    assert (record["kind"], record["step"], record["felt"]) == ("done", step_id, 6)
