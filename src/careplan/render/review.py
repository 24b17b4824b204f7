"""The weekly review, drawn."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careplan.render import MARK
from careplan.review import Review


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
            Text(row.step.title),  # Text, so brackets in a title are never read as markup
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
