"""Stressors fit their kind: the words tell the kind, the interview's examples and the
plan's steps follow it, a loss or a hard event is carried and never shrunk, and the
person's own idea becomes the step's title."""

from __future__ import annotations

import re
from datetime import date

import pytest

from careplan.core.answers import Answers, Stressor
from careplan.core.generate import generate_plan
from careplan.core.interview import IDEA_EXAMPLES, Q, Question, idea_question, run_interview
from careplan.core.model import Energy, Plan, Step
from careplan.core.stressors import CARRIED, Kind, kind_of
from careplan.store import library

DAY = date(2026, 11, 25)
# What a loss or a hard event must never be met with.
SHRINK = re.compile(r"shrink|smaller|small step on|cut each|ask for help with", re.I)
WORK_EXAMPLES = re.compile(r"manager|your hours|work from home|school run|deadline", re.I)


def kind(what: str, *contributing: str) -> Kind:
    return kind_of(what, contributing, library.stressor_words())


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("losing my dad", Kind.GRIEF),
        ("Losing my Dad", Kind.GRIEF),
        ("my mum died", Kind.GRIEF),
        ("bereavement", Kind.GRIEF),
        ("grieving for Nan", Kind.GRIEF),
        ("my mum died at work", Kind.GRIEF),  # a loss before the place it happened
        ("lost my husband last year", Kind.GRIEF),
        ("the miscarriage", Kind.GRIEF),
        ("night shifts", Kind.WORK),
        ("my boss", Kind.WORK),
        ("deadlines", Kind.WORK),
        ("exams", Kind.WORK),
        ("losing my job", Kind.WORK),  # losing, but not a person
        ("money worries", Kind.MONEY),
        ("debt", Kind.MONEY),
        ("my landlord", Kind.HOUSING),
        ("being evicted", Kind.HOUSING),
        ("my partner", Kind.RELATIONSHIPS),
        ("the divorce", Kind.RELATIONSHIPS),
        ("caring for my dad", Kind.CARING),
        ("the school run", Kind.CARING),
        ("my back pain", Kind.HEALTH),
        ("my mum\u2019s illness", Kind.HEALTH),  # a curly apostrophe
        ("the car crash", Kind.TRAUMA),
        ("the assault", Kind.TRAUMA),
        ("flashbacks", Kind.TRAUMA),
        ("everything", Kind.OTHER),
        ("workshop", Kind.OTHER),  # whole words only: "work" is not in "workshop"
    ],
)
def test_the_words_tell_the_kind(what: str, expected: Kind) -> None:
    assert kind(what) is expected


def test_words_that_say_nothing_follow_a_grief_or_trauma_answer() -> None:
    assert kind("him", "grief") is Kind.GRIEF
    assert kind("March", "stress", "trauma") is Kind.TRAUMA
    assert kind("him", "stress") is Kind.OTHER
    assert kind("night shifts", "grief") is Kind.WORK  # the person's own words come first


def test_every_kind_has_words_examples_and_steps_written_for_it() -> None:
    words = dict(library.stressor_words())
    assert set(words) == set(Kind) - {Kind.OTHER}
    assert set(IDEA_EXAMPLES) == set(Kind)
    for k in Kind:
        written = [t for t in library.steps() if t.uses == "stressor" and t.kinds == (k.value,)]
        assert k is Kind.OTHER or written, k
        owns = [t for t in library.steps() if t.idea and k.value in t.kinds]
        assert len(owns) == 1, k


def test_steps_for_a_loss_or_a_hard_event_are_never_about_shrinking_it() -> None:
    carried = [t for t in library.steps() if set(t.kinds) & {"grief", "trauma"}]
    assert len(carried) >= 7
    for template in carried:
        assert set(template.kinds) <= {"grief", "trauma"}, template.id
        assert not SHRINK.search(f"{template.title} {template.why} {template.tiny}"), template.id


# -- the interview's idea question ---------------------------------------------------------


@pytest.mark.parametrize("k", sorted(Kind))
def test_the_idea_question_fits_the_kind(k: Kind) -> None:
    question = idea_question("this", k)
    assert "“this”" in question.text and "{" not in question.text
    assert question.note == IDEA_EXAMPLES[k]
    if k in CARRIED:
        assert question.key == "carry"
        assert not SHRINK.search(question.text)
        assert not WORK_EXAMPLES.search(question.note)
    else:
        assert question.key == "idea"
    if k is not Kind.WORK:
        assert "manager" not in question.note
    assert k is not Kind.WORK or WORK_EXAMPLES.search(question.note)


