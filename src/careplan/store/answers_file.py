"""Text <-> values for answers files (SPEC's answers contract) and answers.toml.

No disk access here (storage.py owns that). Every problem names the file, the line
and the fix (see tomlfile.Reader). Unknown keys are refused, naming the key.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from careplan.core.answers import SAFETY_PLAN_PARTS, Answers, Sleep, Stressor, Supporter
from careplan.core.errors import DataError
from careplan.core.model import Energy, check_range, shown
from careplan.store.toml_text import Reader

ANSWER_KEYS = {
    "schema", "name", "country", "day_starts_at", "energy", "numb_for", "contributing",
    "safety_concern", "medication", "alcohol", "activities", "movement", "creative",
    "sleep", "professional", "stressors", "support", "safety_plan", "expected",
    "help_first_only", "not_sure",
}  # fmt: skip
# The answers file's own version (optional in files people write; answers.toml has it).
ANSWERS_SCHEMA = 1
ANSWER_ITEMS = {"stressors": "stressor", "support": "support entry"}


def parse_answers(text: str, source: str) -> Answers:
    r = Reader(text, source, ANSWER_ITEMS)
    data = r.load()
    r.unknown(data, ANSWER_KEYS)
    schema = r.get(data, ("schema",), int, ANSWERS_SCHEMA)
    if schema > ANSWERS_SCHEMA:
        raise DataError(
            f"{source} was made by a newer careplan (schema {schema}).",
            "Update careplan (pip install --upgrade careplan) to read it.",
        )
    return _answers(data, r)


def _answers(data: dict[str, Any], r: Reader) -> Answers:
    raw_sleep = r.table(data, ("sleep",), {"hours", "bedtime", "wake", "quality"})
    prof = r.table(data, ("professional",), {"has", "wants"})
    plan = r.table(data, ("safety_plan",), set(SAFETY_PLAN_PARTS))
    stressors = []
    for n, raw in enumerate(r.get(data, ("stressors",), list, []), 1):
        at = ("stressors", n)
        r.expect(raw, dict, at)
        r.unknown(raw, {"what", "idea"}, at)
        what = r.get(raw, (*at, "what"), str, "").strip()
        if what:
            stressors.append(Stressor(what, r.get(raw, (*at, "idea"), str, "").strip()))
    support = []
    for n, raw in enumerate(r.get(data, ("support",), list, []), 1):
        at = ("support", n)
        r.expect(raw, dict, at)
        r.unknown(raw, {"name", "contact"}, at)
        name = r.get(raw, (*at, "name"), str, "").strip()
        if name:
            support.append(
                Supporter(name, r.get(raw, (*at, "contact"), str, "").strip() or "text")
            )
    energy = r.get(data, ("energy",), str, "some")
    if energy not in {e.value for e in Energy}:
        raise r.problem(
            ("energy",), f'energy should be "low", "some" or "high", not {shown(energy)}.'
        )
    expected = []
    for activity, value in r.get(data, ("expected",), dict, {}).items():
        at = ("expected", activity)
        r.expect(value, int, at)
        r.build(at, partial(check_range, value, 0, 10, f"The expected enjoyment of {activity!r}"))
        expected.append((activity, value))
    sleep = r.build(
        ("sleep",),
        partial(
            Sleep,
            hours=r.get(raw_sleep, ("sleep", "hours"), float, 7.5),
            bedtime=r.get(raw_sleep, ("sleep", "bedtime"), str, ""),
            wake=r.get(raw_sleep, ("sleep", "wake"), str, ""),
            quality=r.get(raw_sleep, ("sleep", "quality"), int, 3),
        ),
    )
    return r.build(
        (),
        partial(
            Answers,
            name=r.get(data, ("name",), str, "").strip(),
            country=_country(r, data),
            day_starts_at=r.get(data, ("day_starts_at",), str, "04:00"),
            energy=Energy(energy),
            numb_for=r.get(data, ("numb_for",), str, ""),
            contributing=r.strings(data, ("contributing",)),
            safety_concern=(
                r.get(data, ("safety_concern",), bool, False) if "safety_concern" in data else None
            ),
            help_first_only=r.get(data, ("help_first_only",), bool, False),
            medication=r.get(data, ("medication",), bool, False),
            alcohol=r.get(data, ("alcohol",), str, "none"),
            activities=r.strings(data, ("activities",)),
            movement=r.strings(data, ("movement",)),
            creative=r.strings(data, ("creative",)),
            sleep=sleep,
            professional_has=r.get(prof, ("professional", "has"), bool, False),
            professional_wants=r.get(prof, ("professional", "wants"), bool, False),
            stressors=tuple(stressors),
            support=tuple(support),
            safety_plan=tuple(
                (part, r.strings(plan, ("safety_plan", part)))
                for part in SAFETY_PLAN_PARTS
                if part in plan
            ),
            expected=tuple(expected),
            not_sure=r.strings(data, ("not_sure",)),
        ),
    )


def _country(r: Reader, data: dict[str, Any]) -> str:
    """A code or a name in any case ("nz", "New Zealand", "Deutschland") -> its code."""
    given: str = r.get(data, ("country",), str, "").strip()
    if not given:
        return ""
    if len(given) == 2 and given.isalpha() and given.upper() != "UK":
        return given.upper()  # a code, as answers.toml keeps it: no country data to load
    from careplan.store.countries import find_country

    code = find_country(given)
    if code is None:
        raise r.problem(
            ("country",),
            f"country {shown(given)} is not a country careplan knows. Use a two-letter "
            'code like "NZ" or an English name like "New Zealand", or leave it out.',
        )
    return code


def answers_to_data(answers: Answers) -> dict[str, Any]:
    """The SPEC's answers-file structure, ready for tomli_w."""
    data: dict[str, Any] = {
        "schema": ANSWERS_SCHEMA,
        "name": answers.name,
        "country": answers.country,
        "day_starts_at": answers.day_starts_at,
        "energy": answers.energy.value,
        "numb_for": answers.numb_for,
        "contributing": list(answers.contributing),
        "medication": answers.medication,
        "alcohol": answers.alcohol,
        "activities": list(answers.activities),
        "movement": list(answers.movement),
        "creative": list(answers.creative),
        "sleep": {"hours": answers.sleep.hours, "quality": answers.sleep.quality},
        "professional": {
            "has": answers.professional_has,
            "wants": answers.professional_wants,
        },
        "stressors": [{"what": s.what, "idea": s.idea} for s in answers.stressors],
        "support": [{"name": s.name, "contact": s.contact} for s in answers.support],
    }
    if not data["numb_for"]:
        del data["numb_for"]
    if answers.safety_concern is not None:  # absent: not answered
        data["safety_concern"] = answers.safety_concern
    if answers.help_first_only:
        data["help_first_only"] = True
    for key in ("bedtime", "wake"):
        if getattr(answers.sleep, key):
            data["sleep"][key] = getattr(answers.sleep, key)
    if answers.safety_plan:
        data["safety_plan"] = {part: list(items) for part, items in answers.safety_plan}
    if answers.expected:
        data["expected"] = dict(answers.expected)
    if answers.not_sure:
        data["not_sure"] = list(answers.not_sure)
    return data


def safety_plan_text(parts: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """A safety plan as the [safety_plan] table of an answers file (a draft kept aside)."""
    from careplan.store.plan_file import dumps_toml

    header = (
        "# Your safety plan as you typed it; it could not be saved into answers.toml.\n"
        "# Copy this table into answers.toml, or run `careplan safety-plan edit` again.\n"
    )
    return dumps_toml({"safety_plan": {part: list(items) for part, items in parts}}, header)
