"""The checkpoints index: the fold's tally at the start of each week of the history, and
where that week's records lie in each log, so the review of any week reads the records
of that week and the one before it, not the years around them (issue 18). Derived only:
kept on this computer beside the tally cache, never synced, safe to delete.

Weeks, not months: a review starts a week before its own (two weeks of check-ins), so
with weeks it reads 14 days of records and folds 13; with months, about two weeks more
on average, for an index four times smaller.

It holds while the tally cache's rule (tally_cache.tails) finds every log untouched or
only added to, for the same plan. Added lines extend it: from the week the earliest of
them counts for (the last week, or a few back for a back-fill or another computer's
days), at the cost of those weeks. Anything else (an edit, a replaced, vanished or new
conflict copy) rebuilds it from one full read.

The file: a header line (JSON: the plan's key, what was seen of each log, the logs'
names, each week's place after the header, and the rare lines), then one line per
week that has records: {"tally": the fold through the Sunday before the week,
"ranges": [[log, start, end], ...]}. A review seeks to its weeks' lines only.
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import json
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from careplan.core import merge
from careplan.core.errors import DataError
from careplan.core.model import Event, EventKind, Plan, Tally
from careplan.core.review import EARLIER
from careplan.store import history_codec, history_files, tally_cache
from careplan.store.files import make_folder
from careplan.store.history_files import LogFile
from careplan.store.paths import checkpoints_file
from careplan.store.tally_cache import Seen

if TYPE_CHECKING:
    from careplan.store.history_log import HistoryFile

# Records a review needs from anywhere in history, listed in the header so no log is
# searched for them. The one place to name such a kind.
RARE_KINDS = frozenset({EventKind.REFLECT, EventKind.PLAN})
VERSION = 1
# Lines added since the index was saved, in bytes, before an extended index is saved
# again (about two weeks of every step done, at 30 steps).
SAVE_AFTER = 64 * 1024
# What can go wrong in reading a derived file; any of it only means a rebuild.
UNREADABLE = (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError, DataError)


class Rare(NamedTuple):
    day: date
    kind: EventKind
    log: int  # its place in Index.logs
    start: int
    end: int


@dataclass
class Index:
    home: str
    plan: str
    seen: dict[str, Seen]
    logs: list[str]  # the names ranges refer to by place
    weeks: list[int]  # each week with records (see week_of), in order
    lines: list[bytes | tuple[int, int]]  # each week's line, or (offset, length) in the file
    rare: list[Rare]
    files: dict[str, LogFile] = field(default_factory=dict)  # this run's logs, by name
    handle: BinaryIO | None = None  # the file the (offset, length) places point into
    body_at: int = 0  # where the first week's line starts
    saved_ns: int = 0

    def line(self, n: int) -> tuple[Tally, list[list[int]]]:
        """Week `n`'s checkpoint and ranges; ValueError and the like if they are not."""
        raw = json.loads(self.raw(n))
        ranges = [[int(log), int(start), int(end)] for log, start, end in raw["ranges"]]
        return history_codec.tally_from_data(raw["tally"]), ranges

    def raw(self, n: int) -> bytes:
        place = self.lines[n]
        if isinstance(place, bytes):
            return place
        assert self.handle is not None  # a place is only ever read from a file
        self.handle.seek(self.body_at + place[0])
        return self.handle.read(place[1])

    def records(self, ranges: list[list[int]]) -> list[Event]:
        """The records in `ranges`, each log opened once; every record once."""
        by_log: dict[int, list[tuple[int, int]]] = {}
        for log, start, end in ranges:
            by_log.setdefault(log, []).append((start, end))
        return merge.merge(
            history_files.pieces(self.files[self.logs[log]], spans)
            for log, spans in by_log.items()
        )

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def week_of(day: date) -> int:
    return (day.toordinal() - 1) // 7  # day 1 of the ordinals, 0001-01-01, is a Monday


def monday(week: int) -> date:
    return date.fromordinal(week * 7 + 1)


def current(
    store: HistoryFile, plan: Plan, vouched: dict[str, Seen] | None = None
) -> Index | None:
    """The index, checked against the logs and extended or rebuilt as they need; None
    when the logs cannot be indexed (NUL bytes a crash left, which shift every offset
    after them). `vouched`: see tally_cache.tails.

    A rebuilt index is saved, and so is one extended over more than its last week (a
    new week begun, a back-filled one: redoing that would read those weeks again). One
    whose last week alone grew is saved once the lines added since pass SAVE_AFTER:
    until then, extending it again reads only those lines, less than writing the file.
    """
    path = checkpoints_file(store.home)
    logs = store.logs()
    index = read(path, store.home, plan)
    if index is not None:
        found = tally_cache.tails(logs, index.seen, index.saved_ns, vouched)
        grown = None if found is None else extend(index, plan, found)
        if grown is index:
            return index
        if grown is not None:
            redone = sum(isinstance(line, bytes) for line in grown.lines)
            added = sum(len(data) for _, data, _, _ in found or [])
            if redone > 1 or added >= SAVE_AFTER:
                save(store, path, grown)
            return grown
        index.close()
    made = build(store.home, plan, logs)
    if made is not None:
        save(store, path, made)
    return made


