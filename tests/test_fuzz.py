"""Hand edits gone wrong, many times over: mutated plan.toml, answers and history files.

Whatever the file holds, careplan answers with output or one plain error: never a
traceback, exit code 0, 1 or 2 only, and a read never rewrites the person's file.
The in-process `cli` fixture lets exceptions through, so any crash fails the test.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from careplan.core.generate import generate_plan
from careplan.store import answers_file, library, plan_file

ANSWERS = library.example_answers_text()
PLAN = plan_file.plan_to_toml(
    generate_plan(
        answers_file.parse_answers(ANSWERS, "a.toml"),
        library.steps(),
        date(2026, 11, 25),
        words=library.stressor_words(),
    )
)
# The single history.jsonl of an earlier careplan (format 1), which careplan still reads.
HISTORY = """\
{"day":"2026-11-23","at":"2026-11-23T09:00:00","kind":"done","step":"name-check-in"}
{"day":"2026-11-24","at":"2026-11-24T09:00:00","kind":"checkin","feel":3}
{"day":"2026-11-24","at":"2026-11-24T09:00:00","kind":"skip","step":"pro-book-doctor"}
{"day":"2026-11-25","at":"2026-11-25T08:00:00","kind":"done","step":"name-check-in"}
"""
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NUMBERS = ["99999999999999999999999", "-5", "0", "-0", "3.5", "1e400", "nan", "-inf", '"7"',
           "1" + "0" * 400, "0x1F", "1_000", "25:99", "2026-13-45"]  # fmt: skip
VALUES = ["[]", '[1, "a"]', "true", '"text"', '""', "{}", "{a = 1}", "1979-05-27T07:32:00Z",
          "07:32:00", "-1", '"25:99"', '"every 0 days"', '"mon funday"', "[[1]]"]  # fmt: skip
LINES = ["mood = 3", "x.y = 1", "[extra]", "[[steps]]", "[[stressors]]", "[[support]]",
         "sleep = 1", '"" = 1', "schema = 2", "schema = 0", "[sleep]", "hours = 30",
         'id = "name-check-in"', "expected = 11", "feel = 11", "  ", "# a comment"]  # fmt: skip
BAD_BYTES = [b"\xff", b"\xc3", b"\xe9t\xe9", b"\x80\x80", b"\x00", b"\xef\xbb\xbf"]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
VALUE = re.compile(r"=\s*.*$")


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """The text after one to four careless edits."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = ["\n"]
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "flip", "number", "type", "insert", "blank"]
            )
        )
        line = lines[at]
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, line)
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "flip" and line.strip():
            pos = draw(st.integers(0, len(line) - 1))
            char = draw(st.sampled_from("=[]{}\"'#\\.,-_ 0aZé\t") | st.characters())
            lines[at] = line[:pos] + char + line[pos + 1 :]
        elif kind == "number" and NUMBER.search(line):
            found = list(NUMBER.finditer(line))
            hit = found[draw(st.integers(0, len(found) - 1))]
            lines[at] = line[: hit.start()] + draw(st.sampled_from(NUMBERS)) + line[hit.end() :]
        elif kind == "type" and VALUE.search(line):
            lines[at] = VALUE.sub(lambda _: "= " + draw(st.sampled_from(VALUES)), line) + "\n"
        elif kind == "insert":
            lines.insert(at, draw(st.sampled_from(LINES)) + "\n")
        elif kind == "blank":
            lines[at] = "\n"
    data = "".join(lines).encode("utf-8")
    if draw(st.booleans()) and data:
        cut = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            data = data[:cut]  # truncated
        else:
            data = data[:cut] + draw(st.sampled_from(BAD_BYTES)) + data[cut:]
    return data


def fresh(home: Path, files: dict[str, bytes]) -> None:
    """A new data folder for each example (isolated_home is per test, not per example),
    its files private as careplan makes them, so doctor's privacy check stays quiet."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(mode=0o700)
    for name, data in files.items():
        (home / name).write_bytes(data)
        (home / name).chmod(0o600)


def ok(result, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code and args[0] != "doctor":  # doctor reports on stdout
        assert result.stderr.startswith("Error: "), (args, result.stderr)


READS = [("today",), ("today", "--json"), ("review",), ("review", "--json"), ("plan",),
         ("plan", "check"), ("doctor",)]  # fmt: skip


@settings(FUZZ, max_examples=150)
@given(data=mutated(PLAN))
def test_a_mutated_plan_never_crashes_and_is_never_rewritten(
    cli, isolated_home: Path, data: bytes
) -> None:
    fresh(isolated_home, {"plan.toml": data, "answers.toml": ANSWERS.encode(),
                          "history.jsonl": HISTORY.encode()})  # fmt: skip
    plan = isolated_home / "plan.toml"
    for args in READS:
        result = cli(*args)
        ok(result, args)
        assert plan.read_bytes() == data, args
        if args == ("today",):
            event(f"today: exit {result.exit_code}")  # see --hypothesis-show-statistics
    done = cli("done", "1")
    ok(done, ("done", "1"))
    assert plan.read_bytes() == data
    assert (isolated_home / "history.jsonl").read_text() == HISTORY  # never written again
    written = list((isolated_home / "history").glob("*.jsonl"))
    lines = [line for p in written for line in p.read_text().splitlines()]
    # (Plan records: the plan as changed since the last example, kept in force from today.)
    assert sum('"kind":"plan"' not in line for line in lines) == (done.exit_code == 0)


@settings(FUZZ, max_examples=60)
@given(data=mutated(ANSWERS))
def test_mutated_answers_make_a_plan_or_one_plain_error(
    cli, isolated_home: Path, tmp_path: Path, data: bytes
) -> None:
    shutil.rmtree(isolated_home, ignore_errors=True)
    answers = tmp_path / "my-answers.toml"
    answers.write_bytes(data)
    result = cli("init", "--answers", str(answers))
    ok(result, ("init",))
    assert result.exit_code in (0, 1)
    event(f"init: exit {result.exit_code}")
    assert answers.read_bytes() == data
    if result.exit_code == 1:
        assert not (isolated_home / "plan.toml").exists()  # nothing half-made
        return
    for args in (("today",), ("plan", "check"), ("doctor",)):
        again = cli(*args)
        assert again.exit_code == 0, (
            args,
            again.stdout,
            again.stderr,
        )  # what careplan saved, it reads


@settings(FUZZ, max_examples=60)
@given(data=mutated(HISTORY))
def test_a_mutated_history_is_read_around_never_fatal(
    cli, isolated_home: Path, data: bytes
) -> None:
    fresh(isolated_home, {"plan.toml": PLAN.encode(), "history.jsonl": data})
    history = isolated_home / "history.jsonl"
    for args in (("today",), ("review", "--json"), ("doctor",)):
        result = cli(*args)
        ok(result, args)
        assert result.exit_code in (0, 1)
        assert history.read_bytes() == data, args
    for args in (("today",), ("done", "1")):
        result = cli(*args)
        # A format number made larger than careplan's own is a newer careplan's history.
        assert result.exit_code == 0 or "newer careplan" in result.stderr, (args, result.stderr)
    assert history.read_bytes() == data  # every earlier byte kept; ours go in history/
