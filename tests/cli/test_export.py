"""careplan export: a calendar a calendar app can import, and the history in rows that
round-trip every field of every record."""

from __future__ import annotations

import csv
import io
import json
import stat
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from careplan.core.model import Event, EventKind, Schedule
from careplan.store.store import Store

START = date(2026, 11, 25)  # a Wednesday: the example plan's first day with the cli clock


@pytest.fixture
def plan(cli) -> None:
    """The example plan plus one step of each schedule kind the calendar must express."""
    assert cli("init", "--example").exit_code == 0
    for step_id, schedule in (
        ("calm-meditate", "every 3 days"),
        ("calm-yoga", "weekdays"),
        ("grat-three-good", "daily"),
    ):
        result = cli("plan", "add", step_id, "--schedule", schedule)
        assert result.exit_code == 0, result.stderr


def calendar_of(cli, tmp_path: Path) -> Calendar:
    out = tmp_path / "careplan.ics"
    result = cli("export", "--format", "ics", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    return Calendar.from_ical(out.read_bytes())


def test_ics_holds_one_recurring_event_per_step_matching_its_schedule(
    cli, plan, isolated_home: Path, tmp_path: Path
) -> None:
    steps = {s.id: s for s in Store(isolated_home).load_plan().steps}
    events = {
        str(e["uid"]).removesuffix("@careplan"): e
        for e in calendar_of(cli, tmp_path).walk("VEVENT")
    }
    assert events.keys() == steps.keys()
    kinds = set()
    for step_id, event in events.items():
        step = steps[step_id]
        assert str(event["summary"]) == step.title
        assert step.tiny in str(event["description"])
        rule = event["rrule"]
        if step.schedule.every > 1:
            assert (rule["FREQ"], rule["INTERVAL"]) == (["DAILY"], [step.schedule.every])
            kinds.add("every N days")
        elif step.schedule == Schedule():
            assert rule["FREQ"] == ["DAILY"] and "BYDAY" not in rule and "INTERVAL" not in rule
            kinds.add("daily")
        else:
            days = {["MO", "TU", "WE", "TH", "FR", "SA", "SU"][d] for d in step.schedule.days}
            assert rule["FREQ"] == ["WEEKLY"] and set(rule["BYDAY"]) == days
            kinds.add("weekly")
        # The calendar's days are exactly careplan's days, for the first four weeks.
        first = event["dtstart"].dt
        expanded = rrulestr(
            event["rrule"].to_ical().decode(), dtstart=datetime.combine(first, datetime.min.time())
        )
        shown = [
            d.date()
            for d in expanded.between(datetime(2026, 11, 25), datetime(2026, 12, 22, 23), inc=True)
        ]
        due = [
            START + timedelta(n)
            for n in range(28)
            if step.schedule.due(START + timedelta(n), START)
        ]
        assert shown == due, step_id
        assert event["dtend"].dt == first + timedelta(days=1)  # an all-day event
    assert kinds == {"daily", "weekly", "every N days"}


def test_ics_leaves_paused_steps_off_the_calendar(cli, plan, tmp_path: Path) -> None:
    assert cli("plan", "pause", "calm-yoga").exit_code == 0
    uids = [str(e["uid"]) for e in calendar_of(cli, tmp_path).walk("VEVENT")]
    assert "calm-yoga@careplan" not in uids and "calm-meditate@careplan" in uids


def test_ics_to_stdout_parses_too(cli, plan) -> None:
    result = cli("export", "-f", "ics")
    assert result.exit_code == 0 and result.stderr == ""
    assert Calendar.from_ical(result.stdout).name == "VCALENDAR"


RECORDS = [
    Event(START, datetime(2026, 11, 25, 9, 0, 5), EventKind.DONE, step="calm-yoga", felt=6),
    Event(START, datetime(2026, 11, 25, 9, 1), EventKind.UNDO, step="calm-yoga"),
    Event(START, datetime(2026, 11, 25, 9, 2), EventKind.SKIP, step="calm-yoga",
          note='tired, and "done in", ok\nsecond line'),
    Event(START, datetime(2026, 11, 25, 22, 0), EventKind.CHECKIN, feel=None,
          words=("tired", "calm, mostly"), body=(("energy", "low"), ("sleep", "short")), low=True),
    Event(START + timedelta(1), datetime(2026, 11, 27, 1, 30), EventKind.CHECKIN, feel=0, note="é ✓"),
    Event(START + timedelta(1), datetime(2026, 11, 27, 2, 0), EventKind.REST, note="a rest"),
    Event(START + timedelta(1), datetime(2026, 11, 27, 2, 5), EventKind.REFLECT, note="the sea"),
]  # fmt: skip


def from_record(row: dict) -> Event:
    return Event(
        day=date.fromisoformat(row["day"]),
        at=datetime.fromisoformat(row["at"]),
        kind=EventKind(row["kind"]),
        step=row["step"],
        felt=row["felt"],
        note=row["note"],
        feel=row["feel"],
        words=tuple(row["words"]),
        body=tuple(row["body"].items()),
        low=row["low"],
    )


@pytest.fixture
def history(cli, isolated_home: Path) -> list[Event]:
    assert cli("init", "--example").exit_code == 0
    Store(isolated_home).append(RECORDS)
    return Store(isolated_home).history().events


def test_json_round_trips_every_field_of_every_record(cli, history: list[Event]) -> None:
    result = cli("export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["history"]
    assert all(
        set(row) == {"day", "at", "kind", "step", "felt", "note", "feel", "words", "body", "low"}
        for row in rows
    )
    # As written: each time with the UTC offset of the moment it was recorded.
    assert (
        [from_record(row) for row in rows]
        == history
        == [replace(e, at=e.at.astimezone()) for e in RECORDS]
    )


def test_csv_round_trips_every_field_of_every_record(cli, history: list[Event]) -> None:
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr

    def number(text: str) -> int | None:
        return int(text) if text else None

    rows = []
    for row in csv.DictReader(io.StringIO(result.stdout)):
        rows.append(
            from_record(
                {
                    **row,
                    "step": row["step"] or None,
                    "felt": number(row["felt"]),
                    "feel": number(row["feel"]),
                    "words": json.loads(row["words"] or "[]"),
                    "body": json.loads(row["body"] or "{}"),
                    "low": {"true": True, "false": False}[row["low"]],
                }
            )
        )
    assert rows == history == [replace(e, at=e.at.astimezone()) for e in RECORDS]


def test_out_saves_a_private_file_and_says_so_on_stderr(cli, history, tmp_path: Path) -> None:
    out = tmp_path / "history.csv"
    result = cli("export", "-f", "csv", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Saved {len(RECORDS)} records to {out}.\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text().startswith("day,at,kind,step,felt,note,feel,words,body,low\n")
    quiet = cli("export", "-f", "json", "--out", str(tmp_path / "h.json"), "--quiet")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


def test_unknown_format_is_a_usage_error(cli, history) -> None:
    result = cli("export", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 'pdf' is not a format careplan can export.\n"
        "Use --format ics (calendar), csv or json (history).\n"
    )
    assert result.stdout == ""


def test_calendar_without_a_plan_says_how_to_start(cli, isolated_home: Path) -> None:
    result = cli("export", "--format", "ics")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: There is no plan yet in {isolated_home}.")


def test_a_torn_history_line_is_left_out_and_mentioned(cli, history, isolated_home: Path) -> None:
    with open(isolated_home / "history.jsonl", "a") as log:
        log.write('{"day": "2026-11-2')
    result = cli("export")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["history"]) == len(RECORDS)
    assert result.stderr == "Left out 1 unreadable history line; see careplan doctor.\n"


# -- streaming: record by record, never the whole history in memory ------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_exports_stream_the_logs_and_never_read_them_whole(
    cli, history, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, isolated_home: Path, fmt: str
) -> None:
    from careplan.render import export as formats
    from careplan.store import history_stream

    whole_text = formats.to_csv(history) if fmt == "csv" else formats.to_json(history)
    assert history_stream.streamable(Store(isolated_home).logs())

    def whole(self: Store) -> None:
        raise AssertionError("export read the whole history at once")

    monkeypatch.setattr(Store, "history", whole)
    shown = cli("export", "--format", fmt)
    saved = tmp_path / f"out.{fmt}"
    assert cli("export", "--format", fmt, "--out", str(saved)).exit_code == 0
    assert shown.exit_code == 0
    assert shown.stdout == saved.read_text(encoding="utf-8") == whole_text


def test_the_json_layout_is_json_dumps_own(history) -> None:
    from careplan.core.visible import json_safe
    from careplan.render import export as formats

    for events in ([], history[:1], history):
        data = {"version": 1, "history": [formats.record(e) for e in events]}
        want = json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
        assert formats.to_json(events) == want


def test_two_computers_logs_stream_in_the_order_of_writing(cli, isolated_home: Path) -> None:
    from careplan.store import history_stream

    assert cli("init", "--example").exit_code == 0
    first, second = (
        Store(isolated_home, device="aaaaaaaaaa"),
        Store(isolated_home, device="bbbbbbbbbb"),
    )
    for n, record in enumerate(RECORDS):
        (first if n % 2 else second).append([record])
    logs = Store(isolated_home).logs()
    assert len(logs) == 2 and history_stream.streamable(logs)
    torn: list[int] = []
    assert list(history_stream.each_event(logs, torn)) == Store(isolated_home).history().events
    assert torn == []


def test_a_log_that_is_not_in_order_is_read_whole(cli, history, isolated_home: Path) -> None:
    from careplan.store import history_stream

    log = Store(isolated_home).logs()[0].path
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join([lines[-1], *lines[:-1]]))  # a hand edit moved the last line up
    assert not history_stream.streamable(Store(isolated_home).logs())
    result = cli("export", "--format", "json")
    assert result.exit_code == 0
    assert [row["note"] for row in json.loads(result.stdout)["history"]] == [
        e.note for e in Store(isolated_home).history().events
    ]
