"""`careplan review --year`: the last year as a calendar of days, in block characters.

Each kind of day has its own character, so the picture reads the same with
NO_COLOR and on a screen reader's braille line; colour, when wanted, only adds
to it. 4 columns of weekday names and 53 weeks fit in 60 columns.
"""

from __future__ import annotations

from careplan.core.report import DayKind, DaySquare
from careplan.render.plain import Ink

BLOCK = {
    DayKind.ALL: ("█", "everything done", "green"),
    DayKind.SOME: ("▄", "something done", "green"),
    DayKind.REST: ("▒", "rest day", "cyan"),
    DayKind.NOTHING: ("·", "nothing done", ""),
    DayKind.OFF: (" ", "not in the plan", ""),
}
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
LEFT = 4  # "Mo  " before the weeks


def year_lines(squares: tuple[DaySquare, ...], ink: Ink) -> list[str]:
    if not squares:
        return ["No days to show yet."]
    first, last = squares[0].day, squares[-1].day
    grid: list[list[str]] = [[] for _ in range(7)]
    for n, square in enumerate(squares):
        if n == 0:  # the first week may start mid-week: pad it
            for row in range(square.day.weekday()):
                grid[row].append(" ")
        char, _, colour = BLOCK[square.kind]
        grid[square.day.weekday()].append(ink.paint(char, colour) if colour else char)
    out = [ink.paint(f"The year in days ({first:%-d %b %Y} – {last:%-d %b %Y})", "bold")]
    out.append(" " * LEFT + _months(squares))
    out += [WEEKDAYS[row].ljust(LEFT) + "".join(grid[row]) for row in range(7)]
    out.append("")
    # No-break spaces keep each mark beside its word when the legend wraps.
    key = [f"{char}\u00a0{word}" for char, word, _ in BLOCK.values() if char != " "]
    out += ink.wrap("   ".join(key) + "   (blank: not in the plan)")
    planned = sum(1 for s in squares if s.kind is not DayKind.OFF)
    counted = sum(1 for s in squares if s.kind in (DayKind.ALL, DayKind.SOME, DayKind.REST))
    out += ink.wrap(f"Days with something done or rested: {counted} of {planned} in the plan.")
    return out


def _months(squares: tuple[DaySquare, ...]) -> str:
    """Month names over the week columns where each month begins."""
    label = ""
    start = squares[0].day
    offset = start.weekday()
    for square in squares:
        if square.day.day == 1 or square is squares[0]:
            column = (square.day - start).days + offset
            column //= 7
            name = f"{square.day:%b}"
            if column >= len(label) + (1 if label else 0):
                label = label.ljust(column) + name
    return label
