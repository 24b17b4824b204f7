"""Each command reads the clock once, parses the plan once and folds the history at most once
(issue 14): counted through the real command, so a second read path cannot creep back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

COMMANDS = [
    ["done", "1"],
    ["today"],
    ["today", "--json"],
    ["undo", "1"],
    ["skip", "2"],
    ["checkin", "--feel", "5"],
    ["review"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_one_clock_read_one_plan_parse_one_fold(
    cli, answers_file: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from careplan.cli import common
    from careplan.core import streaks
    from careplan.store import plan_file

    assert cli("init", "--answers", str(answers_file)).exit_code == 0
    assert cli("done", "3").exit_code == 0  # some history, and a cache through yesterday
    counts = {"fold": 0, "parse": 0, "now": 0}

    def counting(module: object, name: str, key: str) -> None:
        real = getattr(module, name)

        def counted(*a: object, **k: object) -> object:
            counts[key] += 1
            return real(*a, **k)

        monkeypatch.setattr(module, name, counted)

    counting(streaks, "fold", "fold")
    counting(plan_file, "parse_plan_text", "parse")
    counting(common, "now", "now")
    monkeypatch.setattr(plan_file, "_last", None)  # as in a new process
    assert cli(*args).exit_code == 0
    assert (counts["parse"], counts["now"]) == (1, 1), (args, counts)
    assert counts["fold"] <= 1, (args, counts)  # a check-in needs no fold at all
