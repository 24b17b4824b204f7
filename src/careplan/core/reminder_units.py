"""What `careplan remind setup` installs, as text: systemd user units, crontab lines, a
launchd agent. Text in, text out; writing them and telling the scheduler is store/scheduler.py's.

Every form runs careplan by its absolute path with the person's CAREPLAN_HOME, so a
reminder reads the same plan as the terminal does.
"""

from __future__ import annotations

import plistlib
import re
import shlex
from collections.abc import Sequence

from careplan.core.reminders import DEFAULT_QUIET, Quiet

UNIT = "careplan-remind"  # systemd: careplan-remind.service and careplan-remind.timer
LABEL = "org.careplan.remind"  # launchd: ~/Library/LaunchAgents/org.careplan.remind.plist
# Ends each crontab line careplan adds; `remind off` removes the lines that end with it.
MARKER = "# careplan reminder (careplan remind off removes this line)"

_AT = re.compile(r"--at[= ]\"?(\d\d:\d\d)")
_QUIET = re.compile(r"--quiet[= ]\"?([\w:]+-[\w:]+|off)")


def remind_args(times: Sequence[str], quiet: Quiet | None) -> list[str]:
    """The words after the program: `remind --at 12:30 --at 19:00 [--quiet ...]`."""
    args = ["remind"]
    for at in times:
        args += ["--at", at]
    if quiet is None:
        args += ["--quiet", "off"]
    elif str(quiet) != DEFAULT_QUIET:
        args += ["--quiet", str(quiet)]
    return args


def _systemd_word(word: str, argument: bool = False) -> str:
    """One word as systemd reads it: % doubled, and $ in Exec arguments (systemd expands
    variables in those, never in the program path), quoted if need be."""
    word = word.replace("%", "%%")
    if argument:
        word = word.replace("$", "$$")
    if word and not re.search(r"[\s\"'\\;]", word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def systemd_service(
    program: Sequence[str], home: str, times: Sequence[str], quiet: Quiet | None
) -> str:
    argv = [*program, *remind_args(times, quiet)]
    return (
        "# Made by `careplan remind setup`; `careplan remind off` removes it.\n"
        "[Unit]\n"
        "Description=careplan: a gentle reminder when today's steps are open\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"Environment={_systemd_word(f'CAREPLAN_HOME={home}')}\n"
        f"ExecStart={' '.join(_systemd_word(w, n > 0) for n, w in enumerate(argv))}\n"
    )


def systemd_timer(times: Sequence[str]) -> str:
    calendar = "".join(f"OnCalendar=*-*-* {at}:00\n" for at in times)
    return (
        "# Made by `careplan remind setup`; `careplan remind off` removes it.\n"
        "[Unit]\n"
        f"Description=careplan: gentle reminders at {', '.join(times)}\n"
        "\n"
        "[Timer]\n"
        f"{calendar}"
        "AccuracySec=1min\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def cron_lines(
    program: Sequence[str], home: str, times: Sequence[str], quiet: Quiet | None
) -> list[str]:
    """One crontab line per time; cron turns a bare % into a new line, so each is escaped."""
    words = [f"CAREPLAN_HOME={shlex.quote(home)}", *map(shlex.quote, program)]
    command = " ".join([*words, *remind_args(times, quiet)]).replace("%", "\\%")
    lines = []
    for at in times:
        hour, minute = at.split(":")
        lines.append(f"{int(minute)} {int(hour)} * * * {command} {MARKER}")
    return lines


def is_ours(line: str) -> bool:
    return line.rstrip("\r\n").endswith(MARKER)


def without_ours(crontab: str) -> str:
    """The crontab with careplan's lines taken out, every other line exactly as it was."""
    return "".join(line for line in crontab.splitlines(keepends=True) if not is_ours(line))


def with_ours(crontab: str, lines: Sequence[str]) -> str:
    """The crontab with careplan's old lines taken out and `lines` added at the end."""
    kept = without_ours(crontab)
    if kept and not kept.endswith("\n"):
        kept += "\n"
    return kept + "".join(line + "\n" for line in lines)


def ours(crontab: str) -> list[str]:
    return [line.rstrip("\r\n") for line in crontab.splitlines() if is_ours(line)]


def launchd_plist(
    program: Sequence[str], home: str, times: Sequence[str], quiet: Quiet | None
) -> bytes:
    intervals = []
    for at in times:
        hour, minute = at.split(":")
        intervals.append({"Hour": int(hour), "Minute": int(minute)})
    return plistlib.dumps(
        {
            "Label": LABEL,
            "ProgramArguments": [*program, *remind_args(times, quiet)],
            "EnvironmentVariables": {"CAREPLAN_HOME": home},
            "StartCalendarInterval": intervals,
        }
    )


def times_in(text: str) -> tuple[str, ...]:
    """The reminder times an installed unit, crontab line or agent asks for."""
    return tuple(sorted(set(_AT.findall(text))))


def quiet_in(text: str) -> str:
    """The quiet hours an installed form asks for ("off", or the default when not given)."""
    found = _QUIET.search(text)
    return found.group(1) if found else DEFAULT_QUIET
