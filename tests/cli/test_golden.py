"""The exact text of the everyday screens, at 80 and at 60 columns, kept in tests/golden/.

One fixed plan (tests/golden/plan.toml, the example answers' plan from Monday 9 November
2026) and one fixed fortnight and a half of history, read on Thursday 26 November at 09:00.
Any change to what these screens say shows here as a difference to read. When the change
is meant, write the files again and read them before committing:

    CAREPLAN_UPDATE_GOLDEN=1 python -m pytest tests/cli/test_golden.py
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from pathlib import Path

import pytest
from rich.cells import cell_len

from careplan.core.model import Event, EventKind
from careplan.store.store import Store

GOLDEN = Path(__file__).parent.parent / "golden"
NOW = "2026-11-26T09:00"  # a Thursday in week 2026-W48

ANCHOR = "name-high-low"
PRIYA = "conn-message-person-priya"
THERAPIST = "pro-find-therapist"
GUITAR = "mean-activity-ten-guitar"
ROTA = "stress-own-idea-night-shifts"
WALK = "move-favourite-ten-walking"
SKETCH = "create-favourite-words-sketching"
RISE = "sleep-steady-rise"
SAM = "conn-call-person-sam"
BAKING = "mean-activity-ready-baking"


def at(day: str) -> tuple[date, datetime]:
    when = date.fromisoformat(day)
    return when, datetime.combine(when, time(20))


def done(day: str, step: str, felt: int | None = None) -> Event:
    return Event(*at(day), EventKind.DONE, step, felt=felt)


def skip(day: str, step: str, reason: str = "") -> Event:
    return Event(*at(day), EventKind.SKIP, step, note=reason)


def rest(day: str) -> Event:
    return Event(*at(day), EventKind.REST)


def checkin(day: str, feel: int | None, *words: str) -> Event:
    return Event(*at(day), EventKind.CHECKIN, feel=feel, words=words)


def reflect(day: str, text: str) -> Event:
    return Event(*at(day), EventKind.REFLECT, note=text)


HISTORY = [
    # 2026-W46: the first week, a slow start.
    done("2026-11-09", ANCHOR),
    done("2026-11-09", PRIYA),
    checkin("2026-11-09", 3, "tired"),
    done("2026-11-10", ANCHOR),
    done("2026-11-11", ANCHOR),
    done("2026-11-11", WALK, felt=4),
    checkin("2026-11-11", 2, "flat"),
    done("2026-11-13", ANCHOR),
    done("2026-11-14", ANCHOR),
    done("2026-11-14", THERAPIST),
    done("2026-11-15", ANCHOR),
    # 2026-W47: done, skipped, a rest day, check-ins (one numb) and a reflection.
    done("2026-11-16", ANCHOR),
    done("2026-11-16", PRIYA),
    checkin("2026-11-16", 3, "tired", "heavy"),
    done("2026-11-17", ANCHOR),
    done("2026-11-17", GUITAR, felt=6),
    skip("2026-11-17", ROTA, "too tired after work"),
    checkin("2026-11-17", 4, "calm"),
    rest("2026-11-18"),
    done("2026-11-19", ANCHOR),
    done("2026-11-19", RISE),
    checkin("2026-11-19", None),
    done("2026-11-20", ANCHOR),
    done("2026-11-20", SAM, felt=5),
    checkin("2026-11-20", 5, "calm", "glad"),
    done("2026-11-22", ANCHOR),
    done("2026-11-22", GUITAR, felt=7),
    checkin("2026-11-22", 5, "content"),
    reflect("2026-11-22", "laughed at a film with Sam"),
    # 2026-W48 so far.
    done("2026-11-23", ANCHOR),
    done("2026-11-23", PRIYA),
    checkin("2026-11-23", 4, "tired", "calm"),
    done("2026-11-24", ANCHOR),
    done("2026-11-25", ANCHOR),
    done("2026-11-25", SKETCH, felt=6),
    checkin("2026-11-25", 6, "hopeful"),
]


@pytest.fixture
def lived(clock, isolated_home: Path) -> Path:  # type: ignore[no-untyped-def]
    """The fixed plan and history in the data folder, and the clock on Thursday morning."""
    isolated_home.mkdir(mode=0o700)
    (isolated_home / "plan.toml").write_text((GOLDEN / "plan.toml").read_text())
    Store(isolated_home).append(HISTORY)
    clock.set(NOW)
    return isolated_home


def matches_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("CAREPLAN_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no {path.name} yet: run with CAREPLAN_UPDATE_GOLDEN=1, then read it"
    assert text == path.read_text(encoding="utf-8"), f"careplan's screen differs from {path.name}"


SCREENS = {
    "today": ("today",),
    "done-1": ("done", "1"),
    "review": ("review",),
    "review-week-W47": ("review", "--week", "2026-W47"),
}


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("name", SCREENS)
def test_the_screen_is_exactly_as_kept(
    lived: Path, monkeypatch: pytest.MonkeyPatch, name: str, columns: int
) -> None:
    from tests.fixtures.entry import careplan

    monkeypatch.setenv("COLUMNS", str(columns))
    shown = careplan(*SCREENS[name])
    assert shown.exit_code == 0, shown.stderr
    assert max(cell_len(line) for line in shown.screen.splitlines()) <= columns  # nothing wraps
    matches_golden(f"{name}-{columns}", shown.screen)
