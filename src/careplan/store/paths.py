"""Where careplan keeps its files: --home, then CAREPLAN_HOME, then the platform's data dir.

And what stays on this computer, outside a folder that may be synced: the device id
(state dir), the tally cache and the checkpoints index (cache dir). Resolved when
called, never at import, so tests and users can point it anywhere (XDG_STATE_HOME,
XDG_CACHE_HOME).
"""

from __future__ import annotations

import os
import sys
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def data_home(option: str | None = None) -> Path:
    from pathlib import Path

    return Path(data_folder(option))


def data_folder(option: str | None = None) -> str:
    """The same folder as a plain string (`sos` finds it without importing pathlib)."""
    if option:
        return os.path.expanduser(option)
    env = os.environ.get("CAREPLAN_HOME")
    if env:
        return os.path.expanduser(env)
    from platformdirs import user_data_dir

    return user_data_dir("careplan", appauthor=False)


XDG = {"state": ("XDG_STATE_HOME", ".local/state"), "cache": ("XDG_CACHE_HOME", ".cache")}


def _local(kind: str) -> Path:
    """careplan's own folder in this computer's state or cache dir, never synced."""
    from pathlib import Path

    if sys.platform.startswith("linux"):  # the XDG rule, without importing platformdirs
        variable, default = XDG[kind]
        base = os.environ.get(variable, "").strip()
        root = Path(base) if base and os.path.isabs(base) else Path.home() / default
        return root / "careplan"
    import platformdirs

    finder = platformdirs.user_state_dir if kind == "state" else platformdirs.user_cache_dir
    return Path(finder("careplan", appauthor=False))


def device_file() -> Path:
    """This computer's device id: made once, kept outside the synced folder, so a backup
    restored on another computer starts a log of its own."""
    return _local("state") / "device-id"


def cache_file(home: Path) -> Path:
    """The tally cache for one data folder, on this computer only."""
    return _local("cache") / f"tally-{_folder_key(home)}.json"


def checkpoints_file(home: Path) -> Path:
    """The checkpoints index for one data folder, beside the tally cache."""
    return _local("cache") / f"checkpoints-{_folder_key(home)}.jsonl"


def _folder_key(home: Path) -> str:
    return f"{zlib.crc32(os.fsencode(os.path.abspath(home))):08x}"


PLAN = "plan.toml"
ANSWERS = "answers.toml"
HISTORY = "history"  # the folder of logs, one per computer: history/<device>.jsonl
LEGACY_HISTORY = "history.jsonl"  # the single log of earlier careplans: read, never written
LOCK = ".lock"
BACKUPS = "backups"
CACHE = "tally-cache.json"  # where older careplans kept the cache, inside the folder
REMINDED = "last-reminder.txt"
