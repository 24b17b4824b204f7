"""The review's gentle suggestions, and the plan changes `review --apply` makes of them. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from careplan.core.catalog import Template
from careplan.core.model import Category, Plan, Schedule, Step
from careplan.core.streaks import Log

if TYPE_CHECKING:
    from careplan.core.review import Row

# Check-ins at or below this, for two weeks, make talking to a professional the first suggestion.
LOW_FEEL = 3
# A step done on this share of its days or less is offered its tiny version.
RARE = 0.25


@dataclass(frozen=True)
class Suggestion:
    kind: str  # shrink | grow | add | professional
    step: str | None
    text: str
    category: Category | None = None  # for "add": the category to bring back


def suggest(plan: Plan, log: Log, rows: list[Row], as_of: date) -> list[Suggestion]:
    """Up to three gentle suggestions, each with its reason; professional help first."""
    found: list[Suggestion] = []
    if plan.safety_concern or _low_for_two_weeks(log, as_of):
        reason = (
            "you told careplan you might be in danger"
            if plan.safety_concern
            else "your check-ins have stayed at 3 or below for two weeks"
        )
        found.append(
            Suggestion(
                "professional",
                None,
                f"Because {reason}, talking to a professional could be a good next step. "
                "A GP or doctor is a fine place to start: say you have been feeling numb, "
                "for how long, and what it has made harder. `careplan sos` has crisis lines "
                "for any time it feels urgent.",
            )
        )
    # Only steps still in the plan: a past week's step let go since needs no change.
    ended = [r for r in rows if r.scheduled >= 2 and _still(plan, r.step)]
    rare = [r for r in ended if r.done <= r.scheduled * RARE and r.step.tiny != r.step.title]
    if rare:
        row = min(rare, key=lambda r: (r.done / r.scheduled, r.step.id))
        found.append(
            Suggestion(
                "shrink",
                row.step.id,
                (
                    f"“{row.step.title}”: done {row.done} of {row.scheduled} times."
                    if row.done
                    else f"“{row.step.title}” came up {row.scheduled} times this week."
                )
                + f" A smaller version may fit this stretch better: “{row.step.tiny}”",
            )
        )
    always = [r for r in ended if r.done == r.scheduled]
    if always:
        row = max(always, key=lambda r: (r.done, r.step.id))
        found.append(
            Suggestion(
                "grow",
                row.step.id,
                f"You did “{row.step.title}” every time it came up. If you would like, "
                "give it a few more minutes or try a new variation of it.",
            )
        )
    missing = _missing_category(plan, log, rows, as_of)
    if missing is not None:
        found.append(
            Suggestion(
                "add",
                None,
                f"Nothing touched {missing.value.replace('-', ' ')} this week. One small "
                "step there could help; `careplan review --apply` can add one.",
                category=missing,
            )
        )
    return found[:3]


def _still(plan: Plan, step: Step) -> bool:
    now = plan.step(step.id)
    return not step.paused and now is not None and not now.paused


def _low_for_two_weeks(log: Log, as_of: date) -> bool:
    fortnight = [c for d, c in log.checkins.items() if 0 <= (as_of - d).days < 14]
    feels = [c.feel for c in fortnight if c.feel is not None]
    if len(feels) < 4 or max(feels) > LOW_FEEL:
        return False
    return (as_of - min(c.day for c in fortnight)).days >= 7


# Categories whose absence is worth a gentle word, most important first.
CORE = (Category.CONNECTION, Category.MOVEMENT, Category.NAMING, Category.MEANINGFUL)


def _missing_category(plan: Plan, log: Log, rows: list[Row], as_of: date) -> Category | None:
    """A core category gone from the plan (none, or all paused), and so not done this week.

    A step that is in the plan but rarely done gets the gentler "shrink" instead:
    adding a second one would only make the week fuller.
    """
    done_this_week = {r.step.category for r in rows if r.done}
    for category in CORE:
        in_plan = any(s.category is category and not s.paused for s in plan.steps)
        if not in_plan and category not in done_this_week:
            return category
    return None


@dataclass(frozen=True)
class Change:
    """One edit `review --apply` makes to plan.toml, described in words first."""

    text: str
    step: str  # the step changed, or the new step's id
    fields: tuple[tuple[str, str | int], ...] = ()  # for an existing step
    new: Step | None = None  # for a step to add


def changes_for(
    suggestions: tuple[Suggestion, ...],
    plan: Plan,
    templates: tuple[Template, ...],
    today: date | None = None,
) -> list[Change]:
    """Turn suggestions into plan edits. Professional help is said, never auto-applied.

    A step added keeps every day within the plan's own number of steps a day (its fullest
    day, which is what the person's energy allowed): on days with room, or sharing a day
    with a step that has more than one, or taking turns with one every other week.
    """
    found: list[Change] = []
    for suggestion in suggestions:
        step = plan.step(suggestion.step) if suggestion.step else None
        if suggestion.kind == "shrink" and step is not None:
            minutes = min(step.minutes, 3)
            found.append(
                Change(
                    f"Make “{step.title}” its tiny version: “{step.tiny}” ({minutes} min).",
                    step.id,
                    (("title", step.tiny), ("minutes", minutes)),
                )
            )
        elif suggestion.kind == "grow" and step is not None and step.minutes < 20:
            minutes = min(20, step.minutes + 5)
            found.append(
                Change(
                    f"Give “{step.title}” {minutes} minutes instead of {step.minutes}.",
                    step.id,
                    (("minutes", minutes),),
                )
            )
        elif suggestion.kind == "add" and suggestion.category is not None:
            found += _add(suggestion.category, plan, templates, today or plan.start)
    return found


def _add(
    category: Category, plan: Plan, templates: tuple[Template, ...], today: date
) -> list[Change]:
    """A plain library step of that category, placed so no day grows past the fullest."""
    have = {s.id for s in plan.steps}
    template = next(
        (
            t
            for t in templates
            if t.category is category and not t.uses and not t.when and not t.needs
            if t.id not in have
        ),
        None,
    )
    if template is None:
        return []
    fortnight = [today + timedelta(days=n) for n in range(1, 15)]
    active = [s for s in plan.steps if not s.paused]

    def load(day: date) -> int:
        return sum(1 for s in active if s.schedule.due(day, plan.start))

    cap = max(load(d) for d in fortnight)
    room = [w for w in range(7) if all(load(d) < cap for d in fortnight if d.weekday() == w)]
    room.sort(key=lambda w: (max(load(d) for d in fortnight if d.weekday() == w), w))

    def step(schedule: Schedule) -> Step:
        return Step(
            id=template.id,
            title=template.title,
            category=category,
            minutes=template.minutes,
            schedule=schedule,
            why=template.why,
            tiny=template.tiny,
        )

    if room:
        new = step(Schedule(frozenset(room[:2])))
        return [Change(f"Add “{new.title}” on {new.schedule}.", new.id, new=new)]
    weekly = [
        s for s in active if not s.anchor and not s.schedule.every and len(s.schedule.days) < 7
    ]
    if not weekly:
        return []
    donor = max(weekly, key=lambda s: (len(s.schedule.days), s.id))
    day = min(donor.schedule.days)
    if len(donor.schedule.days) > 1:
        new = step(Schedule(frozenset({day})))
        kept = Schedule(donor.schedule.days - {day})
    else:
        first = next(d for d in fortnight if d.weekday() == day)
        new = step(Schedule(every=14, first=first + timedelta(days=7)))
        kept = Schedule(every=14, first=first)
    return [
        Change(
            f"Add “{new.title}” ({new.schedule}), taking turns with “{donor.title}” "
            f"({kept}), so no day gets more steps.",
            new.id,
            new=new,
        ),
        Change("", donor.id, (("schedule", str(kept)),)),
    ]
