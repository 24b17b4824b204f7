"""The person's words shown as text, never as terminal commands.

Names, notes, feeling words and safety-plan entries can hold anything: an answers
file someone shared, a pasted note. Printed raw, an escape sequence in them could
clear the screen (wiping the crisis lines above it), set the clipboard (OSC 52),
retitle the window, or turn text around (a right-to-left override). Every line
careplan prints passes through `visible`, so what reaches the terminal is text.
"""

from __future__ import annotations

import re

# careplan's own colour codes (Select Graphic Rendition): kept only when colour is on.
SGR = re.compile(r"\x1b\[[0-9;]*m")
# C0 and C1 controls (but tab and newline), DEL, and the Unicode format characters
# that reorder or hide text: bidi embeddings, overrides and isolates, marks.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _picture(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_colour: bool = False) -> str:
    """`text` with every control character written out (ESC as \\x1b, U+202E as \\u202e).

    With `keep_colour`, colour codes (SGR, `ESC [ … m`) pass: they can only change
    how text looks, never move the cursor, clear, or reach the clipboard.
    """
    if not keep_colour:
        return UNSAFE.sub(_picture, text)
    parts = []
    last = 0
    for match in SGR.finditer(text):
        parts.append(UNSAFE.sub(_picture, text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(UNSAFE.sub(_picture, text[last:]))
    return "".join(parts)


def one_line(text: str) -> str:
    """A single-line field (a name, a word): line breaks shown too, so nothing is hidden."""
    return visible(text).replace("\n", "\\n").replace("\t", " ")


def json_safe(text: str) -> str:
    """JSON text with C1, DEL and bidi controls as \\u escapes: the same data, shown safely.

    (json.dumps escapes C0 itself, but leaves these raw.)
    """
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
