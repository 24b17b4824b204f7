"""The day the person asked for the tiny versions (`careplan today --low`).

Kept so the rest of that day stays a low day: `done 1` then echoes the tiny version
that was done, and a later `today` shows the same list. One date in a small derived
file; losing it costs nothing, so it is written without fsync and never fails a command.
"""

from __future__ import annotations

from datetime import date

from careplan.core.errors import CareplanError
from careplan.store.store import Store

LOW_DAY = ".low-day"


def mark(store: Store, day: date) -> None:
    try:
        if store.home.is_dir():
            store.atomic_write(store.home / LOW_DAY, day.isoformat() + "\n", durable=False)
    except (CareplanError, OSError):
        pass  # a read-only folder: the list is still shown small this time


def marked(store: Store, day: date) -> bool:
    try:
        text = (store.home / LOW_DAY).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return text.strip() == day.isoformat()
