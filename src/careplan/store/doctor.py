"""What `careplan doctor` looks at, and the few things it can put right.

Reading only, unless asked to fix: permissions (folders 0700, files 0600, this is
mental-health data) and an older plan schema (saved as the current one after a
backup). Every problem it finds is the same sentence the error would have been.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from datetime import datetime
from pathlib import Path

from careplan.core.checkup import DIR_MODE, FILE_MODE, Checkup, Finding, Place
from careplan.core.errors import DataError
from careplan.core.model import SCHEMA, Plan
from careplan.store import leftovers, plan_file
from careplan.store.history_files import Kind
from careplan.store.paths import BACKUPS, CACHE, HISTORY, LOCK
from careplan.store.store import Store


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.lstat().st_mode)
    except OSError:
        return None


def _permissions(report: Checkup, path: Path, wanted: int) -> int | None:
    mode = _mode(path)
    if mode is None or (wanted == FILE_MODE and path.is_dir()):
        return mode  # a folder where a file belongs is reported when it is read
    kind = "folder" if wanted == DIR_MODE else "file"
    if mode & 0o077:
        report.problems.append(
            Finding(
                f"{path} can be read by other people on this computer ({mode:04o}).",
                f"`careplan doctor --fix` makes the {kind} private ({wanted:04o}).",
            )
        )
    elif mode & wanted != wanted:
        report.problems.append(
            Finding(
                f"{path} is not fully open to you ({mode:04o}), so careplan may not save there.",
                f"`careplan doctor --fix` sets it to {wanted:04o}.",
            )
        )
    return mode


def examine(store: Store) -> Checkup:
    """Look at everything; change nothing."""
    home = store.home
    report = Checkup(home)
    if not home.exists():
        report.places.append(Place("Folder", home, "not made yet"))
        return report
    if not home.is_dir():
        report.problems.append(
            Finding(
                f"{home} is a file, where careplan expects a folder.",
                "Move it aside, or choose another folder with --home.",
            )
        )
        return report
    mode = _permissions(report, home, DIR_MODE)
    report.places.append(Place("Folder", home, "yours", mode))
    _plan(store, report)
    _answers(store, report)
    _copies(store, report)
    _history(store, report)
    cache = _permissions(report, store.cache_path, FILE_MODE)
    state = "saved tallies; safe to delete" if cache is not None else "none yet"
    report.places.append(Place("Tally cache", store.cache_path, state, cache))
    if (home / CACHE).exists():
        report.notes.append(
            Finding(
                f"{CACHE} is an earlier careplan's cache. careplan now keeps its cache on this "
                "computer only (above), so it never travels with a synced folder.",
                f"It is safe to delete: {home / CACHE}",
            )
        )
    _backups(store, report)
    report.places.append(Place("Lock", home / LOCK, _lock_state(home / LOCK), _mode(home / LOCK)))
    _permissions(report, home / LOCK, FILE_MODE)
    return report


def _read_plan(store: Store) -> tuple[int, Plan]:
    """The plan's schema on disk, and the plan as careplan reads it (migrated in memory)."""
    text = store.read_text(store.plan_path)
    name = store.plan_path.name
    return plan_file.plan_schema(text, name), plan_file.parse_plan(text, name)


def _unreadable(report: Checkup, place: Place, err: DataError) -> None:
    """The same words the error would have had, so doctor and the commands agree."""
    report.problems.append(Finding(err.message, err.hint))
    report.places.append(place)


def _plan(store: Store, report: Checkup) -> None:
    path = store.plan_path
    mode = _permissions(report, path, FILE_MODE)
    if not path.exists():
        report.places.append(Place("Plan", path, "none yet; `careplan init` makes one"))
        return
    try:
        schema, plan = _read_plan(store)
    except DataError as err:
        _unreadable(report, Place("Plan", path, "cannot be read (see below)", mode), err)
        return
    steps = f"{len(plan.steps)} step{'s' * (len(plan.steps) != 1)}"
    report.places.append(Place("Plan", path, f"fine: {steps}, schema {schema}", mode))
    if schema < SCHEMA:
        report.notes.append(
            Finding(
                f"{path.name} is written in schema {schema}; careplan reads it as schema "
                f"{SCHEMA} each time, so nothing needs doing.",
                f"`careplan doctor --fix` saves it as schema {SCHEMA}, after a backup "
                "(comments in the file are not kept; the backup keeps them).",
            )
        )


def _answers(store: Store, report: Checkup) -> None:
    path = store.answers_path
    mode = _permissions(report, path, FILE_MODE)
    if not path.exists():
        report.places.append(Place("Answers", path, "none saved"))
        return
    try:
        store.load_answers()
    except DataError as err:
        _unreadable(report, Place("Answers", path, "cannot be read (see below)", mode), err)
        return
    report.places.append(Place("Answers", path, "fine", mode))


def _copies(store: Store, report: Checkup) -> None:
    for copy in leftovers.copies_of_files(store.home):
        what, hint, detail = leftovers.explain(copy)
        report.places.append(
            Place("Copy", copy.path, f"a second {copy.original.name}", _mode(copy.path))
        )
        report.problems.append(Finding(what, hint, tuple(detail)))


