"""`careplan init` in a real pseudo-terminal, driven like a person at a keyboard.

Each test spawns `python -m careplan init` under pexpect with its own CAREPLAN_HOME.
Questions are recognised by their own text from careplan.core.interview.Q, with any run of
whitespace allowed to be a line break (rich wraps long prompts), so rewording a
question in interview.py does not break these tests, while asking the questions in
another order, re-asking one, or hanging does.
"""

from __future__ import annotations

import io
import os
import re
import signal
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest

from careplan.core.interview import Q
from careplan.store import plan_file

TIMEOUT = 20  # seconds for any one expectation; a run takes about a second

# Rich ends a prompt with " (default): " when the question has a default, else ": ".
PROMPT_END = r"(?:\s+\([^()\n]*\))?: "
# Any prompt at all: the interview writes one and waits, so the output ends in ": ".
ANY_PROMPT = r"\S: $"


def shown(text: str) -> str:
    """A regex for text as the terminal shows it: any space may have become a line break."""
    return r"\s+".join(re.escape(word) for word in text.split())


def question(key: str, **fmt: str) -> str:
    """A regex for question `key` on screen, up to where the cursor waits for a reply."""
    return shown(Q[key].text.format(**fmt)) + PROMPT_END


def option(key: str, value: str) -> str:
    """What a person types to pick `value` from a choice question: its number on screen."""
    values = [v for v, _ in Q[key].options]
    return str(values.index(value) + 1)


# Identifying an arbitrary prompt: formatted questions get a wildcard for their blank.
_KEY_PATTERNS = {
    key: re.compile(
        r"\s+".join(
            r"\S.*?" if re.fullmatch(r".*\{\w+\}.*", word) else re.escape(word)
            for word in q.text.split()
        )
        + PROMPT_END
        + r"$",
        re.DOTALL,
    )
    for key, q in Q.items()
}


def which_question(screen: str) -> str:
    """The key of the question the screen ends with ("?" if it is none of them)."""
    found = [
        (match.start(), key)
        for key, pattern in _KEY_PATTERNS.items()
        if (match := pattern.search(screen))
    ]
    # The longest match (earliest start) wins, should one question end like another.
    return min(found)[1] if found else "?"


def _default_ctrl_c() -> None:
    """In the child before exec: let Ctrl-C interrupt, as in a person's own terminal.

    A runner that starts pytest in the background (`pytest &` in a script, some CI
    agents) ignores SIGINT, the child would inherit that, and Python would then never
    raise KeyboardInterrupt.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Person:
    """One `careplan init` in a pseudo-terminal, and the person answering it."""

    def __init__(self, home: Path, cwd: Path, *args: str) -> None:
        env = dict(os.environ)
        env.update(
            CAREPLAN_HOME=str(home),
            NO_COLOR="1",
            COLUMNS="100",
            # Rich ignores COLUMNS on TERM=dumb unless LINES is set too (then 80 wide).
            LINES="40",
            TERM="dumb",
        )
        self.transcript = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable,
            args=["-m", "careplan", "init", *args],
            env=env,
            cwd=str(cwd),  # not the repo: only the installed package is importable
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(40, 100),
            preexec_fn=_default_ctrl_c,
        )
        self.child.logfile_read = self.transcript

    def tail(self, chars: int = 1500) -> str:
        return self.transcript.getvalue()[-chars:]

    def fail(self, what: str) -> None:
        self.child.terminate(force=True)
        pytest.fail(f"{what}\n--- last of the terminal ---\n{self.tail()}", pytrace=False)

    def wait_for(self, key: str, **fmt: str) -> None:
        """Wait for question `key`; fail at once if careplan asks something else or ends."""
        try:
            seen = self.child.expect([question(key, **fmt), ANY_PROMPT, pexpect.EOF])
        except pexpect.TIMEOUT:
            seen = -1
        if seen == 0:
            return
        if seen == 1:
            assert isinstance(self.child.before, str)
            assert isinstance(self.child.after, str)
            other = which_question(self.child.before + self.child.after)
            problem = f"careplan asked {other!r} where the {key!r} question was expected"
        elif seen == 2:
            problem = f"careplan ended before asking the {key!r} question"
        else:
            problem = f"careplan did not ask the {key!r} question within {TIMEOUT} s"
        self.fail(problem)

    def answer(self, key: str, reply: str = "", **fmt: str) -> None:
        """Wait for question `key`, type `reply` and press Enter ("" just presses Enter)."""
        self.wait_for(key, **fmt)
        self.child.send(reply + "\r")

    def questions(self, limit: int = 60) -> Iterator[str]:
        """Each question's key as it is asked, until careplan exits; the caller replies."""
        for _ in range(limit):
            try:
                seen = self.child.expect([ANY_PROMPT, pexpect.EOF])
            except pexpect.TIMEOUT:
                seen = -1
            if seen == 1:
                return
            if seen == -1:
                self.fail(f"careplan neither asked anything nor ended within {TIMEOUT} s")
            assert isinstance(self.child.before, str)
            assert isinstance(self.child.after, str)
            yield which_question(self.child.before + self.child.after)
        self.fail(f"careplan was still asking questions after {limit} replies")

    def finish(self) -> tuple[int | None, int | None, str]:
        """Wait for careplan to end: (exit status, signal, everything it showed)."""
        if self.child.expect([pexpect.EOF, pexpect.TIMEOUT]) == 1:
            self.fail(f"careplan did not end within {TIMEOUT} s of the last reply")
        self.child.close()
        return self.child.exitstatus, self.child.signalstatus, self.transcript.getvalue()


