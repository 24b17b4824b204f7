"""careplan plan: show, check, edit, add, pause, resume. The person's own words and comments
in plan.toml survive every change, and a broken plan is never kept."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

NOTE = "# Sam said the mornings are easier for walks. (my own note, keep it)\n"


@pytest.fixture
def plan_file(cli, isolated_home: Path) -> Path:
    assert cli("init", "--example").exit_code == 0
    return isolated_home / "plan.toml"


def with_notes(plan_file: Path) -> str:
    """The person's own comments: at the top, above a step, and at the end of a line."""
    text = plan_file.read_text()
    first, rest = text.split("[[steps]]", 1)
    second = rest.index("[[steps]]")
    rest = rest[:second] + NOTE + rest[second:]
    text = first + "[[steps]]" + rest.replace("minutes = 2\n", "minutes = 2  # two is plenty\n", 1)
    text = "# written by me, 25 Nov\n" + text + "# the end\n"
    plan_file.write_text(text)
    return text


def steps(plan_file: Path) -> dict[str, dict]:
    return {s["id"]: s for s in tomllib.loads(plan_file.read_text())["steps"]}


def backups(home: Path) -> list[bytes]:
    folder = home / "backups"
    return [p.read_bytes() for p in sorted(folder.iterdir())] if folder.exists() else []


# -- show and check ----------------------------------------------------------------


def test_plain_plan_and_plan_show_show_the_steps(cli, plan_file: Path) -> None:
    shown = cli("plan")
    assert shown.exit_code == 0
    assert shown.stdout.startswith("Your plan, since 25 November 2026 (11 steps)\n")
    assert "  name-check-in · daily · 2 min · every-day anchor\n" in shown.stdout
    assert cli("plan", "show").stdout == shown.stdout


def test_check_says_looks_good_with_a_summary(cli, plan_file: Path) -> None:
    result = cli("plan", "check")
    assert (result.exit_code, result.stdout) == (0, "plan.toml looks good: 11 steps.\n")
    assert cli("plan", "pause", "name-check-in").exit_code == 0
    assert cli("plan", "check").stdout == "plan.toml looks good: 11 steps, 1 paused.\n"
    quiet = cli("plan", "check", "--quiet")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


def test_check_names_the_file_and_line_of_a_syntax_error(cli, plan_file: Path) -> None:
    lines = plan_file.read_text().splitlines(keepends=True)
    lines[6] = 'title = "no closing quote\n'
    plan_file.write_text("".join(lines))
    result = cli("plan", "check")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: plan.toml, line 7: a piece of text is missing its closing quote"
    )
    assert "tomllib" not in result.stderr and "Illegal" not in result.stderr
    assert result.stdout == ""


# -- add, pause, resume: comments survive ---------------------------------------------


def test_pause_and_resume_keep_every_comment_byte_for_byte(
    cli, plan_file: Path, isolated_home: Path
) -> None:
    before = with_notes(plan_file)
    paused = cli("plan", "pause", "name-check-in")
    assert paused.exit_code == 0, paused.stderr
    assert paused.stderr == "name-check-in is paused. Resume it any time.\n"
    after = plan_file.read_text()
    assert steps(plan_file)["name-check-in"]["paused"] is True
    assert NOTE in after and "# two is plenty" in after
    # The only change is the one new line, right after the step's last key.
    assert after.replace("paused = true\n", "", 1) == before
    assert after.index("paused = true") < after.index(NOTE)
    assert backups(isolated_home) == [before.encode()]
    assert "Name how you feel right now" not in cli("today").stdout

    resumed = cli("plan", "resume", "name-check-in")
    assert resumed.exit_code == 0
    assert resumed.stderr == "name-check-in is back in your days.\n"
    assert plan_file.read_text() == before
    assert "Name how you feel right now" in cli("today").stdout


def test_pause_twice_changes_nothing_the_second_time(
    cli, plan_file: Path, isolated_home: Path
) -> None:
    cli("plan", "pause", "name-check-in")
    text = plan_file.read_bytes()
    again = cli("plan", "pause", "name-check-in")
    assert again.exit_code == 0 and "already paused" in again.stderr
    assert plan_file.read_bytes() == text and len(backups(isolated_home)) == 1
    assert "already in your days" in cli("plan", "resume", "sleep-phone-away").stderr


def test_add_appends_a_library_step_and_keeps_every_comment(
    cli, plan_file: Path, isolated_home: Path
) -> None:
    before = with_notes(plan_file)
    result = cli("plan", "add", "calm-meditate", "--schedule", "mon thu")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Added calm-meditate (mon thu) to your plan.\n"
    after = plan_file.read_text()
    assert after.startswith(before)
    added = steps(plan_file)["calm-meditate"]
    assert added["title"] == "Try a ten-minute guided meditation"
    assert (added["schedule"], added["category"], added["minutes"]) == ("mon thu", "calm", 10)
    assert backups(isolated_home) == [before.encode()]
    assert cli("plan", "add", "calm-belly-breath", "-q").stderr == ""
    assert steps(plan_file)["calm-belly-breath"]["schedule"] == "daily"


