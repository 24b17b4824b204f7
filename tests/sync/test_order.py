"""The last record written wins, whatever the clock or the time zone did.

Through the CLI: daylight saving's repeated hour (Europe/London, 25 Oct 2026: 01:00-02:00
happens twice), a switch of time zone between commands, and a clock set back.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


def london(hour: int, minute: int, fold: int) -> datetime:
    """25 Oct 2026 in London; fold 0 is the first 01:xx (BST, +01:00), fold 1 the second (GMT)."""
    return datetime(2026, 10, 25, hour, minute, tzinfo=LONDON, fold=fold)


def zone(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


CASES = {
    "done in BST, undo 40 minutes later in GMT at an earlier wall time": (
        [(london(1, 30, 0), "done", "1"), (london(1, 10, 1), "undo", "1")],
        "open", None,
    ),
    "done, undo, done across the repeated hour": (
        [(london(1, 50, 0), "done", "1"), (london(1, 5, 1), "undo", "1"),
         (london(1, 20, 1), "done", "1")],
        "done", None,
    ),
    "check-in 8, then a later 1 at an earlier wall time": (
        [(london(1, 40, 0), "checkin", "--feel", "8"),
         (london(1, 15, 1), "checkin", "--feel", "1")],
        None, 1,
    ),
    "time zone switched between commands (Berlin, then New York)": (
        [(datetime(2026, 10, 24, 10, 0, tzinfo=zone(2)), "done", "1"),
         (datetime(2026, 10, 24, 4, 30, tzinfo=zone(-4)), "undo", "1")],
        "open", None,
    ),
    "clock set back an hour between done and undo": (
        [(datetime(2026, 10, 24, 10, 0, tzinfo=zone(1)), "done", "1"),
         (datetime(2026, 10, 24, 9, 0, tzinfo=zone(1)), "undo", "1")],
        "open", None,
    ),
    "clock set back: undo, then done": (
        [(datetime(2026, 10, 24, 10, 0, tzinfo=zone(1)), "undo", "1"),
         (datetime(2026, 10, 24, 9, 0, tzinfo=zone(1)), "done", "1")],
        "done", None,
    ),
    "clock set back: check-in 8, then 1": (
        [(datetime(2026, 10, 24, 21, 0, tzinfo=zone(0)), "checkin", "--feel", "8"),
         (datetime(2026, 10, 24, 20, 0, tzinfo=zone(0)), "checkin", "--feel", "1")],
        None, 1,
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_the_last_record_written_wins(cli, clock, case: str) -> None:
    steps, status, feel = CASES[case]
    clock.now = datetime(2026, 10, 20, 9, 0, tzinfo=zone(1))
    assert cli("init", "--example").exit_code == 0
    for moment, *args in steps:
        clock.now = moment
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
    clock.now = steps[-1][0] + timedelta(minutes=1)
    today = json.loads(cli("today", "--json").stdout)
    assert today["date"] == "2026-10-24"  # before the 04:00 day start: still the 24th
    if status is not None:
        assert today["steps"][0]["status"] == status
    if feel is not None:
        checkins = json.loads(cli("review", "--json").stdout)["checkins"]
        assert [c["feel"] for c in checkins] == [feel]


def test_an_older_history_is_read_in_the_order_it_was_written(cli, clock, isolated_home) -> None:
    """history.jsonl of an earlier careplan (local times, no offset): its order in the file
    rules, so the repeated hour's undo still undoes (a migration in memory; the file is
    left as it is)."""
    clock.now = datetime(2026, 10, 20, 9, 0, tzinfo=zone(1))
    cli("init", "--example")
    step = json.loads(cli("today", "--json").stdout)["steps"][0]["id"]
    old = (
        f'{{"day":"2026-10-24","at":"2026-10-25T01:30:00","kind":"done","step":"{step}"}}\n'
        f'{{"day":"2026-10-24","at":"2026-10-25T01:10:00","kind":"undo","step":"{step}"}}\n'
        '{"day":"2026-10-24","at":"2026-10-25T01:40:00","kind":"checkin","feel":8}\n'
        '{"day":"2026-10-24","at":"2026-10-25T01:15:00","kind":"checkin","feel":1}\n'
    )
    (isolated_home / "history.jsonl").write_text(old)
    clock.now = london(1, 20, 1)
    assert json.loads(cli("today", "--json").stdout)["steps"][0]["status"] == "open"
    assert [c["feel"] for c in json.loads(cli("review", "--json").stdout)["checkins"]] == [1]
    cli("done", "2")  # a new record goes to this computer's log, after the old ones
    assert (isolated_home / "history.jsonl").read_text() == old
    assert json.loads(cli("today", "--json").stdout)["steps"][0]["status"] == "open"
