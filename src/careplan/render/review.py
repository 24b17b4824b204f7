"""The weekly review, drawn as plain lines: readable at 60 columns, every mark in words too.

Drawn without rich for the same reason as the daily views (render/plain.py): the
review runs every week and its budget is 12x a bare interpreter, of which rich's
console alone would take a fifth.
"""

from __future__ import annotations

import textwrap
from datetime import timedelta

from careplan.core.model import Status
from careplan.core.review import Gap, Review
from careplan.core.streaks import STRENGTH_WORDS, Streak, strength_bar
from careplan.render import MARK
from careplan.render.plain import Ink

SPARKS = "▁▂▃▄▅▆▇█"
# Columns after the step's title: seven days of " Mo", then "   Done" ("1 of 6") and
# " Str." (a five-cell strength bar).
DAY_COLUMN = 3
DONE_COLUMN = 8
TAIL = 7 * DAY_COLUMN + DONE_COLUMN + 6
STRENGTH_LEGEND = (
    f"Str.: strength, from ░░░░░ ({STRENGTH_WORDS[0]}) to █████ ({STRENGTH_WORDS[-1]}). "
    "It grows a little each time a step is done and eases off only slowly, "
    "so one quiet day costs little."
)


def n_days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def streak_sentence(streak: Streak) -> str:
    """The streak as people say it, with no zeros: 'a fresh start today', not '0 days'."""
    now = f"{n_days(streak.current)} now" if streak.current else "a fresh start today"
    parts = [now]
    if streak.longest > streak.current:
        parts.append(f"longest {n_days(streak.longest)}")
    if streak.days_last_7:
        parts.append(f"{streak.days_last_7} of the last 7 days")
    return f"Streak: {', '.join(parts)}."


def of(done: int, total: int) -> str:
    """'1 of 6': a count as people say it."""
    return f"{done} of {total}"


def felt_scores(values: list[int | None]) -> str:
    """'2/10, numb, 1/10': each check-in in words, numb said as such."""
    return ", ".join("numb" if v is None else f"{v}/10" for v in values)


def sparkline(trend: list[int | None]) -> str:
    """One mark per day: ▁ (0) to █ (10); a space where there was no score."""
    return "".join(" " if f is None else SPARKS[round(f / 10 * (len(SPARKS) - 1))] for f in trend)


def number(value: float) -> str:
    """5.0 -> '5', 4.5 -> '4.5': how a felt score reads in a sentence."""
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def gap_sentence(gap: Gap) -> str:
    """Expected vs felt, or how it felt when there was no guess (`done N --felt 6`)."""
    if gap.expected is None:
        return f"{gap.step.title}: it felt like {number(gap.felt)} out of 10."
    return f"{gap.step.title}: you expected {gap.expected}, it felt like {number(gap.felt)}."


def review_lines(review: Review, ink: Ink) -> list[str]:
    days = [review.start + timedelta(days=n) for n in range(7)]
    title_width = max(12, ink.width - TAIL)
    title = f"Week {review.week} ({review.start:%-d %b} – {review.end:%-d %b})"
    out = [ink.paint(title, "bold"), ""]
    heading = "Step".ljust(title_width) + "".join(f" {d:%a}"[:DAY_COLUMN] for d in days)
    out.append(ink.paint(heading + "Done".rjust(DONE_COLUMN) + " Str.", "bold"))
    for row in review.rows:
        wrapped = textwrap.wrap(row.step.title, title_width, break_on_hyphens=False) or [""]
        marks = "".join(
            ink.paint(f"  {MARK[row.days[d]][0]}", "green")
            if row.days[d] is Status.DONE
            else f"  {MARK[row.days[d]][0]}"
            for d in days
        )
        # A step that has not come up yet this week has nothing to count.
        done = (of(row.done, row.scheduled) if row.scheduled else "").rjust(DONE_COLUMN)
        strength = " " + strength_bar(row.strength, 5)
        out.append(wrapped[0].ljust(title_width) + marks + done + strength)
        out += [f"  {line}" for line in wrapped[1:]]
    out.append("")
    out += ink.wrap("✓ done · open – skipped or rest; blank: not that day.", "", "dim")
    out += ink.wrap(STRENGTH_LEGEND, "", "dim")
    out += ink.wrap(streak_sentence(review.streak), "", "cyan")
    if review.categories:
        areas = " · ".join(
            f"{c.value.replace('-', ' ')} {of(d, s)}" for c, d, s in review.categories
        )
        out += ink.wrap(f"By area: {areas}", parts=True)
    out += _feelings(review, ink)
    if review.suggestions:
        out += ["", ink.paint("A few gentle suggestions:", "bold")]
        for suggestion in review.suggestions:
            out += ink.wrap(suggestion.text, "  ", first="• ")
    return out


def _feelings(review: Review, ink: Ink) -> list[str]:
    out = [""]
    if review.checkins:
        scores = felt_scores([c.feel for c in review.checkins])
        out += ink.wrap(f"Check-ins: {sparkline(review.trend)}  {scores}")
        if review.words:
            out += ink.wrap(
                "Words you used most: " + ", ".join(f"{w} ({n})" for w, n in review.words)
            )
    else:
        out += ink.wrap("No check-ins this week. `careplan checkin` takes a moment.")
    for gap in review.gaps:
        out += ink.wrap(gap_sentence(gap))
    if review.best:
        out += ink.wrap(review.best)
    if review.reflection:
        out += ink.wrap(f"A moment you felt something: “{review.reflection}”")
    for day, text in review.earlier:
        out += ink.wrap(f"Earlier ({day:%-d %b}): “{text}”", "", "dim")
    return out
