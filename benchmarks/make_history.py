"""Write a plan and N years of realistic history into a data folder, through careplan's own code.

    python benchmarks/make_history.py --home /tmp/cp10 --years 10 --end 2026-11-25 [--devices 4]

Most days some steps are done, most days have a check-in, with some skips and
rest days. Everything is written with careplan's Store (the real format), and
the tally cache is refreshed as a `done` would leave it. With --devices N, N computers
each kept the same years in their own log (this computer's is the first; the others'
arrived through a sync tool).
"""

from __future__ import annotations

import argparse
import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from careplan.core.day import day_of, steps_for
from careplan.core.generate import generate_plan
from careplan.core.model import Event, EventKind, Plan, Schedule, Step, Tally
from careplan.core.streaks import fold, replay
from careplan.store import answers_file, library
from careplan.store.store import Store

WORDS = ["tired", "calm", "flat", "glad", "anxious", "content", "heavy", "hopeful"]


def history(plan_steps_for, start: date, end: date, rng: random.Random) -> list[Event]:  # type: ignore[no-untyped-def]
    events: list[Event] = []
    day = start
    while day <= end:
        at = datetime.combine(day, time(20, rng.randrange(60)))
        roll = rng.random()
        if roll < 0.04:
            events.append(Event(day, at, EventKind.REST, note="rest"))
        else:
            for step in plan_steps_for(day):
                pick = rng.random()
                if pick < 0.7:
                    felt = rng.randrange(11) if rng.random() < 0.2 else None
                    events.append(Event(day, at, EventKind.DONE, step.id, felt=felt))
                elif pick < 0.8:
                    events.append(Event(day, at, EventKind.SKIP, step.id, note="tired"))
        if rng.random() < 0.8:
            words = tuple(rng.sample(WORDS, rng.randrange(3)))
            events.append(
                Event(
                    day,
                    at + timedelta(minutes=1),
                    EventKind.CHECKIN,
                    feel=rng.randrange(11),
                    words=words,
                )
            )
        day += timedelta(days=1)
    return events


def grown(plan: Plan, size: int) -> Plan:
    """The plan with library steps added, each daily, until it holds `size` steps."""
    steps = list(plan.steps)
    taken = {s.id for s in steps}
    for template in library.steps():
        if len(steps) >= size:
            break
        if template.id in taken or template.uses or template.when or template.idea:
            continue
        steps.append(
            Step(template.id, template.title, template.category, template.minutes, Schedule(),
                 template.why, template.tiny)
        )  # fmt: skip
    return replace(plan, steps=tuple(steps[:size]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", required=True, type=Path)
    parser.add_argument("--years", type=float, default=1.0)
    parser.add_argument(
        "--end",
        type=date.fromisoformat,
        default=day_of(datetime.now(), "04:00"),
        help="the last day of history (default: today, as careplan counts it)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--devices", type=int, default=1, help="computers, each with its log")
    parser.add_argument(
        "--steps", type=int, default=0, help="grow the plan to this many steps (added ones daily)"
    )
    args = parser.parse_args()

    store = Store(args.home)
    if store.logs() or store.plan_path.exists():
        parser.error(f"{args.home} already holds careplan data; use an empty folder")
    start = args.end - timedelta(days=max(0, round(args.years * 365.25) - 1))
    answers = answers_file.parse_answers(library.example_answers_text(), "example-answers.toml")
    plan = generate_plan(answers, library.steps(), start, words=library.stressor_words())
    if args.steps:
        plan = grown(plan, args.steps)
    store.save_answers(answers)
    store.save_plan(plan)
    others = ["benchbbbbb", "benchccccc", "benchddddd", "bencheeeee", "benchfffff"]
    writers = [store] + [Store(args.home, device=d) for d in others[: args.devices - 1]]
    # Each computer's years, appended a month at a time, the computers taking turns as they
    # would have over the years (so each stamp is near its own time): the real format and
    # locking, without an fsync per record.
    months: dict[tuple[int, int], list[tuple[Store, list[Event]]]] = {}
    for n, writer in enumerate(writers):
        rng = random.Random(args.seed + n)
        for event in history(lambda d: steps_for(plan, d), start, args.end, rng):
            batches = months.setdefault((event.day.year, event.day.month), [])
            if not batches or batches[-1][0] is not writer:
                batches.append((writer, []))
            batches[-1][1].append(event)
    for month in sorted(months):
        for writer, batch in months[month]:
            writer.append(batch)
    # What the next `careplan done` would leave behind: the tally through the day before --end.
    everything = store.full()
    tally = fold(Tally(), plan, replay(everything.events), args.end - timedelta(days=1))
    store.save_cache(plan, tally, everything.events, everything.seen)
    size = sum(log.path.stat().st_size for log in store.logs())
    days = (args.end - start).days + 1
    print(
        f"{args.home}: {len(plan.steps)} steps, {len(everything.events)} records over {days}"
        f" days in {len(writers)} log(s), {size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
