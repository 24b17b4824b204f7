"""The weekly review, drawn as plain lines: readable at 60 columns, every mark in words too.

Drawn without rich for the same reason as the daily views (render/plain.py): the
review runs every week and its budget is 12x a bare interpreter, of which rich's
console alone would take a fifth.
"""

from __future__ import annotations

import textwrap
from datetime import timedelta

from careplan.core.model import Status
from careplan.core.review import Review
from careplan.render import MARK
from careplan.render.plain import Ink

SPARKS = "▁▂▃▄▅▆▇█"
# Columns after the step's title: seven days of " Mo", then " Done" and " Str.".
DAY_COLUMN = 3
TAIL = 7 * DAY_COLUMN + 6 + 5


def n_days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def sparkline(trend: list[int | None]) -> str:
    """One mark per day: ▁ (0) to █ (10); a space where there was no score."""
    return "".join(" " if f is None else SPARKS[round(f / 10 * (len(SPARKS) - 1))] for f in trend)


def number(value: float) -> str:
    """5.0 -> '5', 4.5 -> '4.5': how a felt score reads in a sentence."""
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def review_lines(review: Review, ink: Ink) -> list[str]:
    days = [review.start + timedelta(days=n) for n in range(7)]
    title_width = max(12, ink.width - TAIL)
    title = f"Week {review.week} ({review.start:%-d %b} – {review.end:%-d %b})"
    out = [ink.paint(title, "bold"), ""]
    heading = "Step".ljust(title_width) + "".join(f" {d:%a}"[:DAY_COLUMN] for d in days)
    out.append(ink.paint(heading + " Done Str.", "bold"))
    for row in review.rows:
        wrapped = textwrap.wrap(row.step.title, title_width, break_on_hyphens=False) or [""]
        marks = "".join(
            ink.paint(f"  {MARK[row.days[d]][0]}", "green")
            if row.days[d] is Status.DONE
            else f"  {MARK[row.days[d]][0]}"
            for d in days
        )
        done = f"{row.done}/{row.scheduled}".rjust(5)
        strength = f"{round(row.strength * 100)}%".rjust(5)
        out.append(wrapped[0].ljust(title_width) + marks + done + strength)
        out += [f"  {line}" for line in wrapped[1:]]
    out.append("")
    out += ink.wrap(
        "✓ done · open – skipped or rest; blank: not that day. Str.: strength.", "", "dim"
    )
    out += ink.wrap(
        f"Streak: {n_days(review.streak.current)} now, longest {review.streak.longest}, "
        f"{review.streak.days_last_7} of the last 7 days.",
        "",
        "cyan",
    )
    if review.categories:
        areas = " · ".join(f"{c.value.replace('-', ' ')} {d}/{s}" for c, d, s in review.categories)
        out += ink.wrap(f"By area: {areas}")
    out += _feelings(review, ink)
    if review.suggestions:
        out += ["", ink.paint("A few gentle suggestions:", "bold")]
        for suggestion in review.suggestions:
            out += ink.wrap(suggestion.text, "  ", first="• ")
    return out


def _feelings(review: Review, ink: Ink) -> list[str]:
    out = [""]
    if review.checkins:
        scores = ", ".join("numb" if c.feel is None else str(c.feel) for c in review.checkins)
        out += ink.wrap(f"Check-ins: {sparkline(review.trend)}  ({scores}, out of 10)")
        if review.words:
            out += ink.wrap(
                "Words you used most: " + ", ".join(f"{w} ({n})" for w, n in review.words)
            )
    else:
        out += ink.wrap("No check-ins this week. `careplan checkin` takes a moment.")
    for gap in review.gaps:
        out += ink.wrap(
            f"{gap.step.title}: you expected {gap.expected}, it felt like {number(gap.felt)}."
        )
    out += ink.wrap(review.best)
    if review.reflection:
        out += ink.wrap(f"A moment you felt something: “{review.reflection}”")
    for day, text in review.earlier:
        out += ink.wrap(f"Earlier ({day:%-d %b}): “{text}”", "", "dim")
    return out
