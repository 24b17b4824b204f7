"""What the interview learns: the Answers a plan is made from (SPEC's answers file).

Kept apart from model.py so the daily commands, which never need answers, do not
pay for building these classes at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from careplan.core.errors import DataError
from careplan.core.model import Energy, check_range, check_time, shown
from careplan.core.safety import SAFETY_PLAN_PARTS as SAFETY_PLAN_PARTS

CONTRIBUTING = (
    "stress",
    "burnout",
    "grief",
    "trauma",
    "low-mood",
    "anxiety",
    "medication",
    "substances",
    "unsure",
)
NUMB_FOR = ("days", "weeks", "months", "years")
ALCOHOL = ("none", "some", "a lot")
# Yes-or-no answers a person may honestly answer "maybe" or "not sure": kept by name in
# `not_sure`, beside the value (left at its default), never turned into a yes or a no.
NOT_SURE = ("safety_concern", "medication", "professional.has", "professional.wants")


@dataclass(frozen=True)
class Stressor:
    what: str
    idea: str = ""


@dataclass(frozen=True)
class Supporter:
    name: str
    contact: str = "text"


@dataclass(frozen=True)
class Sleep:
    hours: float = 7.5
    bedtime: str = ""
    wake: str = ""
    quality: int = 3

    def __post_init__(self) -> None:
        check_range(self.hours, 0, 24, "Hours of sleep", "hours")
        check_range(self.quality, 1, 5, "Sleep quality", "quality")
        if self.bedtime:
            check_time(self.bedtime, "bedtime")
        if self.wake:
            check_time(self.wake, "wake")

    @property
    def off(self) -> bool:
        """Short, long or poor sleep: worth a sleep step."""
        return self.hours < 7 or self.hours > 9 or self.quality <= 2


@dataclass(frozen=True)
class Answers:
    """Everything the interview learns. Mirrors SPEC's answers file exactly."""

    name: str = ""
    country: str = ""
    day_starts_at: str = "04:00"
    energy: Energy = Energy.SOME
    numb_for: str = ""
    contributing: tuple[str, ...] = ()
    # None: the question was not answered (Enter skips it), which is not the same as "no".
    safety_concern: bool | None = None
    # The person stopped after the safety question: a plan of one step, reaching help.
    help_first_only: bool = False
    medication: bool = False
    alcohol: str = "none"
    activities: tuple[str, ...] = ()
    movement: tuple[str, ...] = ()
    creative: tuple[str, ...] = ()
    sleep: Sleep = field(default_factory=Sleep)
    professional_has: bool = False
    professional_wants: bool = False
    stressors: tuple[Stressor, ...] = ()
    support: tuple[Supporter, ...] = ()
    safety_plan: tuple[tuple[str, tuple[str, ...]], ...] = ()
    expected: tuple[tuple[str, int], ...] = ()  # activity -> expected enjoyment
    not_sure: tuple[str, ...] = ()  # questions answered "maybe" or "not sure" (NOT_SURE)

    @property
    def maybe_danger(self) -> bool:
        """Said yes, or "maybe", to the safety question: help comes first either way."""
        return bool(self.safety_concern) or "safety_concern" in self.not_sure

    def __post_init__(self) -> None:
        check_time(self.day_starts_at, "day_starts_at")
        if self.numb_for and self.numb_for not in NUMB_FOR:
            raise DataError(
                f"numb_for should be one of {', '.join(NUMB_FOR)}, not {shown(self.numb_for)}.",
                key="numb_for",
            )
        for item in self.contributing:
            if item not in CONTRIBUTING:
                raise DataError(
                    f"contributing has {shown(item)}; careplan knows {', '.join(CONTRIBUTING)}.",
                    key="contributing",
                )
        for item in self.not_sure:
            if item not in NOT_SURE:
                raise DataError(
                    f"not_sure has {shown(item)}; it can hold {', '.join(NOT_SURE)}.",
                    key="not_sure",
                )
        if self.alcohol not in ALCOHOL:
            raise DataError(
                f"alcohol should be one of {', '.join(repr(a) for a in ALCOHOL)}, "
                f"not {shown(self.alcohol)}.",
                key="alcohol",
            )
        if self.country and not re.fullmatch(r"[A-Z]{2}", self.country):
            raise DataError(
                f"country should be a two-letter code like US or GB, not {shown(self.country)}.",
                key="country",
            )
