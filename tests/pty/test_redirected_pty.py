"""`careplan review > week.txt` and `careplan done 2 > out.txt` at a real terminal.

stdout goes to a file; stdin and stderr stay the terminal. careplan must never wait on
a question written into the file (issue 17): it asks on the terminal, or not at all,
and finishes.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pexpect

TIMEOUT = 20


def spawn(home: Path, command: str, out: Path) -> pexpect.spawn:
    env = {**os.environ, "CAREPLAN_HOME": str(home), "NO_COLOR": "1", "TERM": "dumb"}
    line = f"{shlex.quote(sys.executable)} -m careplan {command} > {shlex.quote(str(out))}"
    return pexpect.spawn(
        "/bin/sh", ["-c", line], env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100)
    )


def careplan(home: Path, *args: str) -> None:
    env = {**os.environ, "CAREPLAN_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "careplan", *args], env=env, check=True, text=True,
                   capture_output=True)  # fmt: skip


def test_review_into_a_file_asks_on_the_terminal_and_finishes(
    isolated_home: Path, tmp_path: Path
) -> None:
    careplan(isolated_home, "init", "--example")
    out = tmp_path / "week.txt"
    child = spawn(isolated_home, "review", out)
    child.expect("one moment you felt something")  # on the terminal, not in the file
    child.send("a warm cup of tea\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = out.read_text()
    assert text.startswith("Week ") and "moment you felt something this week?" not in text


def test_done_into_a_file_asks_how_it_felt_on_the_terminal(
    isolated_home: Path, tmp_path: Path
) -> None:
    careplan(isolated_home, "init", "--example")
    plan = (isolated_home / "plan.toml").read_text()
    # Give the first step of the day a guess, so done asks how it felt.
    first = plan.index("[[steps]]")
    plan = plan[:first] + plan[first:].replace("anchor = true", "anchor = true\nexpected = 3", 1)
    (isolated_home / "plan.toml").write_text(plan)
    out = tmp_path / "out.txt"
    child = spawn(isolated_home, "done 1", out)
    child.expect("feel, 0-10")
    child.send("6\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "done" in out.read_text() and "feel, 0-10" not in out.read_text()


def test_with_no_terminal_at_all_nothing_is_asked(isolated_home: Path, tmp_path: Path) -> None:
    careplan(isolated_home, "init", "--example")
    env = {**os.environ, "CAREPLAN_HOME": str(isolated_home)}
    done = subprocess.run(
        [sys.executable, "-m", "careplan", "review"],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert done.returncode == 0 and "felt something" not in done.stdout + done.stderr
