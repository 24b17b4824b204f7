"""Running the real careplan in a child process, where the environment is the point."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = os.geteuid() == 0
NOBODY = 65534


@dataclass
class Child:
    code: int
    stdout: str
    stderr: str


def careplan(
    *args: str,
    env: dict[str, str] | None = None,
    stdout: Any = subprocess.PIPE,
    stderr: Any = subprocess.PIPE,
    before: Callable[[], None] | None = None,
    timeout: float = 120,
) -> Child:
    """`careplan ARGS` in a child, with the test's environment (CAREPLAN_HOME, HOME, NO_COLOR).

    `before` runs in the child before careplan starts: close a descriptor, set a umask,
    become another user.
    """
    merged = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "careplan", *args],
        env=merged,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        preexec_fn=before,
        timeout=timeout,
        check=False,
    )
    out = done.stdout.decode("utf-8", "replace") if isinstance(done.stdout, bytes) else ""
    err = done.stderr.decode("utf-8", "replace") if isinstance(done.stderr, bytes) else ""
    return Child(done.returncode, out, err)


def close(*fds: int) -> Callable[[], None]:
    def run() -> None:
        for fd in fds:
            os.close(fd)

    return run


def as_user(uid: int) -> Callable[[], None]:
    def run() -> None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)

    return run


def records(home: Path) -> int:
    path = home / "history.jsonl"
    return path.read_bytes().count(b"\n") if path.exists() else 0


def no_traceback(child: Child) -> None:
    assert "Traceback" not in child.stdout + child.stderr, child.stderr