def test_add_a_step_that_names_someone_needs_fill(cli, plan_file: Path) -> None:
    before = plan_file.read_bytes()
    refused = cli("plan", "add", "conn-call-person")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: 'conn-call-person' needs a person's name to fill in.\n"
        "Name one with --fill, for example:\n"
        "  careplan plan add conn-call-person --fill Sam\n"
    )
    assert plan_file.read_bytes() == before
    assert cli("plan", "add", "conn-call-person", "--fill", "Ana María").exit_code == 0
    assert (
        steps(plan_file)["conn-call-person-ana-maría"]["title"]
        == "Call Ana María for five minutes"
    )


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["add", "no-such-step"], "Error: careplan's library has no step 'no-such-step'.",
         "See the library's steps with `careplan plan add`."),
        (["add", "name-check-in"], "Your plan already has the step 'name-check-in'.",
         "`careplan plan` shows it."),
        (["pause", "no-such-step"], "Error: There is no step with the id 'no-such-step' in your plan.",
         "Run `careplan plan` to see the step ids."),
        (["resume", "no-such-step"], "Error: There is no step with the id 'no-such-step' in your plan.",
         "Run `careplan plan` to see the step ids."),
    ],
)  # fmt: skip
def test_unknown_or_duplicate_ids_change_nothing(
    cli, plan_file: Path, isolated_home: Path, args: list[str], message: str, hint: str
) -> None:
    before = plan_file.read_bytes()
    result = cli("plan", *args)
    assert result.exit_code == 1
    assert result.stderr == f"{message}\n{hint}\n"
    assert plan_file.read_bytes() == before and backups(isolated_home) == []


def test_add_lists_the_library_when_no_id_is_given(cli, plan_file: Path) -> None:
    result = cli("plan", "add")
    assert result.exit_code == 0
    assert "  calm-meditate\n    Try a ten-minute guided meditation (10 min)\n" in result.stdout


def test_a_broken_plan_is_reported_and_never_edited(cli, plan_file: Path) -> None:
    plan_file.write_text(plan_file.read_text().replace("minutes = 2\n", "minutes = = 2\n", 1))
    before = plan_file.read_bytes()
    for args in (["pause", "name-check-in"], ["add", "calm-meditate"]):
        result = cli("plan", *args)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: plan.toml, line ")
        assert plan_file.read_bytes() == before


def test_a_bad_schedule_is_explained_and_nothing_changes(cli, plan_file: Path) -> None:
    before = plan_file.read_bytes()
    result = cli("plan", "add", "calm-meditate", "--schedule", "fortnightly")
    assert result.exit_code == 2  # typed on the command line: a usage error
    assert result.stderr.startswith("Error: The schedule 'fortnightly' is not one careplan knows.")
    assert plan_file.read_bytes() == before


# -- edit ----------------------------------------------------------------------------

EDITOR = """\
import pathlib, sys
counter = pathlib.Path({counter!r})
run = int(counter.read_text()) + 1 if counter.exists() else 1
counter.write_text(str(run))
plan = pathlib.Path(sys.argv[1])
text = plan.read_text()
{body}
plan.write_text(text)
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """editor(body) sets EDITOR to a python script running `body` on the file's `text`."""
    counter = tmp_path / "editor-runs"
    monkeypatch.delenv("VISUAL", raising=False)

    def use(body: str) -> Path:
        script = tmp_path / "editor.py"
        script.write_text(EDITOR.format(counter=str(counter), body=body))
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
        return counter

    return use


RETITLE = "text = text.replace('Name how you feel', 'Say how you feel', 1)"
BREAK_THEN_FIX = f"""\
if run == 1:
    text = text.replace('minutes = 2', 'minutes = = 2', 1)
else:
    text = text.replace('minutes = = 2', 'minutes = 2', 1)
    {RETITLE}
"""


def test_edit_saves_a_valid_edit_after_backing_up_the_old_plan(
    cli, plan_file: Path, isolated_home: Path, editor
) -> None:
    before = with_notes(plan_file)
    editor(RETITLE)
    result = cli("plan", "edit")
    assert result.exit_code == 0, result.stderr
    assert plan_file.read_text() == before.replace("Name how you feel", "Say how you feel", 1)
    assert backups(isolated_home) == [before.encode()]
    saved = next((isolated_home / "backups").iterdir())
    assert result.stderr == f"Saved your plan. The old one is backed up as:\n  {saved}\n"
    assert sorted(p.name for p in isolated_home.iterdir() if p.name.startswith("plan")) == [
        "plan.toml"
    ]  # no copy left behind


