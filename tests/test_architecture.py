"""STYLE.md's shape and import rules, by folder, checked with ast so they cannot quietly erode.

Every module lives in one of the four folders (core/, store/, render/, cli/); the folder
says what it may import. ARCHITECTURE.md names every module, and nothing else.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "careplan"
FOLDERS = ("core", "store", "render", "cli")
# What each folder may import from careplan itself.
MAY_USE = {
    "core": {"core"},
    "store": {"core", "store"},
    "render": {"core", "render"},
    "cli": {"core", "store", "render", "cli"},
}
# Third-party libraries each folder may use (the standard library is checked apart for core).
LIBRARIES = {
    "core": set(),
    "store": {"tomli_w", "tomlkit", "platformdirs", "pycountry"},
    "render": {"rich", "jinja2", "markupsafe", "pygal", "icalendar"},
    "cli": {"typer", "click", "rich", "jeepney"},
}
# The pure core touches no disk, no process, no terminal.
NO_IO = {"os", "pathlib", "io", "tomllib", "json", "sys", "time", "subprocess", "shutil", "fcntl"}
HEAVY = {"rich", "tomli_w", "icalendar", "tomlkit", "jinja2", "pygal", "markupsafe", "pycountry"}
HEAVY |= {"jeepney"}


def modules() -> dict[str, ast.Module]:
    """Module path within careplan ("core.model", "cli", "cli.track") -> its syntax tree."""
    found = {}
    for path in SRC.rglob("*.py"):
        if "templates" in path.parts:
            continue
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name or "__init__"] = ast.parse(path.read_text(), str(path))
    return found


def folder(name: str) -> str:
    return name.split(".")[0]


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of nodes under `if TYPE_CHECKING:`: imports for annotations, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    return skipped


def imports(tree: ast.Module, typing_too: bool = False) -> set[str]:
    """Every module a file imports when it runs (at the top or inside functions)."""
    found: set[str] = set()
    skipped = set() if typing_too else _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "careplan":  # from careplan import core, store
                found |= {f"careplan.{alias.name}" for alias in node.names}
    return found


def top_level_imports(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def careplan_folders(names: set[str]) -> set[str]:
    return {n.split(".")[1] for n in names if n.startswith("careplan.") and n.count(".") >= 1}


def third_party(names: set[str]) -> set[str]:
    roots = {n.split(".")[0] for n in names}
    return {r for r in roots if r not in sys.stdlib_module_names and r != "careplan"}


ALL = modules()


def test_every_module_lives_in_one_of_the_four_folders() -> None:
    loose = [n for n in ALL if folder(n) not in FOLDERS and n not in ("__init__", "__main__")]
    assert loose == [], f"modules outside core/, store/, render/, cli/: {loose}"
    assert {"core.model", "store.store", "render.plain", "cli.base"} <= set(ALL)


@pytest.mark.parametrize("name", sorted(n for n in ALL if folder(n) in FOLDERS))
def test_each_folder_imports_only_what_it_may(name: str) -> None:
    tree = ALL[name]
    home = folder(name)
    used = careplan_folders(imports(tree, typing_too=True)) - {"__version__"}
    assert used <= MAY_USE[home], f"{name} reaches {used - MAY_USE[home]}"
    libraries = third_party(imports(tree))
    assert libraries <= LIBRARIES[home], f"{name} uses {libraries - LIBRARIES[home]}"


@pytest.mark.parametrize("name", sorted(n for n in ALL if folder(n) == "core"))
def test_the_core_does_no_io(name: str) -> None:
    roots = {n.split(".")[0] for n in imports(ALL[name])}
    assert not roots & NO_IO, f"{name} imports {roots & NO_IO}"
    source = ast.unparse(ALL[name])
    assert "open(" not in source and "print(" not in source


def test_only_cli_imports_typer() -> None:
    users = {n for n, t in ALL.items() if {"typer", "click"} & third_party(imports(t))}
    assert {folder(n) for n in users} <= {"cli"}


def test_what_the_daily_commands_run_on_never_imports_typer() -> None:
    """cli/daily.py answers them from these modules alone (tests/test_startup.py runs them)."""
    for name in ("cli.common", "cli.daily", "cli.track", "cli.look", "cli.streams", "cli.ask"):
        used = third_party(imports(ALL[name])) | {n.split(".")[0] for n in imports(ALL[name])}
        assert not {"typer", "click"} & used, name
        assert "careplan.cli.base" not in imports(ALL[name]), name


def test_only_the_store_takes_the_lock_and_opens_files() -> None:
    for name, tree in ALL.items():
        if folder(name) == "store":
            continue
        source = ast.unparse(tree)
        assert "fcntl" not in third_party(imports(tree)) | {
            n.split(".")[0] for n in imports(tree)
        }, name
        assert ".lock()" not in source, f"{name} takes the lock itself"


def test_nothing_but_cli_reads_the_clock() -> None:
    for name, tree in ALL.items():
        if folder(name) == "cli":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("now", "today", "utcnow"):
                value = node.value
                base = value.id if isinstance(value, ast.Name) else getattr(value, "attr", "")
                assert base not in ("date", "datetime", "time"), f"{name} reads the clock"


def test_heavy_imports_are_lazy_everywhere() -> None:
    for name, tree in ALL.items():
        heavy = {n.split(".")[0] for n in top_level_imports(tree)} & HEAVY
        if name in ("render.safety",):
            continue
        # rich at the top is fine only in render modules that the daily path never loads.
        if folder(name) == "render" and heavy <= {"rich"}:
            continue
        assert heavy == set(), f"{name} imports {heavy} at start-up"


def test_each_library_stays_in_its_one_module() -> None:
    home = {
        "icalendar": {"render.export"},
        "tomlkit": {"store.plan_edit"},
        "jinja2": {"render.report"},
        "markupsafe": {"render.report"},
        "pygal": {"render.charts"},
        "pycountry": {"store.countries"},
        "jeepney": {"cli.notify"},
    }
    for name, tree in ALL.items():
        roots = third_party(imports(tree))
        for library, allowed in home.items():
            if library in roots:
                assert name in allowed, f"{name} imports {library}"


def test_no_environment_reads_at_import_time() -> None:
    for name, tree in ALL.items():
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.Expr, ast.AnnAssign)):
                code = ast.unparse(node)
                assert "os.environ" not in code and "getenv" not in code, name


def test_architecture_md_names_every_module_and_only_real_ones() -> None:
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b((?:core|store|render|cli)/\w+\.py)\b", text))
    real = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if "templates" not in path.parts and path.parent != SRC
    }
    assert named - real == set(), (
        f"ARCHITECTURE.md names modules that do not exist: {named - real}"
    )
    assert real - named == set(), f"modules ARCHITECTURE.md does not name: {real - named}"


def test_only_the_store_and_cli_start_other_programs() -> None:
    """crontab, systemctl, launchctl, osascript, an editor: never from core/ or render/."""
    for name, tree in ALL.items():
        if "subprocess" in imports(tree):
            assert folder(name) in ("store", "cli"), name
