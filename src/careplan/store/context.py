"""One command's view of the data, and recording into it safely.

The CLI reads the clock and finds the folder; this module does the rest of a
read or a read-modify-write: the plan, the day by its day-start hour, the
history after the saved tally, and (under the lock) appending and refreshing
that tally so the next command stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from careplan.core.errors import CareplanError, NoPlanError
from careplan.core.model import Event, EventKind, Plan, Tally

if TYPE_CHECKING:
    from careplan.core.review import Review
    from careplan.core.streaks import Log
    from careplan.store.checkpoints import Index
    from careplan.store.history_log import Recent
    from careplan.store.store import Store
    from careplan.store.tally_cache import Seen


# Used when the plan, which holds the person's own day start, cannot be read.
DEFAULT_DAY_START = "04:00"


class Context(NamedTuple):
    """One command's view of the data: the plan, the clock read once, and the history."""

    data: Store
    plan: Plan
    moment: datetime
    today: date
    base: Tally | None  # streak state folded through base.through (from the cache)
    events: list[Event]  # the history the base does not cover
    seen: dict[str, Seen]  # what was read of each log, for the next cache

    @property
    def log(self) -> Log:
        from careplan.core.streaks import replay

        return replay(self.events)

    def full(self) -> Context:
        """The same, with the whole history instead of the cache (past days, reviews)."""
        if self.base is None:
            return self
        every = self.data.full()
        return self._replace(base=None, events=every.events, seen=every.seen)


def load(data: Store, moment: datetime, heal: bool = False) -> Context:
    """The plan, the day by its day-start hour, and the history the cache leaves.

    With `heal` (a read command), a cache found missing or stale is rebuilt once from
    the full read just made, so the next command is quick again. It is saved without
    the lock: a writer meanwhile only adds lines, which the next read still sees.
    """
    from careplan.core.day import day_of

    plan = data.load_plan()
    today = day_of(moment, plan.day_starts_at)
    recent = data.recent(plan, today)
    kept = True
    if recent.base is None and recent.events:  # a full read: is this plan recorded yet?
        recent, kept = notice(data, plan, moment, today, recent, heal)
    if heal and kept and recent.base is None and recent.events:
        from careplan.core.streaks import fold, replay

        tally = fold(Tally(), plan, replay(recent.events), today - timedelta(days=1))
        data.save_cache(plan, tally, recent.events, recent.seen)
    return Context(data, plan, moment, today, recent.base, recent.events, recent.seen)


def notice(
    data: Store, plan: Plan, moment: datetime, today: date, recent: Recent, heal: bool
) -> tuple[Recent, bool]:
    """Keep a plan changed by hand in the history, in force from today, so the change
    never rewrites the days before. False when it could not be kept this time.

    Changed from the version last kept; or, while none was ever kept, from the plan the
    tally cache was made for (kept first, in force from its start). Only after a full
    read: a valid tally cache was made for this very plan, after it was kept.
    Under the lock a writer already holds; a read (`heal`) takes the lock only if it is
    free, and a read-only folder or another careplan at work never stops the read.
    """
    from careplan.store.history_codec import plan_key
    from careplan.store.history_log import after_append

    versions = [e for e in recent.events if e.kind is EventKind.PLAN and e.plan is not None]
    last = max(versions, key=lambda e: (e.day, e.stamp), default=None)
    before = last.plan if last is not None else data.cached_plan()
    if before is None or plan_key(before) == plan_key(plan):
        return recent, True  # kept already, or the one plan there has been
    new = [Event(today, moment, EventKind.PLAN, plan=plan)]
    if last is None:
        new.insert(0, Event(before.start, moment, EventKind.PLAN, plan=before))
    if data.holding:
        appended = data.append(new)
    elif heal:
        try:
            with data.lock(timeout=0):
                if plan_key(data.load_plan()) != plan_key(plan):
                    return recent, False  # changed again this moment: the next command sees it
                appended = data.append(new)
        except (CareplanError, OSError):
            return recent, False
    else:
        return recent, False
    written = appended.events if appended else []
    return recent._replace(
        events=[*recent.events, *written], seen=after_append(recent.seen, appended)
    ), True


