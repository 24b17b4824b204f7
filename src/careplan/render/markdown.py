"""The weekly review as a Markdown report, for `careplan review --markdown FILE`."""

from __future__ import annotations

from datetime import timedelta

from careplan.core.review import Review
from careplan.core.streaks import strength_word
from careplan.render import MARK
from careplan.render.review import felt_scores, gap_sentence, of, sparkline, streak_sentence


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
        done = of(row.done, row.scheduled) if row.scheduled else ""
        out.append(
            f"| {_cell(row.step.title)} | {marks} | {done} "
            f"| {strength_word(row.strength)} ({round(row.strength * 100)}%) |"
        )
    out += [
        "",
        "✓ done · open – skipped or rest; empty: not that day.",
        "",
        "**" + streak_sentence(review.streak).replace(":", ":**", 1),
        "",
    ]
    if review.categories:
        out += ["| Area | Done |", "|---|---:|"]
        out += [f"| {c.value.replace('-', ' ')} | {of(d, s)} |" for c, d, s in review.categories]
        out.append("")
    out.append("## How it felt")
    out.append("")
    if review.checkins:
        scores = felt_scores([c.feel for c in review.checkins])
        out.append(f"Check-ins: `{sparkline(review.trend)}` {scores}")
        if review.words:
            out.append("")
            out.append("Words used most: " + ", ".join(f"{w} ({n})" for w, n in review.words))
    else:
        out.append("No check-ins this week.")
    out.append("")
    for gap in review.gaps:
        out.append(f"- {_cell(gap_sentence(gap))}")
    if review.gaps:
        out.append("")
    if review.best:
        out += [review.best, ""]
    if review.reflection:
        out += [f"> A moment you felt something: {review.reflection}", ""]
    if review.suggestions:
        out += ["## A few gentle suggestions", ""]
        out += [f"- {s.text}" for s in review.suggestions]
        out.append("")
    return "\n".join(out)
