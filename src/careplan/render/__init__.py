"""Domain values in, rich renderables out. Never prints, never exits.

Every status is a word as well as a mark (✓ done, · open, – skipped), so nothing
is carried by colour or symbol alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careplan.model import Plan, Status
from careplan.schedule import Day, DayStep
from careplan.streaks import summary

MARK = {
    Status.DONE: ("✓", "done", "green"),
    Status.OPEN: ("·", "open", ""),
    Status.SKIPPED: ("–", "resting", "dim"),
    Status.NOT_SCHEDULED: (" ", "", ""),
}


def step_line(row: DayStep, low: bool = False, verbose: bool = False) -> Text:
    mark, word, style = MARK[row.status]
    title = row.step.tiny if low and row.step.tiny else row.step.title
    line = Text(f"{row.number:>2}. {mark} ", style=style)
    line.append(title, style="strike dim" if row.status is Status.SKIPPED else "")
    minutes = 2 if low else row.step.minutes
    line.append(f"  {minutes} min · {word}", style="dim")
    if verbose:
        line.append(f"\n      {row.step.why}", style="italic dim")
    return line


def day_view(day: Day, verbose: bool = False) -> Group:
    parts: list[RenderableType] = [
        Text(day.date.strftime("%A %-d %B"), style="bold"),
    ]
    if day.low:
        parts.append(Text("A low day: the tiny versions are shown, and each counts in full."))
    if day.rest:
        parts.append(Text("Today is a rest day. Your streak holds."))
    if not day.steps:
        parts.append(Text("Nothing is scheduled today. A rest is fine."))
    parts += [step_line(row, day.low, verbose) for row in day.steps]
    parts.append(Text(summary(day.streak, day.strength), style="cyan"))
    if not day.checked_in:
        parts.append(
            Text(
                "When you have a moment: `careplan checkin` to note how today feels.", style="dim"
            )
        )
    return Group(*parts)


def recorded(rows: Sequence[DayStep], line: str, low: bool = False) -> Group:
    return Group(*(step_line(row, low) for row in rows), Text(line, style="cyan"))


def plan_view(plan: Plan) -> Group:
    table = Table(title="Your plan")
    table.add_column("Id", overflow="fold")
    table.add_column("Step", overflow="fold")
    table.add_column("When")
    table.add_column("Min", justify="right")
    for step in plan.steps:
        when = "paused" if step.paused else str(step.schedule)
        table.add_row(Text(step.id), Text(step.title), when, str(step.minutes))
    return Group(table)
