"""Reading a TOML file so that every problem names the file, the line and the fix.

tomllib reports the line of a syntax error itself. For a value that parses but
makes no sense (minutes = -5 in the third step), `line_of` finds the line by
scanning the text for the table and key, so the message can still point at it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from careplan.core.errors import DataError
from careplan.core.model import shown

# Where a value lives: ("name",), ("sleep", "hours"), ("steps", 3, "minutes") (1-based).
Where = tuple[str | int, ...]
T = TypeVar("T")

_BARE = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_HEADER = re.compile(r"""^\s*(\[\[?)\s*([A-Za-z0-9_\-."' ]+?)\s*\]\]?\s*(#.*)?$""")
_KEY = re.compile(rf"^\s*({_BARE}(?:\s*\.\s*{_BARE})*)\s*=")
_PART = re.compile(_BARE)


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _PART.findall(dotted))


def line_of(text: str, where: Where) -> int | None:
    """The line that sets `where`, else the header of the nearest table holding it."""
    current: Where = ()
    counts: dict[tuple[str, ...], int] = {}
    best: tuple[int, int] | None = None  # (depth of the matching header, line)
    quote = ""
    for number, line in enumerate(text.splitlines(), 1):
        if quote:  # inside a multi-line string: nothing here is a key
            if line.count(quote) % 2:
                quote = ""
            continue
        header = _HEADER.match(line)
        if header:
            name = _parts(header.group(2))
            if header.group(1) == "[[":
                counts[name] = counts.get(name, 0) + 1
                current = (*name, counts[name])
            else:
                current = name
            if where[: len(current)] == current and (best is None or len(current) > best[0]):
                best = (len(current), number)
            continue
        key = _KEY.match(line)
        if key:
            full = (*current, *_parts(key.group(1)))
            if where[: len(full)] == full:
                return number
        for mark in ('"""', "'''"):
            if line.count(mark) % 2:
                quote = mark
                break
    return best[1] if best else None


# tomllib's reasons, said in careplan's words: what is wrong, and a right line to copy.
_PLAIN = (
    (
        ("Unterminated string", "Illegal character", "Unescaped", "Escaped character"),
        "a piece of text is missing its closing quote, or holds a character text cannot",
        'title = "Walk to the shop"',
    ),
    (
        ("Invalid value",),
        "the value after = is not one careplan can read. Text goes in quotes; numbers "
        "and true or false do not",
        'minutes = 10, or title = "Walk"',
    ),
    (
        ("Invalid date",),
        "this date is not a real one, or not written as year-month-day",
        "start = 2026-11-25",
    ),
    (
        ("Expected '='", "Invalid initial character", "Invalid statement", "Found invalid"),
        "each line is a name, an equals sign and a value",
        "minutes = 10",
    ),
    (
        ("Expected ']'", "Expected ']]'"),
        "a heading in square brackets is not closed",
        "[[steps]]",
    ),
    (
        ("Unclosed array",),
        "a list is missing its closing bracket",
        'words = ["tired", "calm"]',
    ),
    (
        ("Unclosed inline table", "Expected"),
        "a part in curly brackets is not closed, or something is missing inside it",
        'support = [{name = "Sam"}]',
    ),
    (
        ("Cannot declare", "Cannot overwrite", "Cannot redefine", "Cannot mutate", "Duplicate"),
        "the same name is set twice; keep one of them",
        "",
    ),
    (("Invalid hex",), "this number is not written the way careplan can read it", "minutes = 10"),
)


def plain_reason(reason: str) -> tuple[str, str]:
    """tomllib's reason as (what is wrong, an example of a right line)."""
    for starts, said, example in _PLAIN:
        if reason.startswith(starts):
            return said, example
    return "this line is not written the way careplan can read it", "minutes = 10"


def parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # Python 3.11's message ends "(at line 7, column 9)"; newer ones also set .lineno.
        found = re.search(r"\s*\(at line (\d+), column \d+\)", str(err))
        line = getattr(err, "lineno", None) or (found.group(1) if found else None)
        reason = str(err)[: found.start()] if found else getattr(err, "msg", str(err))
        said, example = plain_reason(reason)
        where = f"{source}, line {line}" if line else source
        raise DataError(
            f"{where}: {said}."
            + (f" A line that works looks like this: {example}" if example else ""),
            f"Fix that line in {source} and try again.",
        ) from err
    except (ValueError, RecursionError) as err:  # a 5,000-digit number, [[[[... nested deep
        raise DataError(
            f"{source}: this holds a number or a nesting too large to read.",
            f"Look for a very long number or many brackets in {source}.",
        ) from err


def dumps_toml(data: dict[str, Any], header: str = "") -> str:
    import tomli_w  # only writers need it; `today` never does

    return header + tomli_w.dumps(data)


WANT = {
    str: "text in quotes",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    list: 'a list like ["a", "b"]',
    dict: "a table",
}
# A right value of each kind, for the line to copy ("like quality = 3").
EXAMPLE = {str: '"some text"', bool: "true", int: "3", float: "7.5"}


class Reader:
    """One TOML file's text and name, so each problem can say where it is."""

    def __init__(self, text: str, source: str, singular: Mapping[str, str]) -> None:
        self.text = text
        self.source = source
        self.singular = singular  # "steps" -> "step", for "minutes in step 3"

    def load(self) -> dict[str, Any]:
        return parse_toml(self.text, self.source)

    def label(self, where: Where) -> str:
        if len(where) >= 2 and isinstance(where[1], int):
            owner = f"{self.singular.get(str(where[0]), where[0])} {where[1]}"
            rest = ".".join(str(p) for p in where[2:])
            return f"{rest} in {owner}" if rest else owner
        return ".".join(str(p) for p in where)

    def problem(self, where: Where, message: str, hint: str = "") -> DataError:
        line = line_of(self.text, where) if where else None
        place = f"{self.source}, line {line}" if line else self.source
        fix = f"Fix that line in {self.source} and try again." if line else ""
        return DataError(f"{place}: {message}", hint or fix)

    def get(self, table: Mapping[str, Any], where: Where, kind: type, default: Any) -> Any:
        """table[key] (key = where[-1]) if it has the right type, else a problem naming it."""
        value = table.get(str(where[-1]), default)
        self.expect(value, kind, where)
        return value

    def expect(self, value: Any, kind: type, where: Where) -> None:
        if kind is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif kind is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, kind)
        if not ok:
            like = (
                f", like {where[-1]} = {EXAMPLE[kind]}"
                if kind in EXAMPLE and isinstance(where[-1], str)
                else ""
            )
            raise self.problem(
                where, f"{self.label(where)} should be {WANT[kind]}{like}, not {shown(value)}."
            )

    def strings(self, table: Mapping[str, Any], where: Where) -> tuple[str, ...]:
        items = self.get(table, where, list, [])
        for item in items:
            if not isinstance(item, str):
                raise self.problem(
                    where,
                    f"{self.label(where)} should be text in quotes, "
                    f'like {where[-1]} = ["walking", "music"], not {shown(item)}.',
                )
        return tuple(item.strip() for item in items)

    def table(self, table: Mapping[str, Any], where: Where, known: set[str]) -> dict[str, Any]:
        found: dict[str, Any] = self.get(table, where, dict, {})
        self.unknown(found, known, where)
        return found

    def unknown(self, data: Mapping[str, Any], known: set[str], where: Where = ()) -> None:
        for key in data:
            if key not in known:
                inside = f" in {self.label(where)}" if where else ""
                raise self.problem(
                    (*where, key),
                    f"careplan does not know the key {key!r}{inside}.",
                    f"Check its spelling or remove it. Known keys: {', '.join(sorted(known))}.",
                )

    def build(self, where: Where, make: Callable[[], T]) -> T:
        """Run a model constructor; its DataError gets this file's name and line."""
        try:
            return make()
        except DataError as err:
            at = (*where, err.key) if err.key else where
            raise self.problem(at, err.message, err.hint) from err
