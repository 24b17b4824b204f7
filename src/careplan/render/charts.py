"""The report's charts as SVG: the check-in line through pygal, the rest as shapes for templates.

pygal draws the one chart it has that the report needs, the check-in line. Its
output is trimmed before it goes into the page: pygal writes a <script> with its
whole configuration (the person's words included) even with `js=[]`, plus comments
naming its web site; both are removed, and a <desc> is added for screen readers.
The calendar, the strength sparklines, the areas grid and expected-vs-felt have no
pygal chart with distinct shapes per meaning, so their geometry is computed here
and drawn by the SVG templates in templates/report/.

Imported only by `careplan report` (pygal costs ~130 ms to import).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, NamedTuple

from careplan.core.report import DaySquare, Feel, WeekFeel

# Up to this many days the check-in line has a point per day; longer, a point per week,
# and past two years a point per four weeks (a readable line, and a quick one to draw).
DAILY_UP_TO = 16 * 7
WEEKLY_UP_TO = 104
CELL = 12  # calendar square pitch in SVG units (a 10-unit square and a 2-unit gap)
WEEKS_PER_ROW = 53
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def visible(text: object) -> object:
    """Control characters (an escape sequence's ESC) shown as their printable pictures.

    HTML cannot hold them as text and XML forbids them; the person's words still
    show exactly what was typed, as text.
    """
    if not isinstance(text, str) or hasattr(text, "__html__"):
        return text  # not text, or markup the templates made (escaped when it was made)
    return _CONTROL.sub(lambda m: chr(0x2400 + min(ord(m.group()), 0x21)), text)


class Square(NamedTuple):
    x: int
    y: int
    day: date
    kind: str
    done: int
    due: int


class CalendarRow(NamedTuple):
    """Up to a year of weeks: one row of the contribution-graph calendar."""

    first: date
    last: date
    width: int
    squares: list[Square]
    months: list[tuple[int, str]]  # (x, "Jan") where a month begins


def calendar_blocks(squares: tuple[DaySquare, ...]) -> list[CalendarRow]:
    """Weeks as columns, Monday on top; a new block every 53 weeks."""
    if not squares:
        return []
    first_monday = squares[0].day - timedelta(days=squares[0].day.weekday())
    blocks: dict[int, list[Square]] = {}
    for square in squares:
        week = (square.day - first_monday).days // 7
        block, column = divmod(week, WEEKS_PER_ROW)
        blocks.setdefault(block, []).append(
            Square(
                30 + column * CELL,
                16 + square.day.weekday() * CELL,
                square.day,
                square.kind.value,
                square.done,
                square.due,
            )
        )
    found = []
    for shown in blocks.values():
        months: list[tuple[int, str]] = []
        for cell in shown:
            if (cell.day.day == 1 or cell is shown[0]) and (
                not months or cell.x - months[-1][0] >= 3 * CELL
            ):
                months.append((cell.x, f"{cell.day:%b}"))
        width = max(s.x for s in shown) + CELL + 14  # room for a month name at the end
        found.append(CalendarRow(shown[0].day, shown[-1].day, width, shown, months))
    return found


def sparkline(values: tuple[float, ...], width: int = 160, height: int = 36) -> str:
    """SVG polyline points for values in [0, 1], left to right."""
    if not values:
        return ""
    step = width / max(1, len(values) - 1)
    return " ".join(
        f"{n * step:.1f},{height - 2 - v * (height - 4):.1f}" for n, v in enumerate(values)
    )


def bar_height(done: int, due: int, full: int = 10) -> float:
    return round(full * done / due, 1) if due else 0.0


def _trim(description: str) -> Callable[[Any], Any]:
    """A pygal xml filter: no script, no comments, a <desc> after the <title>."""

    def trim(root: Any) -> Any:
        for parent in list(root.iter()):
            for child in list(parent):
                tag = child.tag if isinstance(child.tag, str) else ""
                if not tag or tag.rsplit("}", 1)[-1] == "script":
                    parent.remove(child)
        for n, child in enumerate(root):
            if child.tag.rsplit("}", 1)[-1] == "title":
                child.set("id", "feel-title")
                desc = child.makeelement("desc", {"id": "feel-desc"})
                desc.text = description
                root.insert(n + 1, desc)
                break
        root.set("role", "img")
        root.set("aria-labelledby", "feel-title feel-desc")
        return root

    return trim


def feel_points(
    feels: tuple[Feel, ...], weeks: tuple[WeekFeel, ...], start: date, end: date
) -> tuple[list[str], list[float | None], list[dict[str, object] | None], bool]:
    """x labels, scores and numb markers for the check-in line; daily when the period is short."""
    days = (end - start).days + 1
    if days <= DAILY_UP_TO:
        by_day = {f.day: f for f in feels}
        labels, scores, numb = [], [], []
        for n in range(days):
            day = start + timedelta(days=n)
            feel = by_day.get(day)
            labels.append(f"{day:%-d %b}")
            scores.append(float(feel.feel) if feel and feel.feel is not None else None)
            numb.append(
                {"value": 0, "label": f"{day:%-d %b}: numb / can't tell"}
                if feel and feel.feel is None
                else None
            )
        return labels, scores, numb, True
    if len(weeks) > WEEKLY_UP_TO:
        weeks = tuple(merge_weeks(weeks[n : n + 4]) for n in range(0, len(weeks), 4))
    labels = [f"{w.start:%-d %b %Y}" for w in weeks]
    scores = [round(w.mean, 1) if w.mean is not None else None for w in weeks]
    numb_marks: list[dict[str, object] | None] = [
        {"value": 0, "label": f"from {w.start:%-d %b %Y}: {w.numb} numb"} if w.numb else None
        for w in weeks
    ]
    return labels, scores, numb_marks, False


def merge_weeks(weeks: tuple[WeekFeel, ...]) -> WeekFeel:
    """Several weeks as one: the average of all their scores."""
    scores = sum(w.scores for w in weeks)
    total = sum((w.mean or 0.0) * w.scores for w in weeks)
    mean = total / scores if scores else None
    return WeekFeel(weeks[0].start, mean, scores, sum(w.numb for w in weeks))


def merge_columns(weeks: tuple[tuple[int, int], ...], most: int) -> list[tuple[int, int]]:
    """(done, came up) per week, summed in runs so there are at most `most` columns."""
    size = -(-len(weeks) // most) if weeks else 1
    return [
        (sum(d for d, _ in weeks[n : n + size]), sum(s for _, s in weeks[n : n + size]))
        for n in range(0, len(weeks), size)
    ]


def feel_chart(
    feels: tuple[Feel, ...], weeks: tuple[WeekFeel, ...], start: date, end: date, desc: str
) -> str:
    """The check-in line as an inline <svg>, drawn by pygal, scaled by its viewBox."""
    import pygal  # type: ignore[import-untyped]  # pygal ships no type information
    from pygal.style import Style  # type: ignore[import-untyped]  # nor here

    labels, scores, numb, daily = feel_points(feels, weeks, start, end)
    span = "week by week" if len(weeks) <= WEEKLY_UP_TO else "four weeks at a time"
    style = Style(
        background="transparent",
        plot_background="transparent",
        foreground="var(--ink)",
        foreground_strong="var(--ink)",
        foreground_subtle="var(--grid)",
        colors=("var(--line)", "var(--numb)"),
        font_family="inherit",
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=12,
        title_font_size=14,
    )
    chart = pygal.Line(
        js=[],  # pygal's default loads a script from its web site
        style=style,
        width=760,
        height=280,
        explicit_size=False,
        disable_xml_declaration=True,
        range=(0, 10),
        include_x_axis=True,
        y_labels=[0, 2, 4, 6, 8, 10],
        show_minor_x_labels=False,
        x_labels_major_every=max(1, len(labels) // 8),
        truncate_label=-1,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        allow_interruptions=True,
        dots_size=3,
        no_data_text="No check-ins yet",
        title="How much you could feel (0-10)" + ("" if daily else f", {span}"),
    )
    chart.uuid = "feel"  # a stable id instead of a random one per run
    chart.add_xml_filter(_trim(desc))
    chart.x_labels = labels
    chart.add("Could feel" if daily else "Week's average", scores)
    chart.add("Numb / can't tell", numb, stroke=False, dots_size=5)
    return str(chart.render(is_unicode=True))
