"""Small edits to plan.toml's text that keep everything the person wrote: comments, order,
spacing, their own wording. Text in, text out; storage.py does the writing.

tomlkit (a round-tripping TOML library) is imported inside the functions that edit,
so nothing on the `today` path loads it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from careplan.core.catalog import Template
from careplan.core.errors import DataError
from careplan.core.generate import slug
from careplan.core.model import Schedule, Step

if TYPE_CHECKING:
    from tomlkit.container import Container

PLACEHOLDER = re.compile(r"\{(\w+)\}")


WANTED = {
    "person": "a person's name",
    "activity": "something you used to enjoy",
    "creative": "a creative outlet",
    "movement": "a kind of movement",
    "stressor": "something weighing on you",
}
EXAMPLES = {
    "person": "Sam",
    "activity": "guitar",
    "creative": "sketching",
    "movement": "walking",
    "stressor": '"night shifts"',
}


def library_step(
    template: Template, schedule: Schedule, fill: str = "", contact: str = "text"
) -> Step:
    """A plan step from a library template, its {placeholder} filled with `fill`."""
    texts = (template.title, template.why, template.tiny)
    needed = {name for text in texts for name in PLACEHOLDER.findall(text)}
    if needed and not fill:
        wanted = template.uses or sorted(needed)[0]
        example = EXAMPLES.get(wanted, "Sam")
        raise DataError(
            f"{template.id!r} needs {WANTED.get(wanted, 'a name')} to fill in.",
            "Name one with --fill, for example:\n"
            f"  careplan plan add {template.id} --fill {example}",
        )

    def filled(text: str) -> str:
        return PLACEHOLDER.sub(lambda m: contact if m.group(1) == "contact" else fill, text)

    return Step(
        id=template.id + (f"-{slug(fill)}" if needed else ""),
        title=filled(template.title),
        category=template.category,
        minutes=template.minutes,
        schedule=schedule,
        why=filled(template.why),
        tiny=filled(template.tiny),
    )


def add_step(text: str, step: Step) -> str:
    """plan.toml with one more [[steps]] table at the end of the steps."""
    import tomlkit

    # The new table goes after a blank line, and what was there stays byte for byte.
    if text and not text.endswith("\n\n"):
        text += "\n" if text.endswith("\n") else "\n\n"
    doc = _parse(text)
    table = tomlkit.table()
    for key, value in (
        ("id", step.id),
        ("title", step.title),
        ("category", step.category.value),
        ("minutes", step.minutes),
        ("schedule", str(step.schedule)),
        ("why", step.why),
        ("tiny", step.tiny),
    ):
        table.add(key, value)
    if "steps" not in doc:
        doc.append("steps", tomlkit.aot())
    steps = doc["steps"]
    steps.append(table if _is_aot(steps) else _inline(table))
    return tomlkit.dumps(doc)


def set_paused(text: str, step_id: str, paused: bool) -> str:
    """plan.toml with `paused = true` on one step, or without it; everything else as it was."""
    import tomlkit

    doc = _parse(text)
    table = _step_table(doc, step_id)
    if not paused:
        if "paused" in table:
            del table["paused"]
        return tomlkit.dumps(doc)
    return set_fields(tomlkit.dumps(doc), step_id, {"paused": True})


def set_fields(text: str, step_id: str, fields: dict[str, Any]) -> str:
    """plan.toml with some of one step's values changed in place; comments and order kept."""
    import tomlkit
    from tomlkit.items import InlineTable

    doc = _parse(text)
    table = _step_table(doc, step_id)
    for key, value in fields.items():
        if key in table or isinstance(table, InlineTable):
            table[key] = value
        else:
            _add_after_last_key(table.value, key, value)
    return tomlkit.dumps(doc)


def _step_table(doc: Any, step_id: str) -> Any:
    from tomlkit.items import InlineTable, Table

    for table in doc.get("steps", []):
        if isinstance(table, (Table, InlineTable)) and table.get("id") == step_id:
            return table
    raise DataError(
        f"There is no step with the id {step_id!r} in your plan.",
        "Run `careplan plan` to see the step ids.",
    )


def _add_after_last_key(container: Container, key: str, value: Any) -> None:
    """Add a key right after a table's last key-value line.

    tomlkit's public append puts it after the table's trailing comments and blank
    lines, and a comment just above the next [[steps]] belongs, to a reader, to
    that next step; so the new line goes before them.
    """
    from tomlkit.items import Comment, Whitespace

    keys = [k for k, item in container.body if k is not None and not isinstance(
        item, (Comment, Whitespace)
    )]  # fmt: skip
    if not keys:
        container.append(key, value)
        return
    container._insert_after(keys[-1], key, value)  # no public insert-at in tomlkit


def _parse(text: str) -> Any:
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        return tomlkit.parse(text)
    except ParseError as err:
        raise DataError(
            f"plan.toml, line {err.line}: this is not valid TOML.",
            "Run `careplan plan check` to see what needs fixing.",
        ) from err


def _is_aot(steps: Any) -> bool:
    from tomlkit.items import AoT

    return isinstance(steps, AoT)


def _inline(table: Any) -> Any:
    import tomlkit

    inline = tomlkit.inline_table()
    inline.update(table)
    return inline
