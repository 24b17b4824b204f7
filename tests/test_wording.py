"""careplan's words: no guilt, no diagnosis, medication only as "talk to your prescriber".

Scanned across every template and every generated plan, and the output of the
main commands for three different people.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest

from careplan import codec, library
from careplan.generate import generate_plan
from careplan.model import Category
from careplan.safety import wording_problems
from tests.fixtures.personas import PERSONAS

TEMPLATES = files("careplan") / "templates"
DIAGNOSIS = re.compile(
    r"\byou (have|are suffering from|suffer from) (depression|ptsd|a disorder|an? \w+ disorder)",
    re.I,
)


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
        assert not DIAGNOSIS.search(value), f"{name}: {value}"


def test_the_rules_catch_what_they_are_meant_to() -> None:
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
        codec.parse_answers(PERSONAS[name], "p.toml"), library.steps(), date(2026, 11, 25)
    )
    text = codec.plan_to_toml(plan)
    assert wording_problems(text) == []


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_command_output_follows_the_wording_rules(name: str, cli, tmp_path: Path, clock) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(PERSONAS[name])
    outputs = [cli("init", "--answers", str(answers))]
    outputs += [cli("today", "-v"), cli("today", "--low"), cli("done", "1"), cli("skip", "2")]
    clock.set("2026-11-27T10:00")
    outputs += [
        cli("today"),
        cli("checkin", "--feel", "2"),
        cli("review"),
        cli("plan"),
        cli("sos"),
    ]
    outputs += [cli("done", "99"), cli("skip", "--all")]
    for result in outputs:
        text = result.stdout + result.stderr
        assert wording_problems(text) == [], text
        assert "Traceback" not in text
