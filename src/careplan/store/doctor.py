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
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from careplan.core.checkup import DIR_MODE, FILE_MODE, Checkup, Finding, Place
from careplan.core.errors import DataError
from careplan.core.model import SCHEMA, Plan
from careplan.store import leftovers, plan_file
from careplan.store.files import check_owner, link_refused
from careplan.store.history_files import Kind
from careplan.store.lock import alive, holder
from careplan.store.paths import BACKUPS, CACHE, HISTORY, LOCK
from careplan.store.store import Store


def _mode(path: Path, follow: bool = False) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode if follow else path.lstat().st_mode)
    except OSError:
        return None


def _permissions(report: Checkup, path: Path, wanted: int, follow: bool = False) -> int | None:
    """`follow`: the data folder itself, judged by what a link to it points at."""
    if not follow and path.is_symlink():
        err = link_refused(path)
        report.problems.append(Finding(err.message, err.hint))
        return None
    mode = _mode(path, follow)
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
    try:
        check_owner(home)
    except DataError as err:
        report.places.append(Place("Folder", home, "another user's", _mode(home, True)))
        report.problems.append(Finding(err.message, err.hint))
        return report
    mode = _permissions(report, home, DIR_MODE, follow=True)
    report.places.append(Place("Folder", home, "yours", mode))
    if not os.access(home, os.R_OK | os.X_OK):  # its files cannot even be looked at
        return report
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
    _leftovers(store, report)
    return report


def stray_copies(store: Store) -> list[Path]:
    """Private copies nobody will come back for: temp copies and drafts from careplan
    processes that no longer run, zero-byte backups, a lock file of a stopped careplan."""
    home = store.home
    found: list[Path] = []
    try:
        names = sorted(os.listdir(home))
    except OSError:
        return found
    for name in names:
        path = home / name
        if name.startswith(".") and name.endswith(".tmp"):
            pid = name.rsplit(".", 2)[-2].split("-", 1)[0] if name.count(".") >= 3 else ""
        elif name.startswith(DRAFTS) and name.endswith(".toml"):
            pid = name.split("-draft-" if "-draft-" in name else "-edit-", 1)[-1].split("-")[0]
        elif name == LOCK + ".pid":
            pid = str(holder(home / LOCK) or "")
        else:
            continue
        if path.is_symlink() or not path.is_file():
            continue
        if not (pid.isascii() and pid.isdecimal()) or not alive(int(pid)):
            found.append(path)
    backups = home / BACKUPS
    with contextlib.suppress(OSError):
        for path in sorted(backups.iterdir()):
            if path.is_file() and not path.is_symlink() and path.stat().st_size == 0:
                found.append(path)
    return found


DRAFTS = ("plan-edit-", "safety-plan-draft-")


