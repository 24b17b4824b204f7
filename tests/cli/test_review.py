"""A month of history, then the weekly review checked piece by piece through the CLI."""

from __future__ import annotations

import json
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from careplan.core.review import weekly_review
from careplan.core.safety import wording_problems
from careplan.core.streaks import replay
from careplan.store.store import Store
from tests.fixtures.histories import steady_weeks
from tests.fixtures.logs import drop_cache
from tests.fixtures.personas import PERSONAS

START = date(2026, 11, 2)  # a Monday; four ISO weeks: W45 to W48
LAST_WEEK = "2026-W48"


@pytest.fixture
def month(cli, clock, tmp_path: Path, isolated_home: Path) -> dict[str, str]:
    """Ravi's plan: the daily anchor done every day, painting done with how it felt, the rest left.

    The four weeks are written through the store (what ~110 commands would record), then the
    reflection through the CLI, which leaves the tally cache as any command would."""
    answers = tmp_path / "ravi.toml"
    answers.write_text(PERSONAS["ravi"] + "[expected]\npainting = 2\n")
    clock.set(f"{START.isoformat()}T08:00")
    assert cli("init", "--answers", str(answers)).exit_code == 0
    store = Store(isolated_home)
    events, ids = steady_weeks(store.load_plan(), START, 28, liked="painting")
    store.append(events)
    clock.set(f"{START + timedelta(days=27)}T21:05")
    assert cli("review", "--reflect", "laughed at a film on Thursday").exit_code == 0
    return ids


def test_grid_counts_and_streaks(cli, month: dict[str, str]) -> None:
    week = json.loads(cli("review", "--json").stdout)
    assert (week["week"], week["start"], week["end"]) == (LAST_WEEK, "2026-11-23", "2026-11-29")
    rows = {r["id"]: r for r in week["steps"]}
    anchor = rows[month["anchor"]]
    assert set(anchor["days"].values()) == {"done"} and (anchor["done"], anchor["scheduled"]) == (
        7,
        7,
    )
    assert anchor["strength"] > 0.75
    painting = rows[month["painting"]]
    assert painting["done"] == painting["scheduled"] >= 1
    others = [r for i, r in rows.items() if i not in month.values()]
    for row in others:
        assert row["done"] == 0
        assert {v for v in row["days"].values()} <= {"open", "not-scheduled"}
        assert list(row["days"].values()).count("open") == row["scheduled"]
    assert week["streak"] == {"current": 28, "longest": 28, "days_last_7": 7}
    assert week["categories"][0] == {"category": anchor["category"], "done": 7, "scheduled": 7}


def test_checkin_trend_words_and_expected_vs_felt(cli, month: dict[str, str]) -> None:
    week = json.loads(cli("review", "--json").stdout)
    assert [c["feel"] for c in week["checkins"]] == [2] * 7
    assert week["trend"] == [2] * 7
    assert week["words"][0] == {"word": "flat", "count": 7}
    assert week["expected_vs_felt"] == [{"id": month["painting"], "expected": 2, "felt": 5}]
    out = cli("review").stdout
    assert "Check-ins: ▂▂▂▂▂▂▂  2/10, 2/10, 2/10, 2/10, 2/10, 2/10, 2/10" in out
    assert "Your check-ins this week were all 2/10, so no one step stands out" in out
    assert "you expected 2, it felt like 5." in out
    assert "Words you used most: flat (7), tired (7)" in out
    earlier = json.loads(cli("review", "--json", "--week", "2026-W46").stdout)
    assert earlier["trend"] == [7] * 7 and "▆" * 7 in cli("review", "--week", "2026-W46").stdout


def test_suggestions_professional_shrink_and_grow(cli, month: dict[str, str]) -> None:
    week = json.loads(cli("review", "--json").stdout)
    kinds = [s["kind"] for s in week["suggestions"]]
    assert kinds == ["professional", "shrink", "grow"]
    professional, shrink, grow = week["suggestions"]
    assert (
        "3 or below for two weeks" in professional["text"]
        and "GP or doctor" in professional["text"]
    )
    assert shrink["step"] not in month.values()
    assert grow["step"] in month.values()
    # Two weeks earlier the check-ins were higher: no professional suggestion then.
    early = json.loads(cli("review", "--json", "--week", "2026-W46").stdout)
    assert "professional" not in [s["kind"] for s in early["suggestions"]]


def test_reflection_is_kept_and_shown_in_later_reviews(cli, clock, month: dict[str, str]) -> None:
    assert "A moment you felt something: “laughed at a film on Thursday”" in cli("review").stdout
    clock.set("2026-12-03T10:00")
    later = cli("review").stdout
    assert "Earlier (29 Nov): “laughed at a film on Thursday”" in later
    assert json.loads(cli("review", "--json", "--week", LAST_WEEK).stdout)["reflection"] == (
        "laughed at a film on Thursday"
    )


def test_best_days_say_when_there_is_too_little_to_tell(cli, clock) -> None:
    clock.set("2026-11-23T09:00")
    cli("init", "--example")
    cli("checkin", "--feel", "5")
    week = json.loads(cli("review", "--json").stdout)
    assert week["best"].startswith("One check-in with a score this week; with 3 or more")


def test_several_weeks_at_once(cli, month: dict[str, str]) -> None:
    out = cli("review", "--weeks", "2").stdout
    assert out.index("Week 2026-W47") < out.index("Week 2026-W48")
    data = json.loads(cli("review", "--json", "--weeks", "3").stdout)
    assert data["week"] == LAST_WEEK
    assert [w["week"] for w in data["earlier_weeks"]] == ["2026-W47", "2026-W46"]


