"""Two clones of one git repository, both recording while apart: `git pull` merges
without a conflict, because each computer only ever adds to its own log."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.sync.helpers import computers

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(where: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "careplan test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "careplan test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
    }  # fmt: skip
    result = subprocess.run(
        ["git", *args], cwd=where, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


def test_two_clones_record_apart_and_pull_to_the_union(
    cli, clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp_path, "clone", "-q", str(origin), "a")
    pcs = computers(tmp_path, monkeypatch, cli, {"A": tmp_path / "a", "B": tmp_path / "b"})
    a, b = pcs["A"], pcs["B"]
    a.run("init", "--example")
    (a.home / ".gitignore").write_text(".lock\n")  # the README's recipe
    git(a.home, "add", "-A")
    git(a.home, "commit", "-q", "-m", "plan")
    git(a.home, "push", "-q", "origin", "main")
    git(tmp_path, "clone", "-q", str(origin), "b")

    # Apart: both record the same day, the same step included.
    a.run("done", "1", "2")
    a.run("checkin", "--feel", "6")
    b.run("done", "1")
    b.run("skip", "3")
    b.run("undo", "1")
    b.run("checkin", "--feel", "3", "--words", "tired")
    for pc in (a, b):
        git(pc.home, "add", "-A")
        git(pc.home, "commit", "-q", "-m", f"day on {pc.name}")
    git(a.home, "push", "-q", "origin", "main")
    git(b.home, "pull", "-q", "--no-rebase", "origin", "main")  # a merge, with no conflict
    git(b.home, "push", "-q", "origin", "main")
    git(a.home, "pull", "-q", "--no-rebase", "origin", "main")

    assert git(a.home, "status", "--porcelain") == ""
    assert sorted(p.name for p in (a.home / "history").iterdir()) == sorted(
        p.name for p in (b.home / "history").iterdir()
    )
    assert len(list((a.home / "history").iterdir())) == 2  # one log per computer
    assert a.json("today") == b.json("today")
    assert a.json("review") == b.json("review")
    assert len(a.records()) == len(b.records()) == 3 + 4  # the union, each record once
    statuses = [s["status"] for s in a.json("today")["steps"][:3]]
    # B's undo of step 1 came last (B recorded after A, by its clock): open; 2 done, 3 resting.
    assert statuses == ["open", "done", "skipped"]
    assert a.json("today")["checked_in"] is True
