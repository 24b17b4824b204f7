"""Text <-> values for plan.toml, and the plan's schema migrations.

No disk access here (storage.py owns that). Every problem names the file, the
line and the fix (see tomlfile.Reader). answers.toml is in answerfile.py,
history lines and the tally cache in historycodec.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any

from careplan.core.errors import DataError
from careplan.core.model import SCHEMA, Category, Plan, Schedule, Step, shown
from careplan.store.toml_text import Reader, dumps_toml, parse_toml

__all__ = ["dumps_toml", "parse_plan", "parse_toml", "plan_to_toml"]

STEP_KEYS = {
    "id", "title", "category", "minutes", "schedule", "why", "tiny",
    "anchor", "expected", "paused",
}  # fmt: skip
PLAN_KEYS = {"schema", "start", "name", "country", "day_starts_at", "safety_concern", "steps"}


def _schema_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 is a plan without a `schema` line (trimmed by hand); otherwise the same."""
    return {**data, "schema": 1}


# MIGRATIONS[n] turns a plan's data from schema n into schema n + 1. They run in
# memory on every load; only `careplan doctor --fix` writes the result back, after a backup.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _schema_0_to_1}


def migrate(data: dict[str, Any], schema: int) -> dict[str, Any]:
    while schema < SCHEMA:
        data = MIGRATIONS[schema](data)
        schema += 1
    return data


def plan_schema(text: str, source: str) -> int:
    """The schema a plan file was written with (0 when it has no `schema` line)."""
    r = Reader(text, source, PLAN_ITEMS)
    return _schema(r.load(), r)


def _schema(data: dict[str, Any], r: Reader) -> int:
    schema = data.get("schema", 0)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 0:
        raise r.problem(
            ("schema",),
            f"schema should be a whole number like {SCHEMA}, not {shown(schema)}.",
            f"Put `schema = {SCHEMA}` at the top of {r.source}.",
        )
    if schema > SCHEMA:
        raise DataError(
            f"{r.source} was made by a newer careplan (schema {schema}).",
            "Update careplan (pip install --upgrade careplan) to read it.",
        )
    return schema


PLAN_ITEMS = {"steps": "step"}


# The last plan parsed, by its exact text: a command that reads plan.toml twice (a check,
# then under the lock) parses it once. A Plan is frozen, so sharing it is safe.
_last: tuple[str, str, Plan] | None = None


def parse_plan(text: str, source: str) -> Plan:
    global _last  # a one-entry cache of a pure function's result
    if _last is not None and _last[0] == text and _last[1] == source:
        return _last[2]
    plan = parse_plan_text(text, source)
    _last = (text, source, plan)
    return plan


def parse_plan_text(text: str, source: str) -> Plan:
    """plan.toml's text -> a Plan, or a DataError naming the line."""
    r = Reader(text, source, PLAN_ITEMS)
    data = r.load()
    data = migrate(data, _schema(data, r))
    r.unknown(data, PLAN_KEYS)
    return _plan(data, r)


def _plan(data: dict[str, Any], r: Reader) -> Plan:
    start = data.get("start")
    if "start" not in data:
        raise r.problem((), "there is no start date.", "Add a line like `start = 2026-01-31`.")
    # Before 1970 or after 2999 is a typo, and folding centuries of days would take minutes;
    # a lifetime of history brought in from elsewhere (40 years and more) is not.
    if not isinstance(start, date) or isinstance(start, datetime) or not 1970 <= start.year < 3000:
        said = start.isoformat() if isinstance(start, date) else shown(start)
        raise r.problem(("start",), f"start should be a date like 2026-01-31, not {said}.")
    steps = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(r.get(data, ("steps",), list, []), 1):
        at = ("steps", n)
        r.expect(raw, dict, at)
        r.unknown(raw, STEP_KEYS, at)
        for key in ("id", "title", "category", "schedule"):
            if key not in raw:
                raise r.problem(
                    at, f"step {n} has no {key}.", f"Add a `{key} = ...` line to that step."
                )
        step_id = r.get(raw, (*at, "id"), str, "")
        if step_id in seen:
            raise r.problem(
                (*at, "id"),
                f"steps {seen[step_id]} and {n} share the id {shown(step_id)}.",
                "Give each step its own id.",
            )
        seen[step_id] = n
        category = r.get(raw, (*at, "category"), str, "")
        if category not in {c.value for c in Category}:
            raise r.problem(
                (*at, "category"),
                f"step {n} has category {shown(category)}.",
                f"Use one of: {', '.join(c.value for c in Category)}.",
            )
        title = r.get(raw, (*at, "title"), str, "")
        schedule = r.get(raw, (*at, "schedule"), str, "")
        expected = raw.get("expected")
        if expected is not None:
            r.expect(expected, int, (*at, "expected"))
        make = partial(
            Step,
            id=step_id,
            title=title,
            category=Category(category),
            minutes=r.get(raw, (*at, "minutes"), int, 5),
            schedule=r.build(at, partial(Schedule.parse, schedule)),
            why=r.get(raw, (*at, "why"), str, ""),
            tiny=r.get(raw, (*at, "tiny"), str, "") or title,
            anchor=r.get(raw, (*at, "anchor"), bool, False),
            expected=expected,
            paused=r.get(raw, (*at, "paused"), bool, False),
        )
        steps.append(r.build(at, make))
    return r.build(
        (),
        partial(
            Plan,
            start=start,
            steps=tuple(steps),
            name=r.get(data, ("name",), str, ""),
            country=r.get(data, ("country",), str, ""),
            day_starts_at=r.get(data, ("day_starts_at",), str, "04:00"),
            safety_concern=r.get(data, ("safety_concern",), bool, False),
            schema=SCHEMA,
        ),
    )


PLAN_HEADER = """\
# Your careplan. This file is yours: edit titles, minutes or schedules freely.
# Schedules: "daily", "weekdays", "weekends", day names like "mon thu", "every 3 days".
# Set `paused = true` on a step to rest it for a while. `careplan plan check` checks it.
"""


def plan_to_toml(plan: Plan) -> str:
    data: dict[str, Any] = {
        "schema": plan.schema,
        "start": plan.start,
        "name": plan.name,
        "country": plan.country,
        "day_starts_at": plan.day_starts_at,
        "safety_concern": plan.safety_concern,
        "steps": [],
    }
    data["steps"] = [step_data(step) for step in plan.steps]
    return dumps_toml(data, PLAN_HEADER)


def step_data(step: Step) -> dict[str, Any]:
    """A step as plan.toml writes it (and a plan record in the history, less its `why`)."""
    raw: dict[str, Any] = {
        "id": step.id,
        "title": step.title,
        "category": step.category.value,
        "minutes": step.minutes,
        "schedule": str(step.schedule),
        "why": step.why,
        "tiny": step.tiny,
    }
    if step.anchor:
        raw["anchor"] = True
    if step.expected is not None:
        raw["expected"] = step.expected
    if step.paused:
        raw["paused"] = True
    return raw