def write(data: Store, moment: datetime, make: Callable[[Context], list[Event]]) -> Context:
    """Read, add events and refresh the cache, all under the lock, so no entry is lost."""
    from careplan.core.streaks import fold
    from careplan.store.history_log import after_append

    if not data.has_plan():  # say so before the lock, which would create the folder
        raise NoPlanError(str(data.home))
    with data.lock():
        ctx = load(data, moment)
        new = make(ctx)
        through = ctx.base.through if ctx.base is not None else None
        if through is not None and any(e.day <= through for e in new):
            ctx = ctx.full()  # a back-filled day: the saved tally no longer holds
        appended = data.append(new)
        written = appended.events if appended else []
        ctx = ctx._replace(events=[*ctx.events, *written], seen=after_append(ctx.seen, appended))
        yesterday = ctx.today - timedelta(days=1)
        if covers(ctx.base, yesterday, ctx.plan):
            tally = ctx.base or Tally()  # already folded through yesterday: nothing to fold
        else:
            tally = fold(ctx.base or Tally(), ctx.plan, ctx.log, yesterday)
        data.save_cache(ctx.plan, tally, ctx.events, ctx.seen)
    return ctx


def covers(tally: Tally | None, day: date, plan: Plan) -> bool:
    """True when `tally` is folded exactly through `day` (or there was nothing to fold)."""
    if tally is None:
        return False
    return tally.through == day or (tally.through is None and plan.start > day)


def keep_without_plan(
    data: Store, moment: datetime, make: Callable[[date, datetime], list[Event]]
) -> date:
    """Keep a record that needs no plan (a check-in) while plan.toml cannot be read.

    A typo in the plan must not cost a day: the record is appended under the lock,
    counted by the default day start; the tally cache is left for the next write.
    """
    from careplan.core.day import day_of

    day = day_of(moment, DEFAULT_DAY_START)
    with data.lock():
        data.append(make(day, moment))
    return day


def reviews(ctx: Context, start: date, weeks: int) -> list[Review]:
    """The week from `start` and the weeks before it, newest first.

    This week alone needs only its own days, two weeks of check-ins before it and
    the saved tally, so a review costs the same in year ten as in week one. Other
    weeks start from the checkpoint of the week their check-ins begin in (see
    store/checkpoints.py) and read only the records from there; the reflections
    shown from earlier weeks come from the same index.
    """
    from careplan.core.review import weekly_review
    from careplan.store import checkpoints

    # A full read already made (no valid tally cache) is used as it is.
    # The tally cache's reading of each log, just checked, vouches for what came before.
    index = checkpoints.current(ctx.data, ctx.plan, ctx.seen) if ctx.base is not None else None
    if index is not None:
        try:
            found = _indexed(ctx, index, start, weeks)
        finally:
            index.close()
        if found is not None:
            return found
    full = ctx.full()
    starts = [start - timedelta(weeks=n) for n in range(weeks)]
    return [weekly_review(full.plan, full.log, s, full.today) for s in starts]


def _indexed(ctx: Context, index: Index, start: date, weeks: int) -> list[Review] | None:
    """`reviews` through the checkpoints index; None if its lines cannot be read."""
    from careplan.core.review import weekly_review
    from careplan.core.streaks import fold, replay
    from careplan.store import checkpoints

    earliest = start - timedelta(days=14)
    starts = [start - timedelta(weeks=n) for n in range(weeks)]
    quick = None  # the saved tally, to start this week's review from
    through = ctx.base.through if ctx.base is not None else None
    this_week = weeks == 1 and start <= ctx.today <= start + timedelta(days=6)
    if this_week and through is not None and earliest - timedelta(days=1) <= through < ctx.today:
        quick = ctx.base
    if quick is not None:
        earlier = index.records(
            checkpoints.reflections_before(index, earliest) + checkpoints.plans(index)
        )
        events = earlier + ctx.data.since(earliest)
        return [weekly_review(ctx.plan, replay(events), start, ctx.today, base=quick)]
    # From the first check-in the oldest week's review looks at: 13 days before its last day.
    first = min(starts[-1] + timedelta(days=6), ctx.today) - timedelta(days=13)
    found = checkpoints.window(index, first, start + timedelta(days=6))
    if found is None:
        return None
    base, events = found
    log = replay(events)
    done: list[Review] = []
    for s in reversed(starts):  # oldest first, each week's tally folded on from the last
        if done:
            base = fold(base or Tally(), ctx.plan, log, s - timedelta(days=1))
        done.append(weekly_review(ctx.plan, log, s, ctx.today, base=base))
    return done[::-1]
