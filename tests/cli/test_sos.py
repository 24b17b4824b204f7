"""`careplan sos`: crisis lines first, then the person's safety plan, then a grounding exercise.

It must work whatever state the files are in (none, broken, unreadable, read-only) and
never write a byte; the country comes from --country, else the plan, else the answers,
else the locale, else a fallback that works anywhere.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from careplan.core.errors import DataError
from careplan.core.safety import BUILT_IN_CRISIS, BUILT_IN_EXERCISE
from careplan.store import library

# (line number, emergency number) as the person must see them.
COUNTRIES = {
    "US": ("988 Suicide & Crisis Lifeline: 988", "Emergency: 911"),
    "CA": ("9-8-8 Suicide Crisis Helpline: 988", "Emergency: 911"),
    "GB": ("Samaritans: 116 123", "Emergency: 999"),
    "IE": ("Samaritans: 116 123", "Emergency: 112 or 999"),
    "AU": ("Lifeline: 13 11 14", "Emergency: 000"),
    "NZ": ("Need to talk? 1737 (call or text", "Emergency: 111"),
    "DE": ("TelefonSeelsorge: 0800 111 0 111", "Emergency: 112"),
    "AT": ("TelefonSeelsorge: 142", "Emergency: 112"),
    "CH": ("Die Dargebotene Hand: 143", "Emergency: 144 or 112"),
    "FR": ("3114 (national suicide prevention line): 3114", "Emergency: 112 or 15"),
    "NL": ("113 Zelfmoordpreventie: 113", "Emergency: 112"),
    "ES": ("Línea 024 (suicide prevention line): 024", "Emergency: 112"),
    "IN": ("Tele MANAS: 14416", "Emergency: 112"),
}
FALLBACK = "Emergency: call your local emergency number"
EXERCISES = {
    "senses": "5-4-3-2-1: come back through your senses",
    "breathing": "Slow breathing",
    "muscles": "Tense and release (progressive muscle relaxation)",
    "cold-water": "Cold water",
}


@pytest.fixture(autouse=True)
def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own locale must not pick the country in these tests."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def make_plan(cli, tmp_path: Path, country: str, extra: str = "") -> None:
    answers = tmp_path / f"answers-{country}.toml"
    answers.write_text(f'country = "{country}"\nenergy = "low"\n{extra}', encoding="utf-8")
    assert cli("init", "--answers", str(answers)).exit_code == 0


def lines_of(out: str, country: str) -> None:
    line, emergency = COUNTRIES[country]
    assert line in out and emergency in out, out
    assert FALLBACK not in out
    others = {COUNTRIES[c][0] for c in COUNTRIES} - {line}
    assert not any(other in out for other in others), out


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every path under `folder` with its mode, size and mtime: any write shows up here."""
    found = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        st = path.stat()
        found[str(path.relative_to(folder))] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return found


# -- which country -----------------------------------------------------------------


@pytest.mark.parametrize("country", sorted(COUNTRIES))
def test_country_option_with_no_data_directory(cli, isolated_home: Path, country: str) -> None:
    result = cli("sos", "--country", country.lower())
    assert result.exit_code == 0
    lines_of(result.stdout, country)
    assert not isolated_home.exists()


@pytest.mark.parametrize("country", sorted(COUNTRIES))
def test_the_plans_country_is_the_default(cli, tmp_path: Path, country: str) -> None:
    make_plan(cli, tmp_path, country)
    result = cli("sos")
    assert result.exit_code == 0
    lines_of(result.stdout, country)


@pytest.mark.parametrize("country", sorted(COUNTRIES))
def test_the_locale_is_the_default_without_a_plan(
    cli, monkeypatch: pytest.MonkeyPatch, country: str
) -> None:
    monkeypatch.setenv("LANG", f"en_{country}.UTF-8")
    lines_of(cli("sos").stdout, country)