@pytest.mark.parametrize("width", [80, 60])
def test_rendered_review_fits_the_terminal_and_is_kind(
    month: dict[str, str], isolated_home: Path, width: int
) -> None:
    from careplan.render.plain import Ink
    from careplan.render.review import review_lines

    store = Store(isolated_home)
    plan = store.load_plan()
    result = weekly_review(
        plan, replay(store.history().events), date(2026, 11, 23), date(2026, 11, 29)
    )
    text = "\n".join(review_lines(result, Ink(width=width)))
    # Printed through a recording console of that width: a line too wide would be wrapped.
    console = Console(record=True, width=width, color_system=None)
    for line in text.splitlines():
        console.print(Text(line), overflow="ignore", crop=False, soft_wrap=False)
    assert console.export_text().rstrip("\n") == text
    assert max(cell_len(line) for line in text.splitlines()) <= width
    assert "Week 2026-W48" in text and "Streak: 28 days now, 7 of the last 7 days." in text
    assert "\n• Because your check-ins have stayed at 3 or below" in text
    assert "\x1b" not in text
    assert wording_problems(text) == []
    colored = "\n".join(review_lines(result, Ink(width=width, color=True)))
    assert "\x1b[32m  ✓\x1b[0m" in colored


def test_markdown_report(cli, month: dict[str, str], tmp_path: Path) -> None:
    report = tmp_path / "week.md"
    result = cli("review", "--markdown", str(report))
    assert result.exit_code == 0 and f"saved in {report}" in result.stderr
    text = report.read_text()
    assert text.startswith("# Week 2026-W48 (23 Nov – 29 Nov 2026)")
    assert "| Step | Mon | Tue | Wed | Thu | Fri | Sat | Sun | Done | Strength |" in text
    assert "| ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | 7 of 7 |" in text
    assert "Check-ins: `▂▂▂▂▂▂▂`" in text and "## A few gentle suggestions" in text
    assert "> A moment you felt something: laughed at a film on Thursday" in text
    assert wording_problems(text) == []


def test_apply_changes_the_plan_as_suggested_and_keeps_comments(
    cli, month: dict[str, str], isolated_home: Path
) -> None:
    plan_path = isolated_home / "plan.toml"
    plan_path.write_text(
        plan_path.read_text().replace("[[steps]]", "# my note: keep this\n[[steps]]", 1)
    )
    before = plan_path.read_bytes()
    week = json.loads(cli("review", "--json").stdout)
    shrink = next(s for s in week["suggestions"] if s["kind"] == "shrink")["step"]
    grow = next(s for s in week["suggestions"] if s["kind"] == "grow")["step"]
    old = {s["id"]: s for s in tomllib.loads(before.decode())["steps"]}

    # Nobody at a terminal to say yes: nothing changes, and --yes is the way.
    declined = cli("review", "--apply", input="y\n")
    assert "add --yes to make them" in declined.stderr
    assert "Nothing was changed." in declined.stderr
    assert plan_path.read_bytes() == before

    result = cli("review", "--apply", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "These changes would be made to plan.toml" in result.stderr
    new = {s["id"]: s for s in tomllib.loads(plan_path.read_text())["steps"]}
    assert new[shrink]["title"] == old[shrink]["tiny"] and new[shrink]["minutes"] <= 3
    assert new[grow]["minutes"] == min(20, old[grow]["minutes"] + 5)
    assert "# my note: keep this" in plan_path.read_text()
    backups = sorted((isolated_home / "backups").iterdir())
    assert backups[-1].read_bytes() == before


def test_apply_can_add_a_step_for_a_missing_area(
    cli, clock, tmp_path: Path, isolated_home: Path
) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('energy = "low"\n')
    clock.set("2026-11-23T08:00")
    cli("init", "--answers", str(answers))
    plan_path = isolated_home / "plan.toml"
    steps = tomllib.loads(plan_path.read_text())["steps"]
    # Take connection steps out of this plan, so the review finds the area missing.
    for step in steps:
        if step["category"] == "connection":
            cli("plan", "pause", step["id"])
    clock.set("2026-11-26T20:00")
    week = json.loads(cli("review", "--json").stdout)
    add = [s for s in week["suggestions"] if s["kind"] == "add"]
    assert add and add[0]["category"] == "connection"
    result = cli("review", "--apply", "--yes")
    assert result.exit_code == 0, result.stderr
    after = tomllib.loads(plan_path.read_text())["steps"]
    added = [s for s in after if s["category"] == "connection" and not s.get("paused")]
    assert len(added) == 1 and len(after) == len(steps) + 1


def test_this_weeks_review_reads_only_recent_history_and_agrees_with_a_full_read(
    cli, clock, month: dict[str, str], isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.set("2026-11-29T22:00")
    cli("checkin", "--feel", "3")  # a write leaves the tally cache behind
    clock.set("2026-11-29T22:30")

    def whole_history(self: Store) -> None:
        raise AssertionError("review read the whole history")

    with monkeypatch.context() as patched:
        patched.setattr(Store, "history", whole_history)
        quick = json.loads(cli("review", "--json").stdout)
    drop_cache(isolated_home)
    full = json.loads(cli("review", "--json").stdout)
    assert quick == full
    assert quick["reflection"] == "laughed at a film on Thursday"


def test_a_week_that_has_not_started_is_a_usage_error(cli, month: dict[str, str]) -> None:
    result = cli("review", "--week", "2030-W01")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "Error: The week 2030-W01 has not started yet."
