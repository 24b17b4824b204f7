"""Plan generation: sized to energy, personal, rotating, deterministic, safe."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from careplan.core.day import steps_for
from careplan.core.generate import generate_plan
from careplan.core.model import Category, Plan
from careplan.store import answers_file, library, plan_file
from tests.fixtures.personas import PERSONAS

DAY = date(2026, 11, 25)


def plan_for(name: str, day: date = DAY) -> Plan:
    answers = answers_file.parse_answers(PERSONAS[name], f"{name}.toml")
    return generate_plan(answers, library.steps(), day, words=library.stressor_words())


def week(plan: Plan) -> list[list[str]]:
    return [[s.id for s in steps_for(plan, plan.start + timedelta(days=n))] for n in range(7)]


def titles(plan: Plan) -> str:
    return " ".join(s.title for s in plan.steps)


def categories(plan: Plan) -> set[Category]:
    return {s.category for s in plan.steps}


@pytest.mark.parametrize(("name", "low", "high"), [("dana", 1, 2), ("ravi", 3, 3), ("mo", 4, 5)])
def test_energy_sets_the_number_of_steps_each_day(name: str, low: int, high: int) -> None:
    assert all(low <= len(day) <= high for day in week(plan_for(name)))


def test_names_of_people_activities_and_stressors_appear_in_titles() -> None:
    assert {"Dee", "fishing", "money worries"} <= set(_words_in(plan_for("dana")))
    assert {"Anika", "painting"} <= set(_words_in(plan_for("ravi")))
    assert {"Tom", "football", "exams"} <= set(_words_in(plan_for("mo")))


def _words_in(plan: Plan) -> list[str]:
    text = titles(plan)
    return [
        w
        for w in (
            "Dee",
            "fishing",
            "money worries",
            "Anika",
            "painting",
            "Tom",
            "football",
            "exams",
        )
        if w in text
    ]


def test_sleep_steps_only_when_sleep_is_short_long_or_poor() -> None:
    assert Category.SLEEP in categories(plan_for("dana"))  # 5 hours, poor
    assert Category.SLEEP in categories(plan_for("mo"))  # 10 hours
    assert Category.SLEEP not in categories(plan_for("ravi"))  # 8 hours, sleeps well


def test_alcohol_step_only_when_they_drink() -> None:
    assert Category.SUBSTANCES in categories(plan_for("dana"))
    assert Category.SUBSTANCES not in categories(plan_for("ravi"))


def test_prescriber_step_only_with_medication_and_only_talk_to_the_prescriber() -> None:
    dana = [s for s in plan_for("dana").steps if s.category is Category.MEDICATION]
    assert len(dana) == 1 and "prescriber" in (dana[0].title + dana[0].why).lower()
    assert Category.MEDICATION not in categories(plan_for("ravi"))


def test_professional_help_step_when_wanted_or_already_seeing_someone() -> None:
    dana = [s for s in plan_for("dana").steps if s.category is Category.PROFESSIONAL]
    assert dana and not dana[0].id.startswith(("pro-session", "pro-next"))
    ravi = [s.id for s in plan_for("ravi").steps if s.category is Category.PROFESSIONAL]
    has_help = {t.id for t in library.steps() if t.when == "has-help"}
    assert ravi and set(ravi) <= has_help


def test_safety_yes_makes_the_first_step_reaching_a_professional_or_crisis_line() -> None:
    plan = plan_for("mo")
    first = plan.steps[0]
    safety = {t.id for t in library.steps() if t.when == "safety"}
    assert first.id in safety and first.schedule.per_day == 1
    assert all(day[0] == first.id for day in week(plan))
    assert plan.safety_concern
    assert not any(s.id in safety for s in plan_for("ravi").steps)


def test_plans_differ_between_people() -> None:
    plans = [plan_for(n) for n in PERSONAS]
    assert len({p.steps for p in plans}) == 3
    assert len({len(week(p)[0]) for p in plans}) == 3


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_same_answers_and_date_give_byte_identical_plans(name: str) -> None:
    assert plan_file.plan_to_toml(plan_for(name)) == plan_file.plan_to_toml(plan_for(name))


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_seven_days_show_at_least_three_different_lists(name: str) -> None:
    assert len({tuple(day) for day in week(plan_for(name))}) >= 3


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_every_step_is_small_and_complete(name: str) -> None:
    for step in plan_for(name).steps:
        assert 1 <= step.minutes <= 20
        assert step.why and step.tiny and step.title
        assert "{" not in step.title + step.tiny + step.why


def test_expected_enjoyment_is_kept_on_the_activity_step() -> None:
    text = PERSONAS["ravi"] + "[expected]\npainting = 3\n"
    plan = generate_plan(
        answers_file.parse_answers(text, "r.toml"),
        library.steps(),
        DAY,
        words=library.stressor_words(),
    )
    painting = [s for s in plan.steps if "painting" in s.title]
    assert painting and painting[0].expected == 3


def test_a_plan_can_be_made_from_no_answers_at_all() -> None:
    plan = generate_plan(
        answers_file.parse_answers("", "empty.toml"),
        library.steps(),
        DAY,
        words=library.stressor_words(),
    )
    assert all(len(day) == 3 for day in week(plan))
