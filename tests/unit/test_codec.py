"""Reading and writing careplan's files: answers, plans and history lines."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from careplan import codec, library
from careplan.errors import DataError
from careplan.generate import generate_plan
from careplan.model import Energy, Event, EventKind


def test_example_answers_read_every_documented_key() -> None:
    answers = codec.parse_answers(library.example_answers_text(), "example-answers.toml")
    assert answers.name == "Jordan"
    assert answers.energy is Energy.SOME
    assert answers.sleep.hours == 6.5
    assert answers.stressors[0].idea == "ask for a fixed rota"
    assert [s.name for s in answers.support] == ["Priya", "Sam"]
    assert dict(answers.safety_plan)["people"] == ("Priya",)


def test_answers_round_trip_through_answers_toml() -> None:
    answers = codec.parse_answers(library.example_answers_text(), "a.toml")
    text = codec.dumps_toml(codec.answers_to_data(answers))
    assert codec.parse_answers(text, "answers.toml") == answers


def test_unknown_answer_keys_are_named() -> None:
    with pytest.raises(DataError) as err:
        codec.parse_answers('name = "A"\nfavourite_colour = "blue"\n', "mine.toml")
    assert err.value.message == "mine.toml: has an unknown key 'favourite_colour'."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sleep]\nhours = 30\n", "mine.toml: Hours of sleep should be from 0 to 24, not 30."),
        (
            'energy = "lots"\n',
            'mine.toml: energy should be "low", "some" or "high", not \'lots\'.',
        ),
        ('day_starts_at = "25:99"\n', "mine.toml: day_starts_at should be a time like 07:30"),
        ('name = "A"\nname = "B"\n', "mine.toml, line 2: this is not valid TOML"),
    ],
)
def test_bad_answers_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(DataError) as err:
        codec.parse_answers(text, "mine.toml")
    assert err.value.message.startswith(message)


def test_plan_round_trips_byte_for_byte() -> None:
    answers = codec.parse_answers(library.example_answers_text(), "a.toml")
    plan = generate_plan(answers, library.steps(), date(2026, 11, 25))
    text = codec.plan_to_toml(plan)
    again = codec.parse_plan(text, "plan.toml")
    assert again == plan
    assert codec.plan_to_toml(again) == text
    assert text.splitlines()[3] == "schema = 1"


def test_a_plan_from_a_newer_careplan_is_refused_plainly() -> None:
    with pytest.raises(DataError, match="made by a newer careplan"):
        codec.parse_plan("schema = 99\n", "plan.toml")


def test_syntax_error_names_file_and_line() -> None:
    text = "schema = 1\n" * 1 + "\n" * 5 + "title = \n"
    with pytest.raises(DataError) as err:
        codec.parse_plan(text, "plan.toml")
    assert err.value.message.startswith("plan.toml, line 7:")


def test_history_lines_round_trip() -> None:
    events = [
        Event(date(2026, 11, 24), datetime(2026, 11, 25, 1, 30), EventKind.DONE, "walk", felt=6),
        Event(
            date(2026, 11, 25), datetime(2026, 11, 25, 9), EventKind.CHECKIN, feel=None,
            words=("flat",), body=(("energy", "low"),), note="ok",
        ),
    ]  # fmt: skip
    for event in events:
        line = codec.event_to_line(event)
        assert line.endswith("\n") and line.count("\n") == 1
        assert codec.event_from_line(line) == event


@pytest.mark.parametrize("line", ['{"day": "2026-11-2', "[1, 2]", '{"kind": "done"}', "\x00"])
def test_torn_or_foreign_history_lines_are_value_errors(line: str) -> None:
    with pytest.raises(ValueError):
        codec.event_from_line(line)
