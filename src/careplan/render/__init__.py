"""Domain values in, renderables or lines out. Never prints, never exits.

The daily views (render/plain.py) and the crisis lines (render/safety.py) draw
plain lines without rich, so `today` and `sos` start fast; the rest use rich or
Jinja2 and are imported only by the commands that need them. Every status is a
word as well as a mark (✓ done, · open, – skipped), so nothing is carried by
colour or symbol alone.
"""

from __future__ import annotations

# Keyed by model.Status's values (a StrEnum finds them as itself), so that importing
# render.safety for `careplan sos` does not import the model and its dataclasses.
MARK: dict[str, tuple[str, str, str]] = {
    "done": ("✓", "done", "green"),
    "open": ("·", "open", ""),
    "skipped": ("–", "resting", "dim"),
    "not-scheduled": (" ", "", ""),
}
