"""Two computers syncing one careplan folder with real Syncthing, apart and together.

Several rounds of: the link cut, both computers recording different things (the same
step on the same day included), the link back, wait until in sync. Then both show the
same day and the same week, the union of what was recorded, and Syncthing has made no
conflict copy of careplan's logs: each computer only ever writes its own.
"""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import conftest
from tests.sync.helpers import Computer, computers

pytestmark = pytest.mark.skipif(
    shutil.which("syncthing") is None, reason="syncthing is not installed (apt install syncthing)"
)


def _loopback_only(real):  # type: ignore[no-untyped-def]
    def guarded(self: socket.socket, address, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] != "127.0.0.1":
            raise conftest.NetworkUsedError(f"a socket to {address!r}: only 127.0.0.1 is allowed")
        return real(self, address, *args, **kwargs)

    return guarded


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test itself talks to the daemons' REST APIs on 127.0.0.1, and nowhere else."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only(conftest._real_connect))
    monkeypatch.setattr(socket.socket, "bind", _loopback_only(conftest._real_bind))


IGNORED = {".lock", ".stfolder", ".stignore"}


def contents(home: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(home.rglob("*")):
        relative = str(path.relative_to(home))
        if (
            path.is_file()
            and relative.split("/")[0] not in IGNORED
            and ".syncthing." not in relative
        ):
            found[relative] = path.read_bytes()
    return found


@pytest.fixture
def pair(
    cli, clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loopback: None
) -> Iterator[tuple[Computer, Computer, object]]:
    from tests.sync.syncthing import Pair

    pcs = computers(
        tmp_path,
        monkeypatch,
        cli,
        {"A": tmp_path / "A" / "careplan", "B": tmp_path / "B" / "careplan"},
    )
    a, b = pcs["A"], pcs["B"]
    a.run("init", "--example")
    with Pair(tmp_path, a.home, b.home, ignore=[".lock"]) as link:  # the README's .stignore
        link.wait_in_sync(lambda: contents(a.home) == contents(b.home))
        yield a, b, link


# Each round: what each computer records while apart, in the order the clock sees them.
ROUNDS = [
    [("A", "done", "1"), ("B", "done", "2"), ("A", "checkin", "--feel", "6"),
     ("B", "done", "1"), ("B", "undo", "1"), ("A", "skip", "3")],
    [("B", "checkin", "--feel", "2", "--words", "tired"), ("A", "done", "1"),
     ("A", "undo", "2"), ("B", "skip", "1"), ("A", "checkin", "--feel", "7")],
    [("A", "skip", "--all"), ("B", "done", "3"), ("B", "undo", "--all"), ("A", "done", "2")],
]  # fmt: skip


def test_apart_and_together_both_show_the_union(pair, clock) -> None:
    a, b, link = pair
    began = time.monotonic()
    by_name = {"A": a, "B": b}
    recorded = 0
    for number, round_ in enumerate(ROUNDS):
        clock.set(f"2026-11-{25 + number // 2}T{9 + number:02d}:00")  # round 3 is the next day
        link.pause()
        for who, *args in round_:
            by_name[who].run(*args)
            recorded += 1
        link.resume()
        link.wait_in_sync(lambda: contents(a.home) == contents(b.home))
        today_a, today_b = a.json("today"), b.json("today")
        assert today_a == today_b
        assert a.json("review") == b.json("review")
        assert len(a.records()) == len(b.records()) == recorded  # the union, each once
        copies = [p.name for p in a.home.rglob("*") if "conflict" in p.name]
        assert copies == []
        if number == 0:  # B's undo of step 1 was the last word; A rested step 3
            assert [s["status"] for s in today_a["steps"][:3]] == ["open", "done", "skipped"]
        if number == 1:  # B's skip of step 1 came after A's done; A took back B's done of 2
            assert [s["status"] for s in today_a["steps"][:2]] == ["skipped", "open"]
            assert a.json("review")["checkins"][-1]["feel"] == 7  # the later check-in
    assert sorted(p.name for p in (a.home / "history").iterdir()) == sorted(
        p.name for p in (b.home / "history").iterdir()
    )
    assert len(list((a.home / "history").iterdir())) == 2
    print(f"syncthing rounds took {time.monotonic() - began:.1f} s")