def read_toml(path: Path) -> dict[str, Any]:
    assert path.is_file(), f"{path.name} was not written to {path.parent}"
    with path.open("rb") as handle:
        return tomllib.load(handle)


def test_a_person_answers_the_interview_and_gets_their_own_plan(
    isolated_home: Path, tmp_path: Path
) -> None:
    person = Person(isolated_home, tmp_path)
    person.answer("name", "Robin")
    person.answer("country", "gb")
    person.answer("numb_for", option("numb_for", "months"))
    person.answer("energy", option("energy", "high"))
    person.answer("contributing", "stress, grief")
    person.answer("safety", "no")
    person.answer("sleep_hours", "6")
    person.answer("bedtime", "00:30")
    person.answer("wake")
    person.answer("sleep_quality", "2")
    person.answer("stressor", "deadlines at work")
    person.answer("idea", "ask for one extension", what="deadlines at work")
    person.answer("stressor")  # that is all of them
    person.answer("person", "Marisol")
    person.answer("contact", option("contact", "call"), name="Marisol")
    person.answer("person")
    person.answer("pro_has")
    person.answer("pro_wants")
    person.answer("activities", "pottery")
    person.answer("expected", "3", activity="pottery")
    for key in ("movement", "creative", "medication", "alcohol"):
        person.answer(key)
    person.answer("day_start")
    person.answer("want_safety_plan")
    person.answer("remind")  # no, the default: nothing is installed
    status, killed_by, screen = person.finish()

    assert (status, killed_by) == (0, None), f"careplan init failed:\n{screen[-1500:]}"
    assert "Traceback" not in screen

    plan = read_toml(isolated_home / "plan.toml")
    titles = [step["title"] for step in plan["steps"]]
    assert any("Marisol" in title for title in titles), titles
    assert any("pottery" in title for title in titles), titles
    assert plan["schema"] == 1
    assert plan["name"] == "Robin"
    assert plan["country"] == "GB"

    answers = read_toml(isolated_home / "answers.toml")
    assert answers["name"] == "Robin"
    assert answers["numb_for"] == "months"
    assert answers["energy"] == "high"
    assert answers["contributing"] == ["stress", "grief"]
    assert answers["safety_concern"] is False
    assert answers["sleep"] == {"hours": 6.0, "bedtime": "00:30", "quality": 2}
    assert answers["stressors"] == [{"what": "deadlines at work", "idea": "ask for one extension"}]
    assert answers["support"] == [{"name": "Marisol", "contact": "call"}]
    assert answers["activities"] == ["pottery"]
    assert answers["expected"] == {"pottery": 3}
    assert answers["country"] == "GB"
    assert answers["day_starts_at"] == "04:00"
    assert answers["professional"] == {"has": False, "wants": False}
    assert "safety_plan" not in answers


