"""What sync tools leave behind: conflict copies by their names, git's conflict markers,
and what differs between a file and its copy. Pure: names and text in, answers out.

When two computers change one file while apart, each sync tool keeps both versions
under its own naming:
- Syncthing:          plan.sync-conflict-20261130-120000-ABCDEFG.toml
- Nextcloud/ownCloud: plan_conflict-20261130-120000.toml
- Nextcloud 3, Dropbox: plan (conflicted copy 2026-11-30 120000).toml,
                      plan (Jordan's conflicted copy 2026-11-30).toml
- OneDrive:           plan-LAPTOP.toml (the other computer's name added)
"""

from __future__ import annotations

import re

# Compiled on first use (re caches them): `today` in a tidy folder never needs them.
_PATTERNS = (
    r"^(?P<stem>.+?)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(?P<ext>\.[^.]*)?$",
    r"^(?P<stem>.+?)_conflict-\d{8}-\d{6}(?P<ext>\.[^.]*)?$",
    r"^(?P<stem>.+?) \([^()]*(?i:conflicted copy).*\)(?P<ext>\.[^.()]*)?$",
)
# OneDrive adds the computer's name; only trusted for names careplan itself gives files.
_ONEDRIVE = r"^(?P<stem>[^-]+)-(?P<machine>[A-Za-z0-9][A-Za-z0-9_-]*)(?P<ext>\.[^.]+)$"

# git's conflict markers, at the start of a line.
_MARKERS = (b"<<<<<<< ", b"<<<<<<<\n", b"=======", b">>>>>>> ", b"||||||| ")


def original_of(name: str) -> str | None:
    """The file a conflict copy stands for ("plan.toml"), or None if `name` is not one."""
    for pattern in _PATTERNS:
        found = re.match(pattern, name)
        if found:
            return found["stem"] + (found["ext"] or "")
    found = re.match(_ONEDRIVE, name)
    if found:
        return found["stem"] + found["ext"]
    return None


def is_marker(line: bytes) -> bool:
    """A line git writes around the two sides of a conflict."""
    stripped = line.rstrip(b"\r")
    return stripped in (b"<<<<<<<", b"=======", b">>>>>>>") or stripped.startswith(_MARKERS)


def differences(
    ours: str, theirs: str, our_name: str, their_name: str, limit: int = 12
) -> list[str]:
    """The lines that differ, as a short unified diff (at most `limit` lines of it)."""
    import difflib  # only doctor and `plan check` show differences

    diff = [
        line.rstrip("\n")
        for line in difflib.unified_diff(
            ours.splitlines(), theirs.splitlines(), our_name, their_name, n=0, lineterm=""
        )
    ]
    if len(diff) > limit:
        diff = [*diff[:limit], f"... and {len(diff) - limit} more lines"]
    return diff
