"""Text <-> values for careplan's files: plan.toml, answers.toml, history lines.

No disk access here (storage.py owns that); this module only parses and formats,
and explains every problem with the file name and, for TOML, the line.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime
from typing import Any

from careplan.errors import DataError
from careplan.model import (
    SAFETY_PLAN_PARTS,
    SCHEMA,
    Answers,
    Category,
    Energy,
    Event,
    EventKind,
    Plan,
    Schedule,
    Sleep,
    Step,
    StepTally,
    Stressor,
    Supporter,
    Tally,
)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # Python 3.11's message ends "(at line 7, column 9)"; newer ones also set .lineno.
        found = re.search(r"\s*\(at line (\d+), column \d+\)", str(err))
        line = getattr(err, "lineno", None) or (found.group(1) if found else None)
        reason = str(err)[: found.start()] if found else getattr(err, "msg", str(err))
        where = f"{source}, line {line}" if line else source
        raise DataError(
            f"{where}: this is not valid TOML ({reason}).",
            f"Fix that line in {source} and try again.",
        ) from err


def _expect(value: Any, kind: type | tuple[type, ...], key: str, source: str) -> Any:
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        ok = False
    else:
        ok = isinstance(value, kind)
    if not ok:
        names = {
            str: "text in quotes",
            bool: "true or false",
            int: "a whole number",
            list: 'a list like ["a", "b"]',
            dict: "a table",
        }
        want = names.get(kind, "a number") if isinstance(kind, type) else "a number"
        raise DataError(f"{source}: {key} should be {want}.")
    return value


def _strings(value: Any, key: str, source: str) -> tuple[str, ...]:
    items = _expect(value, list, key, source)
    return tuple(_expect(item, str, key, source).strip() for item in items)


def _unknown(data: dict[str, Any], known: set[str], source: str, where: str = "") -> None:
    for key in data:
        if key not in known:
            place = f"[{where}] " if where else ""
            raise DataError(
                f"{source}: {place}has an unknown key {key!r}.",
                f"Known keys: {', '.join(sorted(known))}.",
            )


def _wrap(source: str, err: DataError) -> DataError:
    if err.message.startswith(source):
        return err
    return DataError(f"{source}: {err.message}", err.hint)


ANSWER_KEYS = {
    "name", "country", "day_starts_at", "energy", "numb_for", "contributing",
    "safety_concern", "medication", "alcohol", "activities", "movement", "creative",
    "sleep", "professional", "stressors", "support", "safety_plan", "expected",
}  # fmt: skip


def parse_answers(text: str, source: str) -> Answers:
    data = parse_toml(text, source)
    _unknown(data, ANSWER_KEYS, source)
    try:
        return _answers(data, source)
    except DataError as err:
        raise _wrap(source, err) from err


def _answers(data: dict[str, Any], source: str) -> Answers:
    sleep = _expect(data.get("sleep", {}), dict, "sleep", source)
    _unknown(sleep, {"hours", "bedtime", "wake", "quality"}, source, "sleep")
    prof = _expect(data.get("professional", {}), dict, "professional", source)
    _unknown(prof, {"has", "wants"}, source, "professional")
    plan = _expect(data.get("safety_plan", {}), dict, "safety_plan", source)
    _unknown(plan, set(SAFETY_PLAN_PARTS), source, "safety_plan")
    expected = _expect(data.get("expected", {}), dict, "expected", source)
    stressors = []
    for raw in _expect(data.get("stressors", []), list, "stressors", source):
        _unknown(_expect(raw, dict, "stressors", source), {"what", "idea"}, source, "stressors")
        what = _expect(raw.get("what", ""), str, "stressors.what", source).strip()
        if what:
            idea = _expect(raw.get("idea", ""), str, "stressors.idea", source)
            stressors.append(Stressor(what, idea.strip()))
    support = []
    for raw in _expect(data.get("support", []), list, "support", source):
        _unknown(_expect(raw, dict, "support", source), {"name", "contact"}, source, "support")
        name = _expect(raw.get("name", ""), str, "support.name", source).strip()
        if name:
            contact = _expect(raw.get("contact", "text"), str, "support.contact", source)
            support.append(Supporter(name, contact.strip() or "text"))
    energy = _expect(data.get("energy", "some"), str, "energy", source)
    if energy not in {e.value for e in Energy}:
        raise DataError(f'{source}: energy should be "low", "some" or "high", not {energy!r}.')
    return Answers(
        name=_expect(data.get("name", ""), str, "name", source).strip(),
        country=_expect(data.get("country", ""), str, "country", source).strip().upper(),
        day_starts_at=_expect(data.get("day_starts_at", "04:00"), str, "day_starts_at", source),
        energy=Energy(energy),
        numb_for=_expect(data.get("numb_for", ""), str, "numb_for", source),
        contributing=_strings(data.get("contributing", []), "contributing", source),
        safety_concern=_expect(data.get("safety_concern", False), bool, "safety_concern", source),
        medication=_expect(data.get("medication", False), bool, "medication", source),
        alcohol=_expect(data.get("alcohol", "none"), str, "alcohol", source),
        activities=_strings(data.get("activities", []), "activities", source),
        movement=_strings(data.get("movement", []), "movement", source),
        creative=_strings(data.get("creative", []), "creative", source),
        sleep=Sleep(
            hours=_expect(sleep.get("hours", 7.5), (int, float), "sleep.hours", source),
            bedtime=_expect(sleep.get("bedtime", ""), str, "sleep.bedtime", source),
            wake=_expect(sleep.get("wake", ""), str, "sleep.wake", source),
            quality=_expect(sleep.get("quality", 3), int, "sleep.quality", source),
        ),
        professional_has=_expect(prof.get("has", False), bool, "professional.has", source),
        professional_wants=_expect(prof.get("wants", False), bool, "professional.wants", source),
        stressors=tuple(stressors),
        support=tuple(support),
        safety_plan=tuple(
            (part, _strings(plan[part], f"safety_plan.{part}", source))
            for part in SAFETY_PLAN_PARTS
            if part in plan
        ),
        expected=tuple(
            (str(k), int(_expect(v, int, f"expected.{k}", source))) for k, v in expected.items()
        ),
    )


def answers_to_data(answers: Answers) -> dict[str, Any]:
    """The SPEC's answers-file structure, ready for tomli_w."""
    data: dict[str, Any] = {
        "name": answers.name,
        "country": answers.country,
        "day_starts_at": answers.day_starts_at,
        "energy": answers.energy.value,
        "numb_for": answers.numb_for,
        "contributing": list(answers.contributing),
        "safety_concern": answers.safety_concern,
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
    for key in ("bedtime", "wake"):
        if getattr(answers.sleep, key):
            data["sleep"][key] = getattr(answers.sleep, key)
    if answers.safety_plan:
        data["safety_plan"] = {part: list(items) for part, items in answers.safety_plan}
    if answers.expected:
        data["expected"] = dict(answers.expected)
    return data


def dumps_toml(data: dict[str, Any], header: str = "") -> str:
    import tomli_w  # only writers need it; `today` never does

    return header + tomli_w.dumps(data)


STEP_KEYS = {
    "id", "title", "category", "minutes", "schedule", "why", "tiny",
    "anchor", "expected", "paused",
}  # fmt: skip
PLAN_KEYS = {"schema", "start", "name", "country", "day_starts_at", "safety_concern", "steps"}


def parse_plan(text: str, source: str) -> Plan:
    data = parse_toml(text, source)
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise DataError(
            f"{source}: the line `schema = {SCHEMA}` is missing at the top.",
            f"Add `schema = {SCHEMA}` as the first line.",
        )
    if schema > SCHEMA:
        raise DataError(
            f"{source} was made by a newer careplan (schema {schema}).",
            "Update careplan (pip install --upgrade careplan) to read it.",
        )
    _unknown(data, PLAN_KEYS, source)
    try:
        return _plan(data, source)
    except DataError as err:
        raise _wrap(source, err) from err


def _plan(data: dict[str, Any], source: str) -> Plan:
    start = data.get("start")
    if not isinstance(start, date) or isinstance(start, datetime):
        raise DataError(f"{source}: start should be a date like 2026-01-31.")
    steps = []
    raw_steps = _expect(data.get("steps", []), list, "steps", source)
    for n, raw in enumerate(raw_steps, 1):
        where = f"step {n}"
        _unknown(_expect(raw, dict, "steps", source), STEP_KEYS, source, f"steps {n}")
        for key in ("id", "title", "category", "schedule"):
            if key not in raw:
                raise DataError(f"{source}: {where} has no {key}.")
        category = _expect(raw["category"], str, f"{where} category", source)
        if category not in {c.value for c in Category}:
            raise DataError(
                f"{source}: {where} has category {category!r}.",
                f"Use one of: {', '.join(c.value for c in Category)}.",
            )
        expected = raw.get("expected")
        steps.append(
            Step(
                id=_expect(raw["id"], str, f"{where} id", source),
                title=_expect(raw["title"], str, f"{where} title", source),
                category=Category(category),
                minutes=_expect(raw.get("minutes", 5), int, f"{where} minutes", source),
                schedule=Schedule.parse(
                    _expect(raw["schedule"], str, f"{where} schedule", source)
                ),
                why=_expect(raw.get("why", ""), str, f"{where} why", source),
                tiny=_expect(raw.get("tiny", ""), str, f"{where} tiny", source) or raw["title"],
                anchor=_expect(raw.get("anchor", False), bool, f"{where} anchor", source),
                expected=None
                if expected is None
                else _expect(expected, int, f"{where} expected", source),
                paused=_expect(raw.get("paused", False), bool, f"{where} paused", source),
            )
        )
    return Plan(
        start=start,
        steps=tuple(steps),
        name=_expect(data.get("name", ""), str, "name", source),
        country=_expect(data.get("country", ""), str, "country", source),
        day_starts_at=_expect(data.get("day_starts_at", "04:00"), str, "day_starts_at", source),
        safety_concern=_expect(data.get("safety_concern", False), bool, "safety_concern", source),
        schema=SCHEMA,
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
    for step in plan.steps:
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
        data["steps"].append(raw)
    return dumps_toml(data, PLAN_HEADER)


# History: one JSON object per line. Short keys keep ten years small and fast.


def event_to_line(event: Event) -> str:
    record: dict[str, Any] = {
        "day": event.day.isoformat(),
        "at": event.at.isoformat(timespec="seconds"),
        "kind": event.kind.value,
    }
    if event.step is not None:
        record["step"] = event.step
    if event.felt is not None:
        record["felt"] = event.felt
    if event.note:
        record["note"] = event.note
    if event.kind is EventKind.CHECKIN:
        record["feel"] = event.feel
        if event.words:
            record["words"] = list(event.words)
        if event.body:
            record["body"] = dict(event.body)
        if event.low:
            record["low"] = True
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def event_from_line(line: str) -> Event:
    """Parse one history line; ValueError (incl. JSON errors) if it is not a record."""
    raw = json.loads(line)
    if not isinstance(raw, dict):
        raise ValueError("not an object")
    try:
        words = raw.get("words", [])
        body = raw.get("body", {})
        return Event(
            day=date.fromisoformat(raw["day"]),
            at=datetime.fromisoformat(raw["at"]),
            kind=EventKind(raw["kind"]),
            step=raw.get("step"),
            felt=raw.get("felt"),
            note=raw.get("note", ""),
            feel=raw.get("feel"),
            words=tuple(str(w) for w in words),
            body=tuple((str(k), str(v)) for k, v in body.items()),
            low=bool(raw.get("low", False)),
        )
    except (KeyError, TypeError, AttributeError, DataError) as err:
        raise ValueError(str(err)) from err


# The tally cache: derived values only, safe to delete at any time.


def tally_to_data(tally: Tally) -> dict[str, Any]:
    return {
        "through": tally.through.isoformat() if tally.through else None,
        "run": tally.run,
        "longest": tally.longest,
        "recent": [d.isoformat() for d in tally.recent],
        "steps": {
            step_id: [t.score, [d.isoformat() for d in t.recent], t.streak]
            for step_id, t in tally.steps.items()
        },
    }


def tally_from_data(raw: dict[str, Any]) -> Tally:
    """Rebuild a Tally; ValueError/KeyError/TypeError if the cache is not one."""
    return Tally(
        through=date.fromisoformat(raw["through"]) if raw["through"] else None,
        run=int(raw["run"]),
        longest=int(raw["longest"]),
        recent=[date.fromisoformat(d) for d in raw["recent"]],
        steps={
            str(step_id): StepTally(
                float(score), [date.fromisoformat(d) for d in recent], int(streak)
            )
            for step_id, (score, recent, streak) in raw["steps"].items()
        },
    )


def plan_key(plan: Plan) -> str:
    """What the streak maths depends on in a plan; a cache made for another key is ignored."""
    parts = [plan.start.isoformat()] + [f"{s.id}|{s.schedule}|{s.paused}" for s in plan.steps]
    return "\n".join(parts)
