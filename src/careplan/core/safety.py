"""Crisis lines, the person's safety plan, and the wording rules careplan holds itself to.

On `careplan sos`'s path: NamedTuples rather than dataclasses here, and nothing
imported that the crisis lines do not need (dataclasses alone costs sos a fifth).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

# -- crisis lines ----------------------------------------------------------------


class CrisisLine(NamedTuple):
    name: str
    number: str
    how: str = ""  # "call or text", "24 hours", ...


class Country(NamedTuple):
    code: str
    name: str
    emergency: str
    lines: tuple[CrisisLine, ...]


# Shown when even templates/crisis.toml cannot be read: `sos` never comes up empty.
BUILT_IN_CRISIS = Country(
    code="",
    name="your country",
    emergency="call your local emergency number",
    lines=(CrisisLine("Crisis lines in every country", "findahelpline.com", "a free directory"),),
)
# Read in this order, as the C library does for messages: the first that names a country wins.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
# "UK" is what many people type; ISO 3166 says GB.
ALIASES = {"UK": "GB"}


class CrisisChoice(NamedTuple):
    country: Country
    fallback: bool  # careplan has no lines for the country asked about (or none was known)
    asked: str = ""  # the code that decided, when careplan has no lines for it
    known: tuple[str, ...] = ()  # the codes careplan does have lines for


def choose_crisis(
    countries: Mapping[str, Country], fallback: Country, *codes: str | None
) -> CrisisChoice:
    """The first code given decides, known or not.

    Someone who says they are in FR is not shown GB's lines because their
    locale happens to be en_GB: they get the local-emergency-number fallback.
    """
    known = tuple(sorted(countries))
    for code in codes:
        if not code or not code.strip():
            continue
        wanted = code.strip().upper()
        wanted = ALIASES.get(wanted, wanted)
        if wanted in countries:
            return CrisisChoice(countries[wanted], False, known=known)
        return CrisisChoice(fallback, True, wanted, known)
    return CrisisChoice(fallback, True, known=known)


def country_from_locale(locale_name: str | None) -> str | None:
    """'en_GB.UTF-8' -> 'GB'; 'C.UTF-8' and 'POSIX' name no country."""
    if not locale_name:
        return None
    match = re.match(r"^[a-zA-Z]{2,3}_([A-Za-z]{2})\b", locale_name)
    return match.group(1).upper() if match else None


def country_from_env(env: Mapping[str, str]) -> str | None:
    """The country in LC_ALL, LC_MESSAGES or LANG.

    A variable set to C or POSIX names no country, so a later one is still the
    best guess (containers often set LC_ALL=C.UTF-8 over a person's LANG).
    """
    for name in LOCALE_VARIABLES:
        found = country_from_locale(env.get(name))
        if found:
            return found
    return None


# -- words that sound like danger ------------------------------------------------------

# feel 0 or 1 of 10: little or nothing at all, worth a gentle word about help.
DANGER_FEEL = 1


def _plain_words(text: str) -> str:
    """Lower case, apostrophes dropped (don't = dont = don’t), other punctuation a space."""
    text = re.sub(r"[’'‘`´]", "", text.casefold())
    return " " + " ".join(re.sub(r"[^\w]+", " ", text).split()) + " "


def sounds_like_danger(feel: int | None, texts: Iterable[str], phrases: Iterable[str]) -> bool:
    """True for feel 0-1, or words holding one of `phrases` (as whole words)."""
    if feel is not None and feel <= DANGER_FEEL:
        return True
    said = "".join(_plain_words(text) for text in texts)
    return any(_plain_words(phrase) in said for phrase in phrases if phrase.strip())


# -- grounding exercises -------------------------------------------------------------

# Shown when templates/grounding.toml cannot be read.
BUILT_IN_EXERCISE = (
    "Slow breathing",
    (
        "Put your feet flat on the floor.",
        "Breathe in through your nose for a count of four.",
        "Breathe out slowly through your mouth for a count of six.",
        "Do that five times, letting your shoulders drop each time.",
    ),
)


def find_exercise(exercises: Mapping[str, tuple[str, Sequence[str]]], asked: str) -> str | None:
    """The exercise someone means: its name, or the start of its name or a word of its title.

    So "cold", "breath", "5-4-3-2-1" and "progressive" all find one; a guess
    that could mean two exercises finds none.
    """
    wanted = asked.strip().lower()
    if not wanted:
        return None
    if wanted in exercises:
        return wanted
    matches = {
        name
        for name, (title, _) in exercises.items()
        if any(word.startswith(wanted) for word in [name, *re.findall(r"[\w-]+", title.lower())])
    }
    return matches.pop() if len(matches) == 1 else None


def random_exercise(names: Iterable[str], seed: str) -> str:
    """One exercise, chosen at random from `seed` (the CLI passes the time, tests fix it)."""
    import random

    return random.Random(seed).choice(sorted(names))


# -- the person's own safety plan --------------------------------------------------------

SafetyPlan = tuple[tuple[str, tuple[str, ...]], ...]

# The parts' keys in answers.toml (the answers-file contract; answers.py names them too).
SAFETY_PLAN_PARTS = (
    "warning_signs",
    "coping",
    "distractions",
    "people",
    "professionals",
    "environment",
)

# The six parts of the Stanley-Brown safety plan, in the person's own words.
PART_TITLES = dict(
    zip(
        SAFETY_PLAN_PARTS,
        (
            "Warning signs",
            "Things I can do on my own to cope",
            "People and places that take my mind off things",
            "People I can ask for help",
            "Professionals and crisis lines",
            "Making my surroundings safer",
        ),
        strict=True,
    )
)
# What each part is for, shown while editing it.
PART_NOTES = dict(
    zip(
        SAFETY_PLAN_PARTS,
        (
            "Thoughts, moods or situations that tell you a hard time may be starting.",
            "Small things you can do by yourself to get through a hard moment.",
            "People to be around and places to go that take your mind off things.",
            "People you trust enough to ask for help, and how to reach them.",
            "Your GP, a therapist or counsellor, a crisis line: who to contact and how.",
            "Ways to keep yourself safer while things are hard, like asking someone you trust "
            "to hold on to something for a while.",
        ),
        strict=True,
    )
)
CLEAR = "-"  # typed alone while editing a part: empty it


def edited_part(current: Sequence[str], reply: str) -> tuple[str, ...]:
    """A part after the person's reply: Enter keeps it, '-' empties it, else the new list."""
    text = reply.strip()
    if not text:
        return tuple(current)
    if text == CLEAR:
        return ()
    items = (item.strip() for item in text.split(","))
    return tuple(item for item in items if item and item != CLEAR)


def plan_parts(plan: SafetyPlan) -> dict[str, tuple[str, ...]]:
    """Every part by name, the empty ones too."""
    given = dict(plan)
    return {part: tuple(given.get(part, ())) for part in SAFETY_PLAN_PARTS}


def merged_plan(on_disk: SafetyPlan, before: SafetyPlan, after: SafetyPlan) -> SafetyPlan:
    """The parts this editor changed, and every other part as it is on disk now.

    So two editors at once keep both: the second does not undo the first's parts.
    """
    disk, was, now = plan_parts(on_disk), plan_parts(before), plan_parts(after)
    return as_safety_plan(
        {part: now[part] if now[part] != was[part] else disk[part] for part in disk}
    )


def as_safety_plan(parts: Mapping[str, Sequence[str]]) -> SafetyPlan:
    """The stored shape: the parts that have something, in the six parts' order."""
    return tuple((part, tuple(parts[part])) for part in SAFETY_PLAN_PARTS if parts.get(part))


# -- wording rules ------------------------------------------------------------------

# Words a struggling reader may take as blame. Output and templates never use them.
GUILT = re.compile(
    r"\b(fail|failed|failing|failure|broke|broken|missed|you should|lazy|must)\b",  # never said
    re.IGNORECASE,
)
# Medication: careplan only ever says "talk to your prescriber about it".
DOSE_ADVICE = re.compile(
    r"\b(stop|stopping|reduce|reducing|lower|lowering|taper|tapering|skip|skipping|"
    r"cut down|cutting down|increase|increasing|double|halve)\b[^.]{0,40}"
    r"\b(medication|medicine|dose|dosage|pills?|tablets?|antidepressants?|ssris?)\b",
    re.IGNORECASE,
)
# A caution against changing a dose alone is fine; it is not advice to change one.
CAUTION = re.compile(
    r"\b(don't|do not|never|without)\b[^.]{0,30}\b(stop|change|reduce|skip)", re.IGNORECASE
)
# careplan never tells anyone what they have: that is a professional's conversation.
DIAGNOSIS = re.compile(
    r"\byou(?: have| are suffering from| suffer from| are|'re)\s+(?:clinically\s+)?"
    r"(depressed|depression|ptsd|an? (?:\w+ )?disorder|anhedoni\w*|alexithymi\w*|dissociat\w*)",
    re.IGNORECASE,
)


def wording_problems(text: str) -> list[str]:
    """Every phrase in `text` that breaks careplan's wording rules."""
    problems = [f"guilt word {m.group(0)!r}" for m in GUILT.finditer(text)]
    problems += [f"diagnosis {m.group(0)!r}" for m in DIAGNOSIS.finditer(text)]
    for sentence in re.split(r"(?<=[.?\n])", text):
        if DOSE_ADVICE.search(sentence) and not CAUTION.search(sentence):
            problems.append(f"dose advice {sentence.strip()!r}")
    return problems
