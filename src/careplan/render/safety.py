"""Crisis lines, the person's safety plan and grounding exercises, as plain lines.

No rich here: `careplan sos` prints these before anything heavy is imported, and
they must read the same in any terminal, a pipe or a screen reader.
"""

from __future__ import annotations

from careplan.core.safety import PART_TITLES, CrisisChoice, CrisisLine, SafetyPlan, plan_parts
from careplan.core.visible import one_line

SET_COUNTRY = (
    "To keep your country's lines here, set country in plan.toml "
    "(careplan plan edit), or run careplan sos --country XX."
)


def _line(line: CrisisLine) -> str:
    how = f" ({line.how})" if line.how else ""
    # "Need to talk? 1737" is a line's name, so its number is not said twice.
    if line.name.endswith(line.number):
        return f"  {line.name}{how}"
    return f"  {line.name}: {line.number}{how}"


def crisis_lines(choice: CrisisChoice) -> list[str]:
    country = choice.country
    emergency = f"  Emergency: {country.emergency}"
    lines = ["If you are in danger or might act on thoughts of harming yourself:"]
    if choice.fallback:
        # Without a country, the local emergency number is the one sure thing.
        lines += [emergency, *(_line(line) for line in country.lines)]
        if choice.asked:
            lines.append(f"careplan has no crisis lines for {one_line(choice.asked)} yet.")
        if choice.known:
            codes = " or ".join(filter(None, (", ".join(choice.known[:-1]), choice.known[-1])))
            lines.append(f"careplan has lines for {codes}.")
        lines.append(SET_COUNTRY)
    else:
        lines += [*(_line(line) for line in country.lines), emergency]
        lines.append(f"Country: {country.name}. Another one? careplan sos --country XX")
    lines.append("You do not have to go through this alone. Reaching out is a strong step.")
    return lines


def danger_pointer(choice: CrisisChoice) -> list[str]:
    """One or two kind lines after words that sound like danger: help, never a verdict."""
    if choice.fallback or not choice.country.lines:
        first = (
            "If you might be in danger, please call your local emergency number, or find "
            "a crisis line near you at findahelpline.com."
        )
    else:
        line = choice.country.lines[0]
        number = "" if line.name.endswith(line.number) else f" on {line.number}"
        first = (
            f"That sounds heavy to carry. If you might be in danger, {line.name} is there"
            f"{number}, {line.how or 'any time'}."
        )
    return [first, "`careplan sos` has more help, whenever you need it."]


def safety_plan_lines(plan: SafetyPlan, show_empty: bool = False) -> list[str]:
    """The person's own plan, part by part; `show_empty` names the parts still to fill in."""
    lines = ["Your safety plan"]
    empty = []
    for part, items in plan_parts(plan).items():
        if not items:
            empty.append(PART_TITLES[part])
            continue
        lines.append(PART_TITLES[part] + ":")
        lines += [f"  - {one_line(item)}" for item in items]
    if show_empty and empty:
        lines.append(f"Not filled in yet: {'; '.join(empty)}.")
    return lines


def fit(lines: list[str], width: int) -> list[str]:
    """Each line wrapped to `width`, never inside a word; wrapped parts hang under its text."""
    import textwrap

    fitted: list[str] = []
    for line in lines:
        if len(line) <= width:
            fitted.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip(" ")))
        # Sentences wrap flush; an indented line hangs under its text ("  - " items deeper).
        hang = indent + ("" if not indent else "    " if line.lstrip().startswith("- ") else "  ")
        fitted += textwrap.wrap(
            line,
            max(20, width),
            initial_indent="",
            subsequent_indent=hang,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [line]
    return fitted


def exercise_intro(title: str) -> list[str]:
    return ["Let's slow things down together.", title]


def exercise_step(number: int, text: str, width: int = 80) -> list[str]:
    """One step, its wrapped lines hanging under the text, not under the number."""
    import textwrap

    label = f"{number:>3}. "
    wrapped = textwrap.wrap(text, max(20, width - len(label))) or [""]
    return [label + wrapped[0], *(" " * len(label) + rest for rest in wrapped[1:])]
