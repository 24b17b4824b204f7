"""careplan remind and today --short: when a reminder shows, what it says, and setting
it up with the scheduler the computer has, touching nothing else.

The clock is the fixed one from conftest. No test reaches the person's own desktop,
crontab or systemd: the session bus is a dead path (conftest) or a private one
(dbus-run-session), crontab is a stand-in on PATH or the real one inside a private
mount namespace, and units are checked with systemd-analyze, never enabled.
"""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from careplan.cli.remind import program
from careplan.core import reminder_units as reminderunits
from careplan.core.reminders import parse_quiet
from careplan.store.scheduler import Scheduler, Setup, planned

HERE = Path(__file__).resolve().parent
THREE = "Three small steps today. `careplan today` shows them."

# -- when a reminder shows: a table at a fixed clock ----------------------------------


def _done_all(cli) -> None:  # type: ignore[no-untyped-def]
    cli("done", "1", "2", "3")


def _rest(cli) -> None:  # type: ignore[no-untyped-def]
    cli("skip", "--all")


def _done_two(cli) -> None:  # type: ignore[no-untyped-def]
    cli("done", "1", "3")


def _nothing(cli) -> None:  # type: ignore[no-untyped-def]
    pass


CASES = [
    # (name, what happened today, the moment, extra options, what --print says)
    ("open steps", _nothing, "2026-11-25T19:00", [], THREE),
    ("one open", _done_two, "2026-11-25T19:00", [], "One small step today. `careplan today` shows it."),
    ("all done", _done_all, "2026-11-25T19:00", [], ""),
    ("rest day", _rest, "2026-11-25T19:00", [], ""),
    ("quiet hours, evening", _nothing, "2026-11-25T22:30", [], ""),
    ("quiet hours, morning", _nothing, "2026-11-25T07:59", [], ""),
    ("quiet hours end at 08:00", _nothing, "2026-11-25T08:00", [], THREE),
    ("own quiet hours", _nothing, "2026-11-25T19:00", ["--quiet", "18:00-20:00"], ""),
    ("no quiet hours, before the day starts", _nothing, "2026-11-26T02:00", ["--quiet", "off"], ""),
    ("no quiet hours, after the day starts", _nothing, "2026-11-26T04:00", ["--quiet", "off"], THREE),
]  # fmt: skip


@pytest.mark.parametrize(("name", "before", "moment", "options", "said"), CASES, ids=[c[0] for c in CASES])  # fmt: skip
def test_remind_print_at_a_fixed_clock(cli, clock, name, before, moment, options, said) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--example")
    before(cli)
    clock.set(moment)
    result = cli("remind", "--print", *options)
    assert (result.exit_code, result.stdout, result.stderr) == (0, said + "\n" * bool(said), "")


def test_no_plan_is_silent_and_makes_no_folder(cli, clock, isolated_home: Path) -> None:
    clock.set("2026-11-25T19:00")
    for args in (["remind"], ["remind", "--print"], ["remind", "--print", "--at", "19:00"]):
        assert cli(*args).__dict__ == {"exit_code": 0, "stdout": "", "stderr": ""}
    assert not isolated_home.exists()


def test_a_broken_plan_is_silent_and_left_as_it_is(cli, clock, isolated_home: Path) -> None:
    cli("init", "--example")
    plan = isolated_home / "plan.toml"
    plan.write_text(plan.read_text() + "\n[[steps]\nbroken = \n")
    before = plan.read_bytes()
    clock.set("2026-11-25T19:00")
    for args in (["remind"], ["remind", "--print", "--at", "19:00"], ["today", "--short"]):
        assert cli(*args).__dict__ == {"exit_code": 0, "stdout": "", "stderr": ""}, args
    assert plan.read_bytes() == before
    assert not (isolated_home / "last-reminder.txt").exists()


