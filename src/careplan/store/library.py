"""The packaged data in templates/: step library, crisis lines, feeling words, example answers.

Read as plain files beside the package when they are (a wheel, an editable install,
where src/careplan/templates is a symlink to ../../templates), else through
importlib.resources (a zip import): importing that alone doubles `careplan sos`.
The step library's types are imported only by the functions that build them.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import TYPE_CHECKING, Any

from careplan.core.errors import DataError
from careplan.core.safety import Country, CrisisLine

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from careplan.core.catalog import Template
    from careplan.core.stressors import Words

USES = ("person", "activity", "stressor", "movement", "creative")
WHEN = (
    "sleep-off",
    "drinks",
    "drinks-a-lot",
    "substances",
    "medication",
    "wants-help",
    "has-help",
    "safety",
)


def templates() -> Traversable:
    from importlib.resources import files

    return files("careplan") / "templates"


def folder() -> str | None:
    """templates/ as a plain folder beside the package, when it is one (not in a zip)."""
    import os

    beside = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates")
    return beside if os.path.isdir(beside) else None


def read_text(name: str) -> str:
    """templates/NAME as text: from folder() when there is one, else importlib.resources."""
    import os

    plain = folder()
    if plain is None:
        return (templates() / name).read_text(encoding="utf-8")
    with open(os.path.join(plain, name), encoding="utf-8") as file:
        return file.read()


def _load(name: str, text: str | None = None) -> dict[str, Any]:
    try:
        return tomllib.loads(read_text(name) if text is None else text)
    except (OSError, tomllib.TOMLDecodeError) as err:
        # Packaged data is ours, not the user's: say so plainly.
        raise DataError(
            f"careplan's own data file {name.rpartition('/')[2]} could not be read ({err}).",
            "Reinstall careplan (pip install --force-reinstall careplan).",
        ) from err


@cache
def steps() -> tuple[Template, ...]:
    from careplan.core.catalog import Template
    from careplan.core.model import Category
    from careplan.core.stressors import Kind

    found: list[Template] = []
    folder = templates() / "steps"
    for resource in sorted(folder.iterdir(), key=lambda r: r.name):
        if not resource.name.endswith(".toml"):
            continue
        try:
            text = resource.read_text(encoding="utf-8")
        except OSError as err:
            raise DataError(
                f"careplan's own data file {resource.name} could not be read ({err}).",
                "Reinstall careplan (pip install --force-reinstall careplan).",
            ) from err
        data = _load(resource.name, text)
        category = Category(data["category"])
        for raw in data.get("steps", []):
            found.append(
                Template(
                    id=raw["id"],
                    title=raw["title"],
                    # A step may name its own category (a grief step can be connection).
                    category=Category(raw["category"]) if "category" in raw else category,
                    minutes=int(raw["minutes"]),
                    why=raw["why"],
                    tiny=raw["tiny"],
                    uses=raw.get("uses", ""),
                    when=raw.get("when", ""),
                    anchor=bool(raw.get("anchor", False)),
                    kinds=tuple(Kind(k).value for k in raw.get("kinds", ())),
                    idea=bool(raw.get("idea", False)),
                    contacts=tuple(str(c) for c in raw.get("contacts", ())),
                    needs=tuple(str(n) for n in raw.get("needs", ())),
                )
            )
    return tuple(found)


@cache
def stressor_words() -> Words:
    """templates/stressor-kinds.toml: each kind with its words, in the order they are tried."""
    from careplan.core.stressors import Kind

    data = _load("stressor-kinds.toml")
    try:
        people = [str(p).lower() for p in data.get("people", [])]
        found = []
        for raw in data["kinds"]:
            words: list[str] = []
            for word in raw["words"]:
                word = str(word).lower()
                words += (
                    [word.replace("{person}", p) for p in people] if "{person}" in word else [word]
                )
            found.append((Kind(raw["kind"]), tuple(words)))
        return tuple(found)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise _damaged("stressor-kinds.toml", err) from err


@cache
def crisis() -> tuple[dict[str, Country], Country]:
    """Countries by ISO code, and the fallback for anywhere else."""
    data = _load("crisis.toml")

    def country(code: str, raw: dict[str, Any]) -> Country:
        return Country(
            code=code,
            name=raw["name"],
            emergency=raw["emergency"],
            lines=tuple(
                CrisisLine(line["name"], line["number"], line.get("how", ""))
                for line in raw.get("lines", [])
            ),
        )

    try:
        countries = {code: country(code, raw) for code, raw in data["countries"].items()}
        return countries, country("", data["fallback"])
    except (KeyError, TypeError, AttributeError) as err:
        raise _damaged("crisis.toml", err) from err


@cache
def danger_phrases() -> tuple[str, ...]:
    """Phrases after which a check-in or a note gets a gentle pointer to help."""
    data = _load("danger-phrases.toml")
    try:
        return tuple(str(phrase) for phrase in data["phrases"])
    except (KeyError, TypeError) as err:
        raise _damaged("danger-phrases.toml", err) from err


@cache
def feelings() -> dict[str, list[str]]:
    """Feeling words grouped (pleasant/unpleasant x higher/lower energy)."""
    data = _load("feelings.toml")
    return {group: list(words) for group, words in data["groups"].items()}


def example_answers_text() -> str:
    return read_text("example-answers.toml")


@cache
def grounding() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Grounding exercises for `sos`: name -> (title, paced steps)."""
    data = _load("grounding.toml")
    try:
        return {
            name: (raw["title"], tuple(raw["steps"])) for name, raw in data["exercises"].items()
        }
    except (KeyError, TypeError, AttributeError) as err:
        raise _damaged("grounding.toml", err) from err


def _damaged(name: str, err: Exception) -> DataError:
    """Packaged data with a missing or misshapen entry (`sos` then uses its built-in lines)."""
    return DataError(
        f"careplan's own data file {name} is missing an entry ({err!r}).",
        "Reinstall careplan (pip install --force-reinstall careplan).",
    )