def test_locale_variables_are_read_in_order_and_c_names_no_country(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_AU.UTF-8")
    monkeypatch.setenv("LC_MESSAGES", "en_NZ.UTF-8")
    lines_of(cli("sos").stdout, "NZ")
    monkeypatch.setenv("LC_ALL", "en_IE.UTF-8")
    lines_of(cli("sos").stdout, "IE")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # as containers set it: still a guess from the rest
    lines_of(cli("sos").stdout, "NZ")


def test_the_option_beats_the_plan_and_the_plan_beats_the_locale(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    make_plan(cli, tmp_path, "NZ")
    lines_of(cli("sos").stdout, "NZ")
    lines_of(cli("sos", "--country", "AU").stdout, "AU")
    lines_of(cli("sos", "--country", "UK").stdout, "GB")  # what many people type for GB


def test_with_nothing_to_go_on_the_fallback_names_the_local_emergency_number(cli) -> None:
    result = cli("sos")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "If you are in danger or might act on thoughts of harming yourself:",
        "  " + FALLBACK,
        "  Crisis lines in every country: findahelpline.com (a free directory)",
        "  Support lines worldwide: befrienders.org (Befrienders Worldwide)",
    ]
    assert "careplan has lines for AT, AU, CA, CH, DE, ES, FR, GB, IE, IN, NL, NZ or US." in lines
    assert "988" not in result.stdout  # never another country's number as if it were theirs
    assert "has no crisis lines" not in result.stdout


@pytest.mark.parametrize("where", ["option", "plan"])
def test_an_unknown_country_gets_the_fallback_not_another_countrys_lines(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")  # a person in Brazil with an English locale
    if where == "plan":
        make_plan(cli, tmp_path, "BR")
        result = cli("sos")
    else:
        make_plan(cli, tmp_path, "GB")
        result = cli("sos", "--country", "br")
    assert result.exit_code == 0
    assert FALLBACK in result.stdout
    assert "careplan has no crisis lines for BR yet." in result.stdout
    assert "116 123" not in result.stdout


# -- whatever state the files are in -------------------------------------------------


@pytest.mark.parametrize(
    "plan_text",
    ["this is = = not toml", "schema = 99\n", b"\xff\xfe not utf-8"],
    ids=["invalid-toml", "schema-99", "not-utf8"],
)
def test_a_broken_plan_still_gets_the_lines_from_the_answers_or_the_option(
    cli, tmp_path: Path, isolated_home: Path, plan_text: str | bytes
) -> None:
    make_plan(cli, tmp_path, "AU")
    plan = isolated_home / "plan.toml"
    plan.write_bytes(plan_text if isinstance(plan_text, bytes) else plan_text.encode())
    result = cli("sos")
    assert result.exit_code == 0
    assert "Error" not in result.stdout + result.stderr
    lines_of(result.stdout, "AU")  # the answers still say where the person is
    lines_of(cli("sos", "--country", "IE").stdout, "IE")
    assert "Let's slow things down together." in result.stdout


def test_a_broken_plan_and_no_answers_gives_the_fallback(cli, isolated_home: Path) -> None:
    isolated_home.mkdir()
    (isolated_home / "plan.toml").write_text("schema = 99\n")
    result = cli("sos")
    assert result.exit_code == 0 and FALLBACK in result.stdout
    assert "findahelpline.com" in result.stdout and "988" not in result.stdout


def test_a_broken_answers_file_is_mentioned_but_the_plans_country_still_holds(
    cli, tmp_path: Path, isolated_home: Path
) -> None:
    make_plan(cli, tmp_path, "NZ")
    (isolated_home / "answers.toml").write_text("[safety_plan\n")
    result = cli("sos")
    assert result.exit_code == 0
    lines_of(result.stdout, "NZ")
    assert "(Your answers.toml could not be read just now;" in result.stderr


@pytest.mark.parametrize("args", [(), ("--country", "GB"), ("--exercise", "cold")])
def test_a_read_only_data_directory_is_read_and_never_written(
    cli, tmp_path: Path, isolated_home: Path, args: tuple[str, ...]
) -> None:
    make_plan(cli, tmp_path, "CA", '[safety_plan]\npeople = ["Ana"]\n')
    before = snapshot(isolated_home)
    isolated_home.chmod(0o500)
    try:
        result = cli("sos", *args)
        # Tests may run as root, where chmod stops no write: the listing proves none happened.
        after = snapshot(isolated_home)
    finally:
        isolated_home.chmod(0o700)
    assert result.exit_code == 0
    assert ("Samaritans: 116 123" if args[:1] == ("--country",) else "Emergency: 911") in (
        result.stdout
    )
    assert "  - Ana" in result.stdout
    assert {k: v for k, v in after.items() if k != "."} == {
        k: v for k, v in before.items() if k != "."
    }
    assert after["."][1:] == before["."][1:]


@pytest.mark.parametrize("plan", ["current", "older-schema"])
def test_sos_never_calls_a_writer(
    cli, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, plan: str
) -> None:
    make_plan(cli, tmp_path, "GB")
    if plan == "older-schema":  # one a migration reads: still nothing is written back
        path = isolated_home / "plan.toml"
        path.write_text(re.sub(r"(?m)^schema = 1\n", "", path.read_text()))
    for name in ("ensure", "atomic_write", "append", "lock", "backup", "save_cache"):
        monkeypatch.setattr(f"careplan.store.store.Store.{name}", _refuse(name))
    result = cli("sos")
    assert result.exit_code == 0
    lines_of(result.stdout, "GB")


def _refuse(name: str):  # type: ignore[no-untyped-def]
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"sos called Store.{name}")

    return refuse


@pytest.fixture
def fresh_library() -> Iterator[None]:
    """Packaged data is cached per process: start and end each test with a clean cache."""
    for loader in (library.crisis, library.grounding):
        loader.cache_clear()
    yield
    for loader in (library.crisis, library.grounding):
        loader.cache_clear()


@pytest.mark.parametrize(
    "crisis_toml",
    [None, "not = = toml", '[countries.GB]\nname = "United Kingdom"\n'],
    ids=["missing", "invalid", "incomplete"],
)
def test_damaged_packaged_data_still_gives_lines_and_an_exercise(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_library: None, crisis_toml: str
) -> None:
    damaged = tmp_path / "templates"
    damaged.mkdir()
    if crisis_toml is not None:
        (damaged / "crisis.toml").write_text(crisis_toml)
        (damaged / "grounding.toml").write_text(crisis_toml)
    monkeypatch.setattr(library, "templates", lambda: damaged)
    monkeypatch.setattr(library, "folder", lambda: str(damaged))
    result = cli("sos", "--country", "GB")
    assert result.exit_code == 0
    assert f"  Emergency: {BUILT_IN_CRISIS.emergency}" in result.stdout
    assert "findahelpline.com" in result.stdout
    assert BUILT_IN_EXERCISE[0] in result.stdout and BUILT_IN_EXERCISE[1][-1] in result.stdout


def test_the_loaders_say_plainly_what_is_wrong_with_damaged_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_library: None
) -> None:
    (tmp_path / "crisis.toml").write_text("[countries.GB]\n")
    monkeypatch.setattr(library, "templates", lambda: tmp_path)
    monkeypatch.setattr(library, "folder", lambda: str(tmp_path))
    with pytest.raises(DataError, match=r"careplan's own data file crisis.toml is missing"):
        library.crisis()


