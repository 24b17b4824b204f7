"""STYLE.md's import rules, checked with ast so they cannot quietly erode."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "careplan"
STDLIB_ONLY = {"model", "errors", "visible"}
# The rest of the domain model: plain values on top of model.py, split off to keep start-up light.
MODEL = {"answers", "catalog"}
# The pure core may lean on the model, errors and each other; never on I/O or UI.
CORE = {"generate", "schedule", "streaks", "review", "safety", "contracts", "stressors", "report"}
PURE = STDLIB_ONLY | MODEL | CORE
FILES_OK = {
    "storage",
    "codec",
    "answerfile",
    "tomlfile",
    "checkup",
    "library",
    "paths",
    "countries",
}  # read/write TOML (countries: pycountry's data files)
UI = {"cli", "render", "interview"}


def modules() -> dict[str, ast.Module]:
    """Module name within careplan ("model", "cli", "cli.track") -> its syntax tree."""
    found = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name or "__init__"] = ast.parse(path.read_text(), str(path))
    return found


def family(name: str) -> str:
    return name.split(".")[0]


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of nodes under `if TYPE_CHECKING:`: imports for annotations, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    return skipped


def imports(tree: ast.Module) -> set[str]:
    """Every module a file imports when it runs (at the top or inside functions)."""
    found: set[str] = set()
    skipped = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def top_level_imports(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def careplan_modules(names: set[str]) -> set[str]:
    return {n.split(".")[1] for n in names if n.startswith("careplan.")}


def test_every_module_is_seen() -> None:
    assert {"model", "cli", "cli.track", "storage"} <= set(modules())


def third_party(names: set[str]) -> set[str]:
    import sys

    roots = {n.split(".")[0] for n in names}
    return {r for r in roots if r not in sys.stdlib_module_names and r != "careplan"}


@pytest.mark.parametrize("name", sorted(PURE))
def test_pure_core_uses_only_the_model_errors_and_each_other(name: str) -> None:
    tree = modules()[name]
    assert third_party(imports(tree)) == set()
    if name in STDLIB_ONLY:
        allowed = {"model", "errors"}
    elif name in MODEL:
        allowed = STDLIB_ONLY
    else:
        allowed = PURE
    assert careplan_modules(imports(tree)) <= allowed - {name}


@pytest.mark.parametrize("name", sorted(PURE))
def test_pure_core_does_no_io(name: str) -> None:
    roots = {n.split(".")[0] for n in imports(modules()[name])}
    assert not roots & {"os", "pathlib", "io", "tomllib", "tomli_w", "json", "sys", "time"}
    source = (SRC / f"{name}.py").read_text()
    assert "open(" not in source and "print(" not in source


def test_only_cli_imports_typer() -> None:
    users = {n for n, t in modules().items() if "typer" in {i.split(".")[0] for i in imports(t)}}
    assert {family(n) for n in users} <= {"cli"}


def test_only_cli_render_and_interview_import_rich() -> None:
    users = {n for n, t in modules().items() if "rich" in {i.split(".")[0] for i in imports(t)}}
    assert {family(n) for n in users} <= UI


def test_toml_libraries_only_in_the_file_modules() -> None:
    for name, tree in modules().items():
        roots = {i.split(".")[0] for i in imports(tree)}
        if roots & {"tomllib", "tomli_w"}:
            assert name in FILES_OK, name


def test_nothing_but_cli_reads_the_clock() -> None:
    for name, tree in modules().items():
        if family(name) == "cli":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("now", "today", "utcnow"):
                value = node.value
                base = value.id if isinstance(value, ast.Name) else getattr(value, "attr", "")
                assert base not in ("date", "datetime", "time"), f"{name} reads the clock"


def test_heavy_imports_are_lazy_in_cli_and_storage() -> None:
    lazy = [n for n in modules() if family(n) == "cli"] + ["storage", "codec", "tomlfile"]
    lazy += ["export", "planedit"]
    for name in lazy:
        heavy = top_level_imports(modules()[name]) & {
            "rich",
            "rich.console",
            "rich.table",
            "rich.prompt",
            "tomli_w",
            "icalendar",
            "tomlkit",
            "jinja2",
            "pygal",
            "markupsafe",
        }
        assert heavy == set(), f"{name} imports {heavy} at start-up"


def test_icalendar_and_tomlkit_stay_in_their_one_module_each() -> None:
    home = {
        "icalendar": {"export"},
        "tomlkit": {"planedit"},
        "jinja2": {"render.report"},
        "markupsafe": {"render.report"},
        "pygal": {"render.charts"},
    }
    for name, tree in modules().items():
        roots = {i.split(".")[0] for i in imports(tree)}
        for library, allowed in home.items():
            if library in roots:
                assert name in allowed, f"{name} imports {library}"


@pytest.mark.parametrize("name", ["export", "planedit"])
def test_format_modules_are_text_in_text_out(name: str) -> None:
    """No disk and no clock: the CLI reads, writes and passes the moment in."""
    roots = {n.split(".")[0] for n in imports(modules()[name])}
    assert not roots & {"os", "pathlib", "sys", "time", "typer", "rich"}
    assert "open(" not in (SRC / f"{name}.py").read_text()


def test_no_environment_reads_at_import_time() -> None:
    for name, tree in modules().items():
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.Expr, ast.AnnAssign)):
                code = ast.unparse(node)
                assert "os.environ" not in code and "getenv" not in code, name


REPORT_VIEWS = ["render.report", "render.charts", "render.year"]


@pytest.mark.parametrize("name", REPORT_VIEWS)
def test_report_views_draw_values_only(name: str) -> None:
    """The report's renderers take core values: no store, no cli, no clock, no files of their own."""
    found = imports(modules()[name])
    assert careplan_modules(found) <= PURE | {"render"}, careplan_modules(found)
    roots = {n.split(".")[0] for n in found}
    assert not roots & {"os", "pathlib", "sys", "time", "typer", "tomllib"}
    assert "open(" not in (SRC / (name.replace(".", "/") + ".py")).read_text()


@pytest.mark.parametrize("name", REPORT_VIEWS)
def test_report_libraries_load_inside_the_functions_that_draw(name: str) -> None:
    assert not {"jinja2", "pygal", "markupsafe"} & top_level_imports(modules()[name])
