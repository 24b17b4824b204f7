"""Crisis lines, the person's safety plan and grounding exercises, drawn."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from careplan.model import Country
from careplan.safety import PART_TITLES


def crisis_view(country: Country, fallback_used: bool) -> Group:
    lines: list[RenderableType] = [
        Text("If you are in danger or might act on thoughts of harming yourself:", style="bold"),
    ]
    for line in country.lines:
        how = f" ({line.how})" if line.how else ""
        lines.append(Text(f"  {line.name}: {line.number}{how}"))
    lines.append(Text(f"  Emergency: {country.emergency}"))
    if fallback_used:
        lines.append(
            Text("  Use `careplan sos --country XX` for the lines in your country.", style="dim")
        )
    lines.append(Text("You do not have to go through this alone. Reaching out is a strong step."))
    return Group(*lines)


def safety_plan_view(parts: Iterable[tuple[str, tuple[str, ...]]]) -> Group:
    lines: list[RenderableType] = [Text("Your safety plan", style="bold")]
    for part, items in parts:
        lines.append(Text(PART_TITLES[part] + ":", style="underline"))
        lines += [Text(f"  - {item}") for item in items]
    return Group(*lines)


def exercise_view(title: str, steps: Sequence[str]) -> Group:
    return Group(
        Text(title, style="bold"),
        *(Text(f"  {n}. {text}") for n, text in enumerate(steps, 1)),
    )
