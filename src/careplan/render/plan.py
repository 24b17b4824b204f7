"""The plan and the step library, drawn as short lists that read well at 60 columns
and aloud: one step per block, its id on a line of its own so it is easy to copy."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from careplan.core.catalog import Template
from careplan.core.model import Plan, Step


def details(step: Step) -> str:
    parts = [step.id, str(step.schedule), f"{step.minutes} min"]
    if step.anchor:
        parts.append("every-day anchor")
    if step.paused:
        parts.append("paused")
    return " · ".join(parts)


def plan_view(plan: Plan) -> Group:
    paused = sum(step.paused for step in plan.steps)
    count = f"{len(plan.steps)} steps" + (f", {paused} paused" if paused else "")
    parts: list[RenderableType] = [
        Text(f"Your plan, since {plan.start:%-d %B %Y} ({count})", style="bold")
    ]
    for step in plan.steps:
        # Text, never markup: titles hold the person's own words.
        parts.append(Text(step.title, style="dim" if step.paused else ""))
        parts.append(Text(f"  {details(step)}", style="dim"))
    parts.append(
        Text("Pause a step: careplan plan pause ID. Add one: careplan plan add.", style="dim")
    )
    return Group(*parts)


def library_view(templates: Sequence[Template]) -> Group:
    parts: list[RenderableType] = [
        Text("Steps you can add with careplan plan add ID", style="bold")
    ]
    category = None
    for template in templates:
        if template.category is not category:
            category = template.category
            parts.append(Text(f"\n{category.value}", style="underline"))
        parts.append(Text(f"  {template.id}", style="bold"))
        parts.append(Text(f"    {template.title} ({template.minutes} min)"))
    return Group(*parts)


def check_summary(plan: Plan) -> str:
    paused = sum(step.paused for step in plan.steps)
    rest = f", {paused} paused" if paused else ""
    return f"plan.toml looks good: {len(plan.steps)} steps{rest}."