def interview(contributing: str, *stressors: tuple[str, str]) -> tuple[Answers, list[Question]]:
    """run_interview with a script: these stressors and ideas, Enter for everything else."""
    replies = {"contributing": contributing}
    queue = [part for pair in stressors for part in pair] + [""]
    asked: list[Question] = []

    def ask(question: Question, problem: str = "") -> str:
        assert not problem, problem
        asked.append(question)
        if question.key in ("stressor", "idea", "carry"):
            return queue.pop(0)
        return replies.get(question.key, "")

    return run_interview(ask, lambda _: None, stressor_words=library.stressor_words()), asked


def plan_of(answers: Answers) -> Plan:
    return generate_plan(answers, library.steps(), DAY, words=library.stressor_words())


def step_for(plan: Plan, what: str) -> Step:
    found = [s for s in plan.steps if what in s.title]
    assert len(found) == 1, [s.title for s in plan.steps]
    return found[0]


def test_grief_through_the_interview_gets_no_work_examples_and_no_shrinking() -> None:
    answers, asked = interview("grief", ("losing my dad", ""))
    idea = [q for q in asked if q.key in ("idea", "carry")]
    assert [q.key for q in idea] == ["carry"]
    assert not WORK_EXAMPLES.search(idea[0].note) and not SHRINK.search(idea[0].text)
    assert "losing my dad" in idea[0].text
    assert answers.stressors == (Stressor("losing my dad", ""),)
    step = step_for(plan_of(answers), "losing my dad")
    assert step.id.startswith(("grief-", "carry-"))
    assert not SHRINK.search(f"{step.title} {step.why} {step.tiny}")


def test_grief_without_telling_words_follows_the_contributing_answer() -> None:
    answers, asked = interview("grief, stress", ("him", "look at old photos with my sister"))
    assert [q.key for q in asked if q.key in ("idea", "carry")] == ["carry"]
    step = step_for(plan_of(answers), "(him)")
    assert step.title == "Look at old photos with my sister (him)"
    assert not SHRINK.search(f"{step.title} {step.why} {step.tiny}")


def test_trauma_and_work_through_the_interview_keep_the_persons_ideas_as_titles() -> None:
    answers, asked = interview(
        "stress", ("the car crash", "talk to my GP"), ("night shifts", "ask for a fixed rota")
    )
    idea = [q for q in asked if q.key in ("idea", "carry")]
    assert [q.key for q in idea] == ["carry", "idea"]
    assert not WORK_EXAMPLES.search(idea[0].note)
    assert "manager" in idea[1].note
    plan = plan_of(answers)
    crash = step_for(plan, "(the car crash)")
    assert crash.title == "Talk to my GP (the car crash)"
    assert not SHRINK.search(f"{crash.title} {crash.why} {crash.tiny}")
    assert step_for(plan, "(night shifts)").title == "Ask for a fixed rota (night shifts)"


def test_without_an_idea_each_kind_gets_a_step_written_for_it() -> None:
    for what, prefix in [
        ("losing my dad", "grief-"),
        ("the assault", "trauma-"),
        ("night shifts", "stress-work-"),
        ("money worries", "stress-money-"),
        ("caring for my mum", "stress-share-caring"),
    ]:
        step = step_for(plan_of(Answers(stressors=(Stressor(what),))), what)
        assert step.id.startswith(prefix), (what, step.id)


def test_work_only_steps_join_a_plan_only_with_a_work_stressor() -> None:
    for name in ("A", "B", "C", "D", "E", "F"):  # several seeds, so the pick is not luck
        grief = plan_of(
            Answers(name=name, energy=Energy.HIGH, stressors=(Stressor("my mum died"),))
        )
        titles = " ".join(s.title for s in grief.steps)
        assert not WORK_EXAMPLES.search(titles), titles


def test_the_same_idea_twice_gives_two_steps_with_their_own_ids() -> None:
    answers = Answers(
        stressors=(Stressor("night shifts", "ask for a fixed rota"), Stressor("money", "budget"))
    )
    ids = [s.id for s in plan_of(answers).steps if s.id.startswith("stress-own-idea")]
    assert ids == ["stress-own-idea-night-shifts", "stress-own-idea-money"]


def test_the_idea_question_in_q_still_exists_for_the_terminal_tests() -> None:
    assert "{what}" in Q["idea"].text and "{what}" in Q["carry"].text


def test_every_new_sentence_follows_the_wording_rules() -> None:
    from careplan.cli.setup import DRINKING_CAUTION, SUBSTANCES_CAUTION
    from careplan.core.safety import wording_problems

    for text in (*IDEA_EXAMPLES.values(), Q["carry"].text, DRINKING_CAUTION, SUBSTANCES_CAUTION):
        assert wording_problems(text) == [], text
