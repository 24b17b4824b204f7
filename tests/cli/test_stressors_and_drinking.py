"""`careplan init --answers` for a loss, a hard event and work, and for someone who drinks a
lot: steps that fit, the person's idea as the title, and the withdrawal caution first."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from careplan.core.day import steps_for
from careplan.core.generate import generate_plan
from careplan.core.model import Category, Energy
from careplan.store import answers_file, library
from tests.conftest import Run
from tests.fixtures.personas import PERSONAS

SHRINK = re.compile(r"shrink|smaller|small step on|cut each|ask for help with", re.I)
WORK_EXAMPLES = re.compile(r"manager|your hours|work from home|school run|deadline", re.I)
FREE_DAYS = {"subs-plan-free-day", "subs-free-today"}
CAUTION = "stopping suddenly can be risky"


@pytest.fixture
def init(cli, tmp_path: Path, isolated_home: Path):  # type: ignore[no-untyped-def]
    """init --answers with this text: (the run, the plan's steps)."""

    def run(text: str) -> tuple[Run, list[dict[str, Any]]]:
        answers = tmp_path / "in.toml"
        answers.write_text(text, encoding="utf-8")
        result = cli("init", "--answers", str(answers))
        assert result.exit_code == 0, result.stderr
        return result, tomllib.loads((isolated_home / "plan.toml").read_text())["steps"]

    return run


def titled(steps: list[dict[str, Any]], what: str) -> dict[str, Any]:
    found = [s for s in steps if what in s["title"]]
    assert len(found) == 1, [s["title"] for s in steps]
    return found[0]


def said(step: dict[str, Any]) -> str:
    return f"{step['title']} {step['why']} {step['tiny']}"


# -- stressors -----------------------------------------------------------------------------


def test_grief_and_work_from_an_answers_file(init) -> None:
    _, steps = init(
        'contributing = ["grief"]\n'
        '[[stressors]]\nwhat = "losing my dad"\n'
        '[[stressors]]\nwhat = "night shifts"\nidea = "ask for a fixed rota"\n',
    )
    grief = titled(steps, "losing my dad")
    assert not SHRINK.search(said(grief)) and not WORK_EXAMPLES.search(said(grief))
    assert titled(steps, "night shifts")["title"] == "Ask for a fixed rota (night shifts)"


def test_trauma_with_an_idea_from_an_answers_file(init) -> None:
    _, steps = init('[[stressors]]\nwhat = "the car crash"\nidea = "talk to my GP"\n')
    step = titled(steps, "the car crash")
    assert step["title"] == "Talk to my GP (the car crash)"
    assert not SHRINK.search(said(step))


def test_grief_without_an_idea_through_the_example_shape(init) -> None:
    _, steps = init('[[stressors]]\nwhat = "My mum died in March"\n')
    step = titled(steps, "My mum died in March")
    assert step["id"].startswith("grief-") and not SHRINK.search(said(step))
    assert not WORK_EXAMPLES.search(" ".join(s["title"] for s in steps))


# -- drinking a lot --------------------------------------------------------------------------


def test_dana_drinks_a_lot_the_doctor_step_comes_first_and_the_caution_is_on_screen(
    init, cli
) -> None:
    result, steps = init(PERSONAS["dana"])
    assert CAUTION in result.stderr and "GP or doctor" in result.stderr
    substances = [s for s in steps if s["category"] == Category.SUBSTANCES]
    assert substances[0]["id"] == "subs-doctor-first"
    assert "withdrawal" in substances[0]["why"]
    assert not FREE_DAYS & {s["id"] for s in steps}
    today = json.loads(cli("today", "--json").stdout)  # the plan's first day
    assert "subs-doctor-first" in [s["id"] for s in today["steps"]]


def test_substances_named_as_contributing_get_the_doctor_step_and_a_caution(init) -> None:
    text = 'alcohol = "some"\ncontributing = ["substances"]\n'
    result, steps = init(text)
    assert CAUTION in result.stderr
    substances = [s for s in steps if s["category"] == Category.SUBSTANCES]
    assert substances[0]["id"] == "subs-doctor-first-substances"
    for step in substances[1:]:
        assert step["id"] not in FREE_DAYS or "doctor" in step["why"]


def test_some_drinking_shows_no_caution(init) -> None:
    result, steps = init('alcohol = "some"\n')
    assert CAUTION not in result.stderr
    assert "subs-doctor-first" not in {s["id"] for s in steps}


def test_alcohol_free_day_steps_always_carry_the_doctor_note() -> None:
    free = [t for t in library.steps() if t.id in FREE_DAYS]
    assert len(free) == len(FREE_DAYS)
    for template in free:
        assert "heavy drinking, talk to a doctor first" in template.why


@pytest.mark.parametrize("energy", list(Energy))
@pytest.mark.parametrize("name", ["Dana", "Lee", "Sam", "Ines"])
def test_a_lot_always_starts_with_the_doctor_on_the_first_day(energy: Energy, name: str) -> None:
    text = PERSONAS["dana"].replace('"Dana"', f'"{name}"').replace('"low"', f'"{energy}"')
    answers = answers_file.parse_answers(text, "a.toml")
    day = date(2026, 11, 25)
    plan = generate_plan(answers, library.steps(), day, words=library.stressor_words())
    substances = [s.id for s in plan.steps if s.category is Category.SUBSTANCES]
    assert substances == ["subs-doctor-first"]
    assert "subs-doctor-first" in [s.id for s in steps_for(plan, day)]
