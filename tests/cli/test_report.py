"""`careplan report` and `careplan review --year` through the CLI, and the HTML they write."""

from __future__ import annotations

import re
import stat
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from careplan.core.model import Event, EventKind
from careplan.core.report import build_report, period
from careplan.core.safety import wording_problems
from careplan.core.streaks import replay
from careplan.render.report import report_html
from careplan.store import plan_file
from careplan.store.store import Store
from tests.fixtures.histories import example_answers, example_plan, history

TODAY = date(2026, 11, 25)  # the cli fixture's clock
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "\x1b[2Jcleared"]


class Page(HTMLParser):
    """Everything the tests look at: tags, links, styles, visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            self.styles.append(data)
        else:
            self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def assert_self_contained(html: str) -> Page:
    page = parse(html)
    links = [
        value
        for _, attrs in page.tags
        for name, value in attrs.items()
        if name in ("src", "href", "xlink:href", "action", "srcset", "data", "poster") and value
    ]
    assert [link for link in links if not link.startswith("#")] == []
    css = "\n".join(page.styles) + "".join(a.get("style") or "" for _, a in page.tags)
    assert re.findall(r"url\s*\(", css) == [] and "@import" not in css
    assert not [t for t, _ in page.tags if t in ("script", "iframe", "object", "embed", "link")]
    assert re.search(r"(?<!xmlns=\")https?://", html) is None, "an external address"
    assert "//kozea" not in html and "pygal.org" not in html
    csp = [
        a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(csp) == 1 and "default-src 'none'" in (csp[0]["content"] or "")
    return page


def make_home(home: Path, days: int, plan_start: date | None = None) -> Store:
    store = Store(home)
    plan = example_plan(plan_start or TODAY - timedelta(days=max(0, days - 1)))
    store.save_plan(plan)
    store.save_answers(example_answers())
    if days:
        store.append(history(plan, TODAY - timedelta(days=days - 1), TODAY))
    return store


def test_report_writes_a_private_self_contained_page(
    cli, isolated_home: Path, tmp_path: Path
) -> None:
    make_home(isolated_home, 84)
    out = tmp_path / "report.html"
    run = cli("report", "--out", str(out))
    assert run.exit_code == 0, run.stderr
    assert (
        run.stderr
        == f"Your report is saved in {out}. It is private: share it only if you want to.\n"
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    html = out.read_text(encoding="utf-8")
    page = assert_self_contained(html)
    text = " ".join(page.text)
    for heading in (
        "Your days",
        "How much you could feel",
        "What you expected, and how it felt",
        "How each step has grown",
        "Areas, week by week",
        "For my appointment",
    ):
        assert heading in text
    assert html.count('data-day="') == (TODAY - period(TODAY)).days + 1
    assert wording_problems(text) == []


def test_report_refuses_to_overwrite_without_force(
    cli, isolated_home: Path, tmp_path: Path
) -> None:
    make_home(isolated_home, 3)
    out = tmp_path / "mine.html"
    out.write_text("keep me")
    run = cli("report", "--out", str(out))
    assert run.exit_code == 2
    assert run.stderr == (
        f"Error: {out} already exists, so careplan left it as it is.\n"
        "Add --force to replace it, or choose another name with --out.\n"
    )
    assert out.read_text() == "keep me"
    assert cli("report", "--out", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_weeks_and_since_choose_the_period(cli, isolated_home: Path, tmp_path: Path) -> None:
    make_home(isolated_home, 200)
    for args, first in (
        (["--weeks", "2"], "2026-11-16"),
        (["--since", "2026-10-01"], "2026-10-01"),
    ):
        out = tmp_path / f"{first}.html"
        assert cli("report", "--out", str(out), *args).exit_code == 0
        assert re.findall(r'data-day="([\d-]+)"', out.read_text())[0] == first
    both = cli("report", "--weeks", "2", "--since", "2026-10-01")
    assert (both.exit_code, both.stderr) == (2, "Error: Use --weeks or --since, not both.\n")
    future = cli("report", "--since", "2027-01-01")
    assert future.exit_code == 2 and "is in the future" in future.stderr


def test_the_default_name_is_dated_in_the_current_folder(
    cli, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_home(isolated_home, 1)
    monkeypatch.chdir(tmp_path)
    assert cli("report").exit_code == 0
    assert (tmp_path / "careplan-report-2026-11-25.html").is_file()


def test_the_persons_words_stay_text(cli, isolated_home: Path, tmp_path: Path) -> None:
    store = make_home(isolated_home, 20)
    plan = store.load_plan()
    text = store.plan_path.read_text(encoding="utf-8")
    title = plan.steps[0].title
    hostile_title = " ".join(HOSTILE)
    store.plan_path.write_text(
        text.replace(
            f'"{title}"', plan_file.dumps_toml({"t": hostile_title}).split(" = ", 1)[1].strip()
        ),
        encoding="utf-8",
    )
    assert store.load_plan().steps[0].title == hostile_title
    at = datetime.combine(TODAY, time(21))
    store.append(
        [
            Event(TODAY, at, EventKind.DONE, plan.steps[0].id),
            Event(TODAY, at, EventKind.CHECKIN, feel=5, words=tuple(HOSTILE), note=HOSTILE[1]),
            Event(TODAY, at, EventKind.REFLECT, note=HOSTILE[0]),
        ]
    )
    out = tmp_path / "r.html"
    assert cli("report", "--out", str(out), "--with-notes").exit_code == 0
    html = out.read_text(encoding="utf-8")
    page = assert_self_contained(html)
    assert "\x1b" not in html
    assert not [t for t, a in page.tags if t == "img" or any(k.startswith("on") for k in a)]
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert "␛[2Jcleared" in text


def test_notes_only_with_notes(cli, isolated_home: Path, tmp_path: Path) -> None:
    store = make_home(isolated_home, 5)
    at = datetime.combine(TODAY, time(21))
    store.append([Event(TODAY, at, EventKind.REFLECT, note="the smell of rain")])
    out = tmp_path / "a.html"
    assert cli("report", "--out", str(out)).exit_code == 0
    assert "the smell of rain" not in out.read_text()
    assert cli("report", "--out", str(out), "--force", "--with-notes").exit_code == 0
    assert "the smell of rain" in out.read_text()


@pytest.mark.parametrize(
    "days", [0, 1, 84, 3652], ids=["empty", "one-day", "12-weeks", "10-years"]
)
def test_fixture_histories_render(days: int) -> None:
    plan = example_plan(TODAY - timedelta(days=max(0, days - 1)))
    log = replay(history(plan, plan.start, TODAY) if days else [])
    start = plan.start if days > 84 else period(TODAY)
    html = report_html(build_report(plan, log, start, TODAY, example_answers()), TODAY)
    assert_self_contained(html)
    assert html.count('data-day="') == (TODAY - start).days + 1


def test_review_year_fits_sixty_columns_with_distinct_marks(
    cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_home(isolated_home, 400)
    monkeypatch.setenv("COLUMNS", "60")
    run = cli("review", "--year")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert "\x1b" not in run.stdout  # NO_COLOR (set for every test)
    grid = lines[2:9]
    assert [line[:2] for line in grid] == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    assert {"█", "▄", "▒", "·"} <= set("".join(grid))
    assert "█\u00a0everything done" in run.stdout and "·\u00a0nothing done" in run.stdout
