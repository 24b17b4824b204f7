"""Old weeks in constant time (issue 18, item 5): the checkpoints index never changes an
answer, and a review of any week costs the same at any length of history.

Cost is counted in bytes of history read and parsed, never in seconds.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.fixtures.histories import example_plan, history
from tests.store.test_cache_property import OPS, apply

from careplan.core.model import Event, EventKind
from careplan.core.review import Review, week_start
from careplan.render.contracts import review_json
from careplan.store import checkpoints, context, history_files
from careplan.store.paths import HISTORY, checkpoints_file, device_file
from careplan.store.store import Store

TODAY = date(2026, 11, 25)  # the clock fixture's day, and test_cache_property's
MOMENT = datetime(2026, 11, 25, 9, 0).astimezone()
THIS_WEEK = week_start(TODAY)
DEVICE = "testdevice"
CONFLICT = "history/testdevice.sync-conflict-20261120-120000-ABCDEFG.jsonl"


def make(home: Path, days: int, device: str | None = DEVICE) -> Store:
    """A plan and `days` of history before today, with a reflection every ten days."""
    start = TODAY - timedelta(days=days)
    store = Store(home, device=device)
    store.ensure()
    plan = example_plan(start)
    store.save_plan(plan)
    events = history(plan, start, TODAY - timedelta(days=1))
    at = datetime.combine(start, datetime.min.time())
    for n in range(0, days, 10):
        day = start + timedelta(days=n)
        events.append(Event(day, at + timedelta(days=n, hours=21), EventKind.REFLECT, note=f"{n}"))
    store.append(sorted(events, key=lambda e: e.at))
    return store


def indexed(store: Store) -> context.Context:
    """What a read command starts from once the tally cache holds (it heals first)."""
    context.load(store, MOMENT, heal=True)
    ctx = context.load(store, MOMENT)
    assert ctx.base is not None
    return ctx


def whole_read(self: Store) -> None:
    raise AssertionError("the review read the whole history")


def both(store: Store, start: date, weeks: int = 1) -> tuple[list[Review], list[Review]]:
    """The review from the index (no full read allowed), and from a full read."""
    ctx = indexed(store)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(Store, "full", whole_read)
        quick = context.reviews(ctx, start, weeks)
    return quick, context.reviews(ctx.full(), start, weeks)


def assert_agree(store: Store, start: date, weeks: int = 1) -> None:
    quick, full = both(store, start, weeks)
    assert quick == full
    assert [review_json(r) for r in quick] == [review_json(r) for r in full]


def log_lines(store: Store) -> list[bytes]:
    return store.own_log().read_bytes().splitlines(keepends=True)


# -- the property -----------------------------------------------------------------

MORE = st.one_of(
    OPS,  # test_cache_property's: appends, same-length edits, swaps, copies, writes, heals
    st.tuples(
        st.just("back"),
        st.integers(0, 119),
        st.sampled_from(["done", "skip", "undo", "rest", "reflect"]),
    ),
    st.tuples(st.just("conflict"), st.integers(0, 10_000), st.integers(1, 60), st.booleans()),
    st.tuples(st.just("resolve")),
    st.tuples(st.just("review"), st.integers(0, 19), st.integers(1, 3)),
    st.tuples(st.just("low"), st.integers(0, 119)),
)


def low_fortnight(store: Store, last: date) -> None:
    """Check-ins of 1/10 on the fourteen days up to `last`: the review's professional word."""
    store.append(
        [Event(last - timedelta(days=n), MOMENT, EventKind.CHECKIN, feel=1) for n in range(14)]
    )


