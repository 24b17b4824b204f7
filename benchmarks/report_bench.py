"""How long `careplan report` takes and how much memory it holds, by history size.

    python benchmarks/report_bench.py            # 12 weeks, 1 year, 10 years

Each size gets a fresh data folder from make_history.py. Whole processes (`careplan
report --since <plan start>`, so the whole history is drawn): median wall time of 5
runs and the largest resident set; then, in process, the split between reading the
history, building the Report and drawing the HTML.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
END = date(2026, 11, 25)


def whole_process(home: Path, since: date, out: Path) -> tuple[float, float, float]:
    """(median wall seconds, median CPU seconds, peak RSS in MB) of `careplan report`.

    CPU time is printed too because on a shared machine it moves less than wall time.
    """
    times = []
    cpu = []
    peak = 0.0
    for _ in range(5):
        script = (
            "import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL)\n"
            "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(time.perf_counter() - t, used.ru_utime + used.ru_stime, used.ru_maxrss)\n"
        )
        command = [sys.executable, "-m", "careplan", "report", "--force", "--out", str(out)]
        result = subprocess.run(
            [sys.executable, "-c", script, *command, "--since", since.isoformat()],
            env={**os.environ, "CAREPLAN_HOME": str(home)},
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, cpu_seconds, rss_kb = result.stdout.split()
        times.append(float(seconds))
        cpu.append(float(cpu_seconds))
        peak = max(peak, int(rss_kb) / 1024)
    return statistics.median(times), statistics.median(cpu), peak


def in_process(home: Path) -> tuple[float, float, float, int]:
    from careplan.core.report import build_report
    from careplan.core.streaks import replay
    from careplan.render.report import report_html
    from careplan.store.store import Store

    t0 = time.perf_counter()
    store = Store(home)
    plan = store.load_plan()
    log = replay(store.history().events)
    answers = store.load_answers()
    t1 = time.perf_counter()
    report = build_report(plan, log, plan.start, END, answers)
    t2 = time.perf_counter()
    html = report_html(report, END)
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, len(html.encode())


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print("history    whole run  CPU      peak RSS   read   build   draw   HTML")
        for label, years in (("12 weeks", 84 / 365.25), ("1 year", 1.0), ("10 years", 10.0)):
            home = Path(folder) / label.replace(" ", "")
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "make_history.py"),
                    "--home",
                    str(home),
                    "--years",
                    str(years),
                    "--end",
                    END.isoformat(),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            from careplan.store.store import Store

            since = Store(home).load_plan().start
            seconds, cpu, rss = whole_process(home, since, Path(folder) / "report.html")
            read, build, draw, size = in_process(home)
            print(
                f"{label:9}  {seconds:7.2f} s  {cpu:5.2f} s  {rss:5.0f} MB  "
                f"{read:5.2f}  {build:5.2f}  {draw:5.2f}  {size / 1e6:4.2f} MB"
            )
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
