"""Looking: review, and the plan shown.

No typer here, as in track.py: cli/daily.py answers `review` and `plan` from these
signatures, and cli/base.py and cli/planning.py hand them to Typer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from careplan.cli import ask
from careplan.cli.common import emit_json, ink, lines, load, say, show, store, write
from careplan.cli.daily import Option
from careplan.core.errors import UsageError
from careplan.core.model import Event, EventKind

if TYPE_CHECKING:
    from careplan.core.model import Plan
    from careplan.core.review import Review
    from careplan.store.context import Context

# -- review --------------------------------------------------------------------


def review(
    week: Annotated[
        str | None, Option("--week", help="An ISO week like 2026-W48 (default: this week).")
    ] = None,
    weeks: Annotated[int, Option("--weeks", min=1, max=52, help="Look back N weeks.")] = 1,
    as_json: Annotated[bool, Option("--json", help="Print JSON for scripts.")] = False,
    reflect: Annotated[
        str | None,
        Option("--reflect", help="One moment you felt something this week (kept)."),
    ] = None,
    markdown: Annotated[
        Path | None, Option("--markdown", help="Also write the review to a Markdown file.")
    ] = None,
    apply: Annotated[
        bool, Option("--apply", help="Make the suggested plan changes (backed up first).")
    ] = False,
    yes: Annotated[bool, Option("--yes", help="With --apply: do not ask first.")] = False,
    year: Annotated[bool, Option("--year", help="The last year as a calendar of days.")] = False,
    force: Annotated[
        bool, Option("--force", help="With --markdown: replace a file already there.")
    ] = False,
) -> None:
    """Look back over the week: what you did, how it felt, and a few gentle suggestions."""
    if year:
        show_year()
        return
    if reflect:
        keep_reflection(reflect)
    ctx = load()
    results = reviews(ctx, week, weeks)
    if markdown is not None:
        from careplan.core.visible import visible
        from careplan.render.markdown import review_markdown

        text = "\n\n".join(review_markdown(r) for r in reversed(results))
        ctx.data.write_named(markdown, visible(text), force)  # the words as text in a file too
        say(f"The review is saved in {markdown}.")
    if as_json:
        emit_json(reviews_json(results))
        return
    from careplan.render.review import review_lines

    drawn = [review_lines(r, ink()) for r in reversed(results)]
    lines([line for week_lines in drawn for line in [*week_lines, ""]][:-1])
    if apply:
        apply_suggestions(ctx, results[0], yes)
    elif reflect is None and markdown is None and ask.at_terminal():
        keep_reflection(ask_reflection())


def show_year() -> None:
    from careplan.core.report import year_squares
    from careplan.render.year import year_lines

    ctx = load().full()
    lines(year_lines(year_squares(ctx.plan, ctx.log, ctx.today), ink()))


def reviews(ctx: Context, week: str | None, weeks: int) -> list[Review]:
    """The week asked for (this one by default) and the weeks before it, newest first."""
    from datetime import timedelta

    from careplan.core.review import parse_week, week_label, week_start
    from careplan.store import context

    try:
        start = week_start(ctx.today) if week is None else parse_week(week)
    except (ValueError, OverflowError):
        raise UsageError(f"{week!r} is not a week like 2026-W48.") from None
    if week is None and ctx.today.weekday() <= 2 and start - timedelta(days=1) >= ctx.plan.start:
        # Early in the week there is little to see yet: look back at the week that ended.
        say(
            "It is early in the week, so this is last week.\n"
            f"This week so far: `careplan review --week {week_label(start)}`."
        )
        start -= timedelta(days=7)
    if start > ctx.today:
        raise UsageError(
            f"The week {week} has not started yet.", "Leave out --week for this week."
        )
    try:
        return context.reviews(ctx, start, weeks)
    except OverflowError:  # weeks before the year 1 (0001-W01 and --weeks)
        raise UsageError(
            f"The week {week} is too long ago for careplan to look back on.",
            f"Your plan started on {ctx.plan.start.isoformat()}; choose a week since then.",
        ) from None


def reviews_json(results: list[Review]) -> dict[str, Any]:
    from careplan.render.contracts import review_json

    data = review_json(results[0])
    if len(results) > 1:
        data["earlier_weeks"] = [review_json(r) for r in results[1:]]
    return data


def keep_reflection(text: str) -> None:
    note = text.strip()
    if note:
        write(lambda c: [Event(c.today, c.moment, EventKind.REFLECT, note=note)])
        say("Kept. It will be in your next reviews.")
        from careplan.cli.track import point_to_help

        point_to_help(None, [note])


def apply_suggestions(ctx: Context, result: Review, yes: bool) -> None:
    """Show the plan edits the suggestions amount to, ask, then make them (backup first)."""
    from careplan.cli.planning import rewrite
    from careplan.core.suggest import changes_for
    from careplan.store import library
    from careplan.store.plan_edit import add_step, set_fields

    changes = changes_for(result.suggestions, ctx.plan, library.steps(), ctx.today)
    if not changes:
        say("There is nothing in the plan to change from this week's suggestions.")
        return
    say("These changes would be made to plan.toml (the old plan is backed up first):")
    for change in changes:
        if change.text:  # a step making room is said with the step it makes room for
            say(f"  • {change.text}")
    if not yes and not confirm("Make these changes?"):
        say("Nothing was changed.")
        return

    def edit(plan: Plan, text: str) -> str:
        # Worked out again from the plan as it is now, under the lock: another careplan
        # may have changed it since it was shown, and a change that no longer fits is
        # left out rather than blamed on the person's plan.
        for change in changes_for(result.suggestions, plan, library.steps()):
            if change.new is not None:
                text = add_step(text, change.new)
            else:
                text = set_fields(text, change.step, dict(change.fields))
        return text

    if not rewrite(edit):
        say("Your plan already has these changes; nothing more was needed.")
        return
    say("Your plan is updated. The old one is in the backups folder.")


def confirm(question: str) -> bool:
    if not ask.at_terminal():
        say("Nobody is at the terminal to say yes, so add --yes to make them.")
        return False
    return ask.confirm(question)


def ask_reflection() -> str:
    return ask.prompt("What was one moment you felt something this week? (Enter to skip)")


# -- the plan, shown -----------------------------------------------------------------


def plan_show() -> None:
    """Show your plan readably."""
    from careplan.render.plan import plan_view

    show(plan_view(store().load_plan()))


# Registered with Typer by cli/base.py (`plan_show` by cli/planning.py, as `plan show`).
COMMANDS = (review,)
