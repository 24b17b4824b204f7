"""What sync tools leave behind: every conflict-copy name and git's conflict markers.

Whatever the tool, the records in a copy are read (each counted once), doctor names the
copy, and `doctor --fix` folds it into a log after a backup, losing nothing.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from careplan.core.conflicts import original_of
from careplan.core.model import Event, EventKind, Stamp
from careplan.store import history_codec
from tests.fixtures.logs import own_log

PATTERNS = {
    "Syncthing": "{stem}.sync-conflict-20261130-120000-ABCDEFG{ext}",
    "Nextcloud/ownCloud": "{stem}_conflict-20261130-120000{ext}",
    "Nextcloud 3": "{stem} (conflicted copy 2026-11-30 120000){ext}",
    "Dropbox": "{stem} (Jordan's conflicted copy 2026-11-30){ext}",
    "OneDrive": "{stem}-LAPTOP{ext}",
}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("tool", list(PATTERNS))
@pytest.mark.parametrize(
    "original", ["plan.toml", "answers.toml", "history.jsonl", "abcdefghij.jsonl"]
)
def test_each_tool_s_copy_name_is_known(tool: str, original: str) -> None:
    stem, dot, ext = original.rpartition(".")
    name = PATTERNS[tool].format(stem=stem, ext=dot + ext)
    assert original_of(name) == original
    assert original_of(original) is None


def another_computer(day: str, step: str) -> bytes:
    """A record another computer wrote (device bbbbbbbbbb), as its log holds it."""
    at = datetime.fromisoformat(f"{day}T10:00:00+00:00")
    event = Event(
        datetime.fromisoformat(day).date(), at, EventKind.DONE, step,
        rid="bbbbbbbbbb-1", stamp=Stamp(1, int(at.timestamp() * 1000), 0, "bbbbbbbbbb"),
    )  # fmt: skip
    return history_codec.event_to_line(event).encode()


def steps(cli) -> list[str]:  # type: ignore[no-untyped-def]
    return [s["id"] for s in json.loads(cli("today", "--json").stdout)["steps"]]


def count(cli) -> int:  # type: ignore[no-untyped-def]
    return len(json.loads(cli("export", "--format", "json").stdout)["history"])


@pytest.mark.parametrize("tool", list(PATTERNS))
def test_a_copy_of_a_computer_s_log_is_counted_once_named_and_folded(
    cli, isolated_home: Path, tool: str
) -> None:
    cli("init", "--example")
    cli("done", "1")
    cli("checkin", "--feel", "4")
    log = own_log(isolated_home)
    ids = steps(cli)
    name = PATTERNS[tool].format(stem=log.stem, ext=".jsonl")
    copy = log.parent / name
    copy.write_bytes(log.read_bytes() + another_computer("2026-11-25", ids[1]))
    copy.chmod(0o600)

    assert count(cli) == 3  # ours twice over (log and copy) count once, plus the other's
    assert [s["status"] for s in json.loads(cli("today", "--json").stdout)["steps"][:2]] == [
        "done",
        "done",
    ]
    report = cli("doctor")
    assert report.exit_code == 1
    assert f"history/{name} is a copy a sync tool left of {log.name}" in flat(report.stdout)
    fixed = cli("doctor", "--fix")
    assert f"history/{name}: 1 record folded into history/{log.name}" in fixed.stderr
    assert not copy.exists()
    [backup] = (isolated_home / "backups").iterdir()
    assert backup.read_bytes().endswith(another_computer("2026-11-25", ids[1]))
    assert count(cli) == 3
    assert cli("doctor").exit_code == 0


LEGACY = (
    '{{"day":"2026-11-25","at":"2026-11-25T09:00:00","kind":"done","step":"{0}"}}\n'
    '{{"day":"2026-11-25","at":"2026-11-25T09:05:00","kind":"checkin","feel":5}}\n'
)


@pytest.mark.parametrize("tool", list(PATTERNS))
def test_a_copy_of_an_older_history_jsonl_is_counted_once_named_and_folded(
    cli, isolated_home: Path, tool: str
) -> None:
    cli("init", "--example")
    ids = steps(cli)
    old = LEGACY.format(ids[0])
    theirs = (
        old
        + f'{{"day":"2026-11-25","at":"2026-11-25T09:07:00","kind":"skip","step":"{ids[2]}"}}\n'
    )
    (isolated_home / "history.jsonl").write_text(old)
    name = PATTERNS[tool].format(stem="history", ext=".jsonl")
    (isolated_home / name).write_text(theirs)
    (isolated_home / name).chmod(0o600)
    (isolated_home / "history.jsonl").chmod(0o600)

    assert count(cli) == 3
    assert [s["status"] for s in json.loads(cli("today", "--json").stdout)["steps"][:3]] == [
        "done",
        "open",
        "skipped",
    ]
    assert f"{name} is a copy a sync tool left of history.jsonl" in flat(cli("doctor").stdout)
    fixed = cli("doctor", "--fix")
    assert f"{name}: 1 record folded into history.jsonl" in fixed.stderr
    assert not (isolated_home / name).exists()
    assert (isolated_home / "history.jsonl").read_text() == theirs
    assert count(cli) == 3


@pytest.mark.parametrize("style", ["merge", "diff3"])
def test_git_conflict_markers_are_read_around_and_taken_out(
    cli, isolated_home: Path, style: str
) -> None:
    cli("init", "--example")
    ids = steps(cli)
    base = '{{"day":"2026-11-25","at":"2026-11-25T08:00:00","kind":"done","step":"{0}"}}\n'
    ours = '{{"day":"2026-11-25","at":"2026-11-25T09:00:00","kind":"done","step":"{0}"}}\n'
    theirs = '{"day":"2026-11-25","at":"2026-11-25T09:01:00","kind":"checkin","feel":6}\n'
    middle = "||||||| merged common ancestors\n" if style == "diff3" else ""
    text = (
        base.format(ids[0]) + "<<<<<<< HEAD\n" + ours.format(ids[1]) + middle
        + "=======\n" + theirs + ">>>>>>> laptop\n"
    )  # fmt: skip
    history = isolated_home / "history.jsonl"
    history.write_text(text)
    history.chmod(0o600)
    assert count(cli) == 3
    report = flat(cli("doctor").stdout)
    assert "history.jsonl has git's conflict markers (lines 2," in report
    assert "could not be read" not in report  # markers are not torn records
    fixed = cli("doctor", "--fix")
    assert "history.jsonl: git's conflict markers removed" in fixed.stderr
    assert "<<<<<<<" not in history.read_text()
    assert count(cli) == 3
    assert cli("doctor").exit_code == 0


@pytest.mark.parametrize("tool", list(PATTERNS))
def test_a_second_plan_is_never_chosen_silently(cli, isolated_home: Path, tool: str) -> None:
    cli("init", "--example")
    plan = isolated_home / "plan.toml"
    name = PATTERNS[tool].format(stem="plan", ext=".toml")
    (isolated_home / name).write_text(plan.read_text().replace("minutes = 3", "minutes = 4", 1))
    (isolated_home / name).chmod(0o600)
    before = cli("today", "--json")
    assert before.exit_code == 0
    assert before.stderr.count("\n") == 1 and "second version of plan.toml" in before.stderr
    doctor = cli("doctor")
    assert doctor.exit_code == 1
    assert "-minutes = 3" in doctor.stdout and "+minutes = 4" in doctor.stdout
    assert "To keep plan.toml: delete the copy" in flat(doctor.stdout)
    check = cli("plan", "check")
    assert check.exit_code == 0
    assert "+minutes = 4" in check.stderr and "To keep the copy instead" in flat(check.stderr)


def test_a_newer_careplan_s_history_is_a_clear_error(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    cli("done", "1")
    log = own_log(isolated_home)
    with log.open("a") as handle:
        handle.write('{"v":3,"id":"x-1","what":"something new"}\n')
    result = cli("today")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: history/{log.name}: Your history holds records from a newer careplan "
        "(history format 3); this careplan reads formats up to 2.",
        "Update careplan on this computer to read them. Nothing was changed.",
    ]


def test_the_device_id_lives_outside_the_data_folder(
    cli, isolated_home: Path, tmp_path: Path, monkeypatch
) -> None:
    """A backup restored on a new computer starts a log of its own."""
    cli("init", "--example")
    cli("done", "1")
    first = own_log(isolated_home)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-computer"))
    cli("done", "2")
    logs = sorted((isolated_home / "history").iterdir())
    assert len(logs) == 2 and first in logs
    assert first.read_text().count("\n") == 1
