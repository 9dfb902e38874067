"""Regenerate docs/report.png: the report of the sample corpus in Debian's Chromium.

    egov-kg build corpus/ -o output/ && egov-kg report output/ --corpus corpus/ -o output/report.html
    python docs/screenshot.py output/report.html docs/report.png
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(page_file: Path, target: Path, *, section: int = 2) -> None:
    """Shoot the ``section``-th press release, with its first grant (or fact) hovered."""
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            profile, executable_path=shutil.which("chromium"), headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        page = browser.new_page()
        page.goto(page_file.resolve().as_uri())
        release = page.locator("section[data-document]").nth(section)
        release.scroll_into_view_if_needed()
        page.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8)",
                      release.element_handle())
        facts = release.locator(".fact.kind-funding")
        (facts if facts.count() else release.locator(".fact")).first.hover()
        page.wait_for_timeout(600)  # the smooth scroll to the outlined text
        page.screenshot(path=str(target))
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