# -- the person's safety plan, and the order of things -----------------------------------


def test_crisis_lines_then_the_safety_plan_then_the_exercise(cli, tmp_path: Path) -> None:
    make_plan(
        cli,
        tmp_path,
        "GB",
        '[safety_plan]\nwarning_signs = ["staying in bed all day"]\n'
        'people = ["Priya (text her)"]\nenvironment = ["keys with Priya"]\n',
    )
    out = cli("sos", "--exercise", "breathing").stdout
    order = [
        "Samaritans: 116 123",
        "Your safety plan",
        "Warning signs:",
        "  - staying in bed all day",
        "People I can ask for help:",
        "  - Priya (text her)",
        "Making my surroundings safer:",
        "  - keys with Priya",
        "Slow breathing",
    ]
    where = [out.index(text) for text in order]
    assert where == sorted(where), out
    assert "Not filled in yet" not in out  # sos shows what there is, nothing to do


def test_no_safety_plan_means_no_safety_plan_section(cli, tmp_path: Path) -> None:
    make_plan(cli, tmp_path, "GB")
    assert "Your safety plan" not in cli("sos").stdout


# -- the exercise ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_each_exercise_by_name_is_printed_whole_when_not_at_a_terminal(cli, name: str) -> None:
    result = cli("sos", "--exercise", name)
    assert result.exit_code == 0
    out = result.stdout
    assert EXERCISES[name] in out
    assert re.search(r"^  5\. ", out, re.M), out  # all five steps, no waiting
    assert "Press Enter" not in out + result.stderr


@pytest.mark.parametrize(
    ("asked", "name"),
    [("cold", "cold-water"), ("5-4-3-2-1", "senses"), ("breath", "breathing"),
     ("Progressive", "muscles"), ("MUSCLES", "muscles")],
)  # fmt: skip
def test_an_exercise_can_be_asked_for_in_a_few_words(cli, asked: str, name: str) -> None:
    assert EXERCISES[name] in cli("sos", "--exercise", asked).stdout


