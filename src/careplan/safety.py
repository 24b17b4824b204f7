"""Crisis lines, the person's safety plan, and the wording rules careplan holds itself to."""

from __future__ import annotations

import re

from careplan.model import SAFETY_PLAN_PARTS, Country

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


def pick_country(countries: dict[str, Country], fallback: Country, *codes: str | None) -> Country:
    """The first code that careplan has lines for, else the fallback."""
    for code in codes:
        if code and code.upper() in countries:
            return countries[code.upper()]
    return fallback


def country_from_locale(locale_name: str | None) -> str | None:
    """'en_GB.UTF-8' -> 'GB'."""
    if not locale_name:
        return None
    match = re.match(r"^[a-zA-Z]{2,3}_([A-Za-z]{2})\b", locale_name)
    return match.group(1).upper() if match else None


# Words a struggling reader may take as blame. Output and templates never use them.
GUILT = re.compile(
    r"\b(fail|failed|failing|failure|broke|broken|missed|you should|lazy|must)\b",
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


def wording_problems(text: str) -> list[str]:
    """Every phrase in `text` that breaks careplan's wording rules."""
    problems = [f"guilt word {m.group(0)!r}" for m in GUILT.finditer(text)]
    for sentence in re.split(r"(?<=[.?\n])", text):
        if DOSE_ADVICE.search(sentence) and not CAUTION.search(sentence):
            problems.append(f"dose advice {sentence.strip()!r}")
    return problems
