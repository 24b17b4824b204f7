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
# Another user may not reach this Python (pyenv under root's 0700 home): the system's
# Python of the same minor version runs careplan from the same sources and libraries.
SRC = Path(__file__).resolve().parents[2] / "src"
SITE = next((p for p in sys.path if p.endswith("site-packages")), "")
SYSTEM_PYTHON = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
OTHER_USER_OK = ROOT and Path(SYSTEM_PYTHON).exists() and bool(SITE)


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
    other_user: bool = False,
) -> Child:
    """`careplan ARGS` in a child, with the test's environment (CAREPLAN_HOME, HOME, NO_COLOR).

    `before` runs in the child before careplan starts: close a descriptor, set a umask,
    become another user.
    """
    merged = {**os.environ, **(env or {})}
    python = sys.executable
    if other_user:
        python = SYSTEM_PYTHON
        merged["PYTHONPATH"] = f"{SRC}:{SITE}"
        merged["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        [python, "-m", "careplan", *args],
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


def logs(home: Path) -> list[Path]:
    """Every history log in the folder (one per computer, and an earlier careplan's)."""
    return sorted(home.glob("history/*.jsonl")) + sorted(home.glob("history.jsonl"))


def records(home: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in logs(home) if p.is_file())


def no_traceback(child: Child) -> None:
    assert "Traceback" not in child.stdout + child.stderr, child.stderr
