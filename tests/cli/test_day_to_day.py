"""Issue 17, "Day to day": a fortnight lived through the CLI, and each stumble it found.

Every screen of the fortnight is checked for what discouraged or confused: a bare
percentage under 10, "0 days", "Error:" where nothing went wrong, tomllib's own words.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.unit.test_rotation import MORE

KAI = MORE["kai"]
START = date(2026, 11, 23)  # a Monday

BARE_SMALL_PERCENT = re.compile(r"(?<![(\d.])\d%")
TOMLLIB_WORDS = ("TOML", "Invalid value", "Illegal character", "int range", "Unterminated")


def check_screen(args: tuple[str, ...], text: str) -> None:
    where = f"`careplan {' '.join(args)}`:\n{text}"
    assert not BARE_SMALL_PERCENT.search(text), f"a bare small percentage in {where}"
    assert not re.search(r"\b0 days?\b", text), f"'0 days' in {where}"
    assert "Error:" not in text, f"'Error:' in {where}"
    assert not any(w in text for w in TOMLLIB_WORDS), f"tomllib's words in {where}"


@pytest.fixture
def screens(cli):  # type: ignore[no-untyped-def]
    """cli(), with every screen checked and kept."""
    seen: list[str] = []

    def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        result = cli(*args, input=input)
        assert result.exit_code == 0, (args, result.stderr)
        check_screen(args, result.stdout + result.stderr)
        seen.append(result.stdout + result.stderr)
        return result

    run.seen = seen  # type: ignore[attr-defined]
    return run


def test_a_fortnight_through_the_cli(screens, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "kai.toml"
    answers.write_text(KAI)
    clock.set(f"{START.isoformat()}T08:00")
    screens("init", "--answers", str(answers))
    strengths: list[float] = []
    for n in range(14):
        day = START + timedelta(days=n)
        clock.set(f"{day.isoformat()}T09:00")
        screens("today")
        screens("today", "-v")
        if n == 5:
            screens("skip", "--all")
            assert "resting" in screens("today").stdout
            continue
        steps = json.loads(screens("today", "--json").stdout)["steps"]
        if n % 7 != 3:  # most days something is done; one a week nothing is
            screens("done", str(steps[0]["number"]))
        if n % 2 == 0 and len(steps) > 1:
            screens("done", str(steps[1]["number"]), "--felt", "6")
        screens("checkin", "--feel", str(2 + n % 3), "--words", "tired")
        if n == 8:
            screens("checkin", "--date", "yesterday", "--numb")
        strengths.append(json.loads(screens("today", "--json").stdout)["strength"])
        if day.weekday() in (0, 3, 6):
            screens("review")
    screens("review", "--apply", "--yes")
    screens("review", "--week", "2026-W49")
    # Strength shows from the first day and grows over the fortnight.
    assert strengths[0] > 0 and strengths[-1] > strengths[0]
    words = [s for s in screens.seen if "strength" in s]  # type: ignore[attr-defined]
    assert any("sprouting" in s for s in words)
    # Everything Kai named came up in those two weeks.
    text = "\n".join(screens.seen)  # type: ignore[attr-defined]
    for thing in ("Noor", "surfing", "drawing", "walking", "the accident last spring", "job"):
        assert thing in text


def test_today_v_explains_strength_once_with_its_percentage(cli) -> None:
    cli("init", "--example")
    cli("done", "1")
    shown = cli("today", "-v").stdout
    assert shown.count("Strength grows a little each time") == 1
    assert re.search(r"strength [█░]{10} sprouting \((under )?\d+%\)", shown)
    assert "%" not in cli("today").stdout


def test_the_review_legend_explains_strength(cli) -> None:
    cli("init", "--example")
    assert "Str.: strength, from ░░░░░ (ready to start) to █████ (strong)" in cli("review").stdout


# -- the plan is as personal as the answers ------------------------------------------


def test_the_interview_asks_for_creative_things_not_named_yet(cli, isolated_home: Path) -> None:
    replies = "\n".join(
        ["", "", "", "", "", "no", "", "", "", "", "", "", "", "", "drawing", "5", "", "drawing"]
    )
    result = cli("init", input=replies + "\n" * 10)
    assert result.exit_code == 0, result.stderr
    saved = tomllib.loads((isolated_home / "answers.toml").read_text())
    assert saved["activities"] == ["drawing"] and saved["creative"] == []


# -- messages in careplan's own words --------------------------------------------------


def test_you_already_have_a_plan_is_a_notice(cli) -> None:
    cli("init", "--example")
    result = cli("init", "--example")
    assert result.exit_code == 1
    assert result.stderr.startswith("You already have a plan in")


def test_a_word_for_felt_is_explained(cli) -> None:
    cli("init", "--example")
    result = cli("done", "1", "--felt", "good")
    assert result.exit_code == 2
    assert "--felt takes a number from 0 to 10, like --felt 6; 'good' is not one." in (
        result.stderr
    )
    assert "int range" not in result.stderr


def test_a_toml_mistake_is_said_in_plain_words(cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text("[sleep]\nquality = good\n")
    result = cli("init", "--answers", str(answers))
    assert result.stderr.startswith(
        f"Error: {answers}, line 2: the value after = is not one careplan can read."
    )
    assert "A line that works looks like this: minutes = 10" in result.stderr
    assert "Invalid value" not in result.stderr and "TOML" not in result.stderr
    answers.write_text('[sleep]\nquality = "good"\n')
    result = cli("init", "--answers", str(answers))
    assert "sleep.quality should be a whole number, like quality = 3, not 'good'." in (
        result.stderr
    )


# -- the review looks back ---------------------------------------------------------------


def test_early_in_the_week_the_review_shows_the_week_that_ended(cli, clock) -> None:
    clock.set("2026-11-18T09:00")
    cli("init", "--example")
    clock.set("2026-11-23T09:00")  # Monday
    result = cli("review")
    assert result.stdout.startswith("Week 2026-W47")
    assert "this is last week.\nThis week so far: `careplan review --week 2026-W48`" in (
        result.stderr
    )
    clock.set("2026-11-26T09:00")  # Thursday: this week
    assert cli("review").stdout.startswith("Week 2026-W48")


def test_a_felt_rating_without_a_guess_shows_in_the_review(cli, clock) -> None:
    cli("init", "--example")
    cli("done", "1", "--felt", "6")
    assert (
        "Note today's high point and low point: it felt like 6 out of 10."
        in (cli("review").stdout)
        or "it felt like 6 out of 10." in cli("review").stdout
    )


def test_review_apply_keeps_every_day_within_the_energy(cli, clock, tmp_path: Path) -> None:
    from careplan.core.day import steps_for
    from careplan.store import plan_file

    answers = tmp_path / "low.toml"
    answers.write_text('energy = "low"\n')
    clock.set("2026-11-16T08:00")
    cli("init", "--answers", str(answers))
    home = Path(os.environ["CAREPLAN_HOME"])
    plan = plan_file.parse_plan((home / "plan.toml").read_text(), "plan.toml")
    for step in plan.steps:
        if step.category.value in ("connection", "movement"):
            cli("plan", "pause", step.id)
    clock.set("2026-11-26T20:00")
    result = cli("review", "--apply", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Your plan is updated" in result.stderr
    plan = plan_file.parse_plan((home / "plan.toml").read_text(), "plan.toml")
    days = [date(2026, 11, 27) + timedelta(days=n) for n in range(28)]
    assert all(1 <= len(steps_for(plan, d)) <= 2 for d in days)


# -- forgiving input ------------------------------------------------------------------------


def test_done_takes_1_2_and_1_comma_2(cli) -> None:
    cli("init", "--example")
    assert cli("done", "1,2").stdout.count("· done") == 2
    cli("undo", "1", "2")
    assert cli("done", "1", "2").stdout.count("· done") == 2


def test_date_words_and_checkin_date(cli, clock, isolated_home: Path) -> None:
    clock.set("2026-11-20T09:00")
    cli("init", "--example")
    clock.set("2026-11-25T09:00")  # a Wednesday
    assert cli("done", "1", "--date", "yesterday").stdout.startswith("Tue 24 Nov:")
    assert cli("done", "1", "--date", "mon").stdout.startswith("Mon 23 Nov:")
    assert cli("done", "1", "--date", "friday").stdout.startswith("Fri 20 Nov:")
    result = cli("checkin", "--feel", "4", "--date", "yesterday")
    assert "Noted for Tue 24 Nov: 4/10." in result.stderr
    wrong = cli("done", "1", "--date", "someday")
    assert wrong.exit_code == 2 and "'someday' is not a day careplan knows." in wrong.stderr


def test_a_date_in_the_hours_before_the_day_starts_is_explained(cli, clock) -> None:
    cli("init", "--example")
    clock.set("2026-11-26T01:30")
    result = cli("done", "1", "--date", "2026-11-26")
    assert result.exit_code == 2
    assert (
        "Your day starts at 04:00, so until then careplan still counts Wed 25 Nov as today, "
        "and Thu 26 Nov has not begun." in result.stderr
    )
    assert "Leave out --date to record it for Wed 25 Nov." in result.stderr


# -- small truths ---------------------------------------------------------------------------


def test_done_after_today_low_echoes_the_tiny_version(cli) -> None:
    cli("init", "--example")
    low = cli("today", "--low").stdout
    tiny = low.splitlines()[2].split(". · ", 1)[1].split("  ")[0]
    assert tiny in cli("done", "1").stdout


def test_a_rest_day_shows_its_steps_as_resting(cli) -> None:
    cli("init", "--example")
    cli("skip", "--all")
    shown = cli("today").stdout
    assert "open" not in shown and shown.count("resting") >= 3


def test_feel_and_numb_together_is_a_usage_error_naming_both(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    result = cli("checkin", "--feel", "5", "--numb")
    assert result.exit_code == 2
    assert "--feel 5 and --numb say different things" in result.stderr
    assert json.loads(cli("review", "--json").stdout)["checkins"] == []


# -- recovery -------------------------------------------------------------------------------


def test_a_broken_plan_points_to_plan_edit_and_the_newest_good_backup(
    cli, clock, isolated_home: Path
) -> None:
    cli("init", "--example")
    clock.set("2026-11-25T10:00")
    cli("plan", "pause", "name-check-in")  # a backup of the good plan
    backup = sorted((isolated_home / "backups").iterdir())[-1].name
    plan = isolated_home / "plan.toml"
    plan.write_text(plan.read_text().replace('country = "US"', 'country = "US'))
    result = cli("done", "1")
    assert result.exit_code == 1
    assert (
        "Fix it with `careplan plan edit`, or go back to your last good plan with "
        f"`careplan plan restore {backup}`." in result.stderr
    )


def test_doctor_notices_a_missing_plan_beside_backups(cli, isolated_home: Path) -> None:
    cli("init", "--example")
    cli("plan", "pause", "name-check-in")
    (isolated_home / "plan.toml").unlink()
    shown = cli("doctor")
    text = shown.stdout + shown.stderr
    assert "There is no plan.toml, but backups/ holds 1 earlier plan." in text
    assert "Everything looks fine" not in text


def test_plan_restore_lists_then_restores_backing_up_first(
    cli, clock, isolated_home: Path
) -> None:
    cli("init", "--example")
    original = (isolated_home / "plan.toml").read_text()
    clock.set("2026-11-25T10:00")
    cli("plan", "pause", "name-check-in")
    listed = cli("plan", "restore")
    assert listed.stdout.startswith(" 1. plan-20261125-100000.toml · 11 steps, since 25 Nov 2026")
    paused = (isolated_home / "plan.toml").read_text()
    clock.set("2026-11-25T11:00")
    result = cli("plan", "restore", "1")
    assert result.exit_code == 0, result.stderr
    assert (isolated_home / "plan.toml").read_text() == original
    assert "Your plan is back as it was in plan-20261125-100000.toml." in result.stderr
    newest = sorted((isolated_home / "backups").iterdir())[-1]
    assert newest.read_text() == paused
    assert cli("plan", "restore", "nope").exit_code == 1


def test_init_force_from_saved_answers_keeps_the_start_date(
    cli, clock, isolated_home: Path
) -> None:
    clock.set("2026-11-20T09:00")
    cli("init", "--example")
    first = tomllib.loads((isolated_home / "plan.toml").read_text())
    clock.set("2026-11-25T09:00")
    result = cli("init", "--force")
    assert result.exit_code == 0, result.stderr
    again = tomllib.loads((isolated_home / "plan.toml").read_text())
    assert again["start"] == first["start"] == date(2026, 11, 20)
    assert [s["id"] for s in again["steps"]] == [s["id"] for s in first["steps"]]
    assert "This replaced your plan of 11 steps (11 stay). It still starts on Fri 20 Nov" in (
        result.stderr
    )
    assert cli("done", "1", "--date", "2026-11-21").exit_code == 0


# -- plain careplan -----------------------------------------------------------------------------


def careplan(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CAREPLAN_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "careplan", *args], env=env, capture_output=True, text=True
    )


def test_plain_careplan_shows_today_or_a_first_run_hint(isolated_home: Path) -> None:
    first = careplan(isolated_home)
    assert first.returncode == 0 and first.stderr.startswith("Welcome to careplan")
    assert "careplan init" in first.stderr and "Error" not in first.stderr
    careplan(isolated_home, "init", "--example")
    shown = careplan(isolated_home)
    assert shown.returncode == 0 and " 1. · " in shown.stdout
    assert careplan(isolated_home, "--home", str(isolated_home)).stdout == shown.stdout
    listed = careplan(isolated_home, "--help").stdout
    for word in ("init", "today", "done", "review", "plan", "sos", "doctor", "safety-plan"):
        assert f"  {word} " in listed
