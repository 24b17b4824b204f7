"""Make the README's picture of a report: an example history, drawn by headless Chromium.

    python benchmarks/report_picture.py            # writes docs/report.png

The history is the tests' example person (tests/fixtures/histories.py): twelve weeks of
the example plan, with guesses for guitar and walking, some numb days and slowly rising
check-ins. Needs Chromium (Debian: apt-get install chromium) and Pillow (the test extra).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--width", type=int, default=640, help="the picture's width in pixels")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))  # for tests.fixtures
    from tests.fixtures.browser import find_chromium, headless

    browser = find_chromium()
    if browser is None:
        parser.error("needs chromium (apt-get install chromium)")

    from PIL import Image
    from tests.fixtures.histories import example_answers, example_plan, history

    from careplan.core.report import build_report, period
    from careplan.core.streaks import replay
    from careplan.render.report import report_html

    plan = example_plan(TODAY - timedelta(days=120))
    log = replay(history(plan, plan.start, TODAY, seed=3))
    report = build_report(plan, log, period(TODAY), TODAY, example_answers())
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(report_html(report, TODAY), encoding="utf-8")
        shot = Path(folder) / "shot.png"
        headless(
            browser,
            Path(folder) / "profile",
            f"--screenshot={shot}",
            "--window-size=900,1250",
            page.as_uri(),
        )
        image = Image.open(shot).convert("RGB")
    height = round(image.height * args.width / image.width)
    small = image.resize((args.width, height), Image.Resampling.LANCZOS)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    small.quantize(colors=256).save(args.out, optimize=True)
    print(f"{args.out}: {args.width}x{height}, {args.out.stat().st_size / 1000:.0f} kB")


if __name__ == "__main__":
    main()
