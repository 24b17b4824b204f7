"""From answers to a personal plan. Pure and deterministic: same answers + date, same plan.

The week is laid out in the plan itself: one or two daily anchors, plus a pool of
rotating steps each given named days, so every day holds the number of steps the
person's energy allows and neighbouring days differ.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from careplan.core.answers import Answers, Stressor
from careplan.core.catalog import Template
from careplan.core.model import Category, Energy, Plan, Schedule, Step
from careplan.core.stressors import Kind, Words, kind_of

# (anchors, rotating steps per weekday Mon..Sun, size of the rotating pool)
SIZES: dict[Energy, tuple[int, tuple[int, ...], int]] = {
    Energy.LOW: (1, (1, 1, 1, 1, 1, 1, 1), 7),  # 2 a day
    Energy.SOME: (1, (2, 2, 2, 2, 2, 2, 2), 7),  # 3 a day
    Energy.HIGH: (2, (3, 3, 3, 3, 3, 2, 2), 10),  # 5 on weekdays, 4 at weekends
}

# Categories a plan draws on to stay balanced once the personal picks are in.
BALANCE = (
    Category.MOVEMENT,
    Category.CONNECTION,
    Category.NAMING,
    Category.GROUNDING,
    Category.MEANINGFUL,
    Category.CALM,
    Category.GRATITUDE,
    Category.SELF_COMPASSION,
    Category.FOOD,
    Category.CREATIVE,
    Category.STRESSORS,
)


def generate_plan(
    answers: Answers, library: Sequence[Template], today: date, *, words: Words
) -> Plan:
    """`words` tells the kinds of stressor apart (library.stressor_words()); required, so
    no caller can forget them and offer a loss the steps written for work."""
    picker = _Picker(answers, library, today, words)
    anchors_wanted, per_day, pool_size = SIZES[answers.energy]

    anchors: list[Step] = []
    if answers.maybe_danger:
        anchors += picker.take(when="safety", anchor=True)
    if answers.help_first_only:  # the person stopped at the safety question: help comes first
        return _plan(answers, today, anchors)
    for category in (Category.NAMING, Category.SLEEP, Category.GRATITUDE, Category.CALM):
        if len(anchors) >= anchors_wanted:
            break
        if category is Category.SLEEP and not answers.sleep.off:
            continue
        anchors += picker.take(category=category, anchor_only=True, anchor=True)

    slots = sum(per_day)
    # Everything the person named rotates within a fortnight: more steps than a week holds
    # take turns, every other week, and the number of steps a day stays the same.
    personal = [step for picks in picker.personal() for step in picks][: 2 * slots]
    extra: list[Step] = []
    for round_ in range(2):  # first categories not yet in the plan, then any
        for category in BALANCE:
            if round_ or category not in {s.category for s in anchors + personal + extra}:
                extra += picker.take(category=category)
    room = max(pool_size - len(personal), 0)
    ordered = _balanced(personal + extra, picker.ideas)
    mine = {s.id for s in personal}
    kept = mine | {s.id for s in [s for s in ordered if s.id not in mine][:room]}
    pool = [s for s in ordered if s.id in kept]
    rotating = _rotate(pool, per_day, today)
    return _plan(answers, today, anchors + rotating)


def _rotate(pool: list[Step], per_day: tuple[int, ...], today: date) -> list[Step]:
    """Give each step its days, starting on the plan's first day so it gets the top picks.

    A pool that fits the week's slots gets named weekdays. A bigger one (at most two
    weeks' worth) keeps the first steps weekly and lets the rest share the remaining
    slots, each every 14 days, one week and the next.
    """
    week = [o for o in range(7) for _ in range(per_day[(today.weekday() + o) % 7])]
    if len(pool) <= len(week):
        days: list[set[int]] = [set() for _ in pool]
        for counter, offset in enumerate(week):
            days[counter % len(pool)].add((today.weekday() + offset) % 7)
        return [
            replace(step, schedule=Schedule(frozenset(d)))
            for step, d in zip(pool, days, strict=True)
        ]
    weekly = 2 * len(week) - len(pool)
    shared = week[weekly:]
    steps = [
        replace(step, schedule=Schedule(frozenset({(today.weekday() + offset) % 7})))
        for step, offset in zip(pool[:weekly], week, strict=False)
    ]
    for n, step in enumerate(pool[weekly:]):
        first = today + timedelta(days=shared[n % len(shared)] + 7 * (n // len(shared)))
        steps.append(replace(step, schedule=Schedule(every=14, first=first)))
    return steps


def _plan(answers: Answers, today: date, steps: list[Step]) -> Plan:
    return Plan(
        start=today,
        steps=tuple(steps),
        name=answers.name,
        country=answers.country,
        day_starts_at=answers.day_starts_at,
        safety_concern=answers.maybe_danger,
    )


def _balanced(pool: list[Step], own: set[str]) -> list[Step]:
    """Keep priority order, but let every category have one step before any has two.

    The person's own ideas (ids in `own`) count as firsts: they are their words."""
    seen: dict[str, int] = {}
    ranked = []
    for index, step in enumerate(pool):
        seen[step.category] = seen.get(step.category, 0) + 1
        ranked.append((1 if step.id in own else seen[step.category], index, step))
    return [step for _, _, step in sorted(ranked, key=lambda r: (r[0], r[1]))]


def slug(text: str) -> str:
    """A step id's part from a name: lower case, letters and digits of any script kept.

    ASCII names give the ids they always did; Zoë and Zoé stay two people, and a
    name in Chinese or Cyrillic keeps its letters instead of all becoming `x`.
    """
    import unicodedata

    def kept(char: str) -> bool:
        if char.isascii():
            return char.isalnum()
        return unicodedata.category(char)[0] in "LMN"  # letters, their marks, digits

    folded = unicodedata.normalize("NFC", text).lower()
    joined = "".join(char if kept(char) else "-" for char in folded)
    return re.sub(r"-+", "-", joined).strip("-")[:24] or "x"


