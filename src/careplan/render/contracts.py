"""The public `--json` shapes (SPEC "Contracts"). Add keys freely; never rename or drop one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from careplan.core.streaks import strength_word

if TYPE_CHECKING:  # types only: `today --json` must not load the review module
    from careplan.core.day import Day
    from careplan.core.review import Review
    from careplan.core.streaks import Streak


def streak_json(streak: Streak) -> dict[str, int]:
    return {
        "current": streak.current,
        "longest": streak.longest,
        "days_last_7": streak.days_last_7,
    }


def day_json(day: Day) -> dict[str, Any]:
    return {
        "date": day.date.isoformat(),
        "steps": [
            {
                "number": row.number,
                "id": row.step.id,
                "title": row.step.title,
                "category": row.step.category.value,
                "minutes": row.step.minutes,
                "status": row.status.value,
                "tiny": row.step.tiny,
                "strength": round(row.strength, 4),
                "strength_words": strength_word(row.strength),
            }
            for row in day.steps
        ],
        "streak": streak_json(day.streak),
        "checked_in": day.checked_in,
        "rest_day": day.rest,
        "strength": round(day.strength, 4),
        "strength_words": strength_word(day.strength),
    }


def review_json(review: Review) -> dict[str, Any]:
    return {
        "week": review.week,
        "start": review.start.isoformat(),
        "end": review.end.isoformat(),
        "steps": [
            {
                "id": row.step.id,
                "title": row.step.title,
                "category": row.step.category.value,
                "days": {d.isoformat(): s.value for d, s in row.days.items()},
                "done": row.done,
                "scheduled": row.scheduled,
                "strength": round(row.strength, 4),
                "strength_words": strength_word(row.strength),
            }
            for row in review.rows
        ],
        "streak": streak_json(review.streak),
        "checkins": [
            {"date": c.day.isoformat(), "feel": c.feel, "words": list(c.words)}
            for c in review.checkins
        ],
        "suggestions": [
            {
                "kind": s.kind,
                "step": s.step,
                "text": s.text,
                "category": s.category.value if s.category else None,
            }
            for s in review.suggestions
        ],
        "categories": [
            {"category": c.value, "done": d, "scheduled": n} for c, d, n in review.categories
        ],
        "trend": review.trend,
        "words": [{"word": w, "count": n} for w, n in review.words],
        "expected_vs_felt": [
            {"id": g.step.id, "expected": g.expected, "felt": round(g.felt, 2)}
            for g in review.gaps
            if g.expected is not None
        ],
        "felt": [{"id": g.step.id, "felt": round(g.felt, 2)} for g in review.gaps],
        "best": review.best,
        "reflection": review.reflection,
    }