def act(store: Store, op: tuple[object, ...]) -> None:
    kind = op[0]
    if kind == "back":  # a record for any day of the history, written now
        days_back, what = int(op[1]), EventKind(str(op[2]))  # type: ignore[call-overload]
        plan = store.load_plan()
        step = None if what in (EventKind.REST, EventKind.REFLECT) else plan.steps[0].id
        day = TODAY - timedelta(days=days_back)
        store.append([Event(day, MOMENT, what, step=step, note=f"back {days_back}")])
    elif kind == "conflict":  # a sync tool's copy of some lines, one of them edited or not
        lines = log_lines(store)
        first = int(op[1]) % len(lines)  # type: ignore[call-overload]
        chunk = lines[first : first + int(op[2])]  # type: ignore[call-overload]
        if op[3]:
            chunk = [line.replace(b'"done"', b'"skip"', 1) for line in chunk]
        (store.home / CONFLICT).write_bytes(b"".join(chunk))
    elif kind == "low":
        low_fortnight(store, TODAY - timedelta(days=int(op[1])))  # type: ignore[call-overload]
    elif kind == "resolve":
        (store.home / CONFLICT).unlink(missing_ok=True)
    elif kind == "review":  # a review in between saves, extends or rebuilds the index
        ctx = context.load(store, MOMENT)
        context.reviews(ctx, THIS_WEEK - timedelta(weeks=int(op[1])), int(op[2]))  # type: ignore[call-overload]
    else:
        apply(store, op)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ops=st.lists(MORE, min_size=1, max_size=8),
    back=st.integers(0, 19),
    weeks=st.integers(1, 3),
)
@example(ops=[("review", 8, 1), ("back", 60, "rest")], back=9, weeks=1)  # into an indexed week
@example(ops=[("review", 0, 1), ("low", 38)], back=6, weeks=1)  # the week before, read too
@example(ops=[("review", 8, 1), ("append", 0, "done")], back=8, weeks=2)  # extended
@example(ops=[("review", 0, 1), ("conflict", 3, 40, True)], back=17, weeks=3)
@example(ops=[("review", 0, 1), ("copy", 0, 30)], back=16, weeks=1)
def test_the_index_never_changes_an_answer(
    isolated_home: Path, ops: list[tuple[object, ...]], back: int, weeks: int
) -> None:
    with tempfile.TemporaryDirectory(dir=isolated_home.parent) as tmp:
        store = make(Path(tmp) / "home", 120)
        indexed(store)
        context.reviews(context.load(store, MOMENT), THIS_WEEK - timedelta(weeks=10), 1)
        for op in ops:
            act(store, op)
        for start in (THIS_WEEK - timedelta(weeks=back), THIS_WEEK, THIS_WEEK - timedelta(7)):
            assert_agree(store, start, weeks)


# -- the named cases ----------------------------------------------------------------


def back_fill(store: Store) -> None:
    step = store.load_plan().steps[0].id
    store.append([Event(TODAY - timedelta(days=60), MOMENT, EventKind.UNDO, step=step)])
    store.append([Event(TODAY - timedelta(days=61), MOMENT, EventKind.REFLECT, note="late")])


def copied_lines(store: Store) -> None:
    with store.own_log().open("ab") as handle:
        handle.write(b"".join(log_lines(store)[100:140]))


def same_length_edit(store: Store) -> None:
    lines = log_lines(store)
    at = next(n for n, line in enumerate(lines[200:], 200) if b'"done"' in line)
    lines[at] = lines[at].replace(b'"done"', b'"skip"')
    store.own_log().write_bytes(b"".join(lines))


def replaced_file(store: Store) -> None:
    path = store.own_log()
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)  # the same bytes in a new file


def conflict_copy(store: Store) -> None:
    chunk = [line.replace(b'"done"', b'"skip"', 1) for line in log_lines(store)[300:340]]
    (store.home / CONFLICT).write_bytes(b"".join(chunk))


def conflict_copy_removed(store: Store) -> None:
    conflict_copy(store)
    indexed(store)
    context.reviews(context.load(store, MOMENT), THIS_WEEK - timedelta(weeks=8), 1)
    (store.home / CONFLICT).unlink()