def test_each_scheduled_time_reminds_at_most_once(cli, clock) -> None:
    cli("init", "--example")
    times = ["--at", "12:30", "--at", "7pm"]

    def said(moment: str) -> str:
        clock.set(moment)
        result = cli("remind", "--print", *times)
        assert (result.exit_code, result.stderr) == (0, "")
        return result.stdout.strip()

    assert said("2026-11-25T12:30") == THREE
    assert said("2026-11-25T12:31") == ""  # the same time, run again (a catch-up, a second timer)
    assert said("2026-11-25T19:00") == THREE
    assert said("2026-11-25T19:00") == ""
    assert said("2026-11-26T12:30") == THREE  # a new day, a new time


def test_without_a_notification_service_it_exits_quietly_and_keeps_the_time(
    cli, clock, isolated_home: Path
) -> None:
    cli("init", "--example")
    clock.set("2026-11-25T19:00")
    result = cli("remind", "--at", "19:00")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert not (isolated_home / "last-reminder.txt").exists()  # not used up: nothing was shown


def test_bad_times_are_usage_errors(cli) -> None:
    result = cli("remind", "--at", "25:00")
    assert result.exit_code == 2
    assert "'25:00' is not a time careplan understands. Write it like 19:00 or 7pm." in " ".join(
        result.stderr.split()
    )
    result = cli("remind", "setup", "--at", "soon")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: 'soon' is not a time careplan understands.\nWrite it like 19:00 or 7pm.\n",
    )
    result = cli("remind", "setup", "--at", "19:00", "--quiet", "late")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: 'late' is not a span of quiet hours")


def test_setup_needs_a_time_outside_quiet_hours(cli) -> None:
    result = cli("remind", "setup")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        2,
        "Error: Say when with --at, for example `careplan remind setup --at 19:00`.",
    )
    result = cli("remind", "setup", "--at", "23:00", "--show")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "Error: 23:00 is within your quiet hours (22:00-08:00), so no reminder would show then."
    )


# -- today --short --------------------------------------------------------------------


def test_today_short_is_one_line_or_nothing(cli, clock) -> None:
    assert cli("today", "--short").__dict__ == {"exit_code": 0, "stdout": "", "stderr": ""}
    cli("init", "--example")
    assert cli("today", "--short").stdout == "3 open\n"
    cli("done", "2")
    assert cli("today", "--short").stdout == "2 open\n"
    cli("done", "1", "3")
    assert cli("today", "--short").stdout == ""
    clock.set("2026-11-26T09:00")
    assert cli("today", "--short").stdout == "3 open\n"
    cli("skip", "--all")
    assert cli("today", "--short").stdout == ""


# -- the unit texts -------------------------------------------------------------------


def _setup(home: Path, times: tuple[str, ...] = ("12:30", "19:00"), quiet: str = "23:00-07:00") -> Setup:  # fmt: skip
    return Setup(program(), str(home), times, parse_quiet(quiet))