def test_pressing_only_enter_gives_a_valid_plan(isolated_home: Path, tmp_path: Path) -> None:
    person = Person(isolated_home, tmp_path)
    asked = []
    for key in person.questions():
        asked.append(key)
        person.child.send("\r")
    status, killed_by, screen = person.finish()

    assert (status, killed_by) == (0, None), f"careplan init failed:\n{screen[-1500:]}"
    assert "Traceback" not in screen
    assert "?" not in asked, f"a prompt that is not in interview.Q was shown: {asked}"
    # Every default must be a usable reply: a rejected one would ask the same thing again.
    assert len(asked) == len(set(asked)), f"a question was asked twice: {asked}"
    assert {"name", "energy", "safety", "sleep_hours", "country"} <= set(asked), asked

    text = (isolated_home / "plan.toml").read_text(encoding="utf-8")
    plan = tomllib.loads(text)
    assert plan["schema"] == 1
    assert len(plan["steps"]) >= 2, plan["steps"]
    for step in plan["steps"]:
        for field in ("id", "title", "category", "minutes", "schedule", "why", "tiny"):
            assert step.get(field), f"step {step.get('id')!r} has no {field}: {step}"
        assert isinstance(step["minutes"], int)
        assert step["minutes"] > 0
    plan_file.parse_plan(text, "plan.toml")  # and careplan itself accepts it
    assert (isolated_home / "answers.toml").is_file()


@pytest.mark.parametrize(
    ("stop_at", "typed"),
    [
        ("name", ""),  # the very first question
        ("person", "Mari"),  # midway, one stressor given, a name half typed
        ("want_safety_plan", ""),
        ("remind", "y"),  # the last question, just before anything is saved
    ],
)
def test_ctrl_c_stops_without_saving_anything(
    isolated_home: Path, tmp_path: Path, stop_at: str, typed: str
) -> None:
    replies = {"name": "Robin", "stressor": "money worries", "idea": "see a debt adviser"}
    person = Person(isolated_home, tmp_path)
    asked = []
    for key in person.questions():
        asked.append(key)
        if key == stop_at:
            person.child.send(typed)
            person.child.sendintr()
            break
        person.child.send(replies.pop(key, "") + "\r")  # each reply once, then Enter
    else:
        pytest.fail(f"careplan ended without asking {stop_at!r}; it asked {asked}")
    status, killed_by, screen = person.finish()

    # 130 is the shell's "stopped by Ctrl-C"; dying of the SIGINT itself says the same.
    assert (status, killed_by) in ((130, None), (None, signal.SIGINT)), (
        f"after Ctrl-C careplan exited with {status} (signal {killed_by}):\n{screen[-1500:]}"
    )
    assert "nothing was saved" in screen.lower(), screen[-1500:]
    assert "Traceback" not in screen

    found = isolated_home.rglob("*") if isolated_home.exists() else []
    left = sorted(p.relative_to(isolated_home).as_posix() for p in found)
    assert "plan.toml" not in left
    assert "answers.toml" not in left
    assert not [name for name in left if name.endswith(".tmp") or name.startswith(".plan.toml.")]
    assert left == [], f"Ctrl-C left files in CAREPLAN_HOME: {left}"


