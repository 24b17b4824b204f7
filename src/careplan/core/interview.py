"""The `careplan init` interview: questions as data, and a runner that turns replies into Answers.

`ask` is any callable taking a Question (and a gentle note when the last reply
could not be used) and returning the typed text; "" takes the default. The CLI
passes one built on rich.prompt; tests pass a script.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from careplan.core.answers import (
    CONTRIBUTING,
    SAFETY_PLAN_PARTS,
    Answers,
    Sleep,
    Stressor,
    Supporter,
)
from careplan.core.errors import DataError
from careplan.core.model import Energy, check_range, said_time
from careplan.core.safety import PART_TITLES
from careplan.core.stressors import CARRIED, Kind, Words, kind_of


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str = "text"  # text | list | yesno | choice | number | time | country
    default: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for choices
    low: float = 0
    high: float = 10
    note: str = ""  # shown before the question, e.g. examples
    evening: bool = False  # a time question where a bare 9 means 21:00 (a bedtime)


class Ask(Protocol):
    def __call__(self, question: Question, problem: str = "") -> str: ...


Q = {
    "name": Question("name", "What would you like careplan to call you? (Enter to skip)"),
    "numb_for": Question(
        "numb_for",
        "Roughly how long have things felt flat or far away?",
        "choice",
        "skip",
        (
            ("days", "days"),
            ("weeks", "weeks"),
            ("months", "months"),
            ("years", "years"),
            ("skip", "rather not say"),
        ),
    ),
    "energy": Question(
        "energy",
        "How much energy do you have for looking after yourself each day?",
        "choice",
        "some",
        (
            ("low", "very little (1-2 small steps a day)"),
            ("some", "some (3 a day)"),
            ("high", "a fair amount (4-5 a day)"),
        ),
    ),
    "contributing": Question(
        "contributing",
        "Might any of these be adding to it? Type any that fit, separated by commas "
        "(Enter to skip)",
        "list",
        note="stress, burnout, grief, trauma, low-mood, anxiety, medication, substances, unsure",
    ),
    "safety": Question(
        "safety",
        "Are you having thoughts of harming yourself, or are you in danger right now? "
        "(yes, no or not sure; Enter to skip)",
        "yesno",
    ),
    "keep_going": Question(
        "keep_going", "Would you like to keep going and make your plan now?", "yesno", "yes"
    ),
    "sleep_hours": Question(
        "sleep_hours",
        "About how many hours do you usually sleep?",
        "number",
        "7.5",
        low=0,
        high=16,
    ),
    "bedtime": Question(
        "bedtime", "Usual bedtime, like 23:30 or 11pm (Enter to skip)", "time", evening=True
    ),
    "wake": Question("wake", "Usual wake time, like 07:00 or 7am (Enter to skip)", "time"),
    "sleep_quality": Question(
        "sleep_quality",
        "How well do you sleep, from 1 (poorly) to 5 (well)?",
        "number",
        "3",
        low=1,
        high=5,
    ),
    "stressor": Question(
        "stressor", "What is weighing on you at the moment? Name one (Enter when done)"
    ),
    "idea": Question(
        "idea",
        "One idea that could make “{what}” a little smaller? (Enter to skip)",
        note="For example: ask someone for help, set a boundary, let one thing wait.",
    ),
    # A loss or a hard event is not something to make smaller: ask what might help carry it.
    "carry": Question(
        "carry",
        "Is there anything that might help you carry “{what}”, even a little? (Enter to skip)",
    ),
    "person": Question(
        "person", "Who is someone you could reach out to? A first name is fine (Enter when done)"
    ),
    "contact": Question(
        "contact",
        "How does {name} like to be reached?",
        "choice",
        "text",
        (("text", "text"), ("call", "call"), ("in person", "in person"), ("email", "email")),
    ),
    "pro_has": Question(
        "pro_has",
        "Do you see a therapist, counsellor or psychiatrist at the moment?",
        "yesno",
        "no",
    ),
    "pro_wants": Question("pro_wants", "Would you like help finding one?", "yesno", "no"),
    "activities": Question(
        "activities",
        "What did you use to enjoy? A few things, separated by commas (Enter to skip)",
        "list",
    ),
    "expected": Question(
        "expected",
        "If you did some {activity} this week, how much do you think you would enjoy it, "
        "from 0 to 10? A guess is fine.",
        "number",
        "5",
    ),
    "movement": Question(
        "movement",
        "What kind of movement can you manage, like walking or stretching? (Enter to skip)",
        "list",
    ),
    "creative": Question(
        "creative",
        "Anything creative you have not named yet, like drawing, music or writing? "
        "(Enter to skip)",
        "list",
    ),
    "medication": Question(
        "medication", "Do you take medication for mood or anxiety?", "yesno", "no"
    ),
    "alcohol": Question(
        "alcohol",
        "How much alcohol do you drink these days?",
        "choice",
        "none",
        (("none", "none"), ("some", "some"), ("a lot", "a lot")),
    ),
    "country": Question(
        "country",
        "Which country are you in? A name or a code is fine, like New Zealand or NZ. "
        "It picks the right crisis lines (Enter to skip).",
        "country",
    ),
    "country_now": Question(
        "country_now",
        "So careplan can show the right crisis lines: which country are you in? (Enter to skip)",
        "country",
    ),
    "day_start": Question(
        "day_start",
        "When does your day start? Anything logged before this counts for the day before.",
        "time",
        "04:00",
    ),
    "want_safety_plan": Question(
        "want_safety_plan",
        "Would you like to write a short safety plan now? It is shown whenever you run "
        "`careplan sos`.",
        "yesno",
        "no",
    ),
    "want_safety_plan_now": Question(
        "want_safety_plan_now",
        "Would you like to write a short safety plan now, while careplan keeps your first "
        "step? It is shown whenever you run `careplan sos`.",
        "yesno",
        "yes",
    ),
    "remind": Question(
        "remind",
        "Would you like a gentle reminder on this computer on days when steps are still open?",
        "yesno",
        "no",
    ),
    "remind_at": Question(
        "remind_at",
        "At what time of day? For example 7pm, or 12:30 and 7pm for two.",
        "text",
        "7pm",
    ),
    **{
        part: Question(part, f"{PART_TITLES[part]} (separated by commas, Enter to skip)", "list")
        for part in SAFETY_PLAN_PARTS
    },
}


# Examples shown with the idea question, chosen by what kind of stressor it is.
IDEA_EXAMPLES = {
    Kind.WORK: "For example: talk to a manager or tutor, shift your hours, work from home a "
    "day, ask to move a deadline, set a boundary.",
    Kind.MONEY: "For example: open one letter at a time, ask a free money advice service, "
    "set up one small payment, check things with someone beside you.",
    Kind.HOUSING: "For example: write down the one question that matters most, ask a housing "
    "advice service, talk it over with someone you trust.",
    Kind.RELATIONSHIPS: "For example: set one boundary, pick a calm time to talk, take a short "
    "break when things get heated, talk it over with a friend.",
    Kind.CARING: "For example: share a school run, ask someone to cover one afternoon, ask "
    "about a carers' group, keep one hour a week for yourself.",
    Kind.HEALTH: "For example: book a GP appointment, write your questions down first, ask "
    "someone to come with you, rest before you need to.",
    Kind.GRIEF: "For example: someone to remember them with, a grief support group, a talk "
    "with your GP, a quiet time and place to remember.",
    Kind.TRAUMA: "For example: someone you feel safe with, a talk with your GP or a "
    "therapist, a support group, a calm place to go.",
    Kind.OTHER: Q["idea"].note,
}


def idea_question(what: str, kind: Kind) -> Question:
    """The idea question for one stressor, with examples for its kind; a loss or a hard
    event gets the gentler "carry" question, never one about making it smaller."""
    base = Q["carry"] if kind in CARRIED else Q["idea"]
    return replace(base, text=base.text.format(what=what), note=IDEA_EXAMPLES[kind])


YES = ("y", "yes", "yeah", "yep", "sure")
NO = ("n", "no", "nope", "not really")
MAYBE = ("maybe", "not sure", "unsure", "perhaps", "don't know", "dont know", "idk", "?")
# Typed at any question: go back to the one before.
BACK = ("back", "<", "go back")


def parse_reply(question: Question, reply: str) -> str | float | bool | list[str]:
    """Turn typed text into a value; DataError with a gentle note if it cannot be used.

    A yes-or-no question also takes "maybe" or "not sure", returned as "maybe": an
    honest answer, kept as such.
    """
    text = reply.strip() or question.default
    if question.kind == "yesno" and not text:
        return ""  # skipped, and no default: not answered
    if question.kind == "yesno":
        said = " ".join(text.lower().replace("’", "'").rstrip(".!").split())
        if said in YES:
            return True
        if said in NO:
            return False
        if said in MAYBE:
            return "maybe"
        raise DataError("Please answer yes, no or not sure.")
    if question.kind == "choice":
        for n, (value, label) in enumerate(question.options, 1):
            if text.lower() in (value, str(n), label.lower()):
                return value
        raise DataError("Please pick one of the numbers shown.")
    if question.kind == "number":
        try:
            number = float(text)
        except ValueError:
            raise DataError(
                f"Please type a number from {question.low:g} to {question.high:g}."
            ) from None
        return check_range(number, question.low, question.high, "That number")
    if question.kind == "time":
        return said_time(text, question.evening) if text else ""
    if question.kind == "country":
        return text  # the runner looks it up (find_country), so the core stays free of data files
    if question.kind == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    return text


class _Back(Exception):  # noqa: N818 (not an error: the person asked to go back)
    """Raised when the person types "back": the interview is replayed up to the question
    before, from the replies so far (it is a pure function of them)."""


def run_interview(
    ask: Ask,
    on_danger: Callable[[str], None],
    country_hint: str = "",
    find_country: Callable[[str], str | None] = lambda given: None,
    stressor_words: Words = (),
) -> Answers:
    """The interview, with a way back: "back" (or "<") at any question returns to the one
    before. Replies already given are replayed without asking; crisis lines are shown once
    for each country, however often the safety question is passed again."""
    shown: set[str] = set()

    def danger(country: str) -> None:
        if country not in shown:
            shown.add(country)
            on_danger(country)

    replay = _Replay(ask)
    while True:
        try:
            return _interview(replay.ask, danger, country_hint, find_country, stressor_words)
        except _Back:
            replay.back()


class _Replay:
    """The person's accepted replies so far, handed back without asking on a replay."""

    def __init__(self, ask: Ask) -> None:
        self.live = ask
        self.kept: list[str] = []
        self.queue: list[str] = []
        self.given: list[str] = []
        self.note = ""

    def ask(self, question: Question, problem: str = "") -> str:
        if problem and self.given:
            self.given.pop()  # the reply before could not be used: it is not kept
        if self.queue:
            reply = self.queue.pop(0)
        else:
            reply = self.live(question, problem or self.note)
            self.note = ""
            if " ".join(reply.lower().split()) in BACK:
                raise _Back
        self.given.append(reply)
        return reply

    def back(self) -> None:
        """Start again, replaying every reply but the last one."""
        if not self.given:
            self.note = "This is the first question, so there is nothing to go back to."
        self.kept = self.given[:-1]
        self.queue = list(self.kept)
        self.given = []


