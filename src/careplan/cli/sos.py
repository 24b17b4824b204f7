"""`careplan sos`: the crisis lines first, whatever state the data folder is in.

No typer and no rich: `careplan sos` is answered from here before the rest of the
command line is even imported, and the full parser (`careplan sos --help`, odd
arguments) calls the same `run_sos`. The person's files are read in a helper
thread with a deadline, so a hung sync mount, a FIFO or an unreadable file can
delay nothing: after half a second the lines are shown with what is known.

sos is the command that must be fastest, so its path stays small: no dataclasses,
no threading module (_thread is built in), no pathlib, shutil or importlib.resources,
and the person's files are only glanced at (store/glance.py) for what sos shows.
"""

from __future__ import annotations

import _thread
import contextlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from careplan.cli import streams

if TYPE_CHECKING:
    from datetime import datetime
    from typing import TextIO

# How long the crisis lines may wait for the person's own country.
COUNTRY_WAIT = 0.5
# ...and, once they are shown, how much longer the safety plan may take to read.
PLAN_WAIT = 0.5


class Details:
    """What sos uses from the person's files, as far as they could be read."""

    def __init__(self) -> None:
        self.plan_country: str | None = None
        self.answers_country: str | None = None
        self.asked = False  # a plan or answers were read: the person was asked their country
        self.safety_plan: tuple[tuple[str, tuple[str, ...]], ...] = ()
        self.notes: list[str] = []


def parse_args(argv: Sequence[str]) -> tuple[str | None, str | None, str | None] | None:
    """(home, country, exercise) for `[--home DIR] sos [--country X] [--exercise X]`.

    None for anything else (--help, a typo): the full parser answers those, and
    calls run_sos too.
    """
    values: dict[str, str | None] = {"--home": None, "--country": None, "--exercise": None}
    seen_sos = False
    args = list(argv)
    while args:
        arg = args.pop(0)
        name, eq, value = arg.partition("=")
        if arg == "sos" and not seen_sos:
            seen_sos = True
            continue
        allowed = ("--country", "--exercise") if seen_sos else ("--home",)
        if name not in allowed:
            return None
        if not eq:
            if not args:
                return None
            value = args.pop(0)
        values[name] = value
    if not seen_sos:
        return None
    return values["--home"], values["--country"], values["--exercise"]


def read_details(home: str | None) -> Details:
    """The plan's and answers' country and the safety plan: each file on its own."""
    from careplan.store import glance
    from careplan.store.paths import data_folder

    found = Details()
    try:
        folder = data_folder(home)
    except Exception:  # noqa: BLE001 - no data folder to be found: crisis lines only
        return found
    # A broken plan.toml must not hide the safety plan.
    with contextlib.suppress(Exception):
        found.asked, found.plan_country = glance.plan_country(folder)
    try:
        answered, found.answers_country, found.safety_plan = glance.answers_country_and_plan(
            folder
        )
    except Exception:  # noqa: BLE001 - sos works whatever state the files are in
        found.notes.append(
            "(Your answers.toml could not be read just now;\n`careplan safety-plan` says why.)"
        )
    else:
        found.asked = found.asked or answered
    return found


class Reading:
    """The person's files, read in a helper thread; `wait(seconds)` for what it found."""

    def __init__(self, home: str | None) -> None:
        self.box: list[Details] = []
        self._done = _thread.allocate_lock()
        self._done.acquire()
        # A bare _thread thread ends with the process: stuck on a hung file, it never
        # keeps careplan from finishing (as a daemon thread would not). It starts with
        # Ctrl-C blocked, so the signal always reaches the main thread: there it stops
        # the exercise, where the helper, stuck on a file, would leave `sos` waiting.
        import signal

        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            _thread.start_new_thread(self._work, (home,))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def _work(self, home: str | None) -> None:
        try:
            self.box.append(read_details(home))
        finally:
            self._done.release()

    def wait(self, seconds: float) -> Details | None:
        if self._done.acquire(timeout=seconds):
            self._done.release()
        return self.box[0] if self.box else None


def run_sos(home: str | None, country: str | None, exercise: str | None, now: datetime) -> int:
    """Crisis lines, then the safety plan, then a grounding exercise. Always exit 0."""
    streams.tolerate_any_encoding()
    out = streams.stdout() if sys.stdout is not None else streams.stderr()
    talk = streams.stderr() if sys.stderr is not None else out
    reading = Reading(home)
    details = reading.wait(COUNTRY_WAIT)
    known = details or Details()
    # Asked and not known: the general lines, not a guess from the locale.
    codes = (country, known.plan_country, known.answers_country)
    write(out, crisis_lines(*codes, use_locale=not known.asked))
    if details is None:
        details = reading.wait(PLAN_WAIT)
        if details is None:
            write(
                talk,
                ["(Your own files are slow to answer just now, so these are the general lines.)"],
            )
    for note in details.notes if details else ():
        write(talk, [note])
    if details is not None and details.safety_plan:
        from careplan.render.safety import safety_plan_lines

        write(out, ["", *safety_plan_lines(details.safety_plan)])
    write(out, [""])
    guide(out, talk, *grounding_exercise(talk, exercise, now))
    return 0


