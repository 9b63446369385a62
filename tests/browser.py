"""Headless Chromium for the tests that look at pages as a person would.

Debian's `chromium` package (installed by `.ci/run`) driven by Playwright, which is given the
browser's path: Playwright's own browser download cannot work on a closed network. Chromium is
started with no sandbox (the tests run as root), no GPU, and no background networking, so that it
makes no connection but the ones a page under test asks for, all to loopback.

Tests take the `browser_page` fixture (in conftest.py): a fresh page in a fresh context. The
session is skipped only where Chromium or Playwright is missing, and says which.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

#: Where Debian's package puts the browser; the first found is used.
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

#: Flags for a browser that talks to nothing but the pages it is given.
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    for candidate in CANDIDATES:
        if shutil.which(candidate):
            return candidate
    return None


def missing() -> str | None:
    """Why no browser test can run here, or None when one can."""
    if chromium_path() is None:
        return "Chromium is not installed (Debian package chromium; .ci/run installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (the test extra installs it)"
    return None


@contextmanager
def chromium() -> Iterator[object]:
    """A running headless Chromium (a Playwright Browser), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
