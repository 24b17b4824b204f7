"""Two computers in one test: each with its own data folder, device id and cache.

A "computer" here is the environment careplan reads: CAREPLAN_HOME, and the state and
cache folders that live outside a synced folder (XDG_STATE_HOME, XDG_CACHE_HOME).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass
class Computer:
    name: str
    home: Path
    root: Path
    monkeypatch: pytest.MonkeyPatch
    cli: Any

    def use(self) -> None:
        self.monkeypatch.setenv("CAREPLAN_HOME", str(self.home))
        self.monkeypatch.setenv("XDG_STATE_HOME", str(self.root / "state"))
        self.monkeypatch.setenv("XDG_CACHE_HOME", str(self.root / "cache"))

    def run(self, *args: str) -> Any:
        self.use()
        result = self.cli(*args)
        assert result.exit_code == 0, (self.name, args, result.stdout, result.stderr)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json").stdout)

    def records(self) -> list[dict[str, Any]]:
        return json.loads(self.run("export", "--format", "json").stdout)["history"]


def computers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Any, homes: dict[str, Path]
) -> dict[str, Computer]:
    return {
        name: Computer(name, home, tmp_path / f"computer-{name}", monkeypatch, cli)
        for name, home in homes.items()
    }