def _interview(
    ask: Ask,
    on_danger: Callable[[str], None],
    country_hint: str,
    find_country: Callable[[str], str | None],
    stressor_words: Words,
) -> Answers:
    def get(key: str, **fmt: str) -> str | float | bool | list[str]:
        base = Q[key]
        question = replace(base, text=base.text.format(**fmt))
        problem = ""
        while True:
            try:
                return parse_reply(question, ask(question, problem))
            except DataError as err:
                problem = err.message

    def text(key: str, **fmt: str) -> str:
        value = get(key, **fmt)
        return value if isinstance(value, str) else ""

    def number(key: str, **fmt: str) -> float:
        value = get(key, **fmt)
        return float(value) if isinstance(value, (int, float)) else 0.0

    def yes(key: str) -> bool:
        return get(key) is True

    def items(key: str) -> list[str]:
        value = get(key)
        return list(value) if isinstance(value, list) else []

    def country(key: str) -> str:
        """A country by name or code. Unknown or skipped: none, never a guess.

        Enter takes the default, which is only ever a country the locale names.
        """
        given = ask(replace(Q[key], default=country_hint)).strip() or country_hint
        return (find_country(given) or "") if given else ""

    def safety_plan() -> tuple[tuple[str, tuple[str, ...]], ...]:
        parts = ((part, tuple(items(part))) for part in SAFETY_PLAN_PARTS)
        return tuple((part, said) for part, said in parts if said)

    name = text("name")
    where = country("country")
    numb_for = text("numb_for")
    energy = Energy(text("energy"))
    contributing = [c for c in items("contributing") if c in CONTRIBUTING]
    said = get("safety")
    safety = said if isinstance(said, bool) else None  # Enter: not answered, not "no"
    # "maybe" is kept as such, and help comes first for it just as for a yes.
    unsure = ["safety_concern"] if said == "maybe" else []
    base = Answers(
        name=name,
        energy=energy,
        numb_for="" if numb_for == "skip" else numb_for,
        contributing=tuple(contributing),
        safety_concern=safety,
        country=where,
        not_sure=tuple(unsure),
    )
    if safety or unsure:
        if not where:
            where = country("country_now")
            base = replace(base, country=where)
        on_danger(where)
        if get("keep_going") is False:  # "maybe" keeps going
            # A plan of one step, reaching help; the safety plan offered, yes by default.
            plan = safety_plan() if yes("want_safety_plan_now") else ()
            return replace(base, help_first_only=True, safety_plan=plan)

    sleep = Sleep(
        hours=number("sleep_hours"),
        bedtime=text("bedtime"),
        wake=text("wake"),
        quality=int(number("sleep_quality")),
    )
    stressors: list[Stressor] = []
    while len(stressors) < 3:
        what = text("stressor")
        if not what:
            break
        idea = idea_question(what, kind_of(what, contributing, stressor_words))
        stressors.append(Stressor(what, str(parse_reply(idea, ask(idea)))))  # text: no retry
    support: list[Supporter] = []
    while len(support) < 3:
        person = text("person")
        if not person:
            break
        support.append(Supporter(person, text("contact", name=person)))
    has_said = get("pro_has")
    has = has_said is True
    unsure += ["professional.has"] if has_said == "maybe" else []
    wants_said = False if has else get("pro_wants")
    wants = wants_said is True
    unsure += ["professional.wants"] if wants_said == "maybe" else []
    activities = items("activities")
    expected = tuple(
        (activity, int(number("expected", activity=activity))) for activity in activities[:2]
    )
    movement = items("movement")
    named = {thing.lower() for thing in (*activities, *movement)}
    creative = [thing for thing in items("creative") if thing.lower() not in named]
    medication_said = get("medication")
    medication = medication_said is True
    unsure += ["medication"] if medication_said == "maybe" else []
    alcohol = text("alcohol")
    day_start = text("day_start") or "04:00"
    plan = safety_plan() if yes("want_safety_plan") else ()
    return Answers(
        name=name,
        country=where,
        day_starts_at=day_start,
        energy=energy,
        numb_for=base.numb_for,
        contributing=base.contributing,
        safety_concern=safety,
        medication=medication,
        alcohol=alcohol,
        activities=tuple(activities),
        movement=tuple(movement),
        creative=tuple(creative),
        sleep=sleep,
        professional_has=has,
        professional_wants=wants,
        stressors=tuple(stressors),
        support=tuple(support),
        safety_plan=plan,
        expected=expected,
        not_sure=tuple(unsure),
    )


def ask_reminders(ask: Ask) -> tuple[str, ...]:
    """Asked at the end: reminder times as "HH:MM" (none unless the person says yes)."""
    from careplan.core.errors import CareplanError
    from careplan.core.reminders import DEFAULT_QUIET, in_quiet_hours, parse_quiet, parse_times

    problem = ""
    while True:
        try:
            said = parse_reply(Q["remind"], ask(Q["remind"], problem))
            if said == "maybe":  # a reminder is set or not: ask once more, plainly
                raise DataError("Please answer yes or no.")
            if said is not True:
                return ()
            break
        except DataError as err:
            problem = err.message
    problem = ""
    while True:
        reply = ask(Q["remind_at"], problem).strip() or Q["remind_at"].default
        try:
            times = parse_times([reply])
        except CareplanError as err:
            problem = f"{err.message} {err.hint}"
            continue
        start, end = DEFAULT_QUIET.split("-")
        if times and not in_quiet_hours(times, parse_quiet(DEFAULT_QUIET)):
            return times
        problem = f"Reminders stay quiet from {start} to {end}; please choose a time outside that."
