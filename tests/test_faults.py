"""Faults a person's computer can throw at careplan: a full disk, a read-only or missing
folder, a file that is not UTF-8, a folder where a file belongs. Each is one plain error,
exit 1, and nothing recorded earlier is lost.

Tests run as root here, so permissions cannot stop a write: the disk is made full or
read-only by replacing os functions, for careplan's own files only.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careplan.store.store import Store
from tests.fixtures.logs import last_record, own_log

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").exists(), reason="finds a descriptor's file through /proc"
)


def name_of(fd: int) -> str:
    return os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))


@pytest.fixture
def kept(cli, clock, isolated_home: Path) -> Callable[[], None]:
    """A plan with a few days of history; returns a check that every byte of it is still there."""
    cli("init", "--example")
    cli("done", "1")
    cli("checkin", "--feel", "4", "--note", "first day")
    clock.set("2026-11-26T10:00")
    cli("done", "1")
    log = str(own_log(isolated_home).relative_to(isolated_home))
    files = ["plan.toml", "answers.toml", log]
    before = {name: (isolated_home / name).read_bytes() for name in files}
    assert before[log].count(b"\n") == 3

    def check() -> None:
        for name in files:
            assert (isolated_home / name).read_bytes() == before[name], name
        leftovers = [p.name for p in isolated_home.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == []

    return check


def raise_for(names: tuple[str, ...], code: int, real: Callable[..., Any]) -> Callable[..., Any]:
    """os.write / os.fsync that fail with `code` for careplan's named files only."""

    def fake(fd: int, *args: Any) -> Any:
        if any(name_of(fd).startswith(n) for n in names):
            raise OSError(code, os.strerror(code))
        return real(fd, *args)

    return fake


def error_lines(result: Any) -> list[str]:
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return list(result.stderr.splitlines())