def test_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    home = tmp_path / "my data" / "50% sure"  # a space, and a % systemd would read as a specifier
    folder = tmp_path / "units"
    folder.mkdir()
    names = []
    for where, text in planned(Scheduler.SYSTEMD, _setup(home)):
        name = Path(where).name
        (folder / name).write_text(text)
        names.append(str(folder / name))
    assert [Path(n).name for n in names] == ["careplan-remind.service", "careplan-remind.timer"]
    result = subprocess.run([analyze, "verify", *names], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    service = (folder / "careplan-remind.service").read_text()
    assert f'Environment="CAREPLAN_HOME={tmp_path}/my data/50%% sure"' in service
    assert f"ExecStart={' '.join(program())} remind --at 12:30 --at 19:00 --quiet 23:00-07:00" in service  # fmt: skip
    timer = (folder / "careplan-remind.timer").read_text()
    assert "OnCalendar=*-*-* 12:30:00\nOnCalendar=*-*-* 19:00:00\n" in timer


def test_setup_show_prints_the_units_and_changes_nothing(cli, isolated_home: Path, tmp_path: Path) -> None:  # fmt: skip
    result = cli("remind", "setup", "--at", "7pm", "--at", "12:30", "--show", "--with", "systemd")
    assert result.exit_code == 0, result.stderr
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"
    for where, text in planned(Scheduler.SYSTEMD, _setup(isolated_home, quiet="22:00-08:00")):
        assert f"# {where}\n{text}" in result.stdout
        assert where.startswith(str(config))
    assert (
        result.stderr == "Nothing was installed: that is what `careplan remind setup` would add.\n"
    )
    assert not config.exists()


def test_the_launchd_agent_parses_with_plistlib(cli, isolated_home: Path) -> None:
    result = cli("remind", "setup", "--at", "19:00", "--at", "8:15", "--show", "--with", "launchd")
    assert result.exit_code == 0, result.stderr
    header, _, text = result.stdout.partition("\n")
    assert header.endswith("/Library/LaunchAgents/org.careplan.remind.plist")
    agent = plistlib.loads(text.encode())
    assert agent == {
        "Label": "org.careplan.remind",
        "ProgramArguments": [*program(), "remind", "--at", "08:15", "--at", "19:00"],
        "EnvironmentVariables": {"CAREPLAN_HOME": str(isolated_home)},
        "StartCalendarInterval": [{"Hour": 8, "Minute": 15}, {"Hour": 19, "Minute": 0}],
    }


# -- setup, status and off with a stand-in crontab ------------------------------------

FAKE_CRONTAB = """#!/bin/sh
# crontab -l / - / -r on the file named by $FAKE_CRONTAB, as Debian's crontab answers.
PATH=/usr/bin:/bin
case "$1" in
  -l) if [ -f "$FAKE_CRONTAB" ]; then exec cat "$FAKE_CRONTAB"; fi
      echo "no crontab for someone" >&2; exit 1 ;;
  -r) rm -f "$FAKE_CRONTAB" ;;
  -) cat > "$FAKE_CRONTAB" ;;
  *) exit 2 ;;
esac
"""
MINE = "# my own lines\nMAILTO=\"\"\n\n15 3 * * 1 /usr/bin/backup --all  \n@reboot echo hi\t# tab\n"  # fmt: skip


@pytest.fixture
def crontab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A crontab command on an otherwise empty PATH (no systemctl, so cron is chosen)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "crontab"
    script.write_text(FAKE_CRONTAB)
    script.chmod(0o755)
    table = tmp_path / "crontab.txt"
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("FAKE_CRONTAB", str(table))
    return table


def test_setup_status_off_keep_every_other_crontab_line(cli, crontab: Path, isolated_home: Path) -> None:  # fmt: skip
    crontab.write_text(MINE)
    cli("init", "--example")
    result = cli("remind", "setup", "--at", "19:00", "--at", "12:30")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "Reminders are set for 12:30 and 19:00, through your crontab. "
        "`careplan remind off` takes them away."
    )
    text = crontab.read_text()
    assert text.startswith(MINE)
    added = text[len(MINE) :].splitlines()
    assert added == reminderunits.cron_lines(program(), str(isolated_home), ("12:30", "19:00"), parse_quiet("22:00-08:00"))  # fmt: skip
    assert added[0].startswith(f"30 12 * * * CAREPLAN_HOME={isolated_home} ")
    assert added[1].startswith("0 19 * * * ")

    status = cli("remind", "status")
    assert status.stdout.splitlines()[:2] == [
        "Reminders at 12:30 and 19:00, through your crontab; quiet hours 22:00-08:00.",
        "  your crontab",
    ]

    again = cli("remind", "setup", "--at", "18:00")  # replaces, never adds a second set
    assert again.exit_code == 0, again.stderr
    assert crontab.read_text().count(reminderunits.MARKER) == 1

    off = cli("remind", "off")
    assert (
        off.stderr == "Reminders are off (removed from your crontab). Nothing else was changed.\n"
    )
    assert crontab.read_bytes() == MINE.encode()
    assert cli("remind", "off").stderr == "No reminders were set up, so nothing was changed.\n"


