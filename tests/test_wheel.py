"""Acceptance: an installed wheel (not editable) finds its templates.

Builds the wheel from this checkout, checks what is inside it, installs it into a
fresh venv (no system site-packages, so the editable careplan cannot shadow it;
its dependencies come from the package index pip is configured with) and runs
`careplan init --example`, `careplan sos` and `python -m careplan --help` there,
from a folder outside the repo so the source tree is not importable.
"""

from __future__ import annotations

import importlib.util
import os
import stat
import subprocess
import sys
import tomllib
import zipfile
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
BIN = "Scripts" if sys.platform == "win32" else "bin"


def run(
    args: list[str | Path], what: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail the test saying what was being done and all it said."""
    command = [str(arg) for arg in args]
    try:
        result = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
        )
    except subprocess.TimeoutExpired:
        result = None
    if result is None:
        pytest.fail(f"{what}: `{' '.join(command)}` took over 600 s", pytrace=False)
    if result.returncode != 0:
        pytest.fail(
            f"{what}: `{' '.join(command)}` exited with {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-3000:]}\n--- stderr ---\n{result.stderr[-3000:]}",
            pytrace=False,
        )
    return result


def build_wheel(outdir: Path, cwd: Path) -> Path:
    args: list[str | Path] = [sys.executable, "-m", "build", "--wheel", "--outdir", outdir]
    if importlib.util.find_spec("hatchling") is not None:
        args.append("--no-isolation")  # use the installed backend: no download needed
    run([*args, ROOT], "building the wheel", cwd)
    wheels = sorted(outdir.glob("careplan-*.whl"))
    assert len(wheels) == 1, f"expected one careplan wheel in {outdir}, found {wheels}"
    return wheels[0]


def check_contents(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        entries = archive.infolist()
        record = next(
            archive.read(e).decode() for e in entries if e.filename.endswith(".dist-info/RECORD")
        )
    names = [e.filename for e in entries]

    twice = sorted(name for name, n in Counter(names).items() if n > 1)
    assert not twice, f"{wheel.name} lists these entries more than once: {twice}"
    links = [e.filename for e in entries if stat.S_ISLNK(e.external_attr >> 16)]
    assert not links, f"{wheel.name} holds symlinks, which pip cannot install: {links}"
    assert not [n for n in names if n.startswith("src/")], f"src/ leaked into {wheel.name}"

    shipped = {n for n in names if n.startswith("careplan/templates/") and not n.endswith("/")}
    for required in ("crisis.toml", "feelings.toml", "grounding.toml", "example-answers.toml"):
        assert f"careplan/templates/{required}" in shipped, f"{required} missing from the wheel"
    steps = {n for n in shipped if n.startswith("careplan/templates/steps/")}
    assert steps, f"no step library (careplan/templates/steps/*.toml) in {wheel.name}"
    assert all(n.endswith(".toml") for n in steps), sorted(steps)
    in_repo = {
        "careplan/templates/" + path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*")
        if path.is_file()
    }
    assert shipped == in_repo, (
        f"the wheel's templates differ from templates/: "
        f"missing {sorted(in_repo - shipped)}, extra {sorted(shipped - in_repo)}"
    )
    recorded = Counter(line.split(",")[0] for line in record.splitlines() if line)
    assert all(recorded[name] == 1 for name in shipped), "RECORD lists templates twice or not"


def test_installed_wheel_finds_its_templates(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"  # the working folder: not the repo
    outside.mkdir()
    wheel = build_wheel(tmp_path / "dist", outside)
    check_contents(wheel)

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], "creating a clean venv", outside)
    python = venv / BIN / "python"
    run(
        [python, "-m", "pip", "install", "--disable-pip-version-check", wheel],
        "installing the wheel and its dependencies into the venv",
        outside,
    )

    home = tmp_path / "wheel-home"
    env = dict(os.environ, CAREPLAN_HOME=str(home), NO_COLOR="1", COLUMNS="100")
    for leak in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(leak, None)  # nothing may point the venv back at the source tree

    where = run(
        [python, "-c", "import careplan; print(careplan.__file__)"],
        "importing careplan in the venv",
        outside,
        env,
    ).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv.resolve()), (
        f"the venv imported careplan from {where}, not from the installed wheel"
    )

    careplan = venv / BIN / "careplan"
    run([careplan, "init", "--example"], "`careplan init --example` from the wheel", outside, env)
    plan_path = home / "plan.toml"
    assert plan_path.is_file(), f"`careplan init --example` exited 0 but wrote no {plan_path}"
    plan = tomllib.loads(plan_path.read_text(encoding="utf-8"))
    assert plan["schema"] == 1
    assert len(plan["steps"]) >= 2, plan["steps"]
    assert (home / "answers.toml").is_file()

    sos = run(
        [careplan, "sos", "--exercise", "senses"], "`careplan sos` from the wheel", outside, env
    ).stdout
    grounding = tomllib.loads((TEMPLATES / "grounding.toml").read_text(encoding="utf-8"))
    senses = grounding["exercises"]["senses"]["title"]
    assert senses in sos, f"`careplan sos` did not show the grounding exercise:\n{sos}"
    crisis = tomllib.loads((TEMPLATES / "crisis.toml").read_text(encoding="utf-8"))
    country = crisis["countries"][plan["country"]]
    assert country["lines"][0]["number"] in sos, f"no crisis line for {plan['country']}:\n{sos}"

    helped = run(
        [python, "-m", "careplan", "--help"],
        "`python -m careplan --help` from the wheel",
        outside,
        env,
    ).stdout
    for command in ("init", "today", "sos"):
        assert command in helped, f"`--help` does not list {command}:\n{helped}"
