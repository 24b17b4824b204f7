"""Domain values in, renderables or lines out. Never prints, never exits.

The daily views (render/plain.py) and the crisis lines (render/safety.py) draw
plain lines without rich, so `today` and `sos` start fast; the rest use rich or
Jinja2 and are imported only by the commands that need them. Every status is a
word as well as a mark (✓ done, · open, – skipped), so nothing is carried by
colour or symbol alone.
"""

from __future__ import annotations

from careplan.core.model import Status

MARK = {
    Status.DONE: ("✓", "done", "green"),
    Status.OPEN: ("·", "open", ""),
    Status.SKIPPED: ("–", "resting", "dim"),
    Status.NOT_SCHEDULED: (" ", "", ""),
}
