"""No network, ever: the real commands, run as real processes, open no internet socket.

The suite's own guard (conftest.py) covers code run in-process. This covers what only a
real run does (start-up, lazy imports, platformdirs, locale): a sitecustomize.py, put
first on PYTHONPATH, wraps every way to reach a network and writes down any attempt.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

GUARD = """\
import os
import socket
import sys

_LOG = os.environ["CAREPLAN_NETWORK_LOG"]
_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def _note(what):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{what} in {sys.argv!r}\\n")


def _guard(name):
    real = getattr(socket.socket, name)

    def guarded(self, *args, **kwargs):
        if self.family in _FAMILIES:
            _note(f"socket.{name}{args!r}")
            raise OSError("careplan may not use the network")
        return real(self, *args, **kwargs)

    setattr(socket.socket, name, guarded)


for _name in ("connect", "connect_ex", "bind", "sendto", "sendmsg"):
    _guard(_name)


def _lookup(name):
    def refused(*args, **kwargs):
        _note(f"socket.{name}{args!r}")
        raise socket.gaierror("careplan may not look up names")

    return refused


for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _name, _lookup(_name))
"""


@pytest.fixture
def run(tmp_path: Path, isolated_home: Path):  # type: ignore[no-untyped-def]
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(guard), os.environ.get("PYTHONPATH", "")]),
        "CAREPLAN_NETWORK_LOG": str(log),
        "CAREPLAN_HOME": str(isolated_home),
    }

    def careplan(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
        command = ["-c", code] if code else ["-m", "careplan", *args]
        return subprocess.run(
            [sys.executable, *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )

    careplan.log = log  # type: ignore[attr-defined]
    return careplan


TRIES = """\
import socket
for reach in (
    lambda: socket.socket().connect(("127.0.0.1", 9)),
    lambda: socket.create_connection(("example.com", 443), timeout=1),
    lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"x", ("::1", 9)),
):
    try:
        reach()
    except OSError:
        pass
"""


def test_the_guard_sees_connections_lookups_and_datagrams(run) -> None:
    run(code=TRIES)
    noted = run.log.read_text().splitlines()
    assert [line.split("(")[0] for line in noted] == [
        "socket.connect",
        "socket.getaddrinfo",  # create_connection looks the name up first
        "socket.sendto",
    ]


def test_the_main_commands_open_no_internet_socket(run) -> None:
    commands = [
        ["init", "--example"],
        ["today"],
        ["today", "--json"],
        ["done", "1"],
        ["checkin", "--feel", "5", "--words", "calm"],
        ["review"],
        ["sos"],
        ["plan"],
        ["doctor"],
    ]
    for args in commands:
        result = run(*args)
        assert result.returncode == 0, f"careplan {' '.join(args)}: {result.stderr}"
        assert "Traceback" not in result.stderr
    assert not run.log.exists(), run.log.read_text()
