"""Looking back: review."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from careplan.cli import command, emit_json, load, out, say, show, write
from careplan.errors import UsageError
from careplan.model import Event, EventKind

# -- review --------------------------------------------------------------------


@command()
def review(
    week: Annotated[
        str | None, typer.Option("--week", help="An ISO week like 2026-W48 (default: this week).")
    ] = None,
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=52, help="Look back N weeks.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    reflect: Annotated[
        str | None,
        typer.Option("--reflect", help="One moment you felt something this week (kept)."),
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Also write the review to a Markdown file.")
    ] = None,
) -> None:
    """Look back over the week: what you did, how it felt, and a few gentle suggestions."""
    from careplan.review import parse_week, week_start, weekly_review

    if reflect is None and not as_json and not markdown and sys.stdin.isatty():
        reflect = ask_reflection()
    if reflect:
        note = reflect.strip()
        write(lambda c: [Event(c.today, c.moment, EventKind.REFLECT, note=note)])
    ctx = load().full()
    try:
        start = week_start(ctx.today) if week is None else parse_week(week)
    except ValueError:
        raise UsageError(f"{week!r} is not a week like 2026-W48.") from None
    starts = [start - timedelta(weeks=n) for n in range(weeks)]
    results = [weekly_review(ctx.plan, ctx.log, s, ctx.today) for s in starts]
    if markdown is not None:
        from careplan.render.markdown import review_markdown

        text = "\n\n".join(review_markdown(r) for r in reversed(results))
        ctx.data.atomic_write(markdown, text)
        say(f"The review is saved in {markdown}.")
    if as_json:
        from careplan.contracts import review_json

        data = review_json(results[0])
        if weeks > 1:
            data["earlier_weeks"] = [review_json(r) for r in results[1:]]
        emit_json(data)
        return
    from careplan.render.review import review_view

    show(*(review_view(r) for r in reversed(results)))


def ask_reflection() -> str:
    from rich.prompt import Prompt
    from rich.text import Text

    return Prompt.ask(
        Text("What was one moment you felt something this week? (Enter to skip)"),
        console=out(),
        default="",
        show_default=False,
    )
