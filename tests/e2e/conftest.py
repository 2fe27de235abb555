"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Every test here uses `live_server`, so pytest-django makes it transactional (the data is committed
and the database is flushed afterwards). Keep these tests few.
"""

import os
import warnings
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_MAJOR = 156  # Debian 12's chromium; Playwright 1.64 bundles 156 too
PASSWORD = "demo12345"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make sysdeps-test).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _check_chromium_version(browser):
    major = int(browser.version.split(".")[0])
    if major != CHROMIUM_MAJOR:
        warnings.warn(
            f"chromium {browser.version} is not major {CHROMIUM_MAJOR}, the one Playwright 1.64 was built for",
            stacklevel=1,
        )


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright resolves relative page.goto() URLs against this."""
    return live_server.url


class BrowserErrors:
    """Console errors, uncaught exceptions and CSP violations seen by any page of the test."""

    def __init__(self):
        self.messages: list[str] = []
        self.allowed: list[str] = []

    def allow(self, text: str) -> None:
        """Ignore errors containing `text` (an expected 404, say)."""
        self.allowed.append(text)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.messages.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error: Error) -> None:
        self.messages.append(f"uncaught: {error.message}")

    def unexpected(self) -> list[str]:
        return [m for m in self.messages if not any(text in m for text in self.allowed)]


@pytest.fixture(autouse=True)
def browser_errors(context: BrowserContext):
    """Fails the test when a page logs an error; Chromium logs every CSP violation as one."""
    errors = BrowserErrors()
    context.on("console", errors.on_console)
    context.on("weberror", lambda web_error: errors.on_page_error(web_error.error))
    yield errors
    assert errors.unexpected() == []


def log_in(page: Page, user) -> None:
    """Sign in through the login form as one of the `people` personas."""
    page.goto("/dang-nhap/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # Attached rather than visible: at phone width the navbar is folded away.
    expect(page.get_by_role("button", name="Đăng xuất", include_hidden=True)).to_be_attached()


AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 level A and AA; best-practice rules are not part of the bar.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def axe():
    """axe-core (installed from the npm registry by `make test`, never a CDN) run on a page.

    The script goes in through page.evaluate, which the strict CSP does not govern: an added
    <script> tag, inline or from a file, would be refused like any inline script. Returns the
    serious and critical violations, one line per element: rule, impact, element, what axe says."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` (make test does).")
    source = AXE_SCRIPT.read_text()

    def check(page: Page) -> list[str]:
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(source)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
        return [
            f"{v['id']} ({v['impact']}) {' '.join(node['target'])}: "
            f"{(node['any'] or node['all'] or node['none'] or [{'message': v['help']}])[0]['message']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
            for node in v["nodes"]
        ]

    return check
