"""`careplan safety-plan` and `safety-plan edit`: the person's own plan, in six parts."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from careplan.core.answers import SAFETY_PLAN_PARTS
from careplan.core.interview import Q, Question, run_interview
from careplan.core.safety import PART_TITLES
from careplan.store import answers_file

PLAN_ANSWERS = """\
name = "Sam"
country = "IE"
[[support]]
name = "Aoife"
contact = "call"
[safety_plan]
warning_signs = ["not answering messages for days"]
coping = ["cold water on my face", "walk to the park"]
people = ["Aoife"]
"""
NONE_YET = """\
You have no safety plan yet. It is a short list, in your own
words, of the signs that a hard time is starting, what
helps, and who to reach out to. To write one (about five
minutes): careplan safety-plan edit
"""


@pytest.fixture
def with_plan(cli, tmp_path: Path) -> Path:
    answers = tmp_path / "given.toml"
    answers.write_text(PLAN_ANSWERS, encoding="utf-8")
    assert cli("init", "--answers", str(answers)).exit_code == 0
    return answers


def saved(home: Path) -> dict[str, object]:
    return tomllib.loads((home / "answers.toml").read_text(encoding="utf-8"))


# -- show ----------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("safety-plan",), ("safety-plan", "show")])
def test_the_plan_from_an_answers_file_is_shown(cli, with_plan: Path, args: tuple[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:8] == [
        "Your safety plan",
        "Warning signs:",
        "  - not answering messages for days",
        "Things I can do on my own to cope:",
        "  - cold water on my face",
        "  - walk to the park",
        "People I can ask for help:",
        "  - Aoife",
    ]
    assert " ".join(lines[8:]) == (
        "Not filled in yet: People and places that take my mind off things; "
        "Professionals and crisis lines; Making my surroundings safer."
    )
    assert result.stderr == "To change it: careplan safety-plan edit\nIn a crisis: careplan sos\n"


def test_the_example_plan_has_all_six_parts_in_sos_and_safety_plan(cli) -> None:
    cli("init", "--example")
    for out in (cli("safety-plan").stdout, cli("sos").stdout):
        for title in PART_TITLES.values():
            assert f"{title}:" in out
        assert "ask Priya to keep the spare keys" in out


@pytest.mark.parametrize("state", ["no-folder", "plan-without-one"])
def test_with_none_yet_it_says_so_kindly_and_how_to_make_one(
    cli, isolated_home: Path, tmp_path: Path, state: str
) -> None:
    if state == "plan-without-one":
        cli("init", "--example")
        (isolated_home / "answers.toml").write_text('name = "Jordan"\n')
    result = cli("safety-plan")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", NONE_YET)
    assert isolated_home.exists() == (state != "no-folder")  # showing never makes a folder


def test_a_broken_answers_file_is_explained_not_hidden(
    cli, with_plan: Path, isolated_home: Path
) -> None:
    (isolated_home / "answers.toml").write_text("[safety_plan]\nwarning_signs = 3\n")
    result = cli("safety-plan")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: answers.toml, line 2: safety_plan.warning_signs should be a list like"
        ' ["a", "b"], not 3.\nFix that line in answers.toml and try again.\n'
    )
    assert "Traceback" not in result.stderr


# -- edit ------------------------------------------------------------------------------


def replies(*given: str) -> str:
    """One reply per part, in order; the rest pressed Enter."""
    return "\n".join([*given, *[""] * (len(SAFETY_PLAN_PARTS) - len(given))]) + "\n"


def test_edit_keeps_clears_and_replaces_parts_and_keeps_the_other_answers(
    cli, with_plan: Path, isolated_home: Path
) -> None:
    result = cli(
        "safety-plan", "edit", input=replies("", "-", "the library, Aoife's kitchen", "", "my GP")
    )
    assert result.exit_code == 0, result.stderr
    # Each part shows what is there now before asking.
    assert "  Now: not answering messages for days" in result.stdout
    assert "  Now: cold water on my face; walk to the park" in result.stdout
    assert "  Now: nothing yet" in result.stdout
    data = saved(isolated_home)
    assert data["safety_plan"] == {
        "warning_signs": ["not answering messages for days"],
        "distractions": ["the library", "Aoife's kitchen"],
        "people": ["Aoife"],
        "professionals": ["my GP"],
    }
    assert data["name"] == "Sam" and data["country"] == "IE"
    assert data["support"] == [{"name": "Aoife", "contact": "call"}]
    assert stat.S_IMODE((isolated_home / "answers.toml").stat().st_mode) == 0o600
    assert "Saved in " in result.stderr
    # And it is what sos shows next.
    out = cli("sos").stdout
    assert "  - Aoife's kitchen" in out and "cold water on my face" not in out


def test_edit_with_no_answers_yet_creates_them_from_defaults(cli, isolated_home: Path) -> None:
    result = cli("safety-plan", "edit", input=replies("skipping meals", "", "", "Kit"))
    assert result.exit_code == 0, result.stderr
    answers = answers_file.parse_answers(
        (isolated_home / "answers.toml").read_text(), "answers.toml"
    )
    assert answers.safety_plan == (("warning_signs", ("skipping meals",)), ("people", ("Kit",)))
    assert answers.name == "" and answers.support == ()
    assert not (isolated_home / "plan.toml").exists()
    assert "  - Kit" in cli("safety-plan").stdout
    assert "  - skipping meals" in cli("sos").stdout


def test_edit_that_changes_nothing_writes_nothing(
    cli, with_plan: Path, isolated_home: Path
) -> None:
    path = isolated_home / "answers.toml"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = cli("safety-plan", "edit", input=replies())
    assert result.exit_code == 0
    assert result.stderr.endswith("Nothing changed.\n")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_edit_stopped_midway_saves_nothing(cli, with_plan: Path, isolated_home: Path) -> None:
    path = isolated_home / "answers.toml"
    before = path.read_bytes()
    result = cli("safety-plan", "edit", input="new sign\n")  # then the input ends (Ctrl-D)
    assert result.exit_code == 130
    assert result.stderr.endswith("Stopped. Nothing was saved.\n")
    assert path.read_bytes() == before


def test_edit_never_overwrites_a_broken_answers_file(
    cli, with_plan: Path, isolated_home: Path
) -> None:
    path = isolated_home / "answers.toml"
    path.write_text("name = \n")
    result = cli("safety-plan", "edit", input=replies("x"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: answers.toml")
    assert path.read_text() == "name = \n"


# -- the interview fills it too ----------------------------------------------------------


@pytest.mark.parametrize("wants", [True, False])
def test_the_interview_fills_it_when_asked_to(wants: bool) -> None:
    said = {
        "want_safety_plan": "yes" if wants else "no",
        "warning_signs": "snapping at people, sleeping all day",
        "people": "Priya",
        "environment": "",
    }
    asked: list[str] = []

    def ask(question: Question, problem: str = "") -> str:
        assert not problem, problem
        asked.append(question.key)
        return said.get(question.key, "")

    answers = run_interview(ask, lambda: None)
    if wants:
        assert answers.safety_plan == (
            ("warning_signs", ("snapping at people", "sleeping all day")),
            ("people", ("Priya",)),
        )
        assert asked[-len(SAFETY_PLAN_PARTS) :] == list(SAFETY_PLAN_PARTS)
        assert all(PART_TITLES[part] in Q[part].text for part in SAFETY_PLAN_PARTS)
    else:
        assert answers.safety_plan == ()
        assert not set(SAFETY_PLAN_PARTS) & set(asked)


def test_everything_safety_plan_says_fits_60_columns(
    cli, with_plan: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    runs = [cli("safety-plan"), cli("safety-plan", "edit", input=replies("a, b", "-"))]
    runs.append(cli("safety-plan", "edit", input=replies()))
    (isolated_home / "answers.toml").unlink()
    runs.append(cli("safety-plan"))
    for result in runs:
        assert result.exit_code == 0
        for text in (result.stdout, result.stderr.replace(str(isolated_home), "~")):
            assert [line for line in text.splitlines() if len(line) > 60] == []
