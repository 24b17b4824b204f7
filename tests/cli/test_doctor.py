"""careplan doctor: where the files are, their privacy, schema, validation, lock; --fix."""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

from careplan.store.store import Store
from tests.fixtures.logs import own_log


def flat(text: str) -> str:
    """Output with its wrapping undone, to find a sentence wherever the lines broke."""
    return " ".join(text.split())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def snapshot(home: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        str(p.relative_to(home)): (p.read_bytes(), p.stat().st_mtime_ns, mode(p))
        for p in sorted(home.rglob("*"))
        if p.is_file()
    }


def test_a_fresh_plan_is_all_fine_and_doctor_changes_nothing(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    cli("done", "1")
    before = snapshot(isolated_home)
    result = cli("doctor")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "Your careplan folder, private (0700):",
        f"  {isolated_home}",
        "  plan.toml         fine: 11 steps, schema 1 · private (0600)",
        "  answers.toml      fine · private (0600)",
        f"  history/{own_log(isolated_home).name} 1 record (this computer) · private (0600)",
    ]
    cache = Store(isolated_home).cache_path  # on this computer only, outside the folder
    assert f"{cache} saved tallies; safe to delete · private (0600)" in flat(result.stdout)
    assert lines[-8:] == [
        "  backups/          none yet",
        "  .lock             free · private (0600)",
        "",
        "Good to know:",
        "  - Reminders cannot be shown here: no desktop notification service is running.",
        "    `careplan today --short` in your prompt shows what is open instead.",
        "",
        "Everything looks fine.",
    ]
    assert snapshot(isolated_home) == before


def test_no_folder_yet_is_fine_and_stays_that_way(cli, isolated_home: Path) -> None:
    result = cli("doctor")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "Your careplan folder is not made yet; `careplan init` makes it here:",
        f"  {isolated_home}",
    ]
    assert not isolated_home.exists()


def test_a_torn_line_and_a_world_readable_file_are_reported_and_fix_makes_it_private(
    cli, isolated_home: Path
) -> None:
    cli("init", "--example")
    cli("done", "1")
    history = own_log(isolated_home)
    with history.open("ab") as handle:
        handle.write(b'{"day": "2026-11-2')  # a crash in the middle of a save
    os.chmod(isolated_home / "plan.toml", 0o644)
    os.chmod(isolated_home, 0o755)

    result = cli("doctor")
    assert result.exit_code == 1
    out = flat(result.stdout)
    assert "plan.toml fine: 11 steps, schema 1 · others can read it (0644)" in out
    assert f"history/{history.name} 1 record (this computer) · private (0600)" in out
    assert (
        f"- {isolated_home}/plan.toml can be read by other people on this computer (0644). "
        "`careplan doctor --fix` makes the file private (0600)."
    ) in out
    assert f"- {isolated_home} can be read by other people on this computer (0755)." in out
    assert (
        f"- history/{history.name}: line 2 could not be read, so careplan skips it; everything else counts."
    ) in out

    fixed = cli("doctor", "--fix")
    assert fixed.stderr.splitlines() == [
        f"{isolated_home} is now private (0700).",
        f"{isolated_home}/plan.toml is now private (0600).",
    ]
    assert mode(isolated_home) == 0o700 and mode(isolated_home / "plan.toml") == 0o600
    assert "others can read it" not in fixed.stdout
    assert fixed.exit_code == 1  # the torn line is still there: doctor never edits history
    assert "line 2 could not be read" in flat(fixed.stdout)

    history.write_bytes(history.read_bytes().splitlines(keepends=True)[0])
    assert cli("doctor").exit_code == 0


def test_backups_are_checked_and_fixed_too(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    cli("init", "--force")
    [backup] = (isolated_home / "backups").glob("plan-*")
    os.chmod(backup, 0o604)
    result = cli("doctor")
    assert result.exit_code == 1
    assert f"- {backup} can be read by other people on this computer (0604)." in flat(
        result.stdout
    )
    assert cli("doctor", "--fix").exit_code == 0
    assert mode(backup) == 0o600


def test_a_broken_plan_is_reported_with_the_same_words_as_the_error(
    cli, isolated_home: Path
) -> None:
    cli("init", "--example")
    plan = isolated_home / "plan.toml"
    plan.write_text(plan.read_text().replace("minutes = 3", "minutes = -5", 1))
    before = plan.read_bytes()
    error = cli("today").stderr.splitlines()
    assert error[0] == (
        "Error: plan.toml, line 34: The step 'conn-message-person-priya' has minutes = -5; "
        "use a number from 1 to 120."
    )
    result = cli("doctor", "--fix")
    assert result.exit_code == 1
    out = flat(result.stdout)
    assert "plan.toml cannot be read (see below)" in out
    assert f"- {error[0].removeprefix('Error: ')} {error[1]}" in out
    assert plan.read_bytes() == before


def test_broken_answers_are_reported(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    answers = isolated_home / "answers.toml"
    answers.write_text("favourite = 1\n" + answers.read_text())
    result = cli("doctor")
    assert result.exit_code == 1
    assert "- answers.toml, line 1: careplan does not know the key 'favourite'." in flat(
        result.stdout
    )


def test_a_held_lock_is_shown(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    fd = os.open(isolated_home / ".lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        held = cli("doctor")
    finally:
        os.close(fd)
    assert "  .lock             held: another careplan is saving right now" in held.stdout
    assert held.exit_code == 0  # a save in progress is not a problem
    assert "  .lock             free · private (0600)" in cli("doctor").stdout


def test_an_older_schema_is_read_and_fix_saves_it_after_a_backup(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    plan = isolated_home / "plan.toml"
    old = plan.read_bytes().replace(b"schema = 1\n", b"")
    plan.write_bytes(old)
    assert cli("today").exit_code == 0  # read in memory as schema 1
    assert plan.read_bytes() == old  # and never written back by a read
    result = cli("doctor")
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert "plan.toml fine: 11 steps, schema 0 · private (0600)" in out
    assert "- plan.toml is written in schema 0; careplan reads it as schema 1 each time" in out
    assert plan.read_bytes() == old

    fixed = cli("doctor", "--fix")
    [backup] = (isolated_home / "backups").iterdir()
    assert fixed.stderr.splitlines() == [
        f"plan.toml is saved as schema 1; the old one is in {backup}."
    ]
    assert backup.read_bytes() == old
    assert b"\nschema = 1\n" in plan.read_bytes()
    assert "schema 1" in cli("doctor").stdout


def test_a_folder_where_the_history_belongs_is_reported(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    (isolated_home / "history.jsonl").mkdir()
    result = cli("doctor")
    assert result.exit_code == 1
    assert f"- {isolated_home}/history.jsonl is a folder, where careplan expects a file." in (
        flat(result.stdout)
    )


def test_doctor_is_listed_in_help(cli) -> None:
    assert "  doctor " in cli("--help").stdout
