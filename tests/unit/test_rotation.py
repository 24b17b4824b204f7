"""Everything a person named rotates into the plan within a fortnight (issue 17).

Sized to energy: more steps take turns, the number of steps a day stays the same.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from careplan.core.day import steps_for
from careplan.core.generate import generate_plan
from careplan.core.model import Plan, Schedule
from careplan.store import answers_file, library, plan_file
from tests.fixtures.personas import PERSONAS

DAY = date(2026, 11, 25)

MORE = {
    # The issue's own fortnight: low energy, trauma, one person who likes calls, surfing and
    # drawing (named twice), two stressors.
    "kai": """\
name = "Kai"
energy = "low"
contributing = ["trauma"]
activities = ["surfing", "drawing"]
movement = ["walking"]
creative = ["drawing"]
[sleep]
hours = 6
quality = 2
[[stressors]]
what = "the accident last spring"
[[stressors]]
what = "job hunting"
[[support]]
name = "Noor"
contact = "call"
""",
    # Three people, three stressors, a lot named, and only a little energy.
    "sam": """\
name = "Sam"
energy = "low"
alcohol = "some"
activities = ["baking", "chess"]
movement = ["swimming", "yoga"]
creative = ["knitting"]
[sleep]
hours = 5
quality = 2
[professional]
wants = true
[[stressors]]
what = "my landlord"
[[stressors]]
what = "overtime at work"
idea = "leave on time twice a week"
[[stressors]]
what = "caring for Dad"
[[support]]
name = "Ana"
contact = "call"
[[support]]
name = "Bo"
contact = "text"
[[support]]
name = "Cy"
contact = "in person"
""",
}
ALL = {**PERSONAS, **MORE}


def plan_for(name: str) -> Plan:
    answers = answers_file.parse_answers(ALL[name], f"{name}.toml")
    return generate_plan(answers, library.steps(), DAY, words=library.stressor_words())


def fortnight(plan: Plan) -> list[list[str]]:
    return [[s.title for s in steps_for(plan, DAY + timedelta(days=n))] for n in range(14)]


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_named_person_stressor_activity_and_movement_comes_up_in_14_days(
    name: str,
) -> None:
    answers = answers_file.parse_answers(ALL[name], f"{name}.toml")
    shown = " | ".join(title for day in fortnight(plan_for(name)) for title in day)
    named = [
        *(p.name for p in answers.support),
        *(s.what for s in answers.stressors),
        *answers.activities,
        *answers.movement,
        *answers.creative,
    ]
    assert named
    for thing in named:
        assert thing in shown, f"{thing!r} never comes up in {name}'s first fortnight"


@pytest.mark.parametrize(("name", "low", "high"), [("kai", 1, 2), ("sam", 1, 2), ("mo", 4, 5)])
def test_the_daily_count_stays_within_the_energy(name: str, low: int, high: int) -> None:
    assert all(low <= len(day) <= high for day in fortnight(plan_for(name)))


def test_each_person_is_reached_the_way_they_like() -> None:
    titles = [s.title for s in plan_for("sam").steps]
    assert "Call Ana for five minutes" in titles
    assert not any("message" in t and "Ana" in t for t in titles)
    assert "Send Bo a two-line message" in titles
    kai = [s.title for s in plan_for("kai").steps if "Noor" in s.title]
    assert kai == ["Call Noor for five minutes"]


def test_something_named_twice_is_one_step() -> None:
    assert sum("drawing" in s.title for s in plan_for("kai").steps) == 1


def test_a_fortnightly_step_takes_turns_and_survives_plan_toml() -> None:
    plan = plan_for("sam")
    shared = [s for s in plan.steps if s.schedule.every == 14]
    assert shared and all(s.schedule.first is not None for s in shared)
    again = plan_file.parse_plan(plan_file.plan_to_toml(plan), "plan.toml")
    assert again == plan
    assert str(Schedule.parse("every 14 days from 2026-11-27")) == "every 14 days from 2026-11-27"


def test_a_follow_up_step_only_comes_with_the_step_it_follows() -> None:
    templates = {t.id: t for t in library.steps()}
    for name in ALL:
        ids = {s.id for s in plan_for(name).steps}
        for step_id in ids:
            needs = templates[step_id].needs if step_id in templates else ()
            assert not needs or set(needs) & ids, f"{step_id} without {needs} for {name}"


def test_no_step_assumes_a_professional_the_person_has_not_got() -> None:
    for name in ALL:
        answers = answers_file.parse_answers(ALL[name], f"{name}.toml")
        text = " ".join(s.title + " " + s.tiny for s in plan_for(name).steps).lower()
        if not answers.professional_has:
            assert "your therapist" not in text and "next session" not in text
        if not answers.medication:
            assert "prescriber" not in text


def test_no_step_repeats_the_daily_check_in() -> None:
    assert not any("each day this week" in t.title for t in library.steps())
