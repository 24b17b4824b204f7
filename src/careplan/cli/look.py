"""Looking back and at the plan: review, plan."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from careplan.cli import command, emit_json, load, show, store
from careplan.errors import UsageError

if TYPE_CHECKING:
    pass

# -- review --------------------------------------------------------------------


@command()
def review(
    week: Annotated[
        str | None, typer.Option("--week", help="An ISO week like 2026-W48 (default: this week).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Look back over the week: what you did and a few gentle suggestions."""
    from careplan.review import week_start, weekly_review

    ctx = load().full()
    today_ = ctx.today
    if week is None:
        start = week_start(today_)
    else:
        try:
            year, number = week.upper().split("-W")
            start = date.fromisocalendar(int(year), int(number), 1)
        except ValueError:
            raise UsageError(f"{week!r} is not a week like 2026-W48.") from None
    result = weekly_review(ctx.plan, ctx.log, start, today_)
    if as_json:
        from careplan.contracts import review_json

        emit_json(review_json(result))
        return
    from careplan.render.review import review_view

    show(review_view(result))


# -- plan ------------------------------------------------------------------------


@command("plan")
def plan_show() -> None:
    """Show your plan readably."""
    from careplan.render import plan_view

    show(plan_view(store().load_plan()))