def test_edit_reopens_a_broken_edit_until_it_is_fixed(
    cli, plan_file: Path, isolated_home: Path, editor
) -> None:
    before = plan_file.read_text()
    runs = editor(BREAK_THEN_FIX)
    result = cli("plan", "edit", input="\n")  # Enter: the default, yes
    assert result.exit_code == 0, result.stderr
    assert runs.read_text() == "2"
    assert "Error: plan.toml, line " in result.stderr
    assert "Open it again to fix? [Y/n]" in result.stderr
    assert plan_file.read_text() == before.replace("Name how you feel", "Say how you feel", 1)
    assert backups(isolated_home) == [before.encode()]


def test_edit_declined_keeps_the_old_plan_and_says_where_the_copy_is(
    cli, plan_file: Path, isolated_home: Path, editor
) -> None:
    before = plan_file.read_bytes()
    runs = editor(BREAK_THEN_FIX)
    result = cli("plan", "edit", input="n\n")
    assert result.exit_code == 1
    assert runs.read_text() == "1"
    assert plan_file.read_bytes() == before and backups(isolated_home) == []
    copies = list(isolated_home.glob("plan-edit-*.toml"))
    assert len(copies) == 1 and "minutes = = 2" in copies[0].read_text()
    assert result.stderr.endswith(
        f"Your plan was not changed. Your edited copy is saved as:\n  {copies[0]}\n"
    )


def test_edit_with_no_change_writes_nothing(
    cli, plan_file: Path, isolated_home: Path, editor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careplan.cli import planning

    monkeypatch.setattr(planning, "AT_ONCE", 0.0)  # a person who looked, then closed it
    before = plan_file.read_bytes()
    editor("pass")
    result = cli("plan", "edit")
    assert result.exit_code == 0
    assert result.stderr == "No changes; your plan is as it was.\n"
    assert plan_file.read_bytes() == before and backups(isolated_home) == []
    assert not list(isolated_home.glob("plan-edit-*"))


def test_an_editor_that_comes_back_at_once_keeps_the_copy_and_says_how_to_wait(
    cli, plan_file: Path, isolated_home: Path, editor
) -> None:
    """C8 (issue 16): a window editor returns before the person has typed anything."""
    before = plan_file.read_bytes()
    editor("pass")  # returns at once, nothing changed
    result = cli("plan", "edit")
    assert result.exit_code == 0
    copies = list(isolated_home.glob("plan-edit-*.toml"))
    assert len(copies) == 1, "the open copy must not be deleted under the editor"
    assert "came back at once" in result.stderr and "--wait" in result.stderr
    assert str(copies[0]) in result.stderr
    assert plan_file.read_bytes() == before and backups(isolated_home) == []


def test_edit_when_the_editor_gives_up_keeps_the_plan(
    cli, plan_file: Path, isolated_home: Path, editor
) -> None:
    before = plan_file.read_bytes()
    editor(f"{RETITLE}\nplan.write_text(text)\nsys.exit(3)")
    result = cli("plan", "edit")
    assert result.exit_code == 1
    assert result.stderr == "Error: The editor stopped (code 3). Your plan is unchanged.\n"
    assert plan_file.read_bytes() == before
    assert not list(isolated_home.glob("plan-edit-*"))


def test_edit_prefers_visual_over_editor(cli, plan_file: Path, editor, monkeypatch) -> None:
    from careplan.cli import planning

    monkeypatch.setattr(planning, "AT_ONCE", 0.0)
    editor(RETITLE)
    monkeypatch.setenv("VISUAL", f"{sys.executable} -c pass")
    assert cli("plan", "edit").stderr == "No changes; your plan is as it was.\n"


def test_edit_without_a_plan_says_how_to_start(cli, isolated_home: Path, editor) -> None:
    editor(RETITLE)
    result = cli("plan", "edit")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: There is no plan yet in {isolated_home}.")


def test_paused_steps_leave_today_and_the_json(cli, plan_file: Path) -> None:
    cli("plan", "pause", "name-check-in")
    ids = [s["id"] for s in json.loads(cli("today", "--json").stdout)["steps"]]
    assert "name-check-in" not in ids


def test_edit_keeps_both_when_the_plan_changed_meanwhile(
    cli, plan_file: Path, isolated_home: Path, editor
) -> None:
    # The "editor" also pauses a step in the real plan, as another terminal might.
    editor(
        f"{RETITLE}\nimport subprocess\nsubprocess.run([sys.executable, '-m', 'careplan', 'plan', 'pause', 'name-check-in'], check=True)"
    )
    result = cli("plan", "edit")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: plan.toml changed while you were editing it.\n")
    assert steps(plan_file)["name-check-in"]["paused"] is True  # the other change stands
    copy = next(isolated_home.glob("plan-edit-*.toml"))
    assert "Say how you feel" in copy.read_text()
    assert result.stderr.endswith(f"Your edited copy is saved as:\n  {copy}\n")


def test_adding_a_paused_step_again_points_to_resume(cli, plan_file: Path) -> None:
    cli("plan", "pause", "name-check-in")
    result = cli("plan", "add", "name-check-in")
    assert result.exit_code == 1
    assert "It is paused; this brings it back:" in result.stderr
