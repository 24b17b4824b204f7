"""reminders.py and reminderunits.py: pure, so every case is a line in a table."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from careplan.core import reminder_units as units
from careplan.core.errors import UsageError
from careplan.core.reminders import (
    Quiet,
    Verdict,
    clock_time,
    in_quiet_hours,
    parse_quiet,
    parse_times,
    reminder_line,
    short_line,
    slot,
    verdict,
)


@pytest.mark.parametrize(
    ("said", "clock"),
    [
        ("19:00", "19:00"), ("7:05", "07:05"), ("7pm", "19:00"), ("7 PM", "19:00"),
        ("7:30pm", "19:30"), ("7.30 p.m.", "19:30"), ("12am", "00:00"), ("12pm", "12:00"),
        ("noon", "12:00"), ("Midday", "12:00"), ("0", "00:00"), ("23", "23:00"),
        ("24:00", None), ("13pm", None), ("7:60", None), ("soon", None), ("", None),
        ("19:00:00", None), ("-1", None),
    ],
)  # fmt: skip
def test_clock_time_reads_times_as_people_write_them(said: str, clock: str | None) -> None:
    assert clock_time(said) == clock


def test_parse_times_sorts_merges_and_names_what_it_cannot_read() -> None:
    assert parse_times(["7pm", "12:30, 19:00", "noon and 8am"]) == ("08:00", "12:00", "12:30", "19:00")  # fmt: skip
    assert parse_times([]) == ()
    with pytest.raises(UsageError) as caught:
        parse_times(["12:30, after lunch"])
    assert caught.value.message == "'after lunch' is not a time careplan understands."


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("22:00-08:00", ["22:00", "23:59", "00:00", "07:59"], ["08:00", "12:00", "21:59"]),
        ("13:00-14:30", ["13:00", "14:29"], ["12:59", "14:30", "23:00"]),
        ("10pm-6am", ["22:00", "05:59"], ["06:00", "21:59"]),
    ],
)
def test_quiet_hours_wrap_round_midnight(text: str, inside: list[str], outside: list[str]) -> None:
    quiet = parse_quiet(text)
    assert in_quiet_hours(inside, quiet) == inside
    assert in_quiet_hours(outside, quiet) == []


def test_quiet_hours_off_and_nonsense() -> None:
    assert parse_quiet("off") is None
    assert str(parse_quiet("10pm-8am")) == "22:00-08:00"
    for text in ("22:00", "22:00-22:00", "late-early", ""):
        with pytest.raises(UsageError):
            parse_quiet(text)


def test_slot_is_the_latest_scheduled_time_at_or_before_now() -> None:
    times = ("12:30", "19:00")
    assert slot(datetime(2026, 11, 25, 19, 0), times) == datetime(2026, 11, 25, 19, 0)
    assert slot(datetime(2026, 11, 25, 18, 59), times) == datetime(2026, 11, 25, 12, 30)
    assert slot(datetime(2026, 11, 25, 9, 0), times) == datetime(2026, 11, 24, 19, 0)
    assert slot(datetime(2026, 11, 25, 9, 0), ()) is None


DAY = date(2026, 11, 25)
QUIET = Quiet(22 * 60, 8 * 60)


@pytest.mark.parametrize(
    ("moment", "day", "open_count", "rest", "quiet", "last", "expected"),
    [
        (datetime(2026, 11, 25, 19), DAY, 2, False, QUIET, "", Verdict.REMIND),
        (datetime(2026, 11, 25, 19), DAY, 0, False, QUIET, "", Verdict.NOTHING_OPEN),
        (datetime(2026, 11, 25, 19), DAY, 2, True, QUIET, "", Verdict.REST),
        (datetime(2026, 11, 25, 23), DAY, 2, False, QUIET, "", Verdict.QUIET_HOURS),
        (datetime(2026, 11, 26, 2), DAY, 2, False, None, "", Verdict.NIGHT),
        (datetime(2026, 11, 25, 19), DAY, 2, False, QUIET, "2026-11-25T19:00", Verdict.ALREADY),
        (datetime(2026, 11, 25, 19), DAY, 2, False, QUIET, "2026-11-24T19:00", Verdict.REMIND),
    ],
)
def test_verdict(moment, day, open_count, rest, quiet, last, expected) -> None:  # type: ignore[no-untyped-def]
    due = slot(moment, ("19:00",))
    assert verdict(moment, day, open_count, rest, quiet, due, last) is expected


def test_the_words_are_gentle_and_short() -> None:
    assert reminder_line(1) == "One small step today. `careplan today` shows it."
    assert reminder_line(4) == "Four small steps today. `careplan today` shows them."
    assert reminder_line(12) == "12 small steps today. `careplan today` shows them."
    assert (short_line(0), short_line(2)) == ("", "2 open")
    for reason in Verdict:
        assert not {"failed", "missed", "should", "forgot"} & set(reason.value.split())


# -- unit texts ------------------------------------------------------------------------

PROGRAM = ("/opt/care plan/bin/careplan",)


def test_cron_lines_quote_paths_and_escape_percent() -> None:
    lines = units.cron_lines(PROGRAM, "/home/a/50%", ("07:05",), Quiet(23 * 60, 6 * 60))
    assert lines == [
        "5 7 * * * CAREPLAN_HOME=/home/a/50\\% '/opt/care plan/bin/careplan' remind "
        f"--at 07:05 --quiet 23:00-06:00 {units.MARKER}"
    ]
    assert units.times_in(lines[0]) == ("07:05",)
    assert units.quiet_in(lines[0]) == "23:00-06:00"


@pytest.mark.parametrize(
    "mine",
    ["", "# only a comment\n", "MAILTO=x\n\n* * * * * true\r\n", "no newline at the end"],
)
def test_crontab_edits_keep_every_other_line(mine: str) -> None:
    ours = units.cron_lines(PROGRAM, "/h", ("19:00",), None)
    added = units.with_ours(mine, ours)
    assert units.ours(added) == ours
    assert units.with_ours(added, ours) == added  # setting up again does not add twice
    kept = units.without_ours(added)
    assert kept == (mine + "\n" if mine and not mine.endswith("\n") else mine)


def test_systemd_quotes_what_it_must() -> None:
    service = units.systemd_service(("/p/care$plan", "-m", "x$y"), "/h/my 100%", ("19:00",), None)
    assert 'Environment="CAREPLAN_HOME=/h/my 100%%"\n' in service
    assert "ExecStart=/p/care$plan -m x$$y remind --at 19:00 --quiet off\n" in service


# -- the interview's offer ------------------------------------------------------------


def scripted(*replies: str):  # type: ignore[no-untyped-def]
    """An interview `ask` that gives these replies in turn and notes what it was asked."""
    left = list(replies)
    asked: list[tuple[str, str]] = []

    def ask(question, problem: str = "") -> str:  # type: ignore[no-untyped-def]
        asked.append((question.key, problem))
        return left.pop(0)

    return ask, asked


def test_the_interview_offers_reminders_and_defaults_to_none() -> None:
    from careplan.core.interview import ask_reminders

    ask, asked = scripted("")
    assert ask_reminders(ask) == ()
    assert asked == [("remind", "")]

    ask, asked = scripted("yes", "")
    assert ask_reminders(ask) == ("19:00",)  # Enter takes the suggested 7pm

    ask, asked = scripted("maybe", "y", "after lunch", "11pm", "noon and 7pm")
    assert ask_reminders(ask) == ("12:00", "19:00")
    assert asked == [
        ("remind", ""),
        ("remind", "Please answer yes or no."),
        ("remind_at", ""),
        (
            "remind_at",
            "'after lunch' is not a time careplan understands. Write it like 19:00 or 7pm.",
        ),
        (
            "remind_at",
            "Reminders stay quiet from 22:00 to 08:00; please choose a time outside that.",
        ),
    ]