def _leftovers(store: Store, report: Checkup) -> None:
    found = stray_copies(store)
    if not found:
        return
    names = ", ".join(p.relative_to(store.home).as_posix() for p in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    drafts = any(p.name.startswith(DRAFTS) for p in found)
    report.notes.append(
        Finding(
            f"Left over from an interrupted save or edit: {names}{more}.",
            "`careplan doctor --fix` removes them (it asks first)"
            + ("; a draft may hold words you typed, so look inside first." if drafts else "."),
        )
    )


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
    from careplan.store.backups import backups, good_backup, way_back

    if not path.exists():
        earlier = len(backups(store))
        if not earlier:
            report.places.append(Place("Plan", path, "none yet; `careplan init` makes one"))
            return
        report.places.append(Place("Plan", path, "missing (see below)"))
        good = good_backup(store)
        report.problems.append(
            Finding(
                f"There is no plan.toml, but backups/ holds {earlier} earlier "
                f"plan{'s' * (earlier != 1)}.",
                f"`careplan plan restore {good.name}` brings back the newest good one."
                if good
                else "`careplan plan restore` lists them; `careplan init` makes a new plan.",
            )
        )
        return
    try:
        schema, plan = _read_plan(store)
    except DataError as err:
        place = Place("Plan", path, "cannot be read (see below)", mode)
        _unreadable(report, place, DataError(err.message, way_back(store)))
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
        if state.torn or state.newer:
            _torn(report, log.name, log.path, state.torn, state.newer)
        if state.markers:
            numbers = ", ".join(str(n) for n in state.markers[:10])
            report.problems.append(
                Finding(
                    f"{log.name} has git's conflict markers (lines {numbers}); careplan reads "
                    "the records on both sides of them, so nothing is lost.",
                    "`careplan doctor --fix` takes the markers out, after a backup.",
                )
            )


def _torn(
    report: Checkup, name: str, path: Path, torn: list[int], kinds: tuple[int, ...] = ()
) -> None:
    """Unreadable lines: a record from a newer careplan (`kinds`: of a kind this careplan
    does not know) is kept and never called deletable."""
    newer = sorted([*kinds, *_newer_records(path, torn)])
    if newer:
        one = len(newer) == 1
        looks = "line {} looks like a record" if one else "lines {} look like records"
        report.notes.append(
            Finding(
                f"{name}: {looks.format(', '.join(map(str, newer[:10])))} from a newer "
                f"careplan. {'It is kept as it is' if one else 'They are kept as they are'}.",
                "Nothing needs doing: update careplan and it counts "
                + ("it." if one else "them."),
            )
        )
        torn = [n for n in torn if n not in newer]
    if not torn:
        return
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


def _newer_records(path: Path, torn: list[int]) -> list[int]:
    """Of the unreadable lines, those shaped like a record (an object with a day and a kind):
    a newer careplan wrote them, and doctor never advises deleting them."""
    import json

    wanted = set(torn[:1000])
    found: list[int] = []
    if not wanted:
        return found
    try:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                if number not in wanted:
                    continue
                try:
                    data = json.loads(raw.decode("utf-8-sig").strip("\x00\r\n"))
                except (ValueError, RecursionError):
                    continue
                if isinstance(data, dict) and {"day", "kind"} <= data.keys():
                    found.append(number)
                if number >= max(wanted):
                    break
    except OSError:
        return []
    return found


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


def fix(
    store: Store, now: datetime, confirm: Callable[[list[Path]], bool] | None = None
) -> list[str]:
    """Make the files private, save an older plan in the current schema, remove leftovers
    (`confirm` is asked first). Says what it did, and what it could not do, and why."""
    done: list[str] = []
    if not store.home.is_dir():
        return done
    check_owner(store.home)  # another user's folder is theirs to fix, not ours
    # The folder first, before the lock: without its x bit nothing inside can be reached.
    done += _make_private(store.home, DIR_MODE, follow=True)
    with store.lock():
        done += leftovers.remove_markers(store, now)
        done += leftovers.fold_copies(store, now)
        done += _fix_permissions(store)
        done += _fix_schema(store, now)
        found = stray_copies(store)
        if found and (confirm is None or confirm(found)):
            for path in found:
                try:
                    path.unlink()
                    done.append(f"Removed {path}.")
                except OSError as err:
                    done.append(f"Could not remove {path} ({err.strerror}).")
    return done


def _make_private(path: Path, wanted: int, follow: bool = False) -> list[str]:
    mode = _mode(path, follow)
    if mode is None or mode == wanted or (not follow and path.is_symlink()):
        return []
    if not (mode & 0o077 or mode & wanted != wanted):
        return []
    try:
        os.chmod(path, wanted)
    except OSError as err:
        return [f"Could not make {path} private ({err.strerror}); see below."]
    return [f"{path} is now private ({wanted:04o})."]


def _fix_permissions(store: Store) -> list[str]:
    home = store.home
    backups = home / BACKUPS
    done = _make_private(backups, DIR_MODE)  # before looking inside it (a 0600 backups/)
    done += _make_private(home / HISTORY, DIR_MODE)
    targets = [store.plan_path, store.answers_path, store.cache_path, home / LOCK]
    with contextlib.suppress(DataError):
        targets += [log.path for log in store.logs()]
    if backups.is_dir() and not backups.is_symlink():
        with contextlib.suppress(OSError):
            targets += [p for p in sorted(backups.iterdir()) if p.is_file()]
    for path in targets:
        done += _make_private(path, FILE_MODE)
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
