"""Where careplan keeps its files: --home, then CAREPLAN_HOME, then the platform's data dir.

Resolved when called, never at import, so tests and users can point it anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_home(option: str | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get("CAREPLAN_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("careplan", appauthor=False))


PLAN = "plan.toml"
ANSWERS = "answers.toml"
HISTORY = "history.jsonl"
LOCK = ".lock"
BACKUPS = "backups"
CACHE = "tally-cache.json"
REMINDED = "last-reminder.txt"
