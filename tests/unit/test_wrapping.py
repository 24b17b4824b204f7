"""Wrapped text keeps together what a person reads or copies as one piece."""

from __future__ import annotations

import pytest

from careplan.render.plain import Ink

SENTENCE = "No country saved: to add yours, run `careplan plan edit` and set country."


@pytest.mark.parametrize("width", range(30, 81))
def test_a_command_in_backticks_is_never_cut_where_it_fits(width: int) -> None:
    lines = Ink(width=width).wrap(SENTENCE)
    assert any("`careplan plan edit`" in line for line in lines)
    assert all(len(line) <= width for line in lines)
    assert " ".join(lines) == SENTENCE


@pytest.mark.parametrize("width", range(30, 81))
def test_a_summary_breaks_only_between_its_parts(width: int) -> None:
    parts = ["12-day streak", "6 of the last 7 days", "strength ████░░░░░░ growing"]
    lines = Ink(width=width).wrap(" · ".join(parts), parts=True)
    assert all(len(line) <= width for line in lines)
    assert all(any(part in line for line in lines) for part in parts)
