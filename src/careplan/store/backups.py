"""The earlier plans in backups/: finding the newest good one, and putting one back.

Every replaced plan.toml is copied here first (Store.backup). A plan that cannot be
read points here, `doctor` counts them, and `careplan plan restore` brings one back.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from careplan.core.errors import DataError
from careplan.core.model import Plan
from careplan.store import plan_file
from careplan.store.paths import BACKUPS
from careplan.store.store import Store


def _order(path: Path) -> tuple[str, str, int]:
    """plan-20261125-090000-2.toml comes after plan-20261125-090000.toml."""
    day, _, rest = path.stem.removeprefix("plan-").partition("-")
    time, _, n = rest.partition("-")
    return (day, time, int(n) if n.isdecimal() else 1)


def backups(store: Store) -> list[Path]:
    """Earlier plans in backups/, newest first."""
    try:
        found = [p for p in (store.home / BACKUPS).glob("plan-*.toml") if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=_order, reverse=True)


def look(path: Path) -> Plan | None:
    """The plan a backup holds, or None if it cannot be read."""
    try:
        return plan_file.parse_plan(path.read_text(encoding="utf-8"), path.name)
    except (OSError, UnicodeDecodeError, DataError):
        return None


def readable(path: Path) -> bool:
    return look(path) is not None


def good_backup(store: Store) -> Path | None:
    """The newest backup that is a readable plan, if any."""
    return next((path for path in backups(store) if readable(path)), None)


def way_back(store: Store) -> str:
    """What to do about a plan.toml that cannot be read: edit it, or restore a backup."""
    good = good_backup(store)
    if good is None:
        return "Fix it with `careplan plan edit`; careplan checks it when you save."
    return (
        "Fix it with `careplan plan edit`, or go back to your last good plan "
        f"with `careplan plan restore {good.name}`."
    )


def find(store: Store, name: str) -> Path:
    """A backup by its number in `careplan plan restore`'s list, or by its file name."""
    listed = backups(store)
    if name.isascii() and name.isdecimal() and 1 <= int(name) <= len(listed):
        return listed[int(name) - 1]
    for path in listed:
        if name in (path.name, path.stem):
            return path
    raise DataError(
        f"There is no backup called {name!r} in {store.home / BACKUPS}.",
        "`careplan plan restore` lists the backups there.",
    )


def restore(store: Store, backup: Path, now: datetime) -> Path | None:
    """Put a backup back as plan.toml, backing up the current one first (if any).

    The backup is checked first, so a broken one never replaces anything. Returns the
    backup made of the plan that was there.
    """
    text = store.read_text(backup)
    plan = plan_file.parse_plan(text, backup.name)
    with store.lock():
        saved = store.backup(store.plan_path, now) if store.has_plan() else None
        old = store.readable_plan()
        store.atomic_write(store.plan_path, text)
        store.record_plan(plan, now, old)
    return saved
