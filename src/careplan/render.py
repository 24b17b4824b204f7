"""Domain values in, rich renderables out. Never prints, never exits.

Every status is a word as well as a mark (✓ done, · open, – skipped), so nothing
is carried by colour or symbol alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careplan.model import Country, Plan, Status
from careplan.review import Review
from careplan.safety import PART_TITLES
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


def n_days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def review_view(review: Review) -> Group:
    days = [review.start.fromordinal(review.start.toordinal() + n) for n in range(7)]
    table = Table(title=f"Week {review.week} ({review.start:%-d %b} – {review.end:%-d %b})")
    table.add_column("Step", overflow="fold")
    for day in days:
        table.add_column(day.strftime("%a")[:2], justify="center", width=2)
    table.add_column("Done", justify="right")
    for row in review.rows:
        table.add_row(
            row.step.title,
            *(MARK[row.days[d]][0] for d in days),
            f"{row.done}/{row.scheduled}",
        )
    parts: list[RenderableType] = [
        table,
        Text("✓ done  · open  – skipped or rest  (blank: not scheduled)", style="dim"),
        Text(
            f"Streak: {n_days(review.streak.current)} now, longest {review.streak.longest}, "
            f"{review.streak.days_last_7} of the last 7 days.",
            style="cyan",
        ),
    ]
    if review.checkins:
        feels = ", ".join("numb" if c.feel is None else str(c.feel) for c in review.checkins)
        parts.append(Text(f"Check-ins this week: {feels} (out of 10)."))
    for suggestion in review.suggestions:
        parts.append(Text(f"• {suggestion.text}"))
    return Group(*parts)


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


def plan_view(plan: Plan) -> Group:
    table = Table(title="Your plan")
    table.add_column("Id", overflow="fold")
    table.add_column("Step", overflow="fold")
    table.add_column("When")
    table.add_column("Min", justify="right")
    for step in plan.steps:
        when = "paused" if step.paused else str(step.schedule)
        table.add_row(step.id, step.title, when, str(step.minutes))
    return Group(table)
