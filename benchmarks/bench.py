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
SIZES = [("1 day", 1 / 365.25), ("1 year", 1.0), ("10 years", 10.0)]


def careplan_today() -> date:
    """The day careplan counts for right now (before 04:00 it is still yesterday)."""
    from careplan.core.day import day_of

    return day_of(datetime.now(), "04:00")


def careplan_command() -> list[str]:
    script = Path(sys.executable).parent / "careplan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "careplan"]


def make(home: Path, years: float, end: date) -> None:
    subprocess.run(
        [sys.executable, str(HERE / "make_history.py"), "--home", str(home), "--years", str(years),
         "--end", end.isoformat()],
        check=True, stdout=subprocess.DEVNULL,
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
    for label, _ in SIZES:
        env = {**os.environ, "CAREPLAN_HOME": str(root / label.replace(" ", "-")), "NO_COLOR": "1"}
        jobs += [(f"{' '.join(c)} @ {label}", tool + c, env) for c in COMMANDS]
    for _, argv, env in jobs:  # warm the disk cache and .pyc files once
        timed(argv, env)
    samples: dict[str, list[float]] = {name: [] for name, _, _ in jobs}
    for _ in range(runs):
        for name, argv, env in jobs:
            samples[name].append(timed(argv, env))
    bare = statistics.median(samples["python -c pass"])
    print(f"{'command':<28} {'median ms':>10} {'x python -c pass':>17}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<28} {median * 1000:>10.1f} {median / bare:>17.1f}")
    t1 = statistics.median(samples["today @ 1 day"])
    t10 = statistics.median(samples["today @ 10 years"])
    print(f"\ntoday at 10 years vs 1 day: {t10 / t1:.2f}x (budget <= 1.10x)")
    short = statistics.median(samples["today --short @ 10 years"])
    print(
        f"today --short at 10 years: {short / bare:.1f}x python -c pass (a prompt runs it often)"
    )


def review_computation(root: Path) -> None:
    """This week's review in-process: from the whole history (what `--week` for an old
    week does) and the way `careplan review` does it (tally cache + the last weeks)."""
    from careplan.core.review import week_start, weekly_review
    from careplan.core.streaks import replay
    from careplan.store.history_codec import parse_history
    from careplan.store.store import Store

    today = careplan_today()
    start = week_start(today)
    heading = f"{'parse ms':>9} {'fold+review ms':>15} {'cached path ms':>15}"
    print(f"\n{'in-process':<12} {heading}")
    results = {}
    for label, years in (("2.5 years", 2.5), ("10 years", 10.0)):
        home = root / f"review-{years}"
        make(home, years, today)
        store = Store(home)
        plan = store.load_plan()
        data = store.history_path.read_bytes()
        parse, compute, cached = [], [], []
        for _ in range(5):
            began = time.perf_counter()
            events = parse_history(data).events
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
        for label, years in SIZES:
            make(root / label.replace(" ", "-"), years, careplan_today())
        whole_process(root, args.runs)
        review_computation(root)


if __name__ == "__main__":
    main()
