"""careplan's command line. `run` is the entry point, and it is light on purpose.

`careplan sos` is answered at once by cli/sos.py, before typer or rich is
imported: help comes first. `careplan today --short`, which a shell prompt runs
at every Enter, is answered by cli/prompt.py the same way. The everyday forms of
the daily commands, `review` and `plan` are parsed by cli/daily.py from the
commands' own signatures, without typer either. Everything else (and `--help`)
goes to the Typer app in cli/base.py.
"""

from __future__ import annotations

import os
import sys

# Answered by cli/daily.py when it can parse them (cli/track.py holds them: track.COMMANDS).
DAILY = ("today", "done", "undo", "skip", "checkin")
# ...and these, from cli/look.py (`plan` and `plan show` show the plan).
FAST = (*DAILY, "review", "plan")


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
            # The one clock (common.now, with its UTC offset), as `today` itself reads it:
            # all common imports, the segment imports anyway (sos too, but for json).
            from careplan.cli.common import now
            from careplan.cli.prompt import run_segment

            finish(run_segment(*asked, now()))
    if command_word(sys.argv[1:]) == "sos":
        from careplan.cli import streams
        from careplan.cli.sos import parse_args

        streams.fill_closed_descriptors()  # so nothing careplan opens lands on fd 1 or 2

        parsed = parse_args(sys.argv[1:])
        if parsed is not None:
            from careplan.cli.common import now  # the one clock; see `today --short` above
            from careplan.cli.sos import run_sos

            finish(run_sos(*parsed, now()))
    if command_word(sys.argv[1:]) in FAST:
        import gc

        from careplan.cli.daily import answer

        # A short run that makes no reference cycles worth collecting: the collector's
        # passes over every object made at start-up cost more than they could free.
        gc.disable()

        code = answer(sys.argv[1:])
        if code is not None:  # else a form for Typer to explain
            finish(code)
    from careplan.cli.base import run as run_app

    run_app()


def finish(code: int) -> None:
    """Flush what was written and exit with `code` (cli/__init__.main skips the teardown)."""
    from careplan.cli import streams

    sys.exit(streams.finish(code))


def main() -> None:
    """The `careplan` command: `run`, then leave without the interpreter's teardown.

    Freeing every module and object one by one takes about a sixth of a daily
    command's run, and nothing is left to do by then: files closed, the lock
    released, the history synced, the output flushed (`run` ends with streams.finish).
    `run` itself exits the ordinary way, for whoever calls it in-process.
    """
    try:
        run()
        code = 0
    except SystemExit as done:
        if isinstance(done.code, str):
            sys.stderr.write(done.code + "\n")
        code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            code = code or 1
    os._exit(code)
