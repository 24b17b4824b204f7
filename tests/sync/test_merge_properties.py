"""Merging logs: in any order, with any record duplicated in any number of copies, the
views are the same. Pure: stamps from merge.next_stamp, clocks that drift and jump."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from careplan.core.merge import merge, next_stamp, record_id
from careplan.core.model import Event, EventKind, Stamp
from careplan.core.streaks import replay

DEVICES = ["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc"]
KINDS = [EventKind.DONE, EventKind.UNDO, EventKind.SKIP, EventKind.REST, EventKind.CHECKIN]
START = datetime(2026, 11, 23, 8, tzinfo=UTC)

writes = st.lists(
    st.tuples(
        st.integers(0, 2),  # which computer
        st.sampled_from(KINDS),
        st.sampled_from(["walk", "call", "read"]),
        st.integers(0, 2),  # which day
        st.integers(-90, 90),  # that computer's clock, off by minutes (set back, or ahead)
        st.integers(0, 10),  # how it felt / how much they could feel
    ),
    max_size=40,
)


def logs_from(raw: list[tuple[int, EventKind, str, int, int, int]]) -> list[list[Event]]:
    """Each computer's log, written in order, stamped as careplan stamps them."""
    logs: list[list[Event]] = [[] for _ in DEVICES]
    last: list[Stamp | None] = [None for _ in DEVICES]
    for n, (who, kind, step, day, skew, score) in enumerate(raw):
        at = START + timedelta(minutes=n) + timedelta(minutes=skew)
        device = DEVICES[who]
        stamp = next_stamp(last[who], int(at.timestamp() * 1000), device)
        last[who] = stamp
        event = Event(
            date(2026, 11, 23) + timedelta(days=day), at, kind,
            None if kind in (EventKind.REST, EventKind.CHECKIN) else step,
            feel=score if kind is EventKind.CHECKIN else None,
            rid=record_id(device, len(logs[who]) + 1), stamp=stamp,
        )  # fmt: skip
        logs[who].append(event)
    return logs


def view(events: list[Event]) -> tuple[object, ...]:
    log = replay(events)
    return (
        log.marks,
        log.rest,
        {d: (c.feel, c.rid) for d, c in log.checkins.items()},
        [e.rid for e in events],
    )


@settings(max_examples=200, deadline=None)
@given(raw=writes, data=st.data())
def test_any_order_and_any_duplication_give_the_same_views(raw, data) -> None:  # type: ignore[no-untyped-def]
    logs = logs_from(raw)
    expected = view(merge(logs))
    groups = [list(log) for log in logs]
    # Conflict copies: any part of any log, again, with its records in its own order.
    for _ in range(data.draw(st.integers(0, 4))):
        source = data.draw(st.sampled_from(logs))
        if source:
            cut = data.draw(st.integers(0, len(source)))
            groups.append(source[:cut])
    groups = data.draw(st.permutations(groups))
    assert view(merge(groups)) == expected
    # Each record once, and within a computer in the order it wrote them.
    merged = merge(groups)
    assert len(merged) == sum(len(log) for log in logs)
    for device in DEVICES:
        mine = [e.rid for e in merged if e.stamp.device == device]
        assert mine == sorted(mine, key=lambda rid: int(rid.rsplit("-", 1)[1]))


@settings(max_examples=100, deadline=None)
@given(raw=writes)
def test_a_record_seen_from_another_computer_sorts_before_what_follows(raw) -> None:  # type: ignore[no-untyped-def]
    """A computer that saw another's record stamps its own later, even with a slow clock."""
    logs = logs_from(raw)
    if not logs[0]:
        return
    seen = logs[0][-1].stamp
    behind = seen.wall - 3_600_000  # an hour slow
    mine = next_stamp(max(seen, Stamp(1, 0, 0, "")), behind, DEVICES[1])
    assert mine > seen
    later = replace(logs[0][-1], rid="bbbbbbbbbb-99", stamp=mine)
    assert merge([[later], logs[0]])[-1].rid == "bbbbbbbbbb-99"
