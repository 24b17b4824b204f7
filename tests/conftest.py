"""Shared fixtures. Every test runs with a fresh CAREPLAN_HOME and HOME in a tmp dir,
a fixed clock, and a guard that fails the suite if anything opens a network socket."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_bind = socket.socket.bind
_real_sendto = socket.socket.sendto


class NetworkUsedError(AssertionError):
    """Raised when code under test tries to reach a network."""


def _guard(original):  # type: ignore[no-untyped-def]
    def guarded(self: socket.socket, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkUsedError(f"careplan tried to use the network: {args!r}")
        return original(self, *args, **kwargs)

    return guarded


def pytest_configure(config: pytest.Config) -> None:
    # Installed for the whole session: AF_UNIX (used by nothing of ours) stays allowed.
    socket.socket.connect = _guard(_real_connect)  # type: ignore[method-assign]
    socket.socket.connect_ex = _guard(_real_connect_ex)  # type: ignore[method-assign]
    socket.socket.bind = _guard(_real_bind)  # type: ignore[method-assign]
    socket.socket.sendto = _guard(_real_sendto)  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch the real home directory."""
    home = tmp_path / "careplan-home"
    monkeypatch.setenv("CAREPLAN_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user" / ".local" / "share"))
    # This computer's device id and tally cache live outside the data folder: here.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "user" / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user" / ".cache"))
    # Nor the desktop: no reminder reaches a real session bus, no unit a real config folder.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user" / ".config"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "user" / "run"))
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    return home


@dataclass
class Clock:
    """The time careplan.cli sees; tests move it instead of sleeping."""

    now: datetime

    def set(self, text: str) -> None:
        self.now = datetime.fromisoformat(text)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    current = Clock(datetime(2026, 11, 25, 9, 0))

    def now() -> datetime:
        # Each command reads the clock once; a second passes between commands, as in life,
        # so records made one after another keep their order.
        moment = current.now
        current.now += timedelta(seconds=1)
        return moment

    monkeypatch.setattr("careplan.cli.common.now", now)
    yield current


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(clock: Clock) -> Callable[..., Run]:
    """Run careplan in-process through its real entry point, careplan.cli.run, as the
    `careplan` command does (tests/fixtures/entry.py): cli("done", "1") -> Run(...)."""
    from tests.fixtures.entry import careplan

    def invoke(*args: str, input: str | None = None) -> Run:
        ran = careplan(*args, input=input)
        return Run(ran.exit_code, ran.stdout, ran.stderr)

    return invoke


EXAMPLE_ANSWERS = """\
name = "Jordan"
country = "US"
energy = "some"
activities = ["guitar"]
movement = ["walking"]
creative = ["sketching"]
[sleep]
hours = 6.5
quality = 2
[professional]
has = false
wants = true
[[stressors]]
what = "night shifts"
idea = "ask for a fixed rota"
[[support]]
name = "Priya"
contact = "text"
"""


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text(EXAMPLE_ANSWERS, encoding="utf-8")
    return path
