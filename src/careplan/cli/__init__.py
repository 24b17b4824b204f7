"""careplan's command line. `run` is the entry point, and it is light on purpose.

`careplan sos` is answered at once by cli/sos.py, before typer or rich is
imported: help comes first. `careplan today --short`, which a shell prompt runs
at every Enter, is answered by cli/prompt.py the same way. Everything else goes
to the Typer app in cli/base.py.
"""

from __future__ import annotations

import sys


def command_word(argv: list[str]) -> str | None:
    """The first word that is not a global option (`--home DIR` takes a value)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--home":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def bare(argv: list[str]) -> bool:
    """No command and only global options that do not exit: `careplan`, `careplan --home D`."""
    while argv:
        if argv[0] == "--home" and len(argv) > 1:
            argv = argv[2:]
        elif argv[0] == "--debug":
            argv = argv[1:]
        else:
            return False
    return True


def run() -> None:
    if bare(sys.argv[1:]):
        # Plain `careplan` (perhaps with --home DIR): today's steps, or a first-run hint.
        sys.argv += ["today", "--welcome"]
    if command_word(sys.argv[1:]) == "today" and "--short" in sys.argv:
        from careplan.cli.prompt import parse_args as prompt_args

        asked = prompt_args(sys.argv[1:])
        if asked is not None:
            from datetime import datetime

            from careplan.cli.prompt import run_segment

            sys.exit(run_segment(*asked, datetime.now()))
    if command_word(sys.argv[1:]) == "sos":
        from careplan.cli import streams
        from careplan.cli.sos import parse_args

        streams.fill_closed_descriptors()  # so nothing careplan opens lands on fd 1 or 2

        parsed = parse_args(sys.argv[1:])
        if parsed is not None:
            from datetime import datetime

            from careplan.cli.sos import run_sos

            sys.exit(run_sos(*parsed, datetime.now()))
    from careplan.cli.base import run as run_app

    run_app()
