"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Every test here uses `live_server`, so pytest-django makes it transactional (the data is committed
and the database is flushed afterwards). Keep these tests few.
"""

import importlib
import os
import time
import warnings
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, expect

from branches.models import BRANCH_KINDS, Member, Organisation, Position, RoleAssignment
from meetings import services as meeting_services
from meetings.models import Meeting
from meetings.services import RosterEntry
from ratings.models import RatingPeriod

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


# The demo as `make run` loads it ---------------------------------------------------------------

# Rows the migrations write and every live-server test's flush removes (see `demo` below).
MIGRATION_DEFAULTS = [
    ("meetings", "ScoreSheet", "meetings.migrations.0002_default_score_sheets"),
    ("meetings", "DuesRate", "meetings.migrations.0008_default_dues_rules"),  # with the split and the window
    ("ratings", "RecognitionScheme", "ratings.migrations.0003_default_recognition_schemes"),
    ("ratings", "RatingSheet", "ratings.migrations.0007_default_rating_sheets"),
]


def restore_migration_defaults() -> None:
    """The national default sheets and schemes, as the data migrations write them. The live
    server's tests flush the database after each test, data migrations' rows included."""
    for app, model, migration in MIGRATION_DEFAULTS:
        if not apps.get_model(app, model).objects.exists():
            importlib.import_module(migration).create(apps, None)


@dataclass
class Demo:
    """Handles on the commune demo (ratings/management/commands/seed_demo.py), found from the data
    as a user would meet it. Its dates are fixed (branches.demo.TODAY), the app's are today's."""

    province: Organisation
    commune: Organisation  # xetduyet's: the đảng bộ xã the reviewer decides for
    branch: Organisation  # bithu's chi bộ
    outsider_branch: Organisation  # bithu.khac's, in the other commune
    users: SimpleNamespace  # quantri, bantochuc, xetduyet, bithu, bithu_khac, dangvien
    member: Member  # dangvien's own record, a member of `branch` without a post
    secretary: Member  # the bí thư of `branch`
    open_year: int  # the rating year still open
    seed_seconds: float

    def branches(self, under: Organisation | None = None) -> list[Organisation]:
        """The active chi bộ under `under` (the reviewer's commune by default), in name order."""
        under = under or self.commune
        return list(
            Organisation.objects.active()
            .filter(path__startswith=under.path, kind__in=BRANCH_KINDS)
            .order_by("name", "pk")
        )

    @staticmethod
    def head(org: Organisation) -> Member | None:
        """The bí thư of a chi bộ now."""
        return Member.objects.filter(
            positions__organisation=org,
            positions__title=Position.Title.SECRETARY,
            positions__ends_on__isnull=True,
        ).first()

    def roster(self, org: Organisation | None = None) -> list[RosterEntry]:
        """Who is expected at a meeting of `org` (the secretary's chi bộ by default), in the record
        form's order; `entry.counted` is false for the exempt, suspended and away."""
        return meeting_services.roster(org or self.branch)

    def members(self, org: Organisation | None = None) -> list[Member]:
        """The current members of `org` (the secretary's chi bộ by default), in name order."""
        return list(Member.objects.current().filter(organisation=org or self.branch).in_name_order())

    def monthly_meeting(self, year: int, month: int, org: Organisation | None = None) -> Meeting | None:
        """The chi bộ's regular (or combined) meeting of that month, as the home page finds it."""
        return (
            Meeting.objects.monthly().filter(organisation=org or self.branch, year=year, month=month).first()
        )


@pytest.fixture
def demo(transactional_db) -> Demo:
    """The commune demo, seeded into the live server's database by the real `seed_demo` command.

    About 2 s a test on SQLite and PostgreSQL alike, less than restoring a serialized copy would
    cost; the flush after the test removes it."""
    restore_migration_defaults()
    started = time.monotonic()
    call_command("seed_demo", stdout=StringIO())
    seconds = time.monotonic() - started
    roles = {
        r.user.username: r
        for r in RoleAssignment.objects.select_related("user", "organisation").filter(
            user__username__in=["quantri", "bantochuc", "xetduyet", "bithu", "bithu.khac"]
        )
    }
    member = Member.objects.select_related("account", "organisation").get(account__username="dangvien")
    branch = roles["bithu"].organisation
    return Demo(
        province=roles["bantochuc"].organisation,
        commune=roles["xetduyet"].organisation,
        branch=branch,
        outsider_branch=roles["bithu.khac"].organisation,
        users=SimpleNamespace(
            **{name.replace(".", "_"): r.user for name, r in roles.items()}, dangvien=member.account
        ),
        member=member,
        secretary=Demo.head(branch),
        open_year=RatingPeriod.objects.filter(province=roles["bantochuc"].organisation).latest("year").year,
        seed_seconds=seconds,
    )


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
