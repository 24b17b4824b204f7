"""What the packaged library holds: step templates and crisis lines (see library.py).

The crisis lines' values live in safety.py, where `sos` finds them without
importing dataclasses; they are named here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from careplan.core.model import Category
from careplan.core.safety import Country as Country
from careplan.core.safety import CrisisLine as CrisisLine


@dataclass(frozen=True)
class Template:
    """A step in the library, before names from the answers are filled in."""

    id: str
    title: str
    category: Category
    minutes: int
    why: str
    tiny: str
    uses: str = ""  # person | activity | stressor | movement | creative
    when: str = ""  # sleep-off | drinks | drinks-a-lot | substances | medication | ...
    anchor: bool = False
    # Stressor kinds (stressors.Kind values) the step fits; empty: any. A step for a
    # stressor names the kinds it is written for, and grief and trauma have their own.
    kinds: tuple[str, ...] = ()
    idea: bool = False  # the person's own idea for the stressor becomes the title
    # For a person step: the ways of reaching someone it fits ("call"); empty: any way.
    contacts: tuple[str, ...] = ()
    # Steps that must already be in the plan for this one to make sense (any of them):
    # "tell someone about your alcohol-free days" only beside a step that plans one.
    needs: tuple[str, ...] = ()