def test_with_no_crontab_before_off_leaves_none(cli, crontab: Path) -> None:
    assert cli("remind", "setup", "--at", "19:00").exit_code == 0
    assert crontab.exists()
    assert cli("remind", "off").exit_code == 0
    assert not crontab.exists()
    assert cli("remind", "status").stdout.splitlines()[0] == (
        "No reminders are set up. `careplan remind setup --at 19:00` sets one."
    )


def test_without_a_scheduler_setup_says_so(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    result = cli("remind", "setup", "--at", "19:00")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: This computer has no scheduler careplan knows")


# -- the real crontab, in a private mount namespace -----------------------------------


def _in_private_spool(spool: Path, *argv: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:  # fmt: skip
    """Run argv with a private /var/spool/cron/crontabs: the computer's own crontabs are
    not even visible, so nothing a test does can change them."""
    script = 'mount --bind "$0" /var/spool/cron/crontabs && exec "$@"'
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(spool), *argv],
        input=data, capture_output=True, timeout=60,
    )  # fmt: skip


@pytest.fixture
def private_spool(tmp_path: Path) -> Path:
    if shutil.which("crontab") is None or not Path("/var/spool/cron/crontabs").is_dir():
        pytest.skip("crontab is not installed (Debian package cron)")
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("the real crontab is only tried as root, in a private mount namespace")
    spool = tmp_path / "spool"
    spool.mkdir(mode=0o700)
    probe = _in_private_spool(spool, "true")
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here: {probe.stderr.decode().strip()}")
    return spool