def test_danger_shows_the_persons_own_lines_at_once_and_stopping_keeps_one_help_step(
    isolated_home: Path, tmp_path: Path
) -> None:
    person = Person(isolated_home, tmp_path)
    person.answer("name", "Robin")
    person.answer("country", "United Kingdom")
    person.answer("numb_for")
    person.answer("energy")
    person.answer("contributing")
    person.answer("safety", "yes")
    person.wait_for("keep_going")
    before_next = person.tail(3000)
    assert "116 123" in before_next, before_next  # Samaritans, before the next question
    assert "988" not in before_next
    person.child.send("no\r")
    person.answer("want_safety_plan_now")  # Enter: yes, the default
    for part in ("warning_signs", "coping", "distractions", "people", "professionals"):
        person.answer(part, "call Sam" if part == "people" else "")
    person.answer("environment")
    status, killed_by, screen = person.finish()

    assert (status, killed_by) == (0, None), screen[-1500:]
    plan = read_toml(isolated_home / "plan.toml")
    assert [step["id"] for step in plan["steps"]] == ["pro-crisis-today"]
    assert plan["steps"][0]["schedule"] == "daily"
    after = screen[screen.index("Your plan is ready") - 400 :]
    assert "streak" not in after
    answers = read_toml(isolated_home / "answers.toml")
    assert answers["safety_plan"] == {"people": ["call Sam"]}


def test_grief_is_asked_gently_and_heavy_drinking_gets_the_caution(
    isolated_home: Path, tmp_path: Path
) -> None:
    """Answered by question, not by position, so questions added elsewhere do not matter."""
    person = Person(isolated_home, tmp_path)
    replies = {
        "contributing": ["grief"],
        "stressor": ["losing my dad", ""],
        "carry": ["call my sister on Sundays"],
        "alcohol": [option("alcohol", "a lot")],
    }
    asked = []
    for key in person.questions():
        asked.append(key)
        queue = replies.get(key, [])
        person.child.send((queue.pop(0) if queue else "") + "\r")
    status, killed_by, screen = person.finish()

    assert (status, killed_by) == (0, None), f"careplan init failed:\n{screen[-1500:]}"
    assert "carry" in asked and "idea" not in asked, asked
    assert "manager" not in screen and "school run" not in screen
    assert re.search(shown("stopping suddenly can be risky (withdrawal)"), screen), screen[-1500:]
    plan = read_toml(isolated_home / "plan.toml")
    titles = [step["title"] for step in plan["steps"]]
    assert "Call my sister on Sundays (losing my dad)" in titles, titles
    substances = [s["id"] for s in plan["steps"] if s["category"] == "substances"]
    assert substances[:1] == ["subs-doctor-first"], substances


def test_maybe_11pm_and_a_step_back_work_at_a_real_terminal(
    isolated_home: Path, tmp_path: Path
) -> None:
    """Issue 17: honest answers and a way back, typed as a tired person would."""
    person = Person(isolated_home, tmp_path)
    person.answer("name", "back")  # nothing before the first question: it is asked again
    person.answer("name", "Robin")
    person.answer("country", "nz")
    person.answer("numb_for", "back")  # back to the country, to change it
    person.answer("country", "gb")
    person.answer("numb_for")
    person.answer("energy", option("energy", "low"))
    person.answer("contributing")
    person.answer("safety", "no")
    person.answer("sleep_hours", "6")
    person.answer("bedtime", "11pm")
    person.answer("wake", "7am")
    person.answer("sleep_quality", "2")
    person.answer("stressor")
    person.answer("person")
    person.answer("pro_has", "not sure")
    person.answer("pro_wants", "maybe")
    for key in ("activities", "movement", "creative", "medication", "alcohol"):
        person.answer(key)
    person.answer("day_start")
    person.answer("want_safety_plan")
    person.answer("remind")
    status, _, screen = person.finish()
    assert status == 0, screen[-1500:]
    answers = read_toml(isolated_home / "answers.toml")
    assert answers["name"] == "Robin" and answers["country"] == "GB"
    assert answers["sleep"]["bedtime"] == "23:00" and answers["sleep"]["wake"] == "07:00"
    assert answers["not_sure"] == ["professional.has", "professional.wants"]
    assert answers["professional"] == {"has": False, "wants": False}  # maybe stays maybe
    assert "nothing to go back to" in screen
