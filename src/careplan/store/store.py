"""Every byte careplan writes or reads in the data directory.

- Whole files (plan.toml, answers.toml) are written atomically: a temp file in
  the same folder, fsync, os.replace, and the temp removed if anything goes wrong.
- History is an append-only JSON Lines log, appended under an exclusive lock and
  fsync'd; a torn last line (a crash mid-append) is skipped, never fatal.
- The directory is 0700 and files 0600: this is mental-health data.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from careplan.core.errors import CareplanError, DataError, NoPlanError, os_problem
from careplan.core.model import Event, EventKind, Plan
from careplan.store import plan_file
from careplan.store.files import check_owner, make_folder, refuse_link, write_named
from careplan.store.history_log import HistoryFile
from careplan.store.paths import ANSWERS, BACKUPS, LOCK, PLAN, cache_file

if TYPE_CHECKING:
    from careplan.core.answers import Answers
    from careplan.store.lock import Notify

# How long a writer waits for another careplan before it stops (CAREPLAN_LOCK_TIMEOUT).
LOCK_TIMEOUT = 30.0


class Store(HistoryFile):
    """The data directory. Nothing happens on disk until a method is called."""

    def __init__(
        self,
        home: Path,
        device: str | None = None,
        lock_timeout: float = LOCK_TIMEOUT,
        notify: Notify | None = None,
    ) -> None:
        """`device`: record as this device id (benchmarks, tools) instead of this computer's."""
        self.home = home
        self.plan_path = home / PLAN
        self.answers_path = home / ANSWERS
        self.cache_path = cache_file(home)
        self.chosen_device = device
        self.lock_timeout = lock_timeout
        self.notify = notify  # told when a writer has to wait for another careplan
        self.saved = False  # True once this command has saved something of the person's
        self._held = 0

    # -- the folder ---------------------------------------------------------

    def ensure(self) -> None:
        if self.home.exists() and not self.home.is_dir():
            raise self.not_a_folder()
        try:
            make_folder(self.home)
        except FileExistsError:
            raise self.not_a_folder() from None
        except OSError as err:
            raise os_problem(err, self.home, "create the folder") from err
        check_owner(self.home)

    def exists(self, path: Path) -> bool:
        """Whether `path` is there; a folder careplan may not look into is a plain error."""
        try:
            os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError as err:
            raise os_problem(err, path, "read") from err
        return True

    def not_a_folder(self) -> DataError:
        return DataError(
            f"{self.home} is a file, where careplan expects a folder.",
            "Move that file aside, or choose another folder with --home.",
        )

    @contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Serialise writers across processes (an flock, released if we die).

        Re-entrant within one Store, so a read-modify-write can hold it throughout.
        `timeout`: how long to wait instead of `lock_timeout` (0: take it now or not at all).
        """
        if self._held:
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1
            return
        from careplan.store.lock import exclusive

        self.ensure()
        wait = self.lock_timeout if timeout is None else timeout
        with exclusive(self.home / LOCK, wait, self.notify if timeout is None else None):
            self._held = 1
            try:
                yield
            finally:
                self._held = 0

    @property
    def holding(self) -> bool:
        """Whether this Store holds the lock now."""
        return self._held > 0

    # -- whole files --------------------------------------------------------

    def atomic_write(self, path: Path, text: str, durable: bool = True) -> None:
        """Replace a whole file at once; `durable=False` skips fsync for derived files.

        Files outside the data folder (an export, a report) go where asked, and
        the data folder is not created for them.
        """
        if path.parent == self.home:
            self.ensure()
            refuse_link(path)  # a linked plan.toml is never silently replaced by a file
        try:
            fd, tmp = private_temp(path.parent, f".{path.name}.", ".tmp")
        except OSError as err:
            raise os_problem(err, path, "save") from err
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except OSError as err:
            Path(tmp).unlink(missing_ok=True)
            raise os_problem(err, path, "save") from err
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if durable:
            self.saved = True
            self._sync_dir(path.parent)
        with contextlib.suppress(OSError):  # tidying up after a save never undoes it
            sweep_temps(path)

    def write_named(self, path: Path, text: str | Iterable[str], force: bool = False) -> bool:
        """A file the person named: never replaced without `force`, links never replaced,
        FIFOs and terminals written in place (False). See files.write_named."""
        made = write_named(path, text, force)
        self.saved = True
        return made

    def keep_draft(self, prefix: str, text: str) -> Path:
        """Keep text the person typed, when it could not be saved where it belongs."""
        try:
            fd, name = private_temp(self.home, prefix, ".toml")
        except OSError as err:
            raise os_problem(err, self.home, "keep a copy in") from err
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as err:
            Path(name).unlink(missing_ok=True)
            raise os_problem(err, Path(name), "keep a copy in") from err
        return Path(name)

    def _sync_dir(self, folder: Path) -> None:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass  # some filesystems cannot fsync a directory; the rename still happened
        finally:
            os.close(fd)

    def read_text(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            raise DataError(
                f"{path} is not UTF-8 text, so careplan cannot read it.",
                "Save it as UTF-8 in your editor"
                + (", or restore it from backups/." if path.parent == self.home else "."),
            ) from err
        except OSError as err:
            raise os_problem(err, path, "read") from err

    def backup(self, path: Path, now: datetime) -> Path:
        """Copy a file into backups/ byte for byte before it is replaced."""
        folder = self.home / BACKUPS
        refuse_link(folder)
        try:
            make_folder(folder)
            data = path.read_bytes()
        except OSError as err:
            raise os_problem(err, folder, "back up into") from err
        stamp = now.strftime("%Y%m%d-%H%M%S")
        target = folder / f"{path.stem}-{stamp}{path.suffix}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}-{stamp}-{n}{path.suffix}"
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as err:
            raise os_problem(err, target, "save the backup") from err
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as err:
            target.unlink(missing_ok=True)  # half a backup would look like a whole one
            raise os_problem(err, target, "save the backup") from err
        return target

    # -- plan and answers ---------------------------------------------------

    def has_plan(self) -> bool:
        return self.exists(self.plan_path)

    def load_plan(self) -> Plan:
        if self.home.exists() and not self.home.is_dir():
            raise self.not_a_folder()
        check_owner(self.home)
        if not self.has_plan():
            raise NoPlanError(str(self.home))
        text = self.read_text(self.plan_path)
        try:
            return plan_file.parse_plan(text, PLAN)
        except DataError as problem:
            from careplan.store.backups import way_back

            raise DataError(problem.message, way_back(self)) from problem

    def save_plan(self, plan: Plan) -> None:
        self.atomic_write(self.plan_path, plan_file.plan_to_toml(plan))

    def start_over(
        self, plan: Plan, answers: Answers, now: datetime, replace: bool = True
    ) -> Path | None:
        """Save a new plan and the answers it came from; back up both first.

        Decided under the lock: without `replace`, a plan another `init` saved a
        moment ago is kept and this one refused. The answers are saved before the
        plan: a crash between the two leaves the old plan with the new answers, and
        the next `init --force` makes the plan they ask for; never a new plan whose
        saved answers would quietly make the old one again. Should the plan's save
        fail, the old answers are put back. Returns the old plan's backup, if any.
        """
        with self.lock():
            if not replace and self.has_plan():
                raise DataError(
                    f"You already have a plan in {self.home}: another careplan made it "
                    "just now. Nothing was changed.",
                    "To make a new one, run `careplan init --force`; the old plan is "
                    "backed up first.",
                )
            saved = self.backup(self.plan_path, now) if self.has_plan() else None
            old = self.readable_plan()
            old_answers = (
                self.read_text(self.answers_path) if self.exists(self.answers_path) else None
            )
            if old_answers is not None:
                self.backup(self.answers_path, now)
            self.save_answers(answers)
            try:
                self.save_plan(plan)
            except BaseException:
                with contextlib.suppress(CareplanError, OSError):
                    if old_answers is None:
                        self.answers_path.unlink(missing_ok=True)
                    else:
                        self.atomic_write(self.answers_path, old_answers)
                raise
            self.record_plan(plan, now, old)
        return saved

    def replace_plan_text(self, text: str, now: datetime) -> Path:
        """Back up plan.toml byte for byte, then replace it whole; returns the backup."""
        with self.lock():
            saved = self.backup(self.plan_path, now)
            self.atomic_write(self.plan_path, text)
        return saved

    def rewrite_plan(self, change: Callable[[Plan, str], str], now: datetime) -> bool:
        """Change plan.toml's text under the lock: checked, backed up, saved. False: no change.

        A plan with a problem is reported (raised), never edited.
        """
        with self.lock():
            plan = self.load_plan()
            text = self.read_text(self.plan_path)
            new = change(plan, text)
            if new == text:
                return False
            changed = plan_file.parse_plan(new, PLAN)
            self.replace_plan_text(new, now)
            self.record_plan(changed, now, plan)
        return True

    def save_plan_edit(self, text: str, original: str, now: datetime, draft: Path) -> Path:
        """Replace plan.toml with a checked edit, unless it changed meanwhile (then keep both)."""
        with self.lock():
            if self.read_text(self.plan_path) != original:
                raise DataError(
                    "plan.toml changed while you were editing it.",
                    f"It was left as it is. Your edited copy is saved as:\n  {draft}",
                )
            old = self.readable_plan()
            saved = self.replace_plan_text(text, now)
            self.record_plan(plan_file.parse_plan(text, PLAN), now, old)
        return saved

    def readable_plan(self) -> Plan | None:
        """plan.toml as it is, or None when there is none or it cannot be read."""
        try:
            return self.load_plan() if self.has_plan() else None
        except CareplanError:
            return None

    def record_plan(self, plan: Plan, now: datetime, old: Plan | None = None) -> None:
        """Keep `plan`, just saved as plan.toml, in the history as the plan in force from
        today, so changing the plan never rewrites the days before (core/streaks.py).

        `old` is the plan it replaced. While no version was ever kept, the one plan there
        has been is in force on every day, and nothing needs keeping; the first change keeps
        `old` first, in force from its start, so the days before keep the steps they had.
        """
        from careplan.core.day import day_of
        from careplan.store.history_codec import plan_key

        if old is not None and plan_key(old) == plan_key(plan):
            return  # nothing that decides a day changed (a comment, a why)
        with self.lock():
            new = [Event(day_of(now, plan.day_starts_at), now, EventKind.PLAN, plan=plan)]
            if not self.kept(EventKind.PLAN):
                if old is None or not self.any_records():
                    return  # a first plan, or no day recorded yet to keep as it was
                new.insert(0, Event(old.start, now, EventKind.PLAN, plan=old))
            self.append(new)

    def edit_answers(self, change: Callable[[Answers], Answers]) -> Answers:
        """A locked read-modify-write of answers.toml: `change` sees what is on disk now,
        so a second editor builds on the first one's save instead of undoing it."""
        from careplan.core.answers import Answers

        with self.lock():
            new = change(self.load_answers() or Answers())
            self.save_answers(new)
        return new

    def draft_plan(self) -> Path:
        """A private copy of plan.toml beside it, to edit without touching the plan."""
        text = self.read_text(self.plan_path)
        try:
            fd, name = private_temp(self.home, "plan-edit-", ".toml")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as err:
            raise os_problem(err, self.home, "save a copy to edit in") from err
        return Path(name)

    def save_answers(self, answers: Answers) -> None:
        header = "# The answers your plan was made from. `careplan init --force` reuses them.\n"
        from careplan.store import answers_file

        text = plan_file.dumps_toml(answers_file.answers_to_data(answers), header)
        self.atomic_write(self.answers_path, text)

    def load_answers(self) -> Answers | None:
        if not self.exists(self.answers_path):
            return None
        from careplan.store import answers_file

        return answers_file.parse_answers(self.read_text(self.answers_path), ANSWERS)


def sweep_temps(path: Path) -> None:
    """Remove temp copies of `path` left by careplan processes that were killed mid-write.

    Their names carry the writer's process id; a live writer's copy is left alone.
    """
    for temp in path.parent.glob(f".{path.name}.*.tmp"):
        pid = temp.name[len(path.name) + 2 :].split("-", 1)[0]
        if not (pid.isascii() and pid.isdecimal()) or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            temp.unlink(missing_ok=True)
        except OSError:
            continue  # someone else's process: not ours to judge


def private_temp(folder: Path, prefix: str, suffix: str) -> tuple[int, str]:
    """A new file only its owner can read, with a name no other process holds.

    What tempfile.mkstemp does, without importing tempfile (and through it random
    and hashlib) into every `careplan done`.
    """
    while True:
        name = str(folder / f"{prefix}{os.getpid()}-{os.urandom(4).hex()}{suffix}")
        try:
            return os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600), name
        except FileExistsError:
            continue
