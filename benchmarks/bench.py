"""Whole-process timings and peak memory of careplan's commands, as ratios to `python -c pass`.

    python benchmarks/bench.py [--runs 30] [--heavy-runs 3] [--sizes 1d,1y,10y,40y,10yx4]
                               [--steps 8,30] [--data DIR] [--jrnl PATH] [--only NAMES]

Builds histories (benchmarks/make_history.py) of 1 day, 1 year, 10 years and 40
years for plans of 8 and 30 steps, and ten years kept by four computers syncing one
folder (10yx4), each with a device id and cache of its own; then runs every command
round after round,
each right after a bare `python -c pass`, so machine noise hits all of them
alike. Medians; peak memory (ru_maxrss) from os.wait4 on each child. Prints one
Markdown table: each cell is the ratio to the median `python -c pass` and the peak
memory. Beside careplan: benchmarks/floor.py (today's job in the fewest lines of
Python: the practical floor) and, when installed, jrnl (`jrnl -n 1`, 3,650 entries).

Exports read the whole history, so they run --heavy-runs times. An old week's review
reads its checkpoints index (built by the warm-up run), so it runs every round.
Children run without PYTHONDONTWRITEBYTECODE, as an installed careplan has its .pyc
files. Budgets (issue 18): sos <= 5x; today, done, undo, skip, checkin <= 6x at 30
steps and 10 years; review <= 9x; review of an old week <= 12x; plan <= 8x; export
<= 40 MB at 40 years.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"1d": 1 / 365.25, "1y": 1.0, "10y": 10.0, "40y": 40.0, "10yx4": 10.0}
LABELS = {"1d": "1 d", "1y": "1 y", "10y": "10 y", "40y": "40 y", "10yx4": "10 y x4"}
DEVICES = {"10yx4": 4}  # four computers syncing one folder, ten years each


@dataclass
class Job:
    name: str
    column: str  # "8 steps, 10 y"; "" for the bare interpreter
    argv: list[str]
    env: dict[str, str]
    heavy: bool = False
    before: list[str] | None = None  # run untimed first (e.g. today after deleting the cache)
    drop: Path | None = None  # a file removed before `before` runs
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)


def careplan_today() -> date:
    """The day careplan counts for right now (before 04:00 it is still yesterday)."""
    return (datetime.now() - timedelta(hours=4)).date()


def cache_path(home: Path) -> Path:
    """Where careplan keeps its derived tally cache for `home` (asked in a child process:
    this one stays small, since a child's peak memory counts its parent's at the fork)."""
    ask = (
        "import sys, pathlib; from careplan.store.store import Store;"
        " print(Store(pathlib.Path(sys.argv[1])).cache_path)"
    )
    found = subprocess.run(
        [sys.executable, "-c", ask, str(home)], capture_output=True, text=True, env=local_env(home)
    )
    return Path(found.stdout.strip())


def careplan_command() -> list[str]:
    script = Path(sys.executable).parent / "careplan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "careplan"]


def local_env(home: Path) -> dict[str, str]:
    """A computer of its own for each history: device id and cache beside it, not in ~."""
    return child_env(
        CAREPLAN_HOME=str(home),
        XDG_STATE_HOME=str(home.parent / f"{home.name}-state"),
        XDG_CACHE_HOME=str(home.parent / f"{home.name}-cache"),
    )


def child_env(**extra: str) -> dict[str, str]:
    # As a person runs it: .pyc files written and used, stdout buffered.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")
    }
    return {**env, "NO_COLOR": "1", "COLUMNS": "80", **extra}


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one whole process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        again = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        raise SystemExit(
            f"{' '.join(argv)} exited with {child.returncode}"
            f" (again: {again.returncode}, {again.stderr.strip()!r})"
        )
    return elapsed, usage.ru_maxrss * 1024  # Linux: KiB


def make(home: Path, years: float, steps: int, end: date, devices: int = 1) -> None:
    subprocess.run(
        [sys.executable, str(HERE / "make_history.py"), "--home", str(home), "--years", str(years),
         "--steps", str(steps), "--end", end.isoformat(), "--devices", str(devices)],
        check=True, stdout=subprocess.DEVNULL, env=local_env(home),
    )  # fmt: skip


def has_option(tool: list[str], command: str, option: str) -> bool:
    shown = subprocess.run([*tool, command, "--help"], capture_output=True, text=True)
    return option in shown.stdout


def jrnl_job(jrnl: str, root: Path) -> Job:
    """jrnl with ten years of daily entries in a plain-text journal, its own config."""
    journal = root / "jrnl" / "journal.txt"
    journal.parent.mkdir(parents=True, exist_ok=True)
    day = date.today() - timedelta(days=3650)
    with journal.open("w", encoding="utf-8") as out:
        for n in range(3650):
            when = day + timedelta(days=n)
            out.write(f"[{when} 20:00:00] Walked for ten minutes. Felt {n % 11} of 10.\n\n")
    config = root / "jrnl" / "config"
    (config / "jrnl").mkdir(parents=True, exist_ok=True)
    (config / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %T'\n"
        "version: v4.2\n",
        encoding="utf-8",
    )
    env = child_env(XDG_CONFIG_HOME=str(config), HOME=str(root / "jrnl"))
    return Job("jrnl -n 1 (3,650 entries)", "", [jrnl, "-n", "1"], env)


def build_jobs(args: argparse.Namespace, root: Path, today: date) -> list[Job]:
    tool = careplan_command()
    jobs = [Job("python -c pass", "", [sys.executable, "-c", "pass"], child_env())]
    short = has_option(tool, "today", "--short")
    for steps in args.steps:
        for size in args.sizes:
            column = f"{steps} steps, {LABELS[size]}"
            home = root / f"s{steps}-{size}"
            env = local_env(home)
            start = today - timedelta(days=max(0, round(SIZES[size] * 365.25) - 1))
            old = max(start + timedelta(days=7), today - timedelta(days=5 * 365))
            this_week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
            commands: list[tuple[str, list[str], bool]] = [
                ("sos", ["sos"], False),
                ("today", ["today"], False),
                *([("today --short", ["today", "--short"], False)] if short else []),
                ("done 1", ["done", "1"], False),
                ("undo 1", ["undo", "1"], False),
                ("skip 1", ["skip", "1"], False),
                ("checkin --feel 5", ["checkin", "--feel", "5", "--words", "calm"], False),
                ("review", ["review"], False),
                ("review --week (this)", ["review", "--week", this_week], False),
                ("plan", ["plan"], False),
            ]
            if size != "1d":
                week = f"{old.isocalendar().year}-W{old.isocalendar().week:02d}"
                commands.append(("review --week (old)", ["review", "--week", week], False))
            for fmt in ("json", "csv", "ics"):
                commands.append((f"export --format {fmt}", ["export", "--format", fmt], True))
            jobs += [Job(name, column, tool + argv, env, heavy) for name, argv, heavy in commands]
            # Deleted (as the README says is safe) and run once: is the second run quick again?
            spare = root / f"s{steps}-{size}-nocache"
            jobs.append(
                Job("today, 2nd run w/o cache", column, [*tool, "today"],
                    local_env(spare), heavy=size != "1d",
                    before=[*tool, "today"], drop=cache_path(spare))
            )  # fmt: skip
            jobs.append(Job("floor.py", column, [sys.executable, str(HERE / "floor.py")], env))
    if args.jrnl:
        jobs.append(jrnl_job(args.jrnl, root))
    if args.only:
        wanted = args.only.split(",")
        jobs = [j for j in jobs if j.name == "python -c pass" or j.name in wanted]
    return jobs


def run_rounds(jobs: list[Job], runs: int, heavy_runs: int) -> None:
    bare = jobs[0]
    for job in jobs:  # warm the disk cache and write the .pyc files once
        if not job.heavy:
            measure(job.argv, job.env)
    for round_ in range(runs):
        for job in jobs[1:]:
            if job.heavy and round_ >= heavy_runs:
                continue
            if job.drop is not None:
                job.drop.unlink(missing_ok=True)
            if job.before:
                measure(job.before, job.env)
            for target in (bare, job):
                elapsed, peak = measure(target.argv, target.env)
                target.times.append(elapsed)
                target.peaks.append(peak)
        print(f"round {round_ + 1}/{runs} done, load {os.getloadavg()[0]:.2f}", file=sys.stderr)


def table(jobs: list[Job]) -> list[str]:
    bare = statistics.median(jobs[0].times)
    columns = list(dict.fromkeys(j.column for j in jobs if j.column))
    rows = list(dict.fromkeys(j.name for j in jobs[1:]))
    cells = {(j.name, j.column): j for j in jobs}
    out = [
        "| command | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for name in rows:
        line = []
        for column in columns:
            ten = column.endswith("10 y")  # jrnl's ten years of entries
            job = cells.get((name, column)) or (cells.get((name, "")) if ten else None)
            if job is None or not job.times:
                line.append("")
                continue
            ratio = statistics.median(job.times) / bare
            line.append(f"{ratio:.1f}x {max(job.peaks) / 1e6:.0f} MB")
        out.append(f"| `{name}` | " + " | ".join(line) + " |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--heavy-runs", type=int, default=3, help="rounds for whole-history jobs")
    parser.add_argument("--sizes", default="1d,1y,10y,40y,10yx4", type=lambda s: s.split(","))
    parser.add_argument("--steps", default="8,30", type=lambda s: [int(n) for n in s.split(",")])
    parser.add_argument("--data", type=Path, help="keep (and reuse) the histories here")
    parser.add_argument("--jrnl", default=shutil.which("jrnl"), help="the jrnl to compare with")
    parser.add_argument("--only", help="only these commands, by name, comma-separated")
    args = parser.parse_args()
    today = careplan_today()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.data or Path(tmp)
        for steps in args.steps:
            for size in args.sizes:
                home = root / f"s{steps}-{size}"
                if not home.exists():
                    make(home, SIZES[size], steps, today, DEVICES.get(size, 1))
                spare = root / f"s{steps}-{size}-nocache"
                shutil.rmtree(spare, ignore_errors=True)
                shutil.copytree(home, spare)
        jobs = build_jobs(args, root, today)
        load_before = os.getloadavg()
        began = time.monotonic()
        run_rounds(jobs, args.runs, args.heavy_runs)
        load_after = os.getloadavg()
    import typer  # the version in use, for the note under the table

    bare = statistics.median(jobs[0].times)
    print("\n".join(table(jobs)))
    print(
        f"\nRatio to a bare `python -c pass` ({bare * 1000:.1f} ms, median), peak memory;"
        f" Python {sys.version.split()[0]}, typer {typer.__version__}, {os.cpu_count()} cores;"
        f" {args.runs} rounds ({args.heavy_runs} for exports and no-cache runs)"
        f" in {time.monotonic() - began:.0f} s; load average {load_before[0]:.2f}"
        f" before, {load_after[0]:.2f} after."
        + ("" if args.jrnl else " jrnl: not installed, row skipped.")
    )


if __name__ == "__main__":
    main()
