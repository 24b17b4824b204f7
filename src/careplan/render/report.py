"""`careplan report`: a Report drawn as one self-contained HTML page, through Jinja2.

The templates live in templates/report/ and are packaged with careplan. Autoescaping
is on for every template, so the person's own words (step titles, feeling words,
notes) can never become markup, and `visible` shows control characters as text.
Nothing in the page loads anything: styles and SVG are inline, there is no script,
and a Content-Security-Policy meta tag forbids loading anything at all.

Jinja2 and pygal are imported here only, and this module only by `careplan report`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from careplan.core.report import DayKind, Report, WeekFeel
from careplan.render.charts import (
    bar_height,
    calendar_blocks,
    feel_chart,
    merge_columns,
    merge_weeks,
    sparkline,
    visible,
)

if TYPE_CHECKING:
    from jinja2 import Environment

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

KIND_WORDS = {
    DayKind.ALL: "everything done",
    DayKind.SOME: "something done",
    DayKind.REST: "rest day",
    DayKind.NOTHING: "nothing done",
    DayKind.OFF: "not in the plan",
}
NUMB_FOR = {"days": "a few days", "weeks": "weeks", "months": "months", "years": "years"}
ENERGY = {"low": "very little", "some": "some", "high": "a fair amount"}
CONTRIBUTING = {"low-mood": "low mood", "unsure": "not sure"}
AREA_COLUMNS = 120  # past this many weeks, a column of the areas chart holds several


def environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("careplan", "templates/report"),
        autoescape=True,  # every template, whatever its name: the person's words stay text
        undefined=StrictUndefined,
        finalize=visible,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = lambda d: f"{d:%a %-d %b %Y}"
    env.filters["short"] = lambda d: f"{d:%-d %b %Y}"
    env.filters["score"] = score
    env.filters["percent"] = lambda v: f"{round(v * 100)}%"
    env.filters["plain"] = lambda s: visible(s)
    return env


def score(value: float | None) -> str:
    """4.0 -> '4', 4.25 -> '4.3', None -> 'no score'."""
    if value is None:
        return "no score"
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def report_html(report: Report, made: date) -> str:
    """The whole page; `made` is the day it was made, printed in its footer."""
    template = environment().get_template("report.html.j2")
    return template.render(**_context(report, made))


def _context(report: Report, made: date) -> dict[str, Any]:
    blocks = calendar_blocks(report.squares)
    kinds = Counter(s.kind for s in report.squares)
    a = report.appointment
    return {
        "r": report,
        "a": a,
        "made": made,
        "csp": CSP,
        "blocks": blocks,
        "kind_words": {k.value: w for k, w in KIND_WORDS.items()},
        "kind_counts": [(k.value, KIND_WORDS[k], kinds[k]) for k in DayKind],
        "months": _months(report),
        "feel_svg": _feel_svg(report),
        "sparks": [(s, sparkline(s.strengths)) for s in report.steps],
        "areas": [(area, _columns(area.weeks)) for area in report.areas],
        "area_weeks": -(-len(report.weeks) // AREA_COLUMNS),
        "trend": _blocks_of_four(report.week_feels),
        "numb_for": NUMB_FOR.get(a.numb_for, ""),
        "energy": ENERGY.get(a.energy, ""),
        "contributing": [CONTRIBUTING.get(c, c) for c in a.contributing],
        "sparkline_width": 160,
    }


def _columns(weeks: tuple[tuple[int, int], ...]) -> list[tuple[int, int, float]]:
    return [(d, s, bar_height(d, s)) for d, s in merge_columns(weeks, AREA_COLUMNS)]


def _feel_svg(report: Report) -> str:
    from markupsafe import Markup

    scored = [f.feel for f in report.feels if f.feel is not None]
    numb = sum(1 for f in report.feels if f.feel is None)
    if scored:
        desc = (
            f"{len(report.feels)} check-ins from {report.start:%-d %b %Y} to "
            f"{report.end:%-d %b %Y}: scores from {min(scored)} to {max(scored)} out of 10, "
            f"average {score(sum(scored) / len(scored))}; {numb} numb or can't-tell days, "
            "marked as open rings on the bottom line."
        )
    else:
        desc = f"No check-ins with a score yet; {numb} numb or can't-tell days."
    svg = feel_chart(report.feels, report.week_feels, report.start, report.end, desc)
    # pygal escaped every text it wrote (its etree serialiser), and the only texts in it
    # are dates and careplan's own words: safe to place as markup.
    return Markup(svg)


def _months(report: Report) -> list[tuple[str, dict[str, int]]]:
    """The calendar as a table: per month, how many days of each kind."""
    found: dict[str, Counter[str]] = {}
    for square in report.squares:
        found.setdefault(f"{square.day:%B %Y}", Counter())[square.kind.value] += 1
    return [(month, dict(counts)) for month, counts in found.items()]


def _blocks_of_four(weeks: tuple[WeekFeel, ...]) -> list[WeekFeel]:
    """The last six stretches of four weeks, oldest first."""
    found = [merge_weeks(weeks[max(0, end - 4) : end]) for end in range(len(weeks), 0, -4)]
    return found[:6][::-1]
