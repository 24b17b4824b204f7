"""The report in a real browser: headless Chromium draws it, prints it and shows its DOM.

Chromium runs as a separate process on a local file (the page may load nothing, and its
CSP says so); the suite's socket guard watches only this Python process. Skipped, with the
reason, where no Chromium is installed (.ci/run installs Debian's `chromium`).
"""

from __future__ import annotations

import io
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from careplan.core.report import build_report, period
from careplan.core.streaks import replay
from careplan.render.report import report_html
from careplan.store import answers_file, library
from tests.fixtures.browser import find_chromium, headless
from tests.fixtures.histories import example_plan, history

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium installed (apt-get install chromium)"
)

TODAY = date(2026, 11, 25)
DONE_COLOUR = (0x1A, 0x7F, 0x37)  # report.css --done in light mode


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    assert CHROMIUM is not None
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return headless(CHROMIUM, profile, *args, env=env)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve weeks of a person who takes medication and named everything that might play a part:
    the fullest appointment page there is."""
    text = library.example_answers_text().replace("medication = false", "medication = true")
    text = text.replace(
        'contributing = ["stress", "burnout"]',
        'contributing = ["stress", "burnout", "grief", "trauma", "low-mood", "anxiety", "medication", "substances"]',
    )
    answers = answers_file.parse_answers(text, "answers.toml")
    plan = example_plan(TODAY - timedelta(days=400))
    log = replay(history(plan, plan.start, TODAY))
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report_html(build_report(plan, log, period(TODAY), TODAY, answers), TODAY))
    return path


def expected_squares() -> int:
    return (TODAY - period(TODAY)).days + 1


def test_the_screenshot_shows_the_calendar(page: Path, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,1200", page.as_uri())
    image = Image.open(shot).convert("RGB")
    assert image.size == (1000, 1200)
    # The calendar: where the "everything done" squares are.
    found = [
        (x, y)
        for y in range(0, image.height, 2)
        for x in range(0, image.width, 2)
        if all(abs(a - b) <= 12 for a, b in zip(image.getpixel((x, y)), DONE_COLOUR, strict=True))
    ]
    assert len(found) > 50, "no calendar squares in the screenshot"
    xs, ys = [x for x, _ in found], [y for _, y in found]
    box = (min(xs), min(ys), max(xs) + 1, max(ys) + 1)
    assert box[2] - box[0] > 100 and box[3] - box[1] > 80, box  # weeks across, days down
    region = image.crop(box).convert("L")
    assert ImageStat.Stat(region).stddev[0] > 20, "the calendar region is flat"
    assert len(image.crop(box).getcolors(1 << 16) or []) > 5


def test_the_appointment_page_prints_on_one_page(page: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    a4 = tmp_path / "a4.html"
    a4.write_text(page.read_text().replace("@page {", "@page { size: A4;", 1))
    for source, name in ((page, "letter"), (a4, "a4")):
        pdf = tmp_path / f"{name}.pdf"
        chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", source.as_uri())
        reader = PdfReader(io.BytesIO(pdf.read_bytes()))
        assert len(reader.pages) == 1, f"{name}: {len(reader.pages)} pages"
        text = " ".join(reader.pages[0].extract_text().split())
        assert "For my appointment" in text, name
        assert "talk to my prescriber" in text
        assert "Made with careplan on 25 Nov 2026" in text, name  # the page's last line
        assert "How each step has grown" not in text  # the screen-only parts stay off paper


def test_the_dom_holds_one_square_per_day(page: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout.decode()
    assert dom.count('<rect class="day ') == expected_squares()
    assert dom.count("data-day=") == expected_squares()
    assert "How much you could feel" in dom and "<script" not in dom