# -- a full disk ---------------------------------------------------------------


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_a_full_disk_while_saving_a_record(
    cli, kept, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    with monkeypatch.context() as patch:
        log = own_log(isolated_home)
        patch.setattr(os, call, raise_for((log.name,), errno.ENOSPC, getattr(os, call)))
        result = cli("done", "2")
    assert error_lines(result) == [
        f"Error: The disk is full, so careplan could not save to {log}.",
        "Free some space and try again; nothing earlier was changed.",
    ]
    kept()
    assert cli("done", "2").exit_code == 0  # with space again, all is well


def test_a_disk_that_fills_up_halfway_through_a_record(
    cli, kept, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.write
    log = own_log(isolated_home)

    def half(fd: int, data: bytes) -> int:
        if name_of(fd) == log.name:
            return real(fd, data[: len(data) // 2])  # the kernel's short write
        return real(fd, data)

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", half)
        result = cli("checkin", "--feel", "6")
    assert error_lines(result)[0] == (
        f"Error: The disk is full, so careplan could not save to {log}."
    )
    kept()  # the half record was taken back: no torn line
    assert "Everything looks fine." in cli("doctor").stdout


def test_a_full_disk_while_replacing_the_plan_keeps_the_old_one(
    cli, kept, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", raise_for((".plan.toml.",), errno.ENOSPC, os.fsync))
        result = cli("init", "--force")
    assert error_lines(result)[-2:] == [
        f"Error: The disk is full, so careplan could not save {isolated_home}/plan.toml.",
        "Free some space and try again; nothing earlier was changed.",
    ]
    kept()  # plan.toml as it was; the temp file is gone


def test_a_full_disk_while_backing_up_leaves_no_half_backup(
    cli, kept, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", raise_for(("plan-",), errno.ENOSPC, os.fsync))
        result = cli("init", "--force")
    lines = error_lines(result)
    assert lines[-2].startswith(
        f"Error: The disk is full, so careplan could not save the backup {isolated_home}/backups/plan-"
    )
    kept()
    assert list((isolated_home / "backups").iterdir()) == []


# -- a read-only or locked-away folder ------------------------------------------


def deny_writes(code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """os.open refuses to open anything for writing, as on a read-only disk."""
    real = os.open
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def fake(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & writing:
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake)


@pytest.mark.parametrize(
    ("code", "message", "hint"),
    [
        (
            errno.EROFS,
            "Error: careplan could not open the lock file {home}/.lock: the disk is read-only.",
            "Make it writable, or choose another folder with --home; nothing earlier was changed.",
        ),
        (
            errno.EACCES,
            "Error: careplan is not allowed to open the lock file {home}/.lock.",
            "Check the folder's permissions (`careplan doctor` shows them); nothing earlier was "
            "changed.",
        ),
    ],
)
def test_a_read_only_folder_is_one_plain_error_and_reading_still_works(
    cli,
    kept,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    message: str,
    hint: str,
) -> None:
    with monkeypatch.context() as patch:
        deny_writes(code, patch)
        for args in (["done", "2"], ["checkin", "--feel", "3"], ["init", "--force"]):
            assert error_lines(cli(*args))[-2:] == [message.format(home=isolated_home), hint]
        today = cli("today")  # looking needs no writing
    assert today.exit_code == 0 and " 1. ✓ " in today.stdout
    kept()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_really_read_only_folder(cli, kept, isolated_home: Path) -> None:
    history = own_log(isolated_home)
    os.chmod(history, 0o400)
    os.chmod(isolated_home, 0o500)
    try:
        result = cli("done", "2")
    finally:
        os.chmod(isolated_home, 0o700)
        os.chmod(history, 0o600)
    assert error_lines(result)[:1] == [f"Error: careplan is not allowed to save to {history}."]
    kept()


# -- a missing folder ------------------------------------------------------------


def test_a_missing_folder_says_how_to_start(cli, isolated_home: Path) -> None:
    assert error_lines(cli("today")) == [
        f"Error: There is no plan yet in {isolated_home}.",
        "Run `careplan init` to make one (`--example` for a demo).",
    ]
    assert not isolated_home.exists()


def test_a_folder_that_cannot_be_made(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes").write_text("a file, not a folder")
    home = tmp_path / "notes" / "careplan"
    monkeypatch.setenv("CAREPLAN_HOME", str(home))
    assert error_lines(cli("init", "--example")) == [
        f"Error: careplan could not create the folder {home}: part of that path is a file, "
        "not a folder.",
        "Check the path (--home or CAREPLAN_HOME) and try again.",
    ]
    assert (tmp_path / "notes").read_text() == "a file, not a folder"


def test_an_answers_file_that_is_not_there(cli, tmp_path: Path, isolated_home: Path) -> None:
    missing = tmp_path / "my-answers.toml"
    assert error_lines(cli("init", "--answers", str(missing))) == [
        f"Error: {missing} does not exist.",
        "Check the path and try again.",
    ]
    assert not isolated_home.exists()


# -- files that are not what they should be ---------------------------------------


def test_a_plan_that_is_not_utf8(cli, kept, isolated_home: Path) -> None:
    plan = isolated_home / "plan.toml"
    text = plan.read_bytes().replace(b'name = "Jordan"', 'name = "Jördan"'.encode("latin-1"))
    plan.write_bytes(text)
    for args in (["today"], ["done", "2"], ["review"]):
        assert error_lines(cli(*args)) == [
            f"Error: {plan} is not UTF-8 text, so careplan cannot read it.",
            "Save it as UTF-8 in your editor, or restore it from backups/.",
        ]
    assert plan.read_bytes() == text
    plan.write_bytes(text.replace("Jördan".encode("latin-1"), b"Jordan"))
    kept()


def test_an_answers_file_that_is_not_utf8(cli, tmp_path: Path, isolated_home: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_bytes('name = "Zoë"\n'.encode("utf-16"))
    assert error_lines(cli("init", "--answers", str(answers))) == [
        f"Error: {answers} is not UTF-8 text, so careplan cannot read it.",
        "Save it as UTF-8 in your editor.",  # not in the data folder: no backups to offer
    ]
    assert not (isolated_home / "plan.toml").exists()


def test_a_history_line_that_is_not_utf8_is_skipped(cli, kept, isolated_home: Path) -> None:
    history = own_log(isolated_home)
    with history.open("ab") as handle:
        # A whole record, but its note was saved in Latin-1 by some other tool.
        handle.write(b'{"day":"2026-11-26","at":"2026-11-26T10:00:00","kind":"checkin",')
        handle.write(b'"feel":3,"note":"\xe9t\xe9"}\n')
    assert cli("today").exit_code == 0
    assert cli("done", "2").exit_code == 0
    assert "line 4 could not be read" in " ".join(cli("doctor").stdout.split())
    lines = history.read_bytes().splitlines()
    assert len(lines) == 5  # the odd line is left as it was, and the new record follows


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("plan.toml", ["today"]),
        ("plan.toml", ["done", "2"]),
        ("LOG", ["done", "2"]),
        ("LOG", ["review"]),
        ("answers.toml", ["init", "--force"]),
    ],
)
def test_a_folder_where_a_file_belongs(
    cli, kept, isolated_home: Path, name: str, args: list[str]
) -> None:
    path = own_log(isolated_home) if name == "LOG" else isolated_home / name
    saved = path.read_bytes()
    path.unlink()
    path.mkdir()
    (path / "keep.txt").write_text("mine")
    assert error_lines(cli(*args)) == [
        f"Error: {path} is a folder, where careplan expects a file.",
        "Move that folder aside and try again.",
    ]
    assert (path / "keep.txt").read_text() == "mine"
    (path / "keep.txt").unlink()
    path.rmdir()
    path.write_bytes(saved)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    kept()


# -- hand edits with a typo ------------------------------------------------------


def test_a_syntax_error_on_line_7_names_plan_toml_and_line_7(
    cli, kept, isolated_home: Path
) -> None:
    plan = isolated_home / "plan.toml"
    lines = plan.read_text().splitlines(keepends=True)
    assert lines[6] == 'country = "US"\n'
    lines[6] = 'country = "US\n'  # the closing quote forgotten
    plan.write_text("".join(lines))
    broken = plan.read_bytes()
    for args in (["today"], ["done", "2"], ["review"], ["plan"]):
        assert error_lines(cli(*args)) == [
            "Error: plan.toml, line 7: a piece of text is missing its closing quote, or holds "
            'a character text cannot. A line that works looks like this: title = "Walk to the shop"',
            "Fix it with `careplan plan edit`; careplan checks it when you save.",
        ]
    assert plan.read_bytes() == broken  # a broken plan is never overwritten
    lines[6] = 'country = "US"\n'
    plan.write_text("".join(lines))
    kept()


def test_minutes_below_zero_in_the_third_step_names_its_line(
    cli, kept, isolated_home: Path
) -> None:
    plan = isolated_home / "plan.toml"
    good = plan.read_text()
    plan.write_text(good.replace("minutes = 3", "minutes = -5", 1))
    assert error_lines(cli("today")) == [
        "Error: plan.toml, line 34: The step 'conn-message-person-priya' has minutes = -5; "
        "use a number from 1 to 120.",
        "Fix it with `careplan plan edit`; careplan checks it when you save.",
    ]
    plan.write_text(good)
    kept()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sleep]\nhours = 30\n", "line 2: Hours of sleep should be from 0 to 24, not 30."),
        (
            'name = "A"\nfavourite_colour = "blue"\n',
            "line 2: careplan does not know the key 'favourite_colour'.",
        ),
        (
            '[sleep]\nwake = "25:99"\n',
            "line 2: wake should be a time like 07:30 (24-hour clock), not '25:99'.",
        ),
        (
            'energy = "some"\nenergy = "high"\n',
            "line 2: the same name is set twice; keep one of them.",
        ),
    ],
)
def test_answers_with_a_typo_name_the_file_line_and_fix(
    cli, tmp_path: Path, isolated_home: Path, text: str, message: str
) -> None:
    answers = tmp_path / "mine.toml"
    answers.write_text(text)
    lines = error_lines(cli("init", "--answers", str(answers)))
    assert lines[0] == f"Error: {answers}, {message}"
    assert len(lines) == 2 and lines[1]
    assert not isolated_home.exists()


def test_temp_copies_left_by_a_killed_writer_are_swept_by_the_next_save(
    cli, isolated_home: Path
) -> None:
    import subprocess

    cli("init", "--example")
    dead = subprocess.Popen(["true"])  # a finished process: nobody holds its pid now
    dead.wait()
    cache = Store(isolated_home).cache_path
    cache.parent.mkdir(parents=True, exist_ok=True)
    stale = cache.parent / f".{cache.name}.{dead.pid}-deadbeef.tmp"
    stale.write_text("half a cache")
    mine = cache.parent / f".{cache.name}.{os.getpid()}-cafe.tmp"
    mine.write_text("a save in progress")
    assert cli("done", "1").exit_code == 0
    assert not stale.exists() and mine.exists()


def test_a_file_where_the_data_folder_belongs(cli, isolated_home: Path) -> None:
    isolated_home.write_text("not a folder")
    for args in (["init", "--example"], ["today"]):
        assert error_lines(cli(*args)) == [
            f"Error: {isolated_home} is a file, where careplan expects a folder.",
            "Move that file aside, or choose another folder with --home.",
        ]
    assert isolated_home.read_text() == "not a folder"


def test_an_export_elsewhere_neither_makes_the_data_folder_nor_needs_it(
    cli, tmp_path: Path, isolated_home: Path
) -> None:
    missing = tmp_path / "nowhere" / "x.json"
    assert error_lines(cli("export", "--format", "json", "--out", str(missing)))[0] == (
        f"Error: {missing.parent} does not exist."
    )
    assert not isolated_home.exists()


def test_a_typo_in_the_plan_does_not_cost_a_check_in(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    plan = isolated_home / "plan.toml"
    plan.write_text(plan.read_text().replace("schema = 1", "schema = = 1"))
    broken = plan.read_bytes()
    result = cli("checkin", "--feel", "5", "--note", "still here")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0] == "Noted for Wed 25 Nov: 5/10. Thank you for checking in."
    assert lines[1].startswith(
        "Your check-in is kept, but plan.toml needs a look: plan.toml, line"
    )
    record = last_record(isolated_home)
    assert (record["day"], record["feel"], record["note"]) == ("2026-11-25", 5, "still here")
    assert plan.read_bytes() == broken  # never rewritten
    assert cli("done", "1").exit_code == 1  # steps still need the plan: a plain error
