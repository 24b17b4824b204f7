"""Write a plan and N years of realistic history into a data folder, through careplan's own code.

    python benchmarks/make_history.py --home /tmp/cp10 --years 10 --end 2026-11-25

Most days some steps are done, most days have a check-in, with some skips and
rest days. Everything is written with careplan's Store (the real format), and
the tally cache is refreshed as a `done` would leave it.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from careplan.core.day import day_of, steps_for
from careplan.core.generate import generate_plan
from careplan.core.model import Event, EventKind, Tally
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
    args = parser.parse_args()

    store = Store(args.home)
    if store.history_path.exists() or store.plan_path.exists():
        parser.error(f"{args.home} already holds careplan data; use an empty folder")
    start = args.end - timedelta(days=max(0, round(args.years * 365.25) - 1))
    answers = answers_file.parse_answers(library.example_answers_text(), "example-answers.toml")
    plan = generate_plan(answers, library.steps(), start, words=library.stressor_words())
    store.save_answers(answers)
    store.save_plan(plan)
    events = history(lambda d: steps_for(plan, d), start, args.end, random.Random(args.seed))
    # Append a month at a time: the real format and locking, without an fsync per record.
    batch: list[Event] = []
    offset = 0
    for event in events:
        if batch and event.day.month != batch[-1].day.month:
            offset = store.append(batch)
            batch = []
        batch.append(event)
    if batch:
        offset = store.append(batch)
    # What the next `careplan done` would leave behind: the tally through the day before --end.
    tally = fold(Tally(), plan, replay(events), args.end - timedelta(days=1))
    store.save_cache(plan, tally, events, offset)
    size = store.history_path.stat().st_size
    days = (args.end - start).days + 1
    print(f"{args.home}: {len(events)} records over {days} days, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
