"""Installing, finding and removing careplan's reminder schedule with the scheduler the
computer already has: a systemd user timer, a crontab line, or a launchd agent.

careplan only ever touches what it made: its two unit files, the crontab lines that end
with its marker, its one agent. Everything else in those places stays byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from careplan.core import reminder_units as units
from careplan.core.errors import DataError, UsageError
from careplan.core.reminders import Quiet

Write = Callable[[Path, str], None]


class Scheduler(StrEnum):
    SYSTEMD = "systemd"
    CRON = "cron"
    LAUNCHD = "launchd"


class Setup(NamedTuple):
    """What to schedule: the program (absolute), the data folder, the times, quiet hours."""

    program: tuple[str, ...]
    home: str
    times: tuple[str, ...]
    quiet: Quiet | None


class Installed(NamedTuple):
    scheduler: Scheduler
    where: str  # a path, or "your crontab"
    times: tuple[str, ...]
    quiet: str


CRONTAB = "your crontab"


def systemd_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def launchd_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{units.LABEL}.plist"


def _which(program: str) -> str | None:
    import shutil

    return shutil.which(program)


def _run(argv: Sequence[str], data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(list(argv), input=data, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise DataError(f"careplan could not run `{' '.join(argv)}` ({err}).") from err


def _checked(argv: Sequence[str], data: bytes | None = None) -> bytes:
    done = _run(argv, data)
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DataError(
            f"`{' '.join(argv)}` did not work" + (f": {said[0]}" if said else "."),
            "`careplan remind status` shows what is set up now.",
        )
    return done.stdout


def _systemd_user() -> bool:
    """Booted with systemd, and this person's own systemd answers."""
    if not Path("/run/systemd/system").is_dir() or _which("systemctl") is None:
        return False
    return _run(["systemctl", "--user", "show-environment"]).returncode == 0


def usable() -> list[Scheduler]:
    """The schedulers this computer has, the one to prefer first."""
    found = []
    if sys.platform == "darwin":
        if _which("launchctl"):
            found.append(Scheduler.LAUNCHD)
    elif _systemd_user():
        found.append(Scheduler.SYSTEMD)
    if _which("crontab"):
        found.append(Scheduler.CRON)
    return found


def choose(wanted: Scheduler | None) -> Scheduler:
    found = usable()
    if wanted is None:
        if not found:
            raise DataError(
                "This computer has no scheduler careplan knows (a systemd user session, "
                "crontab, or launchd), so it cannot set reminders here.",
                "`careplan today --short` in your prompt shows what is open instead.",
            )
        return found[0]
    if wanted not in found:
        raise UsageError(
            f"{wanted} is not available here, so careplan cannot set reminders with it.",
            "Leave out --with and careplan picks what this computer has.",
        )
    return wanted


def planned(scheduler: Scheduler, setup: Setup) -> list[tuple[str, str]]:
    """What setup would install: (where, text) for each file or crontab."""
    program, home, times, quiet = setup
    if scheduler is Scheduler.SYSTEMD:
        folder = systemd_dir()
        return [
            (
                str(folder / f"{units.UNIT}.service"),
                units.systemd_service(program, home, times, quiet),
            ),
            (str(folder / f"{units.UNIT}.timer"), units.systemd_timer(times)),
        ]
    if scheduler is Scheduler.CRON:
        return [(CRONTAB, "".join(line + "\n" for line in units.cron_lines(*setup)))]
    plist = units.launchd_plist(program, home, times, quiet).decode("utf-8")
    return [(str(launchd_path()), plist)]


def install(scheduler: Scheduler, setup: Setup, write: Write) -> None:
    """Install the schedule. Call remove() first: one schedule at a time."""
    if scheduler is Scheduler.CRON:
        crontab = read_crontab()
        write_crontab(units.with_ours(crontab, units.cron_lines(*setup)))
        return
    for where, text in planned(scheduler, setup):
        path = Path(where)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DataError(f"careplan could not make the folder {path.parent} ({err}).") from err
        write(path, text)
    if scheduler is Scheduler.SYSTEMD:
        _checked(["systemctl", "--user", "daemon-reload"])
        _checked(["systemctl", "--user", "enable", "--now", f"{units.UNIT}.timer"])
    else:
        _checked(["launchctl", "bootstrap", f"gui/{os.getuid()}", str(launchd_path())])


def installed() -> list[Installed]:
    """Every reminder schedule careplan made that is on this computer now."""
    found = []
    service = systemd_dir() / f"{units.UNIT}.service"
    if service.exists():
        text = _read(service)
        found.append(
            Installed(Scheduler.SYSTEMD, str(service), units.times_in(text), units.quiet_in(text))
        )
    if _which("crontab"):
        lines = "\n".join(units.ours(read_crontab()))
        if lines:
            found.append(
                Installed(Scheduler.CRON, CRONTAB, units.times_in(lines), units.quiet_in(lines))
            )
    agent = launchd_path()
    if agent.exists():
        args = _agent_args(agent)
        found.append(
            Installed(Scheduler.LAUNCHD, str(agent), units.times_in(args), units.quiet_in(args))
        )
    return found


def remove() -> list[Installed]:
    """Take away every schedule careplan made, and nothing else; says what it removed."""
    found = installed()
    for item in found:
        if item.scheduler is Scheduler.SYSTEMD:
            folder = systemd_dir()
            if _which("systemctl"):  # stopping may fail with no systemd running: files go anyway
                _run(["systemctl", "--user", "disable", "--now", f"{units.UNIT}.timer"])
            for suffix in (".timer", ".service"):
                _unlink(folder / f"{units.UNIT}{suffix}")
            if _which("systemctl"):
                _run(["systemctl", "--user", "daemon-reload"])
        elif item.scheduler is Scheduler.CRON:
            write_crontab(units.without_ours(read_crontab()))
        else:
            if _which("launchctl"):
                _run(["launchctl", "bootout", f"gui/{os.getuid()}/{units.LABEL}"])
            _unlink(launchd_path())
    return found


def read_crontab() -> str:
    """The person's crontab as it is ("" when they have none)."""
    done = _run(["crontab", "-l"])
    if done.returncode == 0:
        # surrogateescape: bytes that are not UTF-8 go back exactly as they came.
        return done.stdout.decode("utf-8", "surrogateescape")
    if b"no crontab" in done.stderr.lower():
        return ""
    said = done.stderr.decode("utf-8", "replace").strip()
    raise DataError(f"careplan could not read your crontab ({said or done.returncode}).")


def write_crontab(text: str) -> None:
    if text:
        _checked(["crontab", "-"], text.encode("utf-8", "surrogateescape"))
    else:  # nothing but careplan's lines was there: leave no crontab, as before
        _run(["crontab", "-r"])


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _agent_args(path: Path) -> str:
    import plistlib

    try:
        agent = plistlib.loads(path.read_bytes())
        return " ".join(str(arg) for arg in agent.get("ProgramArguments", []))
    except (OSError, ValueError, AttributeError):
        return ""  # not careplan's shape any more: shown with no times


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as err:
        raise DataError(f"careplan could not remove {path} ({err.strerror}).") from err
