"""Reading and writing careplan's files: answers, plans and history lines."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from careplan.core.errors import DataError
from careplan.core.generate import generate_plan
from careplan.core.model import SCHEMA, Energy, Event, EventKind, Stamp
from careplan.store import answers_file, history_codec, library, plan_file
from careplan.store.toml_text import line_of


def example_plan_text() -> str:
    answers = answers_file.parse_answers(library.example_answers_text(), "a.toml")
    return plan_file.plan_to_toml(
        generate_plan(answers, library.steps(), date(2026, 11, 25), words=library.stressor_words())
    )


def plan_error(text: str) -> DataError:
    with pytest.raises(DataError) as err:
        plan_file.parse_plan(text, "plan.toml")
    return err.value


def test_example_answers_read_every_documented_key() -> None:
    answers = answers_file.parse_answers(library.example_answers_text(), "example-answers.toml")
    assert answers.name == "Jordan"
    assert answers.energy is Energy.SOME
    assert answers.sleep.hours == 6.5
    assert answers.stressors[0].idea == "ask for a fixed rota"
    assert [s.name for s in answers.support] == ["Priya", "Sam"]
    assert dict(answers.safety_plan)["people"] == ("Priya",)


def test_answers_round_trip_through_answers_toml() -> None:
    answers = answers_file.parse_answers(library.example_answers_text(), "a.toml")
    text = plan_file.dumps_toml(answers_file.answers_to_data(answers))
    assert answers_file.parse_answers(text, "answers.toml") == answers


def test_unknown_answer_keys_are_named() -> None:
    with pytest.raises(DataError) as err:
        answers_file.parse_answers('name = "A"\nfavourite_colour = "blue"\n', "mine.toml")
    assert err.value.message == (
        "mine.toml, line 2: careplan does not know the key 'favourite_colour'."
    )
    assert err.value.hint.startswith("Check its spelling or remove it. Known keys: activities,")


def test_unknown_keys_inside_a_table_are_named_with_the_table() -> None:
    with pytest.raises(DataError) as err:
        answers_file.parse_answers("[sleep]\nhours = 7\nnaps = 2\n", "mine.toml")
    assert (
        err.value.message == "mine.toml, line 3: careplan does not know the key 'naps' in sleep."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name = 'A'\n[sleep]\nhours = 30\n",
            "mine.toml, line 3: Hours of sleep should be from 0 to 24, not 30.",
        ),
        (
            "[sleep]\nhours = nan\n",
            "mine.toml, line 2: Hours of sleep should be from 0 to 24, not nan.",
        ),
        (
            '[sleep]\nhours = "7"\n',
            "mine.toml, line 2: sleep.hours should be a number, like hours = 7.5, not '7'.",
        ),
        (
            "[sleep]\nquality = 0\n",
            "mine.toml, line 2: Sleep quality should be from 1 to 5, not 0.",
        ),
        (
            '[sleep]\nbedtime = "25:99"\n',
            "mine.toml, line 2: bedtime should be a time like 07:30 (24-hour clock), not '25:99'.",
        ),
        (
            'energy = "lots"\n',
            'mine.toml, line 1: energy should be "low", "some" or "high", not \'lots\'.',
        ),
        (
            '\nday_starts_at = "25:99"\n',
            "mine.toml, line 2: day_starts_at should be a time like 07:30 (24-hour clock), not '25:99'.",
        ),
        (
            'name = "A"\nname = "B"\n',
            "mine.toml, line 2: the same name is set twice; keep one of them.",
        ),
        (
            "medication = 1\n",
            "mine.toml, line 1: medication should be true or false, like medication = true, not 1.",
        ),
        (
            'activities = ["a", 2]\n',
            'mine.toml, line 1: activities should be text in quotes, like activities = ["walking", "music"], not 2.',
        ),
        (
            '[[support]]\nname = "P"\n[[support]]\nname = 5\n',
            'mine.toml, line 4: name in support entry 2 should be text in quotes, like name = "some text", not 5.',
        ),
        (
            "[expected]\nguitar = 11\n",
            "mine.toml, line 2: The expected enjoyment of 'guitar' should be from 0 to 10, not 11.",
        ),
        ("x = 1" + "0" * 5000 + "\n", "mine.toml: this holds a number or a nesting too large"),
        ("x = " + "[" * 3000 + "]" * 3000 + "\n", "mine.toml: this holds a number or a nesting"),
        (
            "sleep = 7\n",
            "mine.toml, line 1: sleep should be a table, not 7.",
        ),
    ],
)
def test_bad_answers_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(DataError) as err:
        answers_file.parse_answers(text, "mine.toml")
    assert err.value.message.startswith(message)


def test_plan_round_trips_byte_for_byte() -> None:
    answers = answers_file.parse_answers(library.example_answers_text(), "a.toml")
    plan = generate_plan(
        answers, library.steps(), date(2026, 11, 25), words=library.stressor_words()
    )
    text = plan_file.plan_to_toml(plan)
    again = plan_file.parse_plan(text, "plan.toml")
    assert again == plan
    assert plan_file.plan_to_toml(again) == text
    assert text.splitlines()[3] == "schema = 1"


def test_a_plan_from_a_newer_careplan_is_refused_plainly() -> None:
    err = plan_error("schema = 99\n")
    assert err.message == "plan.toml was made by a newer careplan (schema 99)."
    assert err.hint == "Update careplan (pip install --upgrade careplan) to read it."


def test_every_older_schema_has_a_migration() -> None:
    assert set(plan_file.MIGRATIONS) == set(range(SCHEMA))


def test_a_plan_without_a_schema_line_is_schema_0_and_migrates_in_memory() -> None:
    text = example_plan_text()
    old = text.replace("schema = 1\n", "")
    assert plan_file.plan_schema(old, "plan.toml") == 0
    assert plan_file.plan_schema(text, "plan.toml") == 1
    assert plan_file.parse_plan(old, "plan.toml") == plan_file.parse_plan(text, "plan.toml")


def test_migrations_run_in_order_up_to_the_current_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def step(n: int):  # type: ignore[no-untyped-def]
        def move(data: dict[str, object]) -> dict[str, object]:
            seen.append(n)
            return {**data, "schema": n + 1, f"from_{n}": True}

        return move

    monkeypatch.setattr(plan_file, "SCHEMA", 3)
    monkeypatch.setattr(plan_file, "MIGRATIONS", {0: step(0), 1: step(1), 2: step(2)})
    assert plan_file.migrate({"schema": 1}, 1) == {"schema": 3, "from_1": True, "from_2": True}
    assert seen == [1, 2]
    assert plan_file.migrate({"schema": 3}, 3) == {"schema": 3}


def test_a_schema_that_is_not_a_number_names_its_line() -> None:
    err = plan_error(example_plan_text().replace("schema = 1", 'schema = "one"'))
    assert err.message == "plan.toml, line 4: schema should be a whole number like 1, not 'one'."


def nth(text: str, old: str, new: str, n: int) -> str:
    at = -1
    for _ in range(n):
        at = text.index(old, at + 1)
    return text[:at] + new + text[at + len(old) :]


@pytest.mark.parametrize(
    ("old", "new", "n", "message"),
    [
        (
            "minutes = 3",
            "minutes = -5",
            1,
            "plan.toml, line 34: The step 'conn-message-person-priya' has minutes = -5; use a number from 1 to 120.",
        ),
        (
            "minutes = 10",
            "minutes = 5.5",
            1,
            "plan.toml, line 25: minutes in step 2 should be a whole number, like minutes = 3, not 5.5.",
        ),
        (
            "minutes = 15",
            'minutes = "ten"',
            2,
            "plan.toml, line 52: minutes in step 5 should be a whole number, like minutes = 3, not 'ten'.",
        ),
        (
            'schedule = "mon wed"',
            'schedule = "sometimes"',
            2,
            "plan.toml, line 35: The schedule 'sometimes' is not one careplan knows.",
        ),
        (
            'day_starts_at = "04:00"',
            'day_starts_at = "25:99"',
            1,
            "plan.toml, line 8: day_starts_at should be a time like 07:30 (24-hour clock), not '25:99'.",
        ),
        (
            'category = "connection"',
            'category = "rest"',
            1,
            "plan.toml, line 33: step 3 has category 'rest'.",
        ),
        (
            'title = "Send',
            'titel = "Send',
            1,
            "plan.toml, line 32: careplan does not know the key 'titel' in step 3.",
        ),
        (
            'id = "conn-message-person-priya"',
            'id = "name-check-in"',
            1,
            "plan.toml, line 31: steps 1 and 3 share the id 'name-check-in'.",
        ),
        (
            'id = "conn-message-person-priya"',
            'id = "Sleep Phone"',
            1,
            "plan.toml, line 31: The step id 'Sleep Phone' should use lower-case letters, digits and dashes only.",
        ),
        ('id = "conn-message-person-priya"\n', "", 1, "plan.toml, line 30: step 3 has no id."),
        (
            "start = 2026-11-25",
            "start = 0001-01-01",
            1,
            "plan.toml, line 5: start should be a date like 2026-01-31, not 0001-01-01.",
        ),
        (
            "start = 2026-11-25",
            'start = "soon"',
            1,
            "plan.toml, line 5: start should be a date like 2026-01-31, not 'soon'.",
        ),
        (
            "anchor = true",
            "anchor = 1",
            1,
            "plan.toml, line 19: anchor in step 1 should be true or false, like anchor = true, not 1.",
        ),
        (
            "minutes = 3\n",
            "minutes = 3\nexpected = 11\n",
            1,
            "plan.toml, line 35: The expected enjoyment of 'conn-message-person-priya' should be from 0 to 10, not 11.",
        ),
        (
            "safety_concern = false",
            "safety_concern = false\nmood = 3",
            1,
            "plan.toml, line 10: careplan does not know the key 'mood'.",
        ),
    ],
)
def test_a_value_that_makes_no_sense_is_named_with_its_line(
    old: str, new: str, n: int, message: str
) -> None:
    err = plan_error(nth(example_plan_text(), old, new, n))
    assert err.message == message
    assert err.hint


LINES = """\
schema = 1
name = "A"
support = [{name = "P"}]
# minutes = 2
[sleep]  # how I sleep
hours = 7
[[steps]]
id = "a"
minutes = 3
[[ steps ]]
why = \"\"\"
minutes = 1
\"\"\"
[expected]
"guitar" = 4
"""


@pytest.mark.parametrize(
    ("where", "line"),
    [
        (("name",), 2),
        (("support", 1, "name"), 3),  # inside an inline value: the line that holds it
        (("sleep", "hours"), 6),
        (("sleep", "naps"), 5),  # not set: the table's header
        (("steps", 1, "minutes"), 9),
        (("steps", 2, "minutes"), 10),  # only inside a string there: the header
        (("steps", 2), 10),
        (("steps", 3, "id"), None),
        (("expected", "guitar"), 15),
        (("minutes",), None),  # a comment and a string are not keys
    ],
)
def test_line_of_finds_keys_in_tables_and_arrays_of_tables(
    where: tuple[str | int, ...], line: int | None
) -> None:
    assert line_of(LINES, where) == line


GOOD = '{"day":"2026-11-25","at":"2026-11-25T09:00:00","kind":"done","step":"walk"'


@pytest.mark.parametrize(
    "line",
    [
        '{"day": "2026-11-2',
        "[1, 2]",
        '{"kind": "done"}',
        "\x00",
        GOOD + ',"felt":11}',
        GOOD + ',"felt":"6"}',
        GOOD + ',"felt":true}',
        GOOD.replace('"walk"', "5") + "}",
        GOOD.replace(',"step":"walk"', "") + "}",
        GOOD.replace('"done"', '"danced"') + "}",
        GOOD.replace("09:00:00", "25:99:00") + "}",
        GOOD.replace("09:00:00", "09:00:00+02:00") + "}",
        GOOD.replace('"2026-11-25"', "20261125", 1) + "}",
        GOOD + ',"words":"tired"}',
        GOOD + ',"body":{"energy":1}}',
        GOOD + ',"note":["a"]}',
        '{"day":"2026-11-25","at":"2026-11-25T09:00:00","kind":"checkin","feel":11}',
        "[" * 5000 + "]" * 5000,
    ],
)
def test_torn_foreign_or_impossible_history_lines_are_value_errors(line: str) -> None:
    with pytest.raises((ValueError, RecursionError)):
        history_codec.event_from_line(line)


def test_unreadable_history_lines_are_skipped_and_numbered() -> None:
    at = datetime(2026, 11, 25, 9, tzinfo=UTC)
    stamp = Stamp(1, int(at.timestamp() * 1000), 0, "abcdefghij")
    good = history_codec.event_to_line(
        Event(date(2026, 11, 25), at, EventKind.DONE, "walk", rid="abcdefghij-1", stamp=stamp)
    ).encode()
    data = (
        good
        + b"\xff\xfe not utf-8\n"
        + good
        + b"\n"
        + b"[" * 5000
        + b"\n"
        + good
        + b'{"day": "2026'
    )
    history = history_codec.parse_history(data)
    assert len(history.events) == 3
    assert history.torn == [2, 5, 7]


def test_answers_toml_carries_its_schema_and_a_newer_one_is_refused() -> None:
    answers = answers_file.parse_answers(library.example_answers_text(), "a.toml")
    text = plan_file.dumps_toml(answers_file.answers_to_data(answers))
    assert text.startswith("schema = 1\n")
    with pytest.raises(DataError, match="made by a newer careplan"):
        answers_file.parse_answers("schema = 2\n", "answers.toml")
