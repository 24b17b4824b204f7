"""The weekly review, drawn: readable at 60 columns, every mark explained in words too."""

from __future__ import annotations

from datetime import timedelta

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careplan.render import MARK
from careplan.review import Review

SPARKS = "▁▂▃▄▅▆▇█"


def n_days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def sparkline(trend: list[int | None]) -> str:
    """One mark per day: ▁ (0) to █ (10); a space where there was no score."""
    return "".join(" " if f is None else SPARKS[round(f / 10 * (len(SPARKS) - 1))] for f in trend)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def review_view(review: Review) -> Group:
    days = [review.start + timedelta(days=n) for n in range(7)]
    table = Table(
        title=f"Week {review.week} ({review.start:%-d %b} – {review.end:%-d %b})",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
    )
    table.add_column("Step", overflow="fold", ratio=1)
    for day in days:
        table.add_column(day.strftime("%a")[:2], justify="center", width=2)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Str.", justify="right", no_wrap=True)
    for row in review.rows:
        table.add_row(
            Text(row.step.title),  # Text, so brackets in a title are never read as markup
            *(MARK[row.days[d]][0] for d in days),
            f"{row.done}/{row.scheduled}",
            f"{round(row.strength * 100)}%",
        )
    parts: list[RenderableType] = [
        table,
        Text("✓ done · open – skipped or rest; blank: not that day. Str.: strength.", style="dim"),
        Text(
            f"Streak: {n_days(review.streak.current)} now, longest {review.streak.longest}, "
            f"{review.streak.days_last_7} of the last 7 days.",
            style="cyan",
        ),
    ]
    if review.categories:
        areas = " · ".join(f"{c.value.replace('-', ' ')} {d}/{s}" for c, d, s in review.categories)
        parts.append(Text(f"By area: {areas}"))
    parts += _feelings(review)
    if review.suggestions:
        parts.append(Text("\nA few gentle suggestions:", style="bold"))
        parts += [Text(f"• {s.text}") for s in review.suggestions]
    return Group(*parts)


def _feelings(review: Review) -> list[RenderableType]:
    parts: list[RenderableType] = [Text("")]
    if review.checkins:
        scores = ", ".join("numb" if c.feel is None else str(c.feel) for c in review.checkins)
        parts.append(Text(f"Check-ins: {sparkline(review.trend)}  ({scores}, out of 10)"))
        if review.words:
            words = ", ".join(f"{w} ({n})" for w, n in review.words)
            parts.append(Text(f"Words you used most: {words}"))
    else:
        parts.append(Text("No check-ins this week. `careplan checkin` takes a moment."))
    for gap in review.gaps:
        parts.append(
            Text(
                f"{gap.step.title}: you expected {gap.expected}, it felt like {_number(gap.felt)}."
            )
        )
    parts.append(Text(review.best))
    if review.reflection:
        parts.append(Text(f"A moment you felt something: “{review.reflection}”"))
    for day, text in review.earlier:
        parts.append(Text(f"Earlier ({day:%-d %b}): “{text}”", style="dim"))
    return parts