def test_the_real_crontab_round_trips_byte_for_byte(private_spool: Path, isolated_home: Path) -> None:  # fmt: skip
    careplan = [sys.executable, "-m", "careplan"]

    def run(*argv: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return _in_private_spool(private_spool, *argv, data=data)

    assert run("crontab", "-", data=MINE.encode()).returncode == 0
    assert run("crontab", "-l").stdout == MINE.encode()
    assert run(*careplan, "init", "--example").returncode == 0

    setup = run(*careplan, "remind", "setup", "--at", "19:00", "--with", "cron")
    assert setup.returncode == 0, setup.stderr
    listed = run("crontab", "-l").stdout.decode()
    assert listed.startswith(MINE)
    assert listed[len(MINE) :].endswith(f"remind --at 19:00 {reminderunits.MARKER}\n")
    status = run(*careplan, "remind", "status").stdout.decode()
    assert status.startswith("Reminders at 19:00, through your crontab;")

    off = run(*careplan, "remind", "off")
    assert off.returncode == 0, off.stderr
    assert run("crontab", "-l").stdout == MINE.encode()

    # And with no crontab at all before: none after.
    assert run("crontab", "-r").returncode == 0
    assert run(*careplan, "remind", "setup", "--at", "19:00", "--with", "cron").returncode == 0
    assert run(*careplan, "remind", "off").returncode == 0
    nothing = run("crontab", "-l")
    assert nothing.returncode != 0 and b"no crontab" in nothing.stderr


# -- a real notification on a private session bus -------------------------------------


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private session bus with a small notification service on it; yields its record."""
    if shutil.which("dbus-run-session") is None:
        pytest.skip("dbus-run-session is not installed (Debian package dbus)")
    pytest.importorskip("jeepney", reason="jeepney is not installed")
    record, ready = tmp_path / "notifications.jsonl", tmp_path / "bus-address"
    service = subprocess.Popen(
        ["dbus-run-session", "--", sys.executable, str(HERE / "notification_service.py"),
         str(record), str(ready)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while not ready.exists():  # waiting for a process to start, not for the clock
            if service.poll() is not None or time.monotonic() > deadline:
                err = service.stderr.read().decode() if service.stderr else ""
                pytest.fail(f"the test notification service did not start: {err}")
            time.sleep(0.02)
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", ready.read_text())
        yield record
    finally:
        os.killpg(service.pid, signal.SIGTERM)
        service.wait(timeout=10)


def test_a_notification_arrives_on_the_session_bus(cli, clock, session_bus: Path, isolated_home: Path) -> None:  # fmt: skip
    cli("init", "--example")
    assert "Reminders cannot be shown here" not in cli("doctor").stdout
    clock.set("2026-11-25T19:00")
    result = cli("remind", "--at", "19:00")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    received = [json.loads(line) for line in session_bus.read_text().splitlines()]
    assert received == [["careplan", 0, "", "careplan", THREE, [], {"urgency": 0}, -1]]
    assert (isolated_home / "last-reminder.txt").read_text() == "2026-11-25T19:00\n"
    cli("remind", "--at", "19:00")  # the same scheduled time again: nothing more
    cli("done", "1", "2", "3")
    clock.set("2026-11-26T19:00")
    cli("done", "1", "2", "3")
    cli("remind", "--at", "19:00")  # all done: nothing
    assert len(session_bus.read_text().splitlines()) == 1


def test_a_bus_without_a_notification_service_is_a_quiet_exit(cli, clock, tmp_path: Path, monkeypatch, isolated_home: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    if shutil.which("dbus-run-session") is None:
        pytest.skip("dbus-run-session is not installed (Debian package dbus)")
    services = Path("/usr/share/dbus-1/services")
    if any("Notifications" in p.read_text(errors="replace") for p in services.glob("*.service")):
        pytest.skip("this computer's session bus could start a real notification service")
    ready = tmp_path / "bus-address"
    script = 'echo "$DBUS_SESSION_BUS_ADDRESS" > "$0.part" && mv "$0.part" "$0" && exec sleep 60'
    bus = subprocess.Popen(
        ["dbus-run-session", "--", "sh", "-c", script, str(ready)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while not ready.exists() and time.monotonic() < deadline:  # a process starting
            time.sleep(0.02)
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", ready.read_text().strip())
        cli("init", "--example")
        clock.set("2026-11-25T19:00")
        result = cli("remind", "--at", "19:00")
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
        assert not (isolated_home / "last-reminder.txt").exists()
        assert "Reminders cannot be shown here" in cli("doctor").stdout
    finally:
        os.killpg(bus.pid, signal.SIGTERM)
        bus.wait(timeout=10)


def test_doctor_says_when_reminders_cannot_be_shown(cli) -> None:
    result = cli("doctor")
    assert "Reminders cannot be shown here: no desktop notification service is running." in result.stdout  # fmt: skip
    assert result.exit_code == 0


# -- the interview's offer, at the end of init ----------------------------------------


@pytest.fixture
def interviewed(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """init as after the interview (example answers), with `times` chosen at its end."""
    from careplan.store import answers_file as answerfile
    from careplan.store import library

    def choose(times: tuple[str, ...]) -> None:
        answers = answerfile.parse_answers(library.example_answers_text(), "example")
        monkeypatch.setattr("careplan.cli.setup.interview", lambda: answers)
        monkeypatch.setattr("careplan.cli.setup.ask_reminders", lambda: times)

    return choose


def test_init_sets_the_reminders_chosen_in_the_interview(cli, crontab: Path, interviewed) -> None:  # type: ignore[no-untyped-def]
    interviewed(("19:00",))
    result = cli("init")
    assert result.exit_code == 0, result.stderr
    assert "Reminders are set for 19:00, through your crontab." in result.stderr
    assert units_in(crontab) == 1


def test_init_without_reminders_touches_no_scheduler(cli, crontab: Path, interviewed) -> None:  # type: ignore[no-untyped-def]
    interviewed(())
    assert cli("init").exit_code == 0
    assert not crontab.exists()


def test_init_keeps_the_plan_when_reminders_cannot_be_set(cli, tmp_path: Path, monkeypatch, interviewed, isolated_home: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    interviewed(("19:00",))
    result = cli("init")
    assert result.exit_code == 0, result.stderr
    assert (isolated_home / "plan.toml").exists()
    assert "Reminders could not be set up: This computer has no scheduler careplan knows" in result.stderr  # fmt: skip
    assert "`careplan remind setup --at 19:00` tries again." in result.stderr


def units_in(crontab: Path) -> int:
    return crontab.read_text().count(reminderunits.MARKER)
