"""T3, T4, D7, T6, T7 and the program's one boundary: outputs that are closed, full or
cannot show the text; no traceback ever; exit codes that state the truth; no duplicate
record when a script retries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_ANSWERS
from tests.hostile.helpers import Child, careplan, close, no_traceback, records

# (arguments, how many records it adds, whether its stdout is the point of it)
COMMANDS = [
    (["today"], 0, True),
    (["today", "--json"], 0, True),
    (["done", "1"], 1, False),
    (["undo", "1"], 1, False),
    (["skip", "2"], 1, False),
    (["checkin", "--feel", "3", "--note", "ok"], 1, False),
    (["review"], 0, True),
    (["review", "--reflect", "a warm cup"], 1, False),
    (["plan"], 0, True),
    (["plan", "check"], 0, True),
    (["plan", "pause", "PAUSE"], 2, False),  # the plan before, and the plan from today
    (["export"], 0, True),
    (["export", "--format", "csv"], 0, True),
    (["doctor"], 0, True),
    (["safety-plan"], 0, True),
    (["sos", "--exercise", "breathing"], 0, False),
]
MODES = ["stdout closed", "stdout full", "stderr closed", "ascii"]


@pytest.fixture
def planned(isolated_home: Path, tmp_path: Path) -> Path:
    answers = tmp_path / "mine.toml"
    answers.write_text(EXAMPLE_ANSWERS + '[safety_plan]\ncoping = ["a walk to the park"]\n')
    assert careplan("init", "--answers", str(answers)).code == 0
    return isolated_home


def run_in(mode: str, args: list[str]) -> Child:
    if mode == "stdout closed":
        return careplan(*args, stdout=None, before=close(1))
    if mode == "stdout full":
        with open("/dev/full", "w") as full:
            return careplan(*args, stdout=full)
    if mode == "stderr closed":
        return careplan(*args, stderr=None, before=close(2))
    return careplan(*args, env={"PYTHONIOENCODING": "ascii"})


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("mode", MODES)
def test_every_data_command_tells_the_truth_whatever_its_outputs(planned: Path, mode: str) -> None:
    first = json.loads(careplan("today", "--json").stdout)["steps"][-1]["id"]
    for args, adds, shows in COMMANDS:
        args = [first if a == "PAUSE" else a for a in args]
        before = records(planned)
        child = run_in(mode, args)
        no_traceback(child)
        added = records(planned) - before
        # A retry after a failure must not duplicate: a failure added nothing,
        # and a success added exactly what it should.
        if child.code == 0:
            assert added == adds, (mode, args)
        else:
            assert added == 0, (mode, args, child.stderr)
        lost = mode in ("stdout closed", "stdout full")
        if args[0] == "sos":
            assert child.code == 0  # help never fails
        elif adds or args[:2] == ["plan", "pause"]:
            assert child.code == 0, (mode, args, child.stderr)  # saved: said so, exit 0
            assert "Nothing was changed" not in child.stderr  # never a false claim
            if lost and args[0] in ("done", "undo", "skip", "review"):  # they answer on stdout
                assert "Saved. careplan could not show the result here" in child.stderr
        elif shows and lost:
            assert child.code == 1, (mode, args)
            assert "careplan could not write its output" in child.stderr
        else:
            assert child.code == 0, (mode, args, child.stderr)
        if mode == "ascii" and child.code == 0 and shows:
            assert child.stdout.isascii()


def test_export_to_a_full_disk_is_exit_1_and_a_plain_sentence(planned: Path) -> None:
    assert careplan("done", "1").code == 0
    with open("/dev/full", "w") as full:
        child = careplan("export", stdout=full, env={"PYTHONUNBUFFERED": "1"})
    assert child.code == 1
    assert child.stderr == (
        "careplan could not write its output: the disk is full. Nothing was changed.\n"
    )


def test_a_week_before_the_year_1_is_a_usage_error(planned: Path) -> None:
    child = careplan("review", "--week", "0001-W01")
    assert child.code == 2
    assert child.stderr.startswith("Error: The week 0001-W01 is too long ago")


def test_a_cleanup_that_fails_after_a_save_is_not_a_failure(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init", "--example").exit_code == 0

    def refuse(path: Path) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("careplan.store.store.sweep_temps", refuse)
    result = cli("done", "1")
    assert result.exit_code == 0, result.stderr
    assert records(isolated_home) == 1


def test_an_unexpected_error_is_one_kind_sentence_with_where_the_details_are(
    cli, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init", "--example").exit_code == 0

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in careplan")

    monkeypatch.setattr("careplan.core.day.build_day", broken)
    result = cli("today")
    assert result.exit_code == 1
    details = tmp_path / "user" / ".local" / "state" / "careplan" / "last-error.txt"
    assert result.stderr.splitlines() == [
        "Sorry, something went wrong inside careplan. This is careplan's mistake, not yours.",
        f"The details are in {details}.",
        "To see them here, run the command again with --debug after careplan.",
    ]
    assert "RuntimeError: a bug in careplan" in details.read_text()
    assert details.stat().st_mode & 0o777 == 0o600
    with pytest.raises(RuntimeError):
        cli("--debug", "today")


def test_a_record_saved_before_an_unexpected_error_is_said_to_be_saved(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init", "--example").exit_code == 0

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in careplan")

    monkeypatch.setattr("careplan.render.plain.recorded_lines", broken)
    result = cli("done", "1")
    assert result.exit_code == 1
    assert "What you recorded before it happened is saved." in result.stderr
    assert records(isolated_home) == 1
