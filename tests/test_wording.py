"""careplan's words: no guilt, no diagnosis, medication only as "talk to your prescriber".

Scanned across every template, every generated plan, the interview's questions, and
the output of every command (errors and --help included) for three different people.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterator
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest

from careplan.core import checkin, interview
from careplan.core.generate import generate_plan
from careplan.core.model import Category
from careplan.core.safety import wording_problems
from careplan.store import answers_file, library, plan_file
from tests.conftest import Run
from tests.fixtures.personas import PERSONAS

TEMPLATES = files("careplan") / "templates"


def template_texts() -> list[tuple[str, str]]:
    found = []
    folders = [TEMPLATES, TEMPLATES / "steps"]
    for folder in folders:
        for resource in folder.iterdir():
            if resource.name.endswith(".toml"):
                found.append((resource.name, resource.read_text(encoding="utf-8")))
    return found


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


@pytest.mark.parametrize(
    ("name", "text"), template_texts(), ids=lambda v: v if v.endswith(".toml") else ""
)
def test_templates_follow_the_wording_rules(name: str, text: str) -> None:
    for value in strings_in(tomllib.loads(text)):
        assert wording_problems(value) == [], f"{name}: {value}"


def test_the_rules_catch_what_they_are_meant_to() -> None:
    assert wording_problems("It sounds like you have depression.")
    assert wording_problems("You are suffering from an anxiety disorder.")
    assert wording_problems("you're depressed")
    assert wording_problems("Numbness can come with low mood; a professional can help.") == []
    assert wording_problems("You missed three days!")
    assert wording_problems("You failed your streak.")
    assert wording_problems("Try to reduce your medication dose this week.")
    assert wording_problems("Stop taking your tablets.")
    assert wording_problems("Talk to your prescriber about it.") == []
    assert (
        wording_problems("Don't stop or change a dose on your own: talk to your prescriber.") == []
    )


def test_library_is_large_and_covers_every_category() -> None:
    steps = library.steps()
    assert len(steps) >= 80
    counts = Counter(t.category for t in steps)
    assert {c: counts[c] for c in Category if counts[c] < 3} == {}
    assert len({t.id for t in steps}) == len(steps)
    for template in steps:
        assert 2 <= template.minutes <= 20, template.id
        assert template.why.count(". ") == 0 and template.why.endswith("."), template.id
        if template.uses:
            assert "{" + template.uses + "}" in template.title, template.id


def test_medication_steps_only_ever_point_to_the_prescriber() -> None:
    for template in library.steps():
        if template.category is Category.MEDICATION:
            assert template.when == "medication"
            assert "prescriber" in (template.title + template.why + template.tiny).lower()


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_generated_plans_follow_the_wording_rules(name: str) -> None:
    plan = generate_plan(
        answers_file.parse_answers(PERSONAS[name], "p.toml"),
        library.steps(),
        date(2026, 11, 25),
        words=library.stressor_words(),
    )
    text = plan_file.plan_to_toml(plan)
    assert wording_problems(text) == []


# -- every command's output, for three different people ----------------------------------

EXERCISES = ("senses", "breathing", "muscles", "cold-water")
SAFETY_PLAN_REPLIES = "sleeping all day\ncold shower, music\n-\nmy sister\nmy GP\n\n"


def listed_commands(cli, *group: str) -> set[str]:
    """The commands `careplan [group] --help` lists (so ones added later are found too)."""
    out = cli(*group, "--help").stdout
    return set(re.findall(r"^  ([a-z][a-z-]*)  ", out.split("Commands:")[-1], re.M))


def every_run(cli, clock, answers: Path) -> Iterator[tuple[str, Run]]:
    """Every command a person can run, the ways that lead to errors included."""

    def run(*args: str, input: str | None = None) -> tuple[str, Run]:
        return " ".join(args), cli(*args, input=input)

    no_plan_yet = (
        ["today"], ["done", "1"], ["undo", "1"], ["skip", "1"], ["checkin", "--feel", "3"],
        ["review"], ["plan"], ["safety-plan"], ["sos"],
    )  # fmt: skip
    for args in no_plan_yet:
        yield run(*args)  # sos and safety-plan are fine without a plan; the rest say how to start
    yield run("init", "--answers", str(answers))
    yield run("init", "--answers", str(answers))  # a plan is there already
    for args in (["today"], ["today", "-v"], ["today", "--low"], ["today", "--json"]):
        yield run(*args)
    yield run("done", "1", "--felt", "6")
    yield run("undo", "1")
    yield run("done", "1")
    yield run("skip", "2", "--reason", "tired")
    yield run("skip")
    yield run("done", "99")  # unknown step
    yield run("done", "1", "--date", "2030-01-01")  # the future
    yield run("done", "1", "--date", "2020-01-01")  # before the plan
    yield run("checkin", "--feel", "2", "--words", "tired,flat", "--note", "long day")
    yield run("checkin", "--numb", "--low")
    yield run("checkin", input="n\n" + "\n" * 12)  # numb: the body-first questions
    clock.set("2026-11-26T21:00")
    yield run("skip", "--all", "--reason", "a hard day")
    clock.set("2026-11-27T10:00")
    for args in (["today"], ["review"], ["review", "--json"], ["review", "--week", "soon"]):
        yield run(*args)
    yield run("plan")
    for exercise in EXERCISES:
        yield run("sos", "--exercise", exercise)
    yield run("sos", "--exercise", "yoga")
    yield run("sos", "--country", "FR")
    yield run("safety-plan")
    yield run("safety-plan", "edit", input=SAFETY_PLAN_REPLIES)
    yield run("safety-plan", "edit", input="\n" * 6)  # nothing changed
    yield run("safety-plan")
    commands = listed_commands(cli)
    yield run("plan", "check")
    for fmt in ("ics", "csv", "json", "yaml"):
        yield run("export", "--format", fmt)
    yield run("doctor")
    yield run("undo", "--all")
    yield run("review", "--markdown", "week.md")
    yield run("today", "--short")
    yield run("remind", "--print")
    yield run("remind", "status")  # reads the crontab; setup --show and errors change nothing
    yield run("remind", "setup", "--at", "19:00", "--show", "--with", "cron")
    yield run("remind", "setup", "--at", "23:00")
    for name in sorted(commands):  # and every command's own help, sub-commands' too
        yield run(name, "--help")
    for group in ("plan", "safety-plan", "remind"):
        for name in sorted(listed_commands(cli, group)):
            yield run(group, name, "--help")


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_every_commands_output_follows_the_wording_rules(
    name: str, cli, tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)  # `review --markdown week.md` writes here
    answers = tmp_path / "answers.toml"
    answers.write_text(PERSONAS[name])
    seen = []
    for args, result in every_run(cli, clock, answers):
        seen.append(args)
        text = result.stdout + result.stderr
        assert wording_problems(text) == [], f"careplan {args}:\n{text}"
        assert "Traceback" not in text, f"careplan {args}:\n{text}"
        assert text.strip(), f"careplan {args} said nothing"
    # The scan really covered the commands it is meant to.
    for args in ("today -v", "today --low", "undo 1", "skip --all --reason a hard day",
                 "review --json", "sos --exercise cold-water", "safety-plan", "done 99",
                 "plan check", "export --format ics", "doctor", "undo --all",
                 "remind --print", "remind status"):  # fmt: skip
        assert args in seen


def test_interview_questions_follow_the_wording_rules() -> None:
    for group in (interview.Q, *checkin.questions()):
        for question in group.values():
            for text in (question.text, question.note, *(label for _, label in question.options)):
                assert wording_problems(text) == [], text
