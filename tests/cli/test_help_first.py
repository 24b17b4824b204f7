"""Help is never wrong: the country is known, never guessed; sos comes first; the person's
words are shown as text; what sounds like danger gets a gentle pointer to help.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from careplan.core.safety import choose_crisis, wording_problems
from careplan.render.safety import danger_pointer
from careplan.store import library

LOCALES = ["C", "C.UTF-8", "POSIX", None, "en_GB.UTF-8", "de_DE.UTF-8"]
LOCALE_COUNTRY = {"en_GB.UTF-8": "GB", "de_DE.UTF-8": "DE"}
# What a person types at the country question -> the code careplan stores (None: none).
COUNTRY_ANSWERS = {
    "New Zealand": "NZ",
    "nz": "NZ",
    "NZL": "NZ",
    "uK": "GB",
    "united kingdom": "GB",
    "Deutschland": "DE",
    "usa": "US",
    "US": "US",
    "": None,  # Enter: the locale's country if it names one, else none
    "Narnia": None,
    "no": None,  # a way of not answering, not Norway
}
US_LINES = ("988", "911")


def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def stored(home: Path, name: str) -> dict[str, object]:
    return tomllib.loads((home / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("locale", LOCALES, ids=lambda v: str(v))
@pytest.mark.parametrize("typed", list(COUNTRY_ANSWERS), ids=lambda v: v or "blank")
def test_the_country_is_known_never_guessed(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, typed: str, locale: str | None
) -> None:
    no_locale(monkeypatch)
    if locale is not None:
        monkeypatch.setenv("LANG", locale)
    # The name, then the country (asked before the safety question), then Enter for the rest.
    result = cli("init", input=f"\n{typed}\n" + "\n" * 80)
    assert result.exit_code == 0, result.stderr
    expected = COUNTRY_ANSWERS[typed]
    if typed == "":
        expected = LOCALE_COUNTRY.get(locale or "")
    answers = stored(isolated_home, "answers.toml")
    assert (answers.get("country") or None) == expected
    assert (stored(isolated_home, "plan.toml").get("country") or None) == expected

    sos = cli("sos", "--exercise", "breathing").stdout
    if expected is None:
        assert "Emergency: call your local emergency number" in sos
        assert "findahelpline.com" in sos  # the international directory
        assert "careplan sos --country XX" in sos  # how to set it
    if expected != "US":
        assert not any(number in sos for number in US_LINES), sos
    if expected == "GB":
        assert "Samaritans: 116 123" in sos
    if expected == "NZ":
        assert "1737" in sos
    init_said = result.stderr
    assert "`careplan sos` will show" in init_said or "No country saved" in init_said


@pytest.mark.parametrize(
    ("given", "code"),
    [("New Zealand", "NZ"), ("nz", "NZ"), ("UK", "GB"), ("United Kingdom", "GB"),
     ("Deutschland", "DE"), ("usa", "US"), ("NZL", "NZ"), ("ireland", "IE")],
)  # fmt: skip
def test_the_answers_file_takes_names_and_codes(
    cli, tmp_path: Path, isolated_home: Path, given: str, code: str
) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(f'country = "{given}"\n', encoding="utf-8")
    assert cli("init", "--answers", str(answers)).exit_code == 0
    assert stored(isolated_home, "answers.toml")["country"] == code


def test_an_unknown_country_in_an_answers_file_is_named(cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text('name = "Sam"\ncountry = "Narnia"\n', encoding="utf-8")
    result = cli("init", "--answers", str(answers))
    assert result.exit_code == 1
    assert "line 2" in result.stderr and "country" in result.stderr and "Narnia" in result.stderr
    assert "Traceback" not in result.stderr


def test_sos_country_option_takes_a_name(cli) -> None:
    out = cli("sos", "--country", "new zealand", "--exercise", "breathing").stdout
    assert "1737" in out and "911" not in out


def test_enter_at_the_safety_question_is_not_no(cli, isolated_home: Path) -> None:
    assert cli("init", input="\n" * 80).exit_code == 0
    assert "safety_concern" not in stored(isolated_home, "answers.toml")


# -- sos first, always ------------------------------------------------------------


def careplan(*args: str, home: Path, **env: str) -> subprocess.Popen[bytes]:
    full = {**os.environ, "CAREPLAN_HOME": str(home), **env}
    return subprocess.Popen(
        [sys.executable, "-m", "careplan", *args],
        env=full,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def make_plan(cli, tmp_path: Path, extra: str = "") -> None:
    answers = tmp_path / "answers-in.toml"
    answers.write_text(f'country = "GB"\nenergy = "low"\n{extra}', encoding="utf-8")
    assert cli("init", "--answers", str(answers)).exit_code == 0


def test_sos_shows_the_lines_within_a_second_while_the_files_hang(
    cli, tmp_path: Path, isolated_home: Path
) -> None:
    make_plan(cli, tmp_path)
    for name in ("plan.toml", "answers.toml"):
        (isolated_home / name).unlink()
        os.mkfifo(isolated_home / name)  # opening it for reading waits for a writer: forever
    started = time.monotonic()
    child = careplan("sos", "--exercise", "breathing", home=isolated_home)
    assert child.stdout is not None
    seen = b""
    deadline = started + 1.0
    try:
        while b"Emergency" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select(
                [child.stdout], [], [], max(0, deadline - time.monotonic())
            )
            if ready:
                chunk = os.read(child.stdout.fileno(), 4096)
                if not chunk:
                    break
                seen += chunk
        assert b"Emergency" in seen, f"no crisis lines within 1 s: {seen!r}"
        assert child.wait(timeout=10) == 0
    finally:
        child.kill()


def test_sos_with_an_ascii_terminal_prints_all_three_parts(
    cli, tmp_path: Path, isolated_home: Path
) -> None:
    make_plan(cli, tmp_path, '[safety_plan]\ncoping = ["a café with Zoë — slowly"]\n')
    child = careplan("sos", "--exercise", "senses", home=isolated_home, PYTHONIOENCODING="ascii")
    out, err = child.communicate(timeout=30)
    assert child.returncode == 0, err
    text = out.decode("ascii")
    assert "Samaritans: 116 123" in text
    assert "Your safety plan" in text and "a caf? with Zo?" in text
    assert "5-4-3-2-1" in text and "5. Notice one thing" in text
    assert b"Traceback" not in err


def test_sos_with_stdin_closed_and_no_terminal(isolated_home: Path) -> None:
    child = subprocess.run(
        [sys.executable, "-m", "careplan", "sos"],
        env={**os.environ, "CAREPLAN_HOME": str(isolated_home)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
        close_fds=True,
    )
    assert child.returncode == 0 and b"Emergency" in child.stdout


# -- the person's words are text, never terminal commands ----------------------------

HOSTILE = "Sam\x1b[2J\x1b]52;c;aGVsbG8=\x07\u202eevil"


def test_escape_sequences_never_reach_the_terminal(
    cli, tmp_path: Path, isolated_home: Path
) -> None:
    import tomli_w

    answers = tmp_path / "hostile.toml"
    data = {"name": HOSTILE, "support": [{"name": HOSTILE}], "safety_plan": {"coping": [HOSTILE]}}
    answers.write_text(tomli_w.dumps(data), encoding="utf-8")
    assert cli("init", "--answers", str(answers)).exit_code == 0
    for args in (["sos"], ["safety-plan"], ["today"], ["plan"], ["review"], ["today", "--json"]):
        result = cli(*args)
        shown = result.stdout + result.stderr
        for bad in ("\x1b", "\x07", "\u202e"):
            assert bad not in shown, (args, bad)
    shown = cli("safety-plan").stdout
    assert "Sam\\x1b[2J" in shown  # made visible, not dropped


# -- the safety answer, acted on at once -----------------------------------------------


def test_stopping_after_the_safety_question_gives_one_help_step_and_no_streak(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_locale(monkeypatch)
    # name, country, numb_for, energy, contributing, safety=yes, keep going=no,
    # write a safety plan=Enter (yes), then its six parts.
    replies = ["Robin", "GB", "", "", "", "yes", "no", "", "", "walk to the park", "", "", "", ""]
    result = cli("init", input="\n".join(replies) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "Samaritans: 116 123" in result.stdout
    plan = stored(isolated_home, "plan.toml")
    assert [step["id"] for step in plan["steps"]] == ["pro-crisis-today"]  # type: ignore[index]
    assert "streak" not in result.stdout
    answers = stored(isolated_home, "answers.toml")
    assert answers["safety_concern"] is True and answers["help_first_only"] is True
    assert answers["safety_plan"] == {"coping": ["walk to the park"]}


# -- words that sound like danger --------------------------------------------------------

DANGER = [
    "I don't want to be here anymore",
    "i dont want to be here anymore",
    "I don’t want to live",
    "I want to die",
    "wish I was dead",
    "thinking about suicide",
    "I might hurt myself",
    "better off without me",
    "I can't go on",
    "feel like ending my life",
    "KILL MYSELF",
]


@pytest.mark.parametrize("note", DANGER)
def test_a_check_in_that_sounds_like_danger_gets_a_gentle_pointer(
    cli, tmp_path: Path, note: str
) -> None:
    make_plan(cli, tmp_path)
    result = cli("checkin", "--feel", "5", "--note", note)
    assert result.exit_code == 0
    assert "Samaritans is there on 116 123" in result.stderr
    assert "`careplan sos`" in result.stderr
    assert "Thank you for checking in." in result.stderr  # saved as usual


@pytest.mark.parametrize("feel", ["0", "1"])
def test_feel_zero_or_one_gets_the_pointer(cli, tmp_path: Path, feel: str) -> None:
    make_plan(cli, tmp_path)
    assert "116 123" in cli("checkin", "--feel", feel).stderr


@pytest.mark.parametrize(
    ("feel", "words", "note"),
    [("2", "tired,flat", "rough day"), ("3", "sad", "missed the bus"), ("2", "low", "")],
)
def test_ordinary_low_check_ins_get_no_pointer(
    cli, tmp_path: Path, feel: str, words: str, note: str
) -> None:
    make_plan(cli, tmp_path)
    result = cli("checkin", "--feel", feel, "--words", words, "--note", note)
    assert "116 123" not in result.stderr and "careplan sos" not in result.stderr


def test_the_pointer_follows_a_reflection_too(cli, tmp_path: Path) -> None:
    make_plan(cli, tmp_path)
    result = cli("review", "--reflect", "I felt hopeless most of the week")
    assert "116 123" in result.stderr


def test_without_a_country_the_pointer_names_the_local_emergency_number(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_locale(monkeypatch)
    answers = tmp_path / "a.toml"
    answers.write_text('energy = "low"\n', encoding="utf-8")
    assert cli("init", "--answers", str(answers)).exit_code == 0
    said = cli("checkin", "--feel", "0").stderr
    assert "local emergency number" in said and "988" not in said


def test_every_new_sentence_follows_the_wording_rules() -> None:
    countries, fallback = library.crisis()
    sentences = danger_pointer(choose_crisis(countries, fallback, "GB"))
    sentences += danger_pointer(choose_crisis(countries, fallback, None))
    from careplan.cli.setup import crisis_lines_saved
    from careplan.core.interview import Q

    sentences += [crisis_lines_saved(""), crisis_lines_saved("NZ"), crisis_lines_saved("BR")]
    sentences += [Q[k].text for k in ("country", "country_now", "safety", "want_safety_plan_now")]
    for sentence in sentences:
        assert wording_problems(sentence) == [], sentence
