"""Whole-process timings of the daily commands, as ratios to `python -c pass`.

    python benchmarks/bench.py [--runs 10]

Builds histories of 1 day, 1 year and 10 years (benchmarks/make_history.py) in a
temp folder, then runs every command interleaved with a bare interpreter, round
after round, so machine noise hits all of them alike. Prints medians and ratios,
then in-process timings of the review computation at 2.5 and 10 years.
Budgets (issue 7): today and done <= 8x; review <= 12x; review computation
linear or better; today at 10 years within 10% of today at 1 day. today --short
(issue 20, a shell prompt runs it) within today's budget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMMANDS = [["today"], ["done", "1"], ["review"], ["today", "--json"], ["today", "--short"]]
# (label, years, computers): the last is four computers syncing one folder, ten years each.
SIZES = [("1 day", 1 / 365.25, 1), ("1 year", 1.0, 1), ("10 years", 10.0, 1),
         ("10 years x4", 10.0, 4)]  # fmt: skip


def careplan_today() -> date:
    """The day careplan counts for right now (before 04:00 it is still yesterday)."""
    from careplan.core.day import day_of

    return day_of(datetime.now(), "04:00")


def careplan_command() -> list[str]:
    script = Path(sys.executable).parent / "careplan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "careplan"]


def local_env(home: Path) -> dict[str, str]:
    """A computer of its own for each history: device id and cache beside it, not in ~."""
    return {
        **os.environ, "CAREPLAN_HOME": str(home), "NO_COLOR": "1",
        "XDG_STATE_HOME": str(home.parent / f"{home.name}-state"),
        "XDG_CACHE_HOME": str(home.parent / f"{home.name}-cache"),
    }  # fmt: skip


def make(home: Path, years: float, end: date, devices: int = 1) -> None:
    subprocess.run(
        [sys.executable, str(HERE / "make_history.py"), "--home", str(home), "--years", str(years),
         "--end", end.isoformat(), "--devices", str(devices)],
        check=True, stdout=subprocess.DEVNULL, env=local_env(home),
    )  # fmt: skip


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def whole_process(root: Path, runs: int) -> None:
    base = [sys.executable, "-c", "pass"]
    tool = careplan_command()
    jobs: list[tuple[str, list[str], dict[str, str]]] = [
        ("python -c pass", base, dict(os.environ))
    ]
    for label, _, _ in SIZES:
        env = local_env(root / label.replace(" ", "-"))
        jobs += [(f"{' '.join(c)} @ {label}", tool + c, env) for c in COMMANDS]
    for _, argv, env in jobs:  # warm the disk cache and .pyc files once
        timed(argv, env)
    samples: dict[str, list[float]] = {name: [] for name, _, _ in jobs}
    for _ in range(runs):
        for name, argv, env in jobs:
            samples[name].append(timed(argv, env))
    bare = statistics.median(samples["python -c pass"])
    print(f"{'command':<34} {'median ms':>10} {'x python -c pass':>17}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<34} {median * 1000:>10.1f} {median / bare:>17.1f}")
    t1 = statistics.median(samples["today @ 1 day"])
    t10 = statistics.median(samples["today @ 10 years"])
    t4 = statistics.median(samples["today @ 10 years x4"])
    print(f"\ntoday at 10 years vs 1 day: {t10 / t1:.2f}x (budget <= 1.10x)")
    print(f"today with 4 computers x 10 years vs 1 day: {t4 / t1:.2f}x")
    short = statistics.median(samples["today --short @ 10 years"])
    print(
        f"today --short at 10 years: {short / bare:.1f}x python -c pass (a prompt runs it often)"
    )


def review_computation(root: Path) -> None:
    """This week's review in-process: from the whole history (what `--week` for an old
    week does) and the way `careplan review` does it (tally cache + the last weeks)."""
    from careplan.core.review import week_start, weekly_review
    from careplan.core.streaks import replay
    from careplan.store import history_files
    from careplan.store.store import Store

    today = careplan_today()
    start = week_start(today)
    heading = f"{'parse ms':>9} {'fold+review ms':>15} {'cached path ms':>15}"
    print(f"\n{'in-process':<12} {heading}")
    results = {}
    for label, years in (("2.5 years", 2.5), ("10 years", 10.0)):
        home = root / f"review-{years}"
        make(home, years, today)
        os.environ.update(local_env(home))  # the cache made for it, on "its" computer
        store = Store(home)
        plan = store.load_plan()
        parse, compute, cached = [], [], []
        for _ in range(5):
            began = time.perf_counter()
            events = history_files.whole(store.logs()).events
            parse.append(time.perf_counter() - began)
            began = time.perf_counter()
            weekly_review(plan, replay(events), start, today)
            compute.append(time.perf_counter() - began)
            began = time.perf_counter()
            recent = store.recent(plan, today)
            near = store.reflections() + store.since(start - timedelta(days=14))
            weekly_review(plan, replay(near), start, today, base=recent.base)
            cached.append(time.perf_counter() - began)
        results[label] = [statistics.median(v) * 1000 for v in (parse, compute, cached)]
        p, c, q = results[label]
        print(f"{label:<12} {p:>9.1f} {c:>15.1f} {q:>15.1f}")
    for n, name in ((0, "parse"), (1, "fold + review"), (2, "cached path")):
        ratio = results["10 years"][n] / results["2.5 years"][n]
        print(f"{name} 10 vs 2.5 years: {ratio:.2f}x (linear would be 4x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for label, years, devices in SIZES:
            make(root / label.replace(" ", "-"), years, careplan_today(), devices)
        whole_process(root, args.runs)
        review_computation(root)


if __name__ == "__main__":
    main()
