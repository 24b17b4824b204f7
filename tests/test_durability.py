"""Never lose a day: many writers at once, writers killed mid-write, torn lines.

These run real careplan processes (python -m careplan) against a tmp CAREPLAN_HOME.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.logs import own_log


def careplan(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CAREPLAN_HOME": str(home), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "careplan", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def spawn(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CAREPLAN_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "careplan", *args], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def records(home: Path) -> list[dict[str, object]]:
    lines = own_log(home).read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture
def home(isolated_home: Path) -> Path:
    careplan(isolated_home, "init", "--example")
    return isolated_home


def test_eight_writers_at_once_lose_nothing(home: Path) -> None:
    rounds, writers = 3, 8
    for r in range(rounds):
        procs = [
            spawn(home, "checkin", "--feel", str(w % 11), "--note", f"round {r} writer {w}")
            for w in range(writers)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
    notes = sorted(str(r["note"]) for r in records(home))
    assert notes == sorted(f"round {r} writer {w}" for r in range(rounds) for w in range(writers))
    assert careplan(home, "today", "--json").returncode == 0


def test_killed_writers_never_hurt_earlier_history(home: Path) -> None:
    rng = random.Random(7)
    careplan(home, "checkin", "--feel", "5", "--note", "before the storm")
    for n in range(20):
        proc = spawn(home, "checkin", "--feel", "3", "--note", f"attempt {n}")
        time.sleep(rng.uniform(0.0, 0.4))  # a random moment in its life, not a timing check
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    # Every command still works, and what came before is intact.
    for args in (
        ["today"],
        ["today", "--json"],
        ["done", "1"],
        ["review", "--json"],
        ["checkin", "--feel", "4"],
    ):
        careplan(home, *args)
    notes = [r["note"] for r in records_lenient(home) if "note" in r]
    assert "before the storm" in notes
    assert len(notes) == len(set(notes))  # no record written twice
    assert not list(home.glob(".*.tmp"))


def records_lenient(home: Path) -> list[dict[str, object]]:
    found = []
    for line in own_log(home).read_text().splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            continue  # a line torn by SIGKILL is skipped, as careplan does
    return found


def test_a_torn_last_line_is_skipped_and_never_blocks_the_next_write(home: Path) -> None:
    careplan(home, "done", "1")
    history = own_log(home)
    before = history.read_bytes()
    with history.open("ab") as handle:
        handle.write(b'{"day": "2026-11-2')  # a crash mid-append
    careplan(home, "done", "2")
    data = json.loads(careplan(home, "today", "--json").stdout)
    assert [s["status"] for s in data["steps"][:2]] == ["done", "done"]
    assert history.read_bytes().startswith(before)
    lines = history.read_text().splitlines()
    assert lines[-2] == '{"day": "2026-11-2' and json.loads(lines[-1])["kind"] == "done"