def window(index: Index, first: date, last: date) -> tuple[Tally | None, list[Event]] | None:
    """The fold through the Sunday before the week holding `first` (None: from the start),
    every record from that week through the one holding `last`, and the reflections of
    the last days before that week that have any (the ones a review shows as earlier).
    None when the index's own lines cannot be read: the review then reads everything."""
    i = bisect.bisect_right(index.weeks, week_of(first)) - 1
    j = bisect.bisect_right(index.weeks, week_of(last)) - 1
    try:
        base, ranges = index.line(i) if i >= 0 else (None, [])
        for n in range(i + 1, j + 1):
            ranges += index.line(n)[1]
    except UNREADABLE:
        return None
    since = monday(index.weeks[max(i, 0)]) if index.weeks else first
    return base, index.records(ranges + reflections_before(index, since) + plans(index))


def plans(index: Index) -> list[list[int]]:
    """Where every kept plan version is: the plan in force on any day is among them
    (core/streaks.py, plan_on), and they are few."""
    return [[r.log, r.start, r.end] for r in index.rare if r.kind is EventKind.PLAN]


def reflections_before(index: Index, day: date) -> list[list[int]]:
    """Where the reflections are of the last days before `day` that have any: as many
    days as a review shows reflections from earlier weeks."""
    found = [r for r in index.rare if r.kind is EventKind.REFLECT and r.day < day]
    kept = sorted({r.day for r in found})[-EARLIER:]
    return [[r.log, r.start, r.end] for r in found if r.day in kept]


def read(path: Path, home: Path, plan: Plan) -> Index | None:
    """The header of a saved index for this folder and plan, its week lines left on disk."""
    try:
        # Kept open for the index's life: a save by another careplan meanwhile replaces
        # the file, and the places in this header still point into the one read here.
        handle = open(path, "rb")  # noqa: SIM115 (closed by Index.close, or below)
    except OSError:
        return None
    try:
        stat = os.fstat(handle.fileno())
        head = handle.readline()
        raw = json.loads(head)
        if raw["version"] != VERSION:
            raise ValueError("made by another careplan")
        # Once the history keeps plan versions, each day is folded by the version in
        # force on it (core/streaks.Versions), whatever plan.toml says now; before,
        # by plan.toml, so only an index made for this very plan holds.
        versions = any(kind == EventKind.PLAN.value for _, kind, _, _, _ in raw["rare"])
        if not versions and raw["plan"] != history_codec.plan_key(plan):
            raise ValueError("made for another plan")
        if raw["home"] != os.path.abspath(home):
            raise ValueError("made for another folder")
        places = [(int(week), int(at), int(size)) for week, at, size in raw["weeks"]]
        end = places[-1][1] + places[-1][2] + 1 if places else 0
        if stat.st_size != len(head) + end:
            raise ValueError("cut short")
        return Index(
            home=str(raw["home"]),
            plan=str(raw["plan"]),
            seen={
                str(name): Seen(*(int(v) for v in entry)) for name, entry in raw["seen"].items()
            },
            logs=[str(name) for name in raw["logs"]],
            weeks=[week for week, _, _ in places],
            lines=[(at, size) for _, at, size in places],
            rare=[
                Rare(date.fromisoformat(day), EventKind(kind), int(log), int(start), int(end))
                for day, kind, log, start, end in raw["rare"]
            ],
            handle=handle,
            body_at=len(head),
            saved_ns=stat.st_mtime_ns,
        )
    except UNREADABLE:
        handle.close()
        return None


def to_text(index: Index) -> str:
    lines = [index.raw(n).decode("ascii") for n in range(len(index.lines))]
    places, at = [], 0
    for week, line in zip(index.weeks, lines, strict=True):
        places.append([week, at, len(line)])
        at += len(line) + 1
    head = {
        "version": VERSION,
        "home": index.home,
        "plan": index.plan,
        "seen": {name: list(entry) for name, entry in index.seen.items()},
        "logs": index.logs,
        "weeks": places,
        "rare": [[r.day.isoformat(), r.kind.value, r.log, r.start, r.end] for r in index.rare],
    }
    return "".join(line + "\n" for line in [_dumps(head), *lines])


def save(store: HistoryFile, path: Path, index: Index) -> None:
    """Save the index for the next review; a folder that cannot hold it only costs time."""
    with contextlib.suppress(DataError, OSError):
        text = to_text(index)
        make_folder(path.parent)
        store.atomic_write(path, text, durable=False)


