"""Drive the learner pages in Debian's headless Chromium with Playwright (never `playwright install`).

Also a script: ``.venv/bin/python tests/sitebrowser.py`` builds the site from the
project's records and saves the README's screenshot of a question page.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1100, "height": 900}
PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parent.parent
README_SCREENSHOT = ROOT / "docs" / "screenshots" / "question-page.png"


def browser_missing() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install -y chromium`"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing: `.venv/bin/pip install -e '.[dev]'`"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser from Debian's package."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def answer_question_page(page: Any, letters: list[str]) -> None:
    """Choose ``letters`` on an open question page, check the answer and wait for the reveal."""
    for letter in letters:
        page.check(f"#option-{letter}")
    page.click("button[type=submit]")
    page.wait_for_selector("#reveal", state="visible")


def question_file(site: Path, question_id: str) -> Path:
    """The page of a question in a built site: its neutral name, from its domain and id."""
    sys.path.insert(0, str(ROOT))
    from verifiers.site.model import page_slug

    domain = next(ROOT.glob(f"bank/*/{question_id}.yaml")).parent.name
    return site / "q" / f"{page_slug(domain, question_id)}.html"


def screenshot_question(browser: Any, site: Path, question_id: str, path: Path, letters: list[str],
                        viewport: dict[str, int] = DESKTOP, full_page: bool = False, scroll_to: str = "") -> None:
    """Open a question, answer it with ``letters`` and save a screenshot of the page (from ``scroll_to``)."""
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(question_file(site, question_id).as_uri())
        answer_question_page(page, letters)
        if scroll_to:
            page.evaluate(f"document.querySelector({scroll_to!r}).scrollIntoView()")
        else:
            page.evaluate("window.scrollTo(0, 0)")
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=full_page)
    finally:
        context.close()


def main() -> int:
    """Build the site from the project's records and save the README's question-page screenshot."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    from verifiers.site.build import build_project_site

    missing = browser_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    question_id = os.environ.get("PROOFBANK_SCREENSHOT_QUESTION", "flushed-rows-invisible-to-others")
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        result = build_project_site(ROOT, site, ROOT / ".proofbank" / "records", ROOT / ".proofbank" / "matrix.json")
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        with chromium() as browser:
            screenshot_question(browser, site, question_id, README_SCREENSHOT, ["B", "C"],
                                viewport={"width": 1000, "height": 1500}, scroll_to="#L19")
    print(f"wrote {README_SCREENSHOT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