def _history(store: Store, report: Checkup) -> None:
    try:
        states = leftovers.examine_logs(store)
    except DataError as err:
        _unreadable(
            report, Place("History", store.home / HISTORY, "cannot be read (see below)"), err
        )
        return
    if not states:
        report.places.append(Place("History", store.home / HISTORY, "nothing recorded yet"))
        return
    mine = store.known_device()
    for state in states:
        log, count = state.log, state.records
        mode = _permissions(report, log.path, FILE_MODE)
        records = f"{count} record{'s' * (count != 1)}"
        if log.kind is Kind.COPY:
            report.places.append(Place("Copy", log.path, f"{records}, counted", mode))
            report.problems.append(
                Finding(
                    f"{log.name} is a copy a sync tool left"
                    + (f" of {log.original}" if log.original else "")
                    + f"; careplan reads its {records} ({state.new} found only there), so "
                    "nothing is lost.",
                    "`careplan doctor --fix` folds it into this computer's log, after a backup.",
                )
            )
        else:
            whose = (
                "this computer"
                if log.device and log.device == mine
                else "an earlier careplan; read, no longer written"
                if log.kind is Kind.LEGACY
                else "another computer"
            )
            report.places.append(Place("History", log.path, f"{records} ({whose})", mode))
        if state.torn:
            _torn(report, log.name, state.torn)
        if state.markers:
            numbers = ", ".join(str(n) for n in state.markers[:10])
            report.problems.append(
                Finding(
                    f"{log.name} has git's conflict markers (lines {numbers}); careplan reads "
                    "the records on both sides of them, so nothing is lost.",
                    "`careplan doctor --fix` takes the markers out, after a backup.",
                )
            )


def _torn(report: Checkup, name: str, torn: list[int]) -> None:
    numbers = ", ".join(str(n) for n in torn[:10])
    more = f" and {len(torn) - 10} more" if len(torn) > 10 else ""
    which = "line" if len(torn) == 1 else "lines"
    report.problems.append(
        Finding(
            f"{name}: {which} {numbers}{more} could not be read, so careplan skips "
            f"{'it' if len(torn) == 1 else 'them'}; everything else counts.",
            "A crash while saving can leave one such line. To tidy up, delete "
            f"{'it' if len(torn) == 1 else 'them'} in a text editor.",
        )
    )


def _backups(store: Store, report: Checkup) -> None:
    folder = store.home / BACKUPS
    mode = _permissions(report, folder, DIR_MODE)
    if mode is None:
        report.places.append(Place("Backups", folder, "none yet"))
        return
    try:
        files = sorted(p for p in folder.iterdir() if p.is_file())
    except OSError:
        files = []
    for path in files:
        _permissions(report, path, FILE_MODE)
    report.places.append(Place("Backups", folder, f"{len(files)} saved", mode))


def _lock_state(path: Path) -> str:
    """Whether another careplan holds the lock right now (a non-blocking try, let go at once)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return "free"
    except OSError:
        return "could not be checked"
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as err:
        if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            return "held: another careplan is saving right now"
        return "could not be checked"
    finally:
        os.close(fd)  # closing lets go of a lock we took
    return "free"


def fix(store: Store, now: datetime) -> list[str]:
    """Make the files private, and save an older plan in the current schema. Says what it did."""
    done: list[str] = []
    if not store.home.is_dir():
        return done
    with store.lock():
        done += leftovers.remove_markers(store, now)
        done += leftovers.fold_copies(store, now)
        done += _fix_permissions(store)
        done += _fix_schema(store, now)
    return done


def _fix_permissions(store: Store) -> list[str]:
    home = store.home
    backups = home / BACKUPS
    targets = [(home, DIR_MODE), (backups, DIR_MODE)]
    for path in (store.plan_path, store.answers_path, store.cache_path):
        targets.append((path, FILE_MODE))
    if (home / HISTORY).is_dir():
        targets.append((home / HISTORY, DIR_MODE))
    targets += [(log.path, FILE_MODE) for log in store.logs()]
    targets.append((home / LOCK, FILE_MODE))
    if backups.is_dir():
        targets += [(p, FILE_MODE) for p in sorted(backups.iterdir()) if p.is_file()]
    done = []
    for path, wanted in targets:
        mode = _mode(path)
        if mode is None or mode == wanted or path.is_symlink():
            continue
        if mode & 0o077 or mode & wanted != wanted:
            with contextlib.suppress(OSError):  # what is left shows in the report after
                os.chmod(path, wanted)
                done.append(f"{path} is now private ({wanted:04o}).")
    return done


def _fix_schema(store: Store, now: datetime) -> list[str]:
    try:
        schema, plan = _read_plan(store)
    except DataError:
        return []  # not there, or not readable: the report says why
    if schema >= SCHEMA:
        return []
    saved = store.backup(store.plan_path, now)
    store.save_plan(plan)
    return [f"{store.plan_path.name} is saved as schema {SCHEMA}; the old one is in {saved}."]