def build(home: Path, plan: Plan, logs: list[LogFile]) -> Index | None:
    """The index from a full read of every log."""
    parts, seen = [], {}
    for log in logs:
        data, stat = tally_cache.read_with_stat(log)
        if stat is None:
            return None  # NULs, or the file went away meanwhile: offsets not to be trusted
        spans: list[tuple[int, int]] = []
        parts.append((history_files.parse(log, data, spans=spans).events, spans))
        seen[log.name] = tally_cache.seen_of(stat, data)
    chosen = merge.merge(events for events, _ in parts)
    kept = {id(e) for e in chosen}
    by_week: dict[int, list[list[int]]] = {}
    rare: list[Rare] = []
    for n, (events, spans) in enumerate(parts):
        place(by_week, rare, n, events, spans, kept)
    index = Index(os.path.abspath(home), history_codec.plan_key(plan), seen, [], [], [], [])
    index.logs = [log.name for log in logs]
    index.files = {log.name: log for log in logs}
    index.rare = sorted(rare)
    fold_weeks(index, plan, chosen, Tally(), by_week)
    return index


def extend(
    index: Index, plan: Plan, found: list[tuple[LogFile, bytes, int, Seen]]
) -> Index | None:
    """The index with the records added since it was saved (`found`: tally_cache.tails);
    itself when nothing changed. An added record for an earlier week (a back-fill, another
    computer's days) refolds that week's tally and every later one; None when one counts
    for a week before the first indexed (a rebuild)."""
    logs = list(index.logs)
    seen = {log.name: entry for log, _, _, entry in found}
    by_week: dict[int, list[list[int]]] = {}
    rare: list[Rare] = []
    added: list[Event] = []
    for log, data, offset, _ in found:
        if log.name not in logs:
            logs.append(log.name)
        spans: list[tuple[int, int]] = []
        events = history_files.parse(log, data, offset, spans=spans).events
        place(by_week, rare, logs.index(log.name), events, spans, None)
        added += events
    files = {log.name: log for log, _, _, _ in found}
    if not added and seen == index.seen:
        index.files = files
        return index
    grown = Index(index.home, index.plan, seen, logs, index.weeks, index.lines, index.rare)
    grown.files, grown.handle, grown.body_at = files, index.handle, index.body_at
    if not added:
        return grown
    # Refold from the week the earliest added record counts for (a back-filled yesterday:
    # a week or two), never from the start: the cost is in weeks back, not years of history.
    first = bisect.bisect_right(index.weeks, min(by_week)) - 1
    if first < 0:
        return None  # before every indexed week: build it anew
    try:
        lines = [index.line(n) for n in range(first, len(index.weeks))]
    except UNREADABLE:
        return None
    base = lines[0][0]
    for week, (_, ranges) in zip(index.weeks[first:], lines, strict=True):
        by_week.setdefault(week, [])[:0] = ranges  # the lines read before, then the new ones
    grown.weeks, grown.lines = index.weeks[:first], index.lines[:first]
    grown.rare = sorted(index.rare + rare)
    # Those weeks' records already indexed: the later weeks' tallies fold on from them,
    # each day by the plan in force on it.
    kept = [r for _, ranges in lines for r in ranges]
    earlier = grown.records(kept + plans(index)) if len(by_week) > 1 else []
    # Merged, as a full read is: a record also in a conflict copy counts once.
    fold_weeks(grown, plan, merge.merge([earlier, added]), base, by_week)
    return grown


def place(
    by_week: dict[int, list[list[int]]],
    rare: list[Rare],
    log: int,
    events: list[Event],
    spans: list[tuple[int, int]],
    kept: set[int] | None,
) -> None:
    """File each record's line under its week, runs of one week's lines as one range."""
    last = None  # the week of this log's previous record filed
    for event, (start, end) in zip(events, spans, strict=True):
        if kept is not None and id(event) not in kept:
            last = None  # a second version of a record: never read beside the one kept
            continue
        week = week_of(event.day)
        ranges = by_week.setdefault(week, [])
        if last == week:
            ranges[-1][2] = end  # (lines between that are no record are read as torn)
        else:
            ranges.append([log, start, end])
        last = week
        if event.kind in RARE_KINDS:
            rare.append(Rare(event.day, event.kind, log, start, end))


def fold_weeks(
    index: Index,
    plan: Plan,
    events: list[Event],
    base: Tally,
    by_week: dict[int, list[list[int]]],
) -> None:
    """Add a line for each week of `by_week`, in order, folding `base` on through `events`
    (every record from the first of those weeks on) to the day before each."""
    from careplan.core.streaks import advance, replay

    log = replay(events)
    tally = copy.deepcopy(base)
    for week in sorted(by_week):
        advance(tally, plan, log, monday(week) - timedelta(days=1))
        data = {"tally": history_codec.tally_to_data(tally), "ranges": by_week[week]}
        index.weeks.append(week)
        index.lines.append(_dumps(data).encode("ascii"))


def _dumps(data: object) -> str:
    return json.dumps(data, separators=(",", ":"))  # ASCII: offsets are lengths of text
