"""S2-S6, T1, T2, H2, H3: data folders that belong to someone else, hold links, leftovers,
lack their x bit, cannot flock, are locked by a paused careplan, or hold 1 GB of NULs."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.helpers import (
    NOBODY,
    OTHER_USER_OK,
    ROOT,
    as_user,
    careplan,
    logs,
    no_traceback,
    records,
)

# -- S2: another user's folder ------------------------------------------------------


def test_a_folder_owned_by_someone_else_is_refused_plainly(cli, isolated_home: Path) -> None:
    assert cli("init", "--example").exit_code == 0
    if not ROOT:
        pytest.skip("only root can give a folder to another user")
    os.chown(isolated_home, NOBODY, NOBODY)
    before = records(isolated_home)
    for args in (["today"], ["done", "1"], ["checkin", "--feel", "3"]):
        result = cli(*args)
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"Error: {isolated_home} belongs to nobody, not to you, so careplan will not keep "
            "your records there.",
            "Choose a folder of your own with --home or CAREPLAN_HOME.",
        ]
    assert records(isolated_home) == before
    assert cli("doctor").exit_code == 1


def xdg(user: Path) -> dict[str, str]:
    """The user's own folders, inside `user` (the suite's are root's alone)."""
    names = ("DATA", "STATE", "CACHE", "CONFIG", "RUNTIME")
    return {f"XDG_{n}_HOME" if n != "RUNTIME" else "XDG_RUNTIME_DIR": str(user / n.lower())
            for n in names}  # fmt: skip


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can reach (pytest's own tmp is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="careplan-hostile-", dir="/tmp"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(not OTHER_USER_OK, reason="needs root and a Python another user can run")
def test_another_user_is_refused_a_planted_folder(shared_tmp: Path) -> None:
    planted = shared_tmp / "planted"
    planted.mkdir(mode=0o777)
    os.chmod(planted, 0o777)
    (planted / "history.jsonl").touch(0o666)
    os.chmod(planted / "history.jsonl", 0o666)
    home = shared_tmp / "nobody-home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    env = {"CAREPLAN_HOME": str(planted), "HOME": str(home), **xdg(home)}
    child = careplan(
        "checkin",
        "--feel",
        "2",
        "--note",
        "private",
        env=env,
        before=as_user(NOBODY),
        other_user=True,
    )
    no_traceback(child)
    assert child.code == 1
    assert "belongs to root, not to you" in child.stderr
    assert (planted / "history.jsonl").read_bytes() == b""


def test_doctor_fix_makes_a_0777_folder_private_and_stops_recommending_itself(
    cli, isolated_home: Path
) -> None:
    assert cli("init", "--example").exit_code == 0
    os.chmod(isolated_home, 0o777)
    os.chmod(isolated_home / "plan.toml", 0o666)
    assert cli("doctor").exit_code == 1
    fixed = cli("doctor", "--fix")
    assert fixed.exit_code == 0, fixed.stdout
    assert f"{isolated_home} is now private (0700)." in fixed.stderr
    assert stat.S_IMODE(isolated_home.stat().st_mode) == 0o700
    again = cli("doctor", "--fix")
    assert again.exit_code == 0 and "doctor --fix" not in again.stdout


# -- S3: links ----------------------------------------------------------------------


def test_a_linked_history_is_never_written_through(
    cli, isolated_home: Path, tmp_path: Path
) -> None:
    assert cli("init", "--example").exit_code == 0
    assert cli("done", "1").exit_code == 0
    log = logs(isolated_home)[0]
    target = tmp_path / "elsewhere.jsonl"
    shutil.move(log, target)
    os.chmod(target, 0o644)
    kept = target.read_bytes()
    log.symlink_to(target)
    result = cli("done", "2")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {log} is a link (it points to {target}), and careplan "
        "does not write through links in its folder."
    )
    assert target.read_bytes() == kept and stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_linked_plan_is_never_replaced_by_a_file(
    cli, isolated_home: Path, tmp_path: Path
) -> None:
    assert cli("init", "--example").exit_code == 0
    real = tmp_path / "dotfiles-plan.toml"
    shutil.move(isolated_home / "plan.toml", real)
    (isolated_home / "plan.toml").symlink_to(real)
    before = real.read_bytes()
    result = cli("plan", "add", "calm-meditate")
    assert result.exit_code == 1
    assert "is a link" in result.stderr
    assert (isolated_home / "plan.toml").is_symlink() and real.read_bytes() == before
    assert cli("today").exit_code == 0  # reading through it is fine


