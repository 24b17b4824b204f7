"""Crisis lines, the person's safety plan and grounding exercises, drawn."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careplan.catalog import CrisisLine
from careplan.safety import PART_TITLES, CrisisChoice, SafetyPlan, plan_parts


def _line(line: CrisisLine) -> Text:
    how = f" ({line.how})" if line.how else ""
    return Text(f"  {line.name}: {line.number}{how}")


def crisis_view(choice: CrisisChoice) -> Group:
    country = choice.country
    emergency = Text(f"  Emergency: {country.emergency}")
    lines: list[RenderableType] = [
        Text("If you are in danger or might act on thoughts of harming yourself:", style="bold"),
    ]
    if choice.fallback:
        # Without a country, the local emergency number is the one sure thing.
        lines += [emergency, *(_line(line) for line in country.lines)]
        if choice.asked:
            lines.append(Text(f"careplan has no crisis lines for {choice.asked} yet."))
        if choice.known:
            codes = " or ".join(filter(None, (", ".join(choice.known[:-1]), choice.known[-1])))
            lines.append(Text(f"Lines for {codes}: careplan sos --country XX", style="dim"))
    else:
        lines += [*(_line(line) for line in country.lines), emergency]
        lines.append(
            Text(f"Country: {country.name}. Another one? careplan sos --country XX", style="dim")
        )
    lines.append(Text("You do not have to go through this alone. Reaching out is a strong step."))
    return Group(*lines)


def safety_plan_view(plan: SafetyPlan, show_empty: bool = False) -> Group:
    """The person's own plan, part by part; `show_empty` names the parts still to fill in."""
    lines: list[RenderableType] = [Text("Your safety plan", style="bold")]
    empty = []
    for part, items in plan_parts(plan).items():
        if not items:
            empty.append(PART_TITLES[part])
            continue
        lines.append(Text(PART_TITLES[part] + ":", style="underline"))
        lines += [Text(f"  - {item}") for item in items]
    if show_empty and empty:
        lines.append(Text(f"Not filled in yet: {'; '.join(empty)}.", style="dim"))
    return Group(*lines)


def exercise_title(title: str) -> Text:
    return Text(title, style="bold")


def exercise_step(number: int, text: str) -> Table:
    """One step, its wrapped lines hanging under the text, not under the number."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", width=4, no_wrap=True)
    grid.add_column()
    grid.add_row(f"{number}.", Text(text))
    return grid


def exercise_intro(title: str) -> Group:
    return Group(Text("Let's slow things down together."), exercise_title(title))