def today_done(store: Store) -> None:
    store.append([Event(TODAY, MOMENT, EventKind.DONE, step=store.load_plan().steps[0].id)])


def next_week_records(store: Store) -> None:  # a new week begins in the index
    step = store.load_plan().steps[0].id
    for days in (0, 7, 15):
        store.append([Event(TODAY + timedelta(days=days), MOMENT, EventKind.DONE, step=step)])


def another_computer(store: Store) -> None:
    other = Store(store.home, device="othercompu")
    step = store.load_plan().steps[1].id
    other.append([Event(TODAY - timedelta(days=1), MOMENT, EventKind.DONE, step=step)])


def cannot_be_saved(store: Store) -> None:
    path = checkpoints_file(store.home)
    path.unlink()
    path.mkdir()  # a folder where the index would go: never saved, rebuilt every time


CASES: dict[str, Callable[[Store], None]] = {
    "a back-fill into an indexed week": back_fill,
    "old lines copied to the end of a log": copied_lines,
    "a same-length edit": same_length_edit,
    "a log replaced by the same bytes": replaced_file,
    "a sync conflict copy with an edited line": conflict_copy,
    "a sync conflict copy removed": conflict_copy_removed,
    "a record today (extends the index)": today_done,
    "records for later weeks (extends the index)": next_week_records,
    "another computer's log arriving": another_computer,
    "an index that cannot be saved": cannot_be_saved,
}


