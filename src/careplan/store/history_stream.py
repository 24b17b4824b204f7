"""The history read one record at a time, for exports: memory flat in its size.

history_files.whole() reads every log into memory and merges them (core/merge.py).
When the history is only computers' own logs (history/<device>.jsonl), each already
in the order of writing, the same merge can be made as the records stream past:
heapq.merge by stamp, and a record met twice in a row (the same id) kept once, as
merge.merge keeps it. Anything else (an earlier history.jsonl, a sync tool's copy,
git's markers, a log out of order after a hand edit) is for whole(): `streamable`
tells which, from a quick pass over the stamps alone.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import TYPE_CHECKING

from careplan.core.errors import DataError, os_problem
from careplan.store import history_codec
from careplan.store.history_files import Kind, LogFile

if TYPE_CHECKING:
    from careplan.core.model import Event

HLC = b'"hlc":['


def streamable(logs: list[LogFile]) -> bool:
    """Only computers' own logs, each in the order of writing: exportable record by record."""
    return all(log.kind is Kind.LOG for log in logs) and all(_in_order(log) for log in logs)


def _lines(log: LogFile) -> Iterator[bytes]:
    """The log's lines, NUL bytes left out (as history_files.read_rest leaves them)."""
    try:
        handle = open(log.path, "rb")  # noqa: SIM115 - held open across the generator's yields
    except FileNotFoundError:
        return
    except OSError as err:
        raise os_problem(err, log.path, "read") from err
    with handle:
        while True:
            try:
                raw = handle.readline()
            except OSError as err:
                raise os_problem(err, log.path, "read") from err
            if not raw:
                return
            yield raw.translate(None, b"\x00") if b"\x00" in raw else raw


def _in_order(log: LogFile) -> bool:
    """Every line a stamped record, stamps rising: read the stamps, not the records."""
    last = (-1, -1)
    for raw in _lines(log):
        if not raw.strip():
            continue
        at = raw.find(HLC)
        end = raw.find(b"]", at)
        if at == -1 or end == -1:
            return False  # an older format, a marker or a torn line: whole() decides
        try:
            wall, counter = (int(n) for n in raw[at + len(HLC) : end].split(b","))
        except ValueError:
            return False
        if (wall, counter) <= last:
            return False
        last = (wall, counter)
    return True


def _events(log: LogFile, torn: list[int]) -> Iterator[Event]:
    for number, raw in enumerate(_lines(log), 1):
        if not raw.strip():
            continue
        try:
            # utf-8-sig: a byte-order mark an editor put in front is not part of the record.
            yield history_codec.event_from_line(raw.decode("utf-8-sig"))
        except history_codec.NewerHistoryError as err:
            raise DataError(f"{log.name}: {err.message}", err.hint) from None
        except history_codec.UnknownKindError:
            continue  # a newer careplan's kind of record: kept in the log, not damage
        # UnicodeDecodeError and JSONDecodeError are ValueErrors; [[[[... nests too deep.
        except (ValueError, RecursionError):
            torn.append(number)


def each_event(logs: list[LogFile], torn: list[int]) -> Iterator[Event]:
    """Every record once, in the order of writing, one at a time (for `streamable` logs).

    Line numbers of lines that cannot be read are added to `torn`, as whole() counts them.
    """
    merged = heapq.merge(*(_events(log, torn) for log in logs), key=lambda e: (e.stamp, e.rid))
    held: Event | None = None
    for event in merged:
        if held is not None and (event.rid, event.stamp) == (held.rid, held.stamp):
            if repr(event) < repr(held):  # one id, two lines: merge.merge keeps the same one
                held = event
            continue
        if held is not None:
            yield held
        held = event
    if held is not None:
        yield held
