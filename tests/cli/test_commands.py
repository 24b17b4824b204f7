"""Every command through careplan's entry point (the cli fixture), with a fixed clock and a tmp
CAREPLAN_HOME."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path

import pytest

from tests.fixtures.logs import last_record

REQUIRED = {"id", "title", "category", "minutes", "schedule", "why", "tiny"}


def test_help_lists_every_main_command_and_where_to_go_in_a_crisis(cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for name in ("init", "today", "done", "undo", "skip", "checkin", "review", "sos"):
        assert f"  {name} " in result.stdout
    assert "careplan sos" in result.stdout


@pytest.mark.parametrize("source", ["answers", "example"])
def test_init_writes_a_valid_private_plan(
    cli, answers_file: Path, isolated_home: Path, source: str
) -> None:
    args = (
        ["init", "--answers", str(answers_file)] if source == "answers" else ["init", "--example"]
    )
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    plan = tomllib.loads((isolated_home / "plan.toml").read_text())
    assert plan["schema"] == 1
    assert len(plan["steps"]) >= 3
    for step in plan["steps"]:
        assert step.keys() >= REQUIRED
    titles = " ".join(s["title"] for s in plan["steps"])
    assert "Priya" in titles and "guitar" in titles
    assert stat.S_IMODE(isolated_home.stat().st_mode) == 0o700
    for name in ("plan.toml", "answers.toml"):
        assert stat.S_IMODE((isolated_home / name).stat().st_mode) == 0o600
    assert "Wednesday 25 November" in result.stdout  # ends by showing the first day


def test_init_again_without_force_changes_nothing(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    plan = isolated_home / "plan.toml"
    plan.write_text(plan.read_text() + "# my own note\n")
    before = plan.read_bytes()
    result = cli("init", "--example")
    assert result.exit_code == 1
    assert result.stderr.startswith("You already have a plan in")
    assert plan.read_bytes() == before
    assert not (isolated_home / "backups").exists()


def test_init_force_backs_up_the_old_plan_byte_for_byte(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    plan = isolated_home / "plan.toml"
    plan.write_text(plan.read_text() + "# my own note\n")
    before = plan.read_bytes()
    result = cli("init", "--force")
    assert result.exit_code == 0, result.stderr
    assert "saved answers" in result.stderr
    backups = list((isolated_home / "backups").glob("plan-*"))
    assert [b.read_bytes() for b in backups] == [before]


def test_today_done_today_json_and_review_json(cli) -> None:
    cli("init", "--example")
    first = cli("today")
    assert first.exit_code == 0
    assert " 1. · " in first.stdout and "· open" in first.stdout
    assert "Today is a fresh start" in first.stdout
    marked = cli("done", "1")
    assert marked.exit_code == 0
    assert " 1. ✓ " in marked.stdout and "1-day streak" in marked.stdout
    data = json.loads(cli("today", "--json").stdout)
    assert data["date"] == "2026-11-25"
    assert [(s["number"], s["status"]) for s in data["steps"]] == [
        (1, "done"),
        (2, "open"),
        (3, "open"),
    ]
    first = data["steps"][0]
    assert first["id"] == "name-check-in" and first["category"] == "naming-feelings"
    assert first["title"] == "Name how you feel right now" and first["minutes"] == 2
    assert data["streak"] == {"current": 1, "longest": 1, "days_last_7": 1}
    assert data["checked_in"] is False
    assert first["strength"] == 0.0519  # Loop's value for one day done, 0.051922, rounded
    week = json.loads(cli("review", "--json").stdout)
    assert week["week"] == "2026-W48"
    assert (week["start"], week["end"]) == ("2026-11-23", "2026-11-29")
    row = next(r for r in week["steps"] if r["id"] == data["steps"][0]["id"])
    assert row["days"]["2026-11-25"] == "done"
    assert row["days"]["2026-11-23"] == "not-scheduled"  # before the plan began
    assert {"done", "scheduled", "strength"} <= set(row)
    assert set(week) >= {"streak", "checkins", "suggestions"}


def test_undo_and_skip_change_the_line(cli) -> None:
    cli("init", "--example")
    cli("done", "1", "2")
    assert " 1. · " in cli("undo", "1").stdout
    skipped = cli("skip", "2", "--reason", "tired")
    assert " 2. – " in skipped.stdout and "resting" in skipped.stdout
    statuses = [s["status"] for s in json.loads(cli("today", "--json").stdout)["steps"]]
    assert statuses[:2] == ["open", "skipped"]


def test_steps_can_be_named_by_id(cli) -> None:
    cli("init", "--example")
    step_id = json.loads(cli("today", "--json").stdout)["steps"][1]["id"]
    assert cli("done", step_id).exit_code == 0
    assert json.loads(cli("today", "--json").stdout)["steps"][1]["status"] == "done"


def test_late_night_entries_count_for_the_evening_before(cli, clock) -> None:
    cli("init", "--example")
    clock.set("2026-11-26T01:30")
    cli("done", "1")
    history = json.loads(cli("today", "--json").stdout)
    assert history["date"] == "2026-11-25" and history["steps"][0]["status"] == "done"


def test_back_fill_yesterday_and_refuse_the_future(cli, clock) -> None:
    cli("init", "--example")
    clock.set("2026-11-26T10:00")
    assert cli("done", "1", "--date", "2026-11-25").exit_code == 0
    assert json.loads(cli("today", "--json").stdout)["streak"]["current"] == 1
    future = cli("done", "1", "--date", "2026-11-27")
    assert future.exit_code == 2
    assert future.stderr.splitlines()[0] == (
        "Error: 2026-11-27 is in the future; careplan records days that have happened."
    )
    before = cli("done", "1", "--date", "2026-11-01")
    assert before.exit_code == 2 and "Your plan started on 2026-11-25" in before.stderr


def test_rest_day_holds_the_streak(cli, clock) -> None:
    cli("init", "--example")
    cli("done", "1")
    clock.set("2026-11-26T10:00")
    rest = cli("skip", "--all")
    assert rest.exit_code == 0 and "Your streak holds" in rest.stderr
    clock.set("2026-11-27T10:00")
    assert json.loads(cli("today", "--json").stdout)["streak"]["current"] == 2


def test_unknown_step_number_is_a_plain_data_error(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    result = cli("done", "42")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: There is no step 42 on 2026-11-25; that day has 3 steps.",
        "Run `careplan today` to see the numbers.",
    ]
    assert not (isolated_home / "history.jsonl").exists()


def test_commands_without_a_plan_say_how_to_start(cli, isolated_home: Path) -> None:
    for args in (["today"], ["done", "1"], ["review"], ["checkin", "--feel", "3"], ["plan"]):
        result = cli(*args)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: There is no plan yet in {isolated_home}.")
        assert "Traceback" not in result.stderr + result.stdout


def test_checkin_records_feel_words_and_note(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    result = cli("checkin", "--feel", "4", "--words", "Tired, calm", "--note", "ok day")
    assert result.exit_code == 0
    assert "4/10" in result.stderr
    assert json.loads(cli("today", "--json").stdout)["checked_in"] is True
    line = last_record(isolated_home)
    assert (line["feel"], line["words"], line["note"]) == (4, ["tired", "calm"], "ok day")
    week = json.loads(cli("review", "--json").stdout)
    assert week["checkins"] == [{"date": "2026-11-25", "feel": 4, "words": ["tired", "calm"]}]


def test_checkin_accepts_numb_and_asks_about_the_body_instead(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    # numb, then energy 1 (low), tension, appetite, sleep left at their defaults, no note
    result = cli("checkin", input="n\n1\n\n\n\n\n")
    assert result.exit_code == 0
    assert (
        "How is your energy?" in result.stderr and "How did you sleep last night?" in result.stderr
    )
    assert "numb / can't tell" in result.stderr
    assert "tiny versions" in result.stderr  # low energy leads to the low-day list
    line = last_record(isolated_home)
    assert line["feel"] is None and line["low"] is True
    assert line["body"] == {"energy": "low", "tension": "some", "appetite": "usual", "sleep": "ok"}
    assert json.loads(cli("review", "--json").stdout)["checkins"][0]["feel"] is None
    assert "A low day" in cli("today").stdout


def test_checkin_prompts_offer_feeling_words_grouped_and_accept_any(
    cli, isolated_home: Path
) -> None:
    cli("init", "--example")
    result = cli("checkin", input="eleven\n6\nCalm, fizzy\na good walk\n")
    assert "Please type a number from 0 to 10" in result.stderr
    assert "pleasant, low energy: calm" in result.stderr
    line = last_record(isolated_home)
    assert (line["feel"], line["words"], line["note"]) == (6, ["calm", "fizzy"], "a good walk")


def test_checkin_out_of_range_is_a_usage_error(cli) -> None:
    cli("init", "--example")
    result = cli("checkin", "--feel", "11")
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_review_shows_a_grid_and_streak_line(cli) -> None:
    cli("init", "--example")
    cli("done", "1")
    out = cli("review").stdout
    assert "Week 2026-W48" in out and "✓" in out
    assert "Streak: 1 day now, 1 of the last 7 days." in out
    assert cli("review", "--week", "2026-W47").exit_code == 0
    assert cli("review", "--week", "soon").exit_code == 2


def test_plan_shows_the_steps(cli) -> None:
    cli("init", "--example")
    assert "Your plan" in cli("plan").stdout


def test_home_option_beats_the_environment(cli, tmp_path: Path, isolated_home: Path) -> None:
    other = tmp_path / "elsewhere"
    assert cli("--home", str(other), "init", "--example").exit_code == 0
    assert (other / "plan.toml").exists() and not isolated_home.exists()


def test_safety_answer_yes_shows_crisis_lines_and_puts_help_first(cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('country = "AU"\nsafety_concern = true\nenergy = "low"\n')
    result = cli("init", "--answers", str(answers))
    assert result.exit_code == 0
    assert "13 11 14" in result.stdout
    first = json.loads(cli("today", "--json").stdout)["steps"][0]
    assert first["category"] == "professional-help"


def test_version(cli) -> None:
    from careplan import __version__

    assert cli("--version").stdout.strip() == f"careplan {__version__}"


def test_brackets_in_names_are_shown_as_typed_never_as_markup(cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('[[support]]\nname = "Sam [/]"\n[[stressors]]\nwhat = "work [bold]"\n')
    assert cli("init", "--answers", str(answers)).exit_code == 0
    for args in (["plan"], ["review"], ["today"]):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
    shown = cli("plan").stdout
    assert "Sam [/]" in shown and "work [bold]" in shown


def test_ctrl_d_at_a_prompt_stops_kindly(cli, isolated_home: Path) -> None:
    result = cli("init", input="")
    assert result.exit_code == 130
    assert "Stopped. Nothing was saved." in result.stderr
    assert not (isolated_home / "plan.toml").exists()


def test_done_undo_done_in_a_row_ends_done(cli) -> None:
    cli("init", "--example")
    cli("done", "1", "--felt", "6")
    cli("undo", "1")
    cli("done", "1")
    assert json.loads(cli("today", "--json").stdout)["steps"][0]["status"] == "done"


def test_recording_without_a_plan_creates_no_folder(cli, isolated_home: Path) -> None:
    for args in (["done", "1"], ["skip", "--all"], ["checkin", "--feel", "3"]):
        assert cli(*args).exit_code == 1
    assert not isolated_home.exists()


def test_init_force_backs_up_the_old_answers_too(cli, isolated_home: Path, tmp_path: Path) -> None:
    cli("init", "--example")
    old = (isolated_home / "answers.toml").read_bytes()
    other = tmp_path / "other.toml"
    other.write_text('name = "Ash"\nenergy = "low"\n')
    assert cli("init", "--force", "--answers", str(other)).exit_code == 0
    backups = {p.name: p.read_bytes() for p in (isolated_home / "backups").iterdir()}
    assert old in backups.values()
    assert any(name.startswith("answers-") for name in backups)


def test_a_rest_day_can_be_taken_back(cli, clock) -> None:
    cli("init", "--example")
    assert cli("skip", "--all").exit_code == 0
    assert json.loads(cli("today", "--json").stdout)["rest_day"] is True
    result = cli("undo", "--all")
    assert result.exit_code == 0 and "an ordinary day again" in result.stderr
    data = json.loads(cli("today", "--json").stdout)
    assert data["rest_day"] is False and data["streak"]["current"] == 0
    assert cli("undo").exit_code == 2
    assert cli("skip", "1", "--all").exit_code == 2


@pytest.mark.parametrize("ref", ["²", "9" * 5000, "٣"])
def test_odd_digits_and_huge_numbers_are_plain_errors(cli, ref: str) -> None:
    cli("init", "--example")
    result = cli("done", ref)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: There is no step")
    assert len(result.stderr.splitlines()[0]) < 120


def test_checkin_keeps_words_and_note_given_and_asks_only_the_rest(
    cli, isolated_home: Path
) -> None:
    cli("init", "--example")
    result = cli("checkin", "--words", "tired", "--note", "rough day", input="²\n4\n")
    assert result.exit_code == 0
    assert (
        "Any words for it?" not in result.stderr
        and "Anything you want to note?" not in result.stderr
    )
    line = last_record(isolated_home)
    assert (line["feel"], line["words"], line["note"]) == (4, ["tired"], "rough day")


def test_back_filling_shows_that_day_and_todays_streak(cli, clock) -> None:
    cli("init", "--example")
    cli("done", "1")
    clock.set("2026-11-26T10:00")
    cli("done", "1")
    clock.set("2026-11-27T10:00")
    cli("done", "1")
    result = cli("done", "2", "--date", "2026-11-26")
    assert result.stdout.splitlines()[0] == "Thu 26 Nov:"
    assert "3-day streak" in result.stdout


def test_a_step_not_on_the_list_is_still_confirmed(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    today_ids = {s["id"] for s in json.loads(cli("today", "--json").stdout)["steps"]}
    steps = tomllib.loads((isolated_home / "plan.toml").read_text())["steps"]
    other = next(s for s in steps if s["id"] not in today_ids)
    result = cli("done", other["id"])
    assert result.exit_code == 0
    assert f"“{other['title']}” is marked done; it is not on that day's list." in " ".join(
        result.stdout.split()
    )
