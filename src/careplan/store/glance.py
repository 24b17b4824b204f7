"""A quick look at the person's files for `careplan sos`: their country and safety plan.

sos must answer in any state of the data folder, before anything heavy loads, so
this reads only the keys it shows, with tomllib alone: the plan's `country`, and
the answers' `country` and `[safety_plan]`. Everything else in those files is
judged by their own readers (plan_file.py, answers_file.py) when another command
loads them; a problem there does not keep the safety plan from a person in crisis.
"""

from __future__ import annotations

import os
import tomllib
from typing import Any

from careplan.core.safety import SAFETY_PLAN_PARTS, SafetyPlan
from careplan.store.paths import ANSWERS, PLAN


def _read(folder: str, name: str) -> dict[str, Any] | None:
    """The file as TOML, None when it is not there; raises when it cannot be read."""
    try:
        with open(os.path.join(folder, name), "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return None
    return tomllib.loads(data.decode("utf-8"))


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value.strip() or None if isinstance(value, str) else None


def plan_country(folder: str) -> tuple[bool, str | None]:
    """(there is a plan, its country)."""
    data = _read(folder, PLAN)
    return (data is not None, _text(data, "country") if data is not None else None)


def answers_country_and_plan(folder: str) -> tuple[bool, str | None, SafetyPlan]:
    """(there are answers, their country, the safety plan); raises if the plan is misshapen."""
    data = _read(folder, ANSWERS)
    if data is None:
        return False, None, ()
    parts = data.get("safety_plan", {})
    if not isinstance(parts, dict):
        raise ValueError("safety_plan is not a table")
    plan = []
    for part in SAFETY_PLAN_PARTS:
        if part in parts:
            items = parts[part]
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise ValueError(f"safety_plan.{part} is not a list of words")
            plan.append((part, tuple(item.strip() for item in items)))
    return True, _text(data, "country"), tuple(plan)