class _Picker:
    """Chooses templates without repeats, in a stable order seeded by answers and date."""

    def __init__(
        self, answers: Answers, library: Sequence[Template], today: date, words: Words
    ) -> None:
        self.answers = answers
        self.used: set[str] = set()
        self.ideas: set[str] = set()  # ids of steps titled with the person's own idea
        self.kinds = [kind_of(s.what, answers.contributing, words) for s in answers.stressors]
        seed = f"{answers.name}|{today.isoformat()}"
        self.library = sorted(
            library, key=lambda t: hashlib.sha256(f"{seed}|{t.id}".encode()).hexdigest()
        )

    def take(
        self,
        *,
        category: Category | None = None,
        when: str = "",
        uses: str = "",
        fill: dict[str, str] | None = None,
        anchor_only: bool = False,
        anchor: bool = False,
        expected: int | None = None,
        kind: Kind | None = None,
        specific: bool = False,
        idea: bool = False,
        title: str = "",
        contact: str = "",
    ) -> list[Step]:
        fitting = [
            t
            for t in self.library
            if t.when == when
            and t.uses == uses
            and t.idea == idea
            and (category is None or t.category is category)
            and (t.anchor or not anchor_only)
            and self._fits(t, kind, specific)
            and (not t.needs or bool(set(t.needs) & self.used))
            and (not t.contacts or contact.lower() in t.contacts)
        ]
        # A step written for how this person likes to be reached comes first; a template
        # already used for someone else comes only when no other fits, so each person,
        # activity and stressor named gets a step of their own.
        fitting.sort(key=lambda t: not t.contacts)
        for reuse in (False, True) if fill else (False,):
            for template in fitting:
                if not reuse and not template.idea and template.id in self.used:
                    continue
                step = self._fill(template, fill or {}, anchor, expected)
                if step.id in self.used:
                    continue
                self.used |= {template.id, step.id}
                return [replace(step, title=title) if title else step]
        return []

    def _fits(self, template: Template, kind: Kind | None, specific: bool) -> bool:
        """A step for one stressor fits its kind (`specific`: written for that kind alone);
        a general step naming kinds joins only when the person named a stressor of one."""
        if kind is not None:
            return kind in template.kinds and (not specific or len(template.kinds) == 1)
        return not template.kinds or bool(set(template.kinds) & set(self.kinds))

    def stressor(self, stressor: Stressor, kind: Kind) -> list[Step]:
        """The step for one named stressor: the person's own idea as its title when they gave
        one ("Ask for a fixed rota (night shifts)"), else a step written for its kind."""
        fill = {"stressor": stressor.what, "idea": stressor.idea or "one small change"}
        if stressor.idea:
            title = f"{stressor.idea[:1].upper()}{stressor.idea[1:]} ({stressor.what})"
            picked = self.take(uses="stressor", fill=fill, kind=kind, idea=True, title=title)
            if picked:
                self.ideas.add(picked[0].id)
                return picked
        return self.take(uses="stressor", fill=fill, kind=kind, specific=True) or self.take(
            uses="stressor", fill=fill, kind=kind
        )

    def personal(self) -> Iterable[list[Step]]:
        """The steps the answers ask for, most important first."""
        a = self.answers
        # Heavy drinking or substances: talking to a doctor comes first, before any other
        # step, because stopping suddenly can be risky (withdrawal).
        if a.alcohol == "a lot":
            yield self.take(when="drinks-a-lot")
        elif "substances" in a.contributing:
            yield self.take(when="substances")
        if a.medication:
            yield self.take(when="medication")
        wants = a.professional_wants or "professional.wants" in a.not_sure
        if wants and not a.professional_has:
            yield self.take(when="wants-help")
        elif a.professional_has:
            yield self.take(when="has-help")
        expected = dict(a.expected)
        for person in a.support:
            yield self.take(
                uses="person",
                fill={"person": person.name, "contact": person.contact},
                contact=person.contact,
            )
        for activity in a.activities:
            yield self.take(
                uses="activity", fill={"activity": activity}, expected=expected.get(activity)
            )
        for stressor, kind in zip(a.stressors, self.kinds, strict=True):
            yield self.stressor(stressor, kind)
        named = {v.lower() for v in a.activities}
        for key, values in (("movement", a.movement), ("creative", a.creative)):
            for value in values:
                if value.lower() not in named:  # drawing named twice is one step, not two
                    named.add(value.lower())
                    yield self.take(uses=key, fill={key: value}, expected=expected.get(value))
        # After the named ones, so a long list of names keeps every one of them.
        if a.sleep.off:
            yield self.take(when="sleep-off")
        if a.alcohol == "some":  # "a lot" has the doctor step, and no alcohol-free days
            yield self.take(when="drinks")

    def _fill(
        self, template: Template, fill: dict[str, str], anchor: bool, expected: int | None
    ) -> Step:
        def text(value: str) -> str:
            for key, replacement in fill.items():
                value = value.replace("{" + key + "}", replacement)
            return value

        suffix = "".join("-" + slug(v) for k, v in fill.items() if k == template.uses)
        return Step(
            id=template.id + suffix,
            title=text(template.title),
            category=template.category,
            minutes=template.minutes,
            schedule=Schedule(),
            why=text(template.why),
            tiny=text(template.tiny),
            anchor=anchor,
            expected=expected,
        )