def test_a_linked_data_folder_is_judged_by_its_target(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = tmp_path / "real-home"
    link = tmp_path / "linked-home"
    real.mkdir(mode=0o700)
    link.symlink_to(real)  # a link's own mode is always 0777
    monkeypatch.setenv("CAREPLAN_HOME", str(link))
    assert cli("init", "--example").exit_code == 0
    assert stat.S_IMODE(real.stat().st_mode) == 0o700
    result = cli("doctor")
    assert result.exit_code == 0, result.stdout
    assert "private (0700)" in result.stdout


AUDIT = """\
import json, os, sys
log = []
def hook(event, args):
    if event == "open" and isinstance(args[2], int):
        log.append([os.fsdecode(args[0]) if not isinstance(args[0], int) else "", args[2]])
    elif event == "os.rename":
        log.append(["rename", os.fsdecode(args[1])])
sys.addaudithook(hook)
from careplan.cli import run
try:
    run()
finally:
    with open(os.environ["AUDIT_LOG"], "w") as out:
        json.dump(log, out)
"""


def test_an_audit_of_every_open_shows_no_write_through_a_link(
    isolated_home: Path, tmp_path: Path
) -> None:
    """Acceptance 4: with the log and the plan linked elsewhere, every write that careplan
    opens in its folder refuses links (O_NOFOLLOW) or makes a new file (O_EXCL)."""
    import subprocess
    import sys

    assert careplan("init", "--example").code == 0
    assert careplan("done", "1").code == 0
    own = logs(isolated_home)[0]
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in (own.relative_to(isolated_home).as_posix(), "plan.toml", ".lock"):
        target = outside / Path(name).name
        source = isolated_home / name
        if source.exists():
            shutil.move(source, target)
        else:
            target.write_bytes(b"")
        source.symlink_to(target)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    log = tmp_path / "audit.json"
    script = tmp_path / "audited.py"
    script.write_text(AUDIT)
    writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    commands = [["done", "1"], ["checkin", "--feel", "3"], ["plan", "pause", "x"],
                ["doctor", "--fix"], ["init", "--force", "--example"], ["review", "--reflect", "a"]]  # fmt: skip
    for args in commands:
        done = subprocess.run(
            [sys.executable, str(script), *args],
            env={**os.environ, "AUDIT_LOG": str(log)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        for entry in json.loads(log.read_text()):
            if entry[0] == "rename":
                assert not Path(entry[1]).is_symlink(), (args, entry)
                continue
            path, flags = Path(entry[0]), entry[1]
            if isolated_home not in path.parents or not flags & writes:
                continue
            assert flags & (os.O_NOFOLLOW | os.O_EXCL), (args, entry)
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    assert own.is_symlink() and (isolated_home / "plan.toml").is_symlink()


# -- S4: files the person names -------------------------------------------------------


def test_export_never_replaces_an_existing_file_without_force(cli, tmp_path: Path) -> None:
    assert cli("init", "--example").exit_code == 0
    mine = tmp_path / "taxes.csv"
    mine.write_text("my own numbers")
    refused = cli("export", "--out", str(mine))
    assert refused.exit_code == 2
    assert refused.stderr.splitlines() == [
        f"Error: {mine} already exists, so careplan left it as it is.",
        "Add --force to replace it, or choose another name.",
    ]
    assert mine.read_text() == "my own numbers"
    assert cli("export", "--out", str(mine), "--force").exit_code == 0
    assert json.loads(mine.read_text())["version"] == 1
    assert stat.S_IMODE(mine.stat().st_mode) == 0o600
    markdown = tmp_path / "notes.md"
    markdown.write_text("mine")
    assert cli("review", "--markdown", str(markdown)).exit_code == 2
    assert markdown.read_text() == "mine"


def test_export_leaves_links_alone_and_writes_devices_and_fifos_in_place(
    cli, tmp_path: Path
) -> None:
    import threading

    assert cli("init", "--example").exit_code == 0
    target = tmp_path / "target.json"
    target.write_text("kept")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    refused = cli("export", "--out", str(link), "--force")
    assert refused.exit_code == 1 and "is a link" in refused.stderr
    assert link.is_symlink() and target.read_text() == "kept"

    assert cli("export", "--out", os.devnull).exit_code == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    nobody = cli("export", "--out", str(fifo))
    assert nobody.exit_code == 1
    assert nobody.stderr.startswith(f"Error: Nothing is reading from {fifo}")
    got: list[bytes] = []
    handle = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    reader = threading.Thread(target=lambda: got.append(_drain(handle)))
    reader.start()
    assert cli("export", "--out", str(fifo)).exit_code == 0
    reader.join(30)
    assert json.loads(got[0])["version"] == 1 and stat.S_ISFIFO(fifo.stat().st_mode)


def _drain(fd: int) -> bytes:
    import select

    data = b""
    os.set_blocking(fd, True)
    while True:
        select.select([fd], [], [], 30)
        chunk = os.read(fd, 65536)
        if not chunk and data:
            break
        data += chunk
    os.close(fd)
    return data


# -- S5: leftovers --------------------------------------------------------------------


def test_doctor_sees_leftovers_and_fix_removes_them(cli, isolated_home: Path) -> None:
    import subprocess

    assert cli("init", "--example").exit_code == 0
    dead = subprocess.Popen(["true"])
    dead.wait()
    temp = isolated_home / f".plan.toml.{dead.pid}-0a0b.tmp"
    draft = isolated_home / f"plan-edit-{dead.pid}-0c0d.toml"
    empty = isolated_home / "backups" / "plan-20260101-000000.toml"
    empty.parent.mkdir(mode=0o700, exist_ok=True)
    for path in (temp, draft, empty):
        path.write_bytes(b"" if path == empty else b"half")
        path.chmod(0o600)
    seen = cli("doctor")  # (its exit code also says whether reminders can be shown here)
    assert "Left over from an interrupted save or edit:" in seen.stdout
    assert "`careplan doctor --fix` removes them (it asks first)" in " ".join(seen.stdout.split())
    fixed = cli("doctor", "--fix")
    assert "Traceback" not in fixed.stderr
    assert not temp.exists() and not draft.exists() and not empty.exists()
    assert f"Removed {draft}." in fixed.stderr


# -- S6: umask 000 --------------------------------------------------------------------


def test_a_umask_of_000_never_makes_an_open_folder(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "careplan"
    child = careplan(
        "init", "--example", env={"CAREPLAN_HOME": str(deep)}, before=lambda: os.umask(0)
    )
    assert child.code == 0, child.stderr
    for folder in (tmp_path / "a", tmp_path / "a" / "b", deep, deep / "backups", deep / "history"):
        if folder.exists():
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in [deep / "plan.toml", deep / "answers.toml", deep / ".lock", *logs(deep)]:
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# -- T1: a folder without its x bit, as a user that permissions apply to -------------------


@pytest.mark.skipif(not OTHER_USER_OK, reason="needs root and a Python another user can run")
def test_a_folder_without_its_x_bit_is_plain_everywhere_and_doctor_fixes_it(
    shared_tmp: Path,
) -> None:
    home = shared_tmp / "data"
    user = shared_tmp / "user"
    user.mkdir()
    os.chown(user, NOBODY, NOBODY)
    os.chown(shared_tmp, NOBODY, NOBODY)
    env = {"CAREPLAN_HOME": str(home), "HOME": str(user), **xdg(user)}
    nobody = as_user(NOBODY)
    assert careplan("init", "--example", env=env, before=nobody, other_user=True).code == 0
    assert careplan("done", "1", env=env, before=nobody, other_user=True).code == 0
    assert (
        careplan("init", "--force", "--example", env=env, before=nobody, other_user=True).code == 0
    )
    for path in [home / "backups", *home.glob("backups/*"), home]:
        os.chmod(path, 0o600)
    for args in (["today"], ["done", "2"], ["checkin", "--feel", "3"], ["plan"],
                 ["init", "--force", "--example"], ["doctor"], ["review"]):  # fmt: skip
        child = careplan(*args, env=env, before=nobody, other_user=True)
        no_traceback(child)
        assert child.code == 1, (args, child.stderr)
        assert child.stderr.startswith("Error: ") or args == ["doctor"], child.stderr
    fixed = careplan("doctor", "--fix", env=env, before=nobody, other_user=True)
    no_traceback(fixed)
    assert "is now private (0700)" in fixed.stderr, fixed.stdout + fixed.stderr
    assert "can be read by other people" not in fixed.stdout
    assert stat.S_IMODE((home / "backups").stat().st_mode) == 0o700
    assert careplan("today", env=env, before=nobody, other_user=True).code == 0
    assert records(home) == 1


# -- T2: no flock ---------------------------------------------------------------------


@pytest.mark.parametrize("code", [errno.ENOLCK, errno.EOPNOTSUPP])
def test_without_flock_a_pid_file_locks_instead(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    assert cli("init", "--example").exit_code == 0

    def unsupported(fd: int, operation: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(fcntl, "flock", unsupported)
    result = cli("done", "1")
    assert result.exit_code == 0, result.stderr
    assert records(isolated_home) == 1
    assert not (isolated_home / ".lock.pid").exists()
    # One left by a careplan that was stopped mid-save is taken over.
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()
    (isolated_home / ".lock.pid").write_text(f"{dead.pid}\n")
    assert cli("done", "2").exit_code == 0 and records(isolated_home) == 2


# -- H2: a careplan that holds the lock (Ctrl-Z) ------------------------------------------------


def test_a_writer_waiting_on_the_lock_says_so_and_gives_up_plainly(isolated_home: Path) -> None:
    assert careplan("init", "--example").code == 0
    fd = os.open(isolated_home / ".lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        child = careplan("done", "1", env={"CAREPLAN_LOCK_TIMEOUT": "0.4"})
    finally:
        os.close(fd)
    assert child.code == 1
    assert child.stderr.splitlines() == [
        f"Waiting for another careplan (pid {os.getpid()}) to finish…",
        f"Error: Another careplan (pid {os.getpid()}) has been busy with your files for 0.4 "
        "seconds, so this one stopped waiting. Nothing was changed.",
        "If that careplan is paused (Ctrl-Z), bring it back with `fg` or close it, then try "
        "again. CAREPLAN_LOCK_TIMEOUT sets how many seconds to wait.",
    ]
    assert records(isolated_home) == 0
    assert careplan("done", "1").code == 0 and records(isolated_home) == 1


def test_a_lock_timeout_that_is_not_a_number_is_a_usage_error(isolated_home: Path) -> None:
    child = careplan("today", env={"CAREPLAN_LOCK_TIMEOUT": "soon"})
    assert child.code == 2
    assert child.stderr == (
        "Error: CAREPLAN_LOCK_TIMEOUT is 'soon'; it should be a number of seconds, like 30.\n"
    )


# -- H3: 1 GB of NULs -----------------------------------------------------------------


def test_a_gigabyte_of_nuls_costs_no_gigabytes(isolated_home: Path) -> None:
    import resource

    assert careplan("init", "--example").code == 0
    assert careplan("done", "1").code == 0
    history = logs(isolated_home)[0]
    with history.open("r+b") as handle:
        handle.truncate(history.stat().st_size + 2**30)  # sparse: no disk used

    def limited() -> None:  # reading it whole would need more than this
        resource.setrlimit(resource.RLIMIT_AS, (700 * 2**20, 700 * 2**20))

    child = careplan("today", "--json", before=limited)
    assert child.code == 0, child.stderr
    assert json.loads(child.stdout)["steps"][0]["status"] == "done"
