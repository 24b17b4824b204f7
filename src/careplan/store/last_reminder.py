"""last-reminder.txt: the scheduled time careplan last reminded about, one line.

So each scheduled time reminds at most once, even if a timer and a cron line both
fire, or two computers share a synced folder. Derived and disposable, like the
tally cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from careplan.store.paths import REMINDED

if TYPE_CHECKING:
    from careplan.store.store import Store


def last(store: Store) -> str:
    try:
        return (store.home / REMINDED).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""  # never written, or unreadable: no reminder has been kept


def claim(store: Store, due: str) -> bool:
    """Keep `due` as reminded about; False if another run already did (checked under the lock)."""
    with store.lock():
        if last(store) == due:
            return False
        store.atomic_write(store.home / REMINDED, due + "\n", durable=False)
    return True
