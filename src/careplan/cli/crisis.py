"""Help right now: sos. Must work with no plan, a broken plan and no data folder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from careplan.cli import app, show, store

if TYPE_CHECKING:
    from rich.console import RenderableType


# -- sos -------------------------------------------------------------------------


def show_crisis(country: str | None) -> None:
    """Crisis lines for the country given, the plan's, the locale's, else the fallback."""
    import locale

    from careplan import library
    from careplan.render.safety import crisis_view
    from careplan.safety import country_from_locale, pick_country

    countries, fallback = library.crisis()
    chosen = pick_country(countries, fallback, country, country_from_locale(locale.getlocale()[0]))
    show(crisis_view(chosen, chosen is fallback))


@app.command()
def sos(
    country: Annotated[
        str | None, typer.Option("--country", help="Two-letter country code, like GB.")
    ] = None,
    exercise: Annotated[
        str | None,
        typer.Option("--exercise", help="senses, breathing, muscles or cold-water."),
    ] = None,
) -> None:
    """Crisis lines and a grounding exercise, right now. Works with no plan at all."""
    # No error boundary that could hide the lines: anything about the user's own
    # files is optional here, and is left out quietly if it cannot be read.
    saved_country, safety_plan = _own_safety_details()
    show_crisis(country or saved_country)
    from careplan import library
    from careplan.render.safety import exercise_view, safety_plan_view

    if safety_plan:
        show("", safety_plan_view(safety_plan))
    exercises = library.grounding()
    name = exercise if exercise in exercises else "senses"
    title, steps = exercises[name]
    show("", Text_("Let's slow things down together."), exercise_view(title, steps))


def Text_(text: str) -> RenderableType:  # noqa: N802 - a tiny factory named like the class it makes
    from rich.text import Text

    return Text(text)


def _own_safety_details() -> tuple[str | None, tuple[tuple[str, tuple[str, ...]], ...]]:
    try:
        data = store()
        answers = data.load_answers()
        country = answers.country if answers else None
        if data.has_plan():
            country = data.load_plan().country or country
        return country, answers.safety_plan if answers else ()
    except Exception:  # noqa: BLE001 - sos must work whatever state the files are in
        return None, ()
