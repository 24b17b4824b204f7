"""The weekly review as a Markdown report, for `careplan review --markdown FILE`."""

from __future__ import annotations

from datetime import timedelta

from careplan.core.review import Review
from careplan.render import MARK
from careplan.render.review import n_days, number, sparkline


def _cell(text: str) -> str:
    """Table cells cannot hold a bare pipe or a line break."""
    return text.replace("|", "\\|").replace("\n", " ")


def review_markdown(review: Review) -> str:
    days = [review.start + timedelta(days=n) for n in range(7)]
    out = [f"# Week {review.week} ({review.start:%-d %b} – {review.end:%-d %b %Y})", ""]
    out += [
        "| Step | " + " | ".join(d.strftime("%a") for d in days) + " | Done | Strength |",
        "|---|" + "---|" * 7 + "---:|---:|",
    ]
    for row in review.rows:
        marks = " | ".join(MARK[row.days[d]][0].strip() for d in days)
        out.append(
            f"| {_cell(row.step.title)} | {marks} | {row.done}/{row.scheduled} "
            f"| {round(row.strength * 100)}% |"
        )
    out += [
        "",
        "✓ done · open – skipped or rest; empty: not that day.",
        "",
        f"**Streak:** {n_days(review.streak.current)} now, longest {review.streak.longest}, "
        f"{review.streak.days_last_7} of the last 7 days.",
        "",
    ]
    if review.categories:
        out += ["| Area | Done |", "|---|---:|"]
        out += [f"| {c.value.replace('-', ' ')} | {d}/{s} |" for c, d, s in review.categories]
        out.append("")
    out.append("## How it felt")
    out.append("")
    if review.checkins:
        scores = ", ".join("numb" if c.feel is None else str(c.feel) for c in review.checkins)
        out.append(f"Check-ins: `{sparkline(review.trend)}` ({scores}, out of 10)")
        if review.words:
            out.append("")
            out.append("Words used most: " + ", ".join(f"{w} ({n})" for w, n in review.words))
    else:
        out.append("No check-ins this week.")
    out.append("")
    for gap in review.gaps:
        felt = number(gap.felt)
        out.append(f"- {_cell(gap.step.title)}: you expected {gap.expected}, it felt like {felt}.")
    if review.gaps:
        out.append("")
    out += [review.best, ""]
    if review.reflection:
        out += [f"> A moment you felt something: {review.reflection}", ""]
    if review.suggestions:
        out += ["## A few gentle suggestions", ""]
        out += [f"- {s.text}" for s in review.suggestions]
        out.append("")
    return "\n".join(out)