def test_an_unknown_exercise_still_gives_one_and_says_which_there_are(cli) -> None:
    result = cli("sos", "--exercise", "yoga")
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "careplan has no exercise called 'yoga'.\nIt has: senses, breathing, muscles, cold-water.\n"
    )
    assert sum(title in result.stdout for title in EXERCISES.values()) == 1


def exercise_shown(out: str) -> str:
    (found,) = [name for name, title in EXERCISES.items() if title in out]
    return found


def test_without_a_choice_the_exercise_is_random_but_fixed_by_the_clock(cli, clock) -> None:
    clock.set("2026-11-25T09:00:17")
    first = exercise_shown(cli("sos").stdout)
    clock.set("2026-11-25T09:00:17")
    assert exercise_shown(cli("sos").stdout) == first  # same moment, same exercise
    seen = set()
    for minute in range(20):
        clock.set(f"2026-11-25T09:{minute:02}:17")
        seen.add(exercise_shown(cli("sos").stdout))
    assert len(seen) >= 3, seen


# -- at a real terminal: one step at a time ------------------------------------------


def spawn_sos(home: Path, cwd: Path, *args: str) -> tuple[pexpect.spawn, list[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(CAREPLAN_HOME=str(home), NO_COLOR="1", TERM="dumb", COLUMNS="100", LINES="40")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "careplan", "sos", *args],
        env=env,
        cwd=str(cwd),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
        # Ctrl-C as in a person's terminal, even when pytest runs in the background
        # (`pytest &` starts with SIGINT ignored, and a child would inherit that).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    steps = [
        "Sit or stand with your feet flat on the floor.",
        "Breathe in through your nose for a count of four.",
        "Hold gently for a count of two.",
        "Breathe out slowly through your mouth for a count of six.",
        "Repeat five times. Let your shoulders drop on each out-breath.",
    ]
    return child, steps


def test_at_a_terminal_the_exercise_waits_for_enter_between_steps(
    isolated_home: Path, tmp_path: Path
) -> None:
    child, steps = spawn_sos(isolated_home, tmp_path, "--exercise", "breathing", "--country", "NZ")
    child.expect_exact("1737")
    for number, step in enumerate(steps, 1):
        child.expect_exact(f"{number}. {step}")
        if number < len(steps):
            child.expect_exact("Press Enter for the next step")
            assert steps[number] not in (child.before or "")
            if number == 1:  # nothing more arrives until Enter: the next step waits
                assert child.expect([re.escape(steps[1]), pexpect.TIMEOUT], timeout=0.5) == 1
            child.send("\r")
    child.expect_exact("Take your time. Those lines are there when you need them.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not isolated_home.exists()


def test_at_a_terminal_ctrl_c_ends_the_exercise_kindly(
    isolated_home: Path, tmp_path: Path
) -> None:
    child, _ = spawn_sos(isolated_home, tmp_path, "--exercise", "breathing")
    child.expect_exact("Press Enter for the next step")
    child.sendintr()
    child.expect_exact("Stopped here. `careplan sos` is here whenever you need it.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


# -- where to go in a crisis -----------------------------------------------------------


def test_top_level_help_says_where_to_go_in_a_crisis(cli) -> None:
    out = cli("--help").stdout
    assert "In a crisis, run `careplan sos`" in out
    assert re.search(r"^\s+sos\s", out, re.M) and re.search(r"^\s+safety-plan\s", out, re.M)


def test_every_crisis_entry_names_its_official_source() -> None:
    text = (library.templates() / "crisis.toml").read_text(encoding="utf-8")
    sections = re.split(r"^(?=\[)", text, flags=re.M)[1:]
    assert {s.split("]")[0] for s in sections} == {
        *(f"[countries.{code}" for code in COUNTRIES),
        "[fallback",
    }
    for section in sections:
        numbers = re.findall(r'number = "([^"]+)"', section)
        sources = re.findall(r"^\s*# Source: https://\S+", section, re.M)
        assert numbers and len(sources) >= len(numbers), section


@pytest.mark.parametrize("country", [*sorted(COUNTRIES), "BR"])
def test_everything_sos_says_fits_60_columns(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, country: str
) -> None:
    make_plan(cli, tmp_path, country, '[safety_plan]\ncoping = ["a slow walk round the block"]\n')
    monkeypatch.setenv("COLUMNS", "60")
    for exercise in [*EXERCISES, "yoga"]:
        result = cli("sos", "--exercise", exercise)
        lines = (result.stdout + result.stderr).splitlines()
        assert [line for line in lines if len(line) > 60] == []