def write(stream: TextIO, lines: list[str]) -> None:
    """Lines wrapped to the terminal (or $COLUMNS), written and flushed at once."""
    from careplan.render.safety import fit

    lines = fit(lines, streams.terminal_width())
    try:
        stream.write("".join(line + "\n" for line in lines))
        stream.flush()
    except (OSError, ValueError):  # a closed or full output: nothing more can be shown there
        pass


def crisis_lines(*codes: str | None, use_locale: bool = True) -> list[str]:
    """Lines for the first country given, else the locale's, else the fallback."""
    import os

    from careplan.core.safety import BUILT_IN_CRISIS, choose_crisis, country_from_env
    from careplan.render.safety import crisis_lines as draw
    from careplan.store import library

    try:
        countries, fallback = library.crisis()
    except Exception:  # noqa: BLE001 - damaged packaged data must not hide the crisis lines
        countries, fallback = {}, BUILT_IN_CRISIS
    wanted = [country_code(code) for code in codes]
    locale = country_from_env(os.environ) if use_locale else None
    return draw(choose_crisis(countries, fallback, *wanted, locale))


def danger_pointer(
    home: str | None, feel: int | None, texts: Sequence[str], country: str | None = None
) -> list[str]:
    """The gentle pointer to help when a check-in or a note sounds like danger, else []."""
    import os

    from careplan.core.safety import (
        BUILT_IN_CRISIS,
        choose_crisis,
        country_from_env,
        sounds_like_danger,
    )
    from careplan.render.safety import danger_pointer as draw
    from careplan.store import library

    try:
        phrases = library.danger_phrases()
    except Exception:  # noqa: BLE001 - damaged packaged data: still point to help on feel 0-1
        phrases = ("suicid", "kill myself", "want to die")
    if not sounds_like_danger(feel, texts, phrases):
        return []
    use_locale = True
    if country is None:
        known = read_details(home)
        country = known.plan_country or known.answers_country
        use_locale = not known.asked
    try:
        countries, fallback = library.crisis()
    except Exception:  # noqa: BLE001 - damaged packaged data: the built-in lines
        countries, fallback = {}, BUILT_IN_CRISIS
    locale = country_from_env(os.environ) if use_locale else None
    return draw(choose_crisis(countries, fallback, country, locale))


def country_code(given: str | None) -> str | None:
    """A code as given ("gb"), or a country's name ("New Zealand") turned into its code."""
    if not given or not given.strip():
        return None
    text = given.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    from careplan.store.countries import find_country

    return find_country(text) or text


def grounding_exercise(
    talk: TextIO, asked: str | None, now: datetime
) -> tuple[str, tuple[str, ...]]:
    """The exercise asked for, else one at random (seeded by the clock, so tests fix it)."""
    from careplan.core.safety import BUILT_IN_EXERCISE, find_exercise, random_exercise
    from careplan.store import library

    try:
        exercises = library.grounding()
    except Exception:  # noqa: BLE001 - damaged packaged data: the built-in one still helps
        return BUILT_IN_EXERCISE
    if not exercises:
        return BUILT_IN_EXERCISE
    name = find_exercise(exercises, asked) if asked else None
    if asked and name is None:
        write(
            talk,
            [f"careplan has no exercise called {asked!r}.", f"It has: {', '.join(exercises)}."],
        )
    return exercises[name or random_exercise(exercises, now.isoformat())]


def guide(out: TextIO, talk: TextIO, title: str, steps: tuple[str, ...]) -> None:
    """The exercise whole, or, at a terminal, one step at a time at the person's own pace."""
    from careplan.render.safety import exercise_intro, exercise_step

    write(out, exercise_intro(title))
    paced = _tty(sys.stdin) and _tty(sys.stdout)
    width = streams.terminal_width()
    for number, step in enumerate(steps, 1):
        write(out, exercise_step(number, step, width))
        if paced and number < len(steps) and not next_step(talk):
            write(talk, ["Stopped here. `careplan sos` is here whenever you need it."])
            return
    write(talk, ["Take your time. Those lines are there when you need them."])


def _tty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):
        return False


def next_step(talk: TextIO) -> bool:
    """Wait for Enter; False if the person stops (Ctrl-C, or the input ends)."""
    try:
        talk.write("Press Enter for the next step ")
        talk.flush()
        return sys.stdin.readline() != ""
    except KeyboardInterrupt:
        write(talk, [""])
        return False
    except (OSError, ValueError):
        return False
