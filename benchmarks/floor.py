"""The floor: a minimal Python script doing `careplan today`'s job, for bench.py to compare.

    python benchmarks/floor.py [--home DIR]

argparse, tomllib for plan.toml, the last 4 KiB of the history, 8 lines out. No
streaks, no day rules, no checks: what any Python command must pay at the least.
"""

import argparse
import os
import tomllib

parser = argparse.ArgumentParser(description="today's steps, the bare minimum")
parser.add_argument("--home", default=os.environ.get("CAREPLAN_HOME", "."))
args = parser.parse_args()
with open(os.path.join(args.home, "plan.toml"), "rb") as file:
    plan = tomllib.load(file)
history = os.path.join(args.home, "history.jsonl")
if not os.path.exists(history):  # one log per computer: take the first
    folder = os.path.join(args.home, "history")
    history = os.path.join(folder, sorted(os.listdir(folder))[0])
with open(history, "rb") as file:
    file.seek(max(0, os.path.getsize(history) - 4096))
    tail = file.read().decode("utf-8", "replace")
last_day = tail.rstrip().rpartition("\n")[2][9:19]
done = {
    line.partition('"step":"')[2].partition('"')[0]
    for line in tail.splitlines()
    if last_day in line and '"kind":"done"' in line
}
for number, step in enumerate(plan.get("steps", [])[:8], 1):
    mark = "✓" if step["id"] in done else "·"
    print(f"{number:>2}. {mark} {step['title']}  {step['minutes']} min")