@pytest.mark.parametrize("change", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("back", [0, 1, 8, 9, 30])
def test_named_changes_give_the_full_read_s_answer(
    isolated_home: Path, change: Callable[[Store], None], back: int
) -> None:
    store = make(isolated_home, 200)
    start = THIS_WEEK - timedelta(weeks=back)
    assert_agree(store, start)  # builds the index
    change(store)
    assert_agree(store, start)
    assert_agree(store, start, weeks=3)


def test_check_ins_of_the_week_before_an_old_week_are_read(isolated_home: Path) -> None:
    store = make(isolated_home, 200)
    week = THIS_WEEK - timedelta(weeks=12)
    assert_agree(store, week)
    low_fortnight(store, week + timedelta(days=6))
    quick, full = both(store, week)
    assert quick == full
    assert quick[0].suggestions[0].kind == "professional"


def test_a_back_fill_written_weeks_later_is_found(isolated_home: Path) -> None:
    store = make(isolated_home, 200)
    week = week_start(TODAY - timedelta(days=61)) + timedelta(days=7)
    before, _ = both(store, week)
    back_fill(store)
    after, full = both(store, week)
    assert after == full != before
    assert (TODAY - timedelta(days=61), "late") in after[0].earlier


# -- the cost -----------------------------------------------------------------------


def counting(patched: pytest.MonkeyPatch) -> tuple[list[int], list[int]]:
    """Bytes parsed, and bytes of logs read whole."""
    parsed: list[int] = []
    whole: list[int] = []
    parse, read = history_files.parse, history_files.read

    def parse_counted(log, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(len(data))
        return parse(log, data, *args, **kwargs)

    def read_counted(log):  # type: ignore[no-untyped-def]
        data = read(log)
        whole.append(len(data))
        return data

    patched.setattr(history_files, "parse", parse_counted)
    patched.setattr(history_files, "read", read_counted)
    return parsed, whole


def old_week_cost(home: Path, years: int) -> tuple[int, int]:
    """Bytes parsed by the second review of a week two years back, and the logs' size."""
    store = make(home, int(365.25 * years))
    start = week_start(TODAY - timedelta(days=2 * 365))
    context.reviews(indexed(store), start, 1)  # the first builds the index, once
    ctx = context.load(store, MOMENT)
    with pytest.MonkeyPatch.context() as patched:
        parsed, whole = counting(patched)
        context.reviews(ctx, start, 1)
    assert not whole
    return sum(parsed), sum(os.path.getsize(log.path) for log in store.logs())


def test_an_old_week_costs_the_same_at_any_length_of_history(
    tmp_path: Path, isolated_home: Path
) -> None:
    short, short_size = old_week_cost(tmp_path / "three", 3)
    long, long_size = old_week_cost(tmp_path / "twelve", 12)
    assert long_size > 3.5 * short_size
    assert 0.8 < long / short < 1.25, (short, long)  # two weeks of records, either way
    assert long < long_size / 100


def test_this_week_s_review_reads_no_log_whole_for_reflections(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make(isolated_home, 1000)
    context.reviews(indexed(store), THIS_WEEK, 1)  # the index, made once
    size = sum(os.path.getsize(log.path) for log in store.logs())
    parsed, whole = counting(monkeypatch)
    result = context.reviews(context.load(store, MOMENT), THIS_WEEK, 1)[0]
    assert not whole
    assert sum(parsed) < size / 5  # the last block of the log: the weeks `since` reads
    assert [text for _, text in result.earlier] == ["990", "980", "970"]


def last_week_back_fill(store: Store) -> None:  # `done 1 --date fri` on a Wednesday
    step = store.load_plan().steps[0].id
    store.append([Event(TODAY - timedelta(days=5), MOMENT, EventKind.DONE, step=step)])


@pytest.mark.parametrize(
    ("change", "cost"),
    [(today_done, "new"), (last_week_back_fill, "weeks"), (same_length_edit, "rebuild")],
    ids=["a record today extends it", "a back-fill refolds its weeks", "an edit rebuilds it"],
)
def test_after_a_change_the_index_costs_the_new_lines_or_one_rebuild(
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Store], None],
    cost: str,
) -> None:
    store = make(isolated_home, 400)
    start = THIS_WEEK - timedelta(weeks=30)
    context.reviews(indexed(store), start, 1)
    change(store)
    ctx = indexed(store)  # (after an edit, the tally cache heals first)
    parsed, _ = counting(monkeypatch)
    context.reviews(ctx, start, 1)
    first = sum(parsed)
    parsed.clear()
    context.reviews(context.load(store, MOMENT), start, 1)
    size = sum(os.path.getsize(log.path) for log in store.logs())
    assert sum(parsed) < size / 10  # from then on: two weeks of records
    if cost == "rebuild":
        assert first - sum(parsed) >= size  # one full read
    elif cost == "weeks":
        assert first - sum(parsed) < size / 20  # the weeks from the back-filled day on
    else:
        assert first - sum(parsed) < 1_000  # the one new line
    assert checkpoints_file(store.home).exists()


def test_logs_with_nul_bytes_are_read_in_full_and_give_the_same_answer(
    isolated_home: Path,
) -> None:
    store = make(isolated_home, 60)
    with store.own_log().open("ab") as handle:
        handle.write(b"\x00" * 100 + b"\n")
    assert checkpoints.current(store, store.load_plan()) is None
    ctx = context.load(store, MOMENT, heal=True)
    start = THIS_WEEK - timedelta(weeks=3)
    assert context.reviews(ctx, start, 1) == context.reviews(ctx.full(), start, 1)


def test_the_index_lives_beside_the_tally_cache_not_in_the_data_folder(
    isolated_home: Path,
) -> None:
    store = make(isolated_home, 60)
    context.reviews(indexed(store), THIS_WEEK - timedelta(weeks=4), 1)
    path = checkpoints_file(store.home)
    assert path.parent == store.cache_path.parent
    assert not any(p.name.startswith("checkpoints") for p in store.home.rglob("*"))
    assert (store.home / HISTORY).is_dir()


def test_a_review_after_a_done_reads_only_what_was_added(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The everyday order: `done` on most days, a look back now and then. The tally cache,
    kept current by each `done`, vouches for the logs' older bytes, so the index checks
    and reads only the lines added since it was saved, not every log whole again."""
    store = make(isolated_home, 6 * 365)
    device_file().parent.mkdir(parents=True, exist_ok=True)
    device_file().write_text(DEVICE)  # this computer wrote those years: `done` adds to them
    old_week = (THIS_WEEK - timedelta(weeks=100)).strftime("%G-W%V")
    for _ in range(2):  # the first heals the tally cache, and builds the index
        assert cli("review", "--week", old_week, "--json").exit_code == 0
    before = cli("review", "--week", old_week, "--json").stdout
    assert cli("done", "1").exit_code == 0
    read: list[int] = []
    real = history_files.read_rest

    def read_counted(handle):  # type: ignore[no-untyped-def]
        data, had_nul = real(handle)
        read.append(len(data))
        return data, had_nul

    monkeypatch.setattr(history_files, "read_rest", read_counted)
    after = cli("review", "--week", old_week, "--json")
    size = sum(os.path.getsize(log.path) for log in store.logs())
    assert size > 1_000_000
    assert sum(read) < 20_000, "the review read the logs whole to check them"
    assert after.stdout == before  # today's done is in no old week


@pytest.mark.parametrize("years", [2, 8])
def test_last_week_s_review_costs_the_same_at_any_length_of_history(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, years: int
) -> None:
    """On a Wednesday `review` looks back at the week that ended: read from the index,
    like any older week, it parses two weeks of records, not the years before them."""
    store = make(isolated_home, int(365.25 * years))
    for _ in range(2):  # the first heals the tally cache, and builds the index
        first = cli("review", "--json")
    parsed, whole = counting(monkeypatch)
    again = cli("review", "--json")
    assert json.loads(again.stdout)["week"] == "2026-W47"  # the week that ended
    assert again.stdout == first.stdout
    assert whole == []
    assert sum(parsed) < 200_000 < sum(os.path.getsize(log.path) for log in store.logs())


def test_a_few_new_lines_extend_the_index_without_writing_it_again(isolated_home: Path) -> None:
    """A review after a day's records extends the index in memory and leaves the file
    (megabytes, after years) as it is, until the lines added since pass SAVE_AFTER."""
    store = make(isolated_home, 800)
    start = THIS_WEEK - timedelta(weeks=1)
    context.reviews(indexed(store), start, 1)  # builds and saves it
    saved = checkpoints_file(store.home).read_bytes()
    for _ in range(3):
        today_done(store)
        assert_agree(store, start)
        assert checkpoints_file(store.home).read_bytes() == saved
    step = store.load_plan().steps[0].id
    many = [Event(TODAY, MOMENT, EventKind.DONE, step=step, note="x" * 500)] * 150
    store.append(many)  # about 100 KB
    assert_agree(store, start)
    assert checkpoints_file(store.home).read_bytes() != saved


def test_a_plan_change_kept_in_the_history_leaves_the_index_standing(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the history keeps plan versions, pausing a step records one more, in force
    from today: the weeks before are folded as they were, so the index grows by a line
    instead of a rebuild. (The first change also keeps the plan before it, from its
    start: the one time the index is folded again from there.)"""
    store = make(isolated_home, 4 * 365)
    old_week = (THIS_WEEK - timedelta(weeks=60)).strftime("%G-W%V")
    step = store.load_plan().steps[1].id
    assert cli("plan", "pause", step).exit_code == 0  # the first change
    for _ in range(2):  # the first heals the tally cache, and builds the index
        before = cli("review", "--week", old_week, "--json").stdout
    assert cli("plan", "pause", store.load_plan().steps[2].id).exit_code == 0
    cli("today")  # the tally cache, made anew for the new plan
    parsed, whole = counting(monkeypatch)
    after = cli("review", "--week", old_week, "--json").stdout
    assert whole == []
    assert sum(parsed) < 200_000 < sum(os.path.getsize(log.path) for log in store.logs())
    assert after == before  # the paused step still has its rows in that week
