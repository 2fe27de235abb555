"""WCAG 2.2 AA at phone width (390×844) on the demo as `make run` loads it: every role's main pages
have no serious or critical axe-core violation, fit the screen's width (nothing scrolls sideways),
and have 44 px touch targets with 16 px text (the meeting record form: its links and labels too).

seed_demo takes about ten seconds, so one test loads it once and walks every role through it.
"""

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from branches.models import Member, Organisation, RoleAssignment
from meetings.models import Meeting
from ratings.models import MemberRating
from tests.e2e.conftest import PHONE, log_in, restore_migration_defaults
from tests.e2e.test_meetings import last_month

pytestmark = [pytest.mark.e2e, pytest.mark.browser_context_args(viewport=PHONE, reduced_motion="reduce")]

YEAR = 2026  # the demo's open rating year
REPORT = Path(__file__).resolve().parents[2] / "test-results" / "axe-violations.txt"


def org_of(username: str) -> Organisation:
    return RoleAssignment.objects.select_related("organisation").get(user__username=username).organisation


def main_pages() -> dict[str, list[str]]:
    """The pages each demo login uses most, on the demo's own rows."""
    branch, commune, province = org_of("bithu"), org_of("xetduyet"), org_of("bantochuc")
    meeting = (
        Meeting.objects.filter(organisation=branch)
        .exclude(status=Meeting.Status.PLANNED)
        .latest("started_at")
    )
    own = MemberRating.objects.filter(member__account__username="dangvien").latest("period__year")
    member = Member.objects.filter(organisation=branch).first()
    due = date(*last_month(date.today()), 1)  # the month whose dues the secretary collects
    return {
        "bithu": [
            "/",
            "/dang-vien/",
            f"/dang-vien/{member.pk}/",
            f"/to-chuc/{branch.pk}/",
            f"/to-chuc/{branch.pk}/tong-quan/",
            f"/chi-bo/{branch.pk}/sinh-hoat/",
            f"/chi-bo/{branch.pk}/sinh-hoat/ghi/",
            f"/sinh-hoat/{meeting.pk}/",
            f"/to-chuc/{branch.pk}/xep-loai/{YEAR}/",
            "/xep-loai/cua-toi/",
            f"/chi-bo/{branch.pk}/dang-phi/",
            f"/chi-bo/{branch.pk}/dang-phi/{due.year}/{due.month}/thu/",
            f"/chi-bo/{branch.pk}/dang-phi/{YEAR}/10/",
            f"/dang-phi/dang-vien/{member.pk}/",
            "/tai-khoan/",
        ],
        "xetduyet": [
            "/",
            "/to-chuc/",
            f"/to-chuc/{commune.pk}/",
            f"/to-chuc/{commune.pk}/tong-quan/",
            f"/to-chuc/{commune.pk}/lich-sinh-hoat/",
            f"/to-chuc/{commune.pk}/theo-doi/",
            f"/to-chuc/{commune.pk}/xep-loai/{YEAR}/cho-quyet-dinh/",
            f"/to-chuc/{commune.pk}/xep-loai/{YEAR}/phan-bo/",
            f"/to-chuc/{branch.pk}/xep-loai/{YEAR}/",
            f"/to-chuc/{commune.pk}/bao-cao/",
            f"/to-chuc/{commune.pk}/dang-phi/",
        ],
        "bantochuc": [
            "/",
            f"/to-chuc/{province.pk}/tong-quan/",
            f"/to-chuc/{province.pk}/lich-sinh-hoat/",
            f"/to-chuc/{province.pk}/theo-doi/",
            f"/to-chuc/{province.pk}/xep-loai/{YEAR}/phan-bo/",
            f"/to-chuc/{province.pk}/bao-cao/",
            f"/to-chuc/{province.pk}/dang-phi/",
        ],
        "quantri": [
            "/",
            "/phan-quyen/",
            "/xep-loai/",
            "/cong-nhan/",
            "/mat-khau/",
            "/phan-quyen/khoa-dang-nhap/",
            "/dang-phi/tham-so/",
            f"/phan-quyen/tai-khoan/{RoleAssignment.objects.get(user__username='bithu.khac').user_id}/",
        ],
        "bithu.khac": ["/", f"/to-chuc/{branch.pk}/"],  # the second is the 404 page
        "dangvien": ["/", "/xep-loai/cua-toi/", f"/xep-loai/{own.pk}/", f"/xep-loai/{own.pk}/tu-danh-gia/"],
    }


# What a thumb taps: buttons, fields, disclosures, pager links (a link inside a sentence is exempt).
CONTROLS = """a.btn, button, select, textarea, summary, label.btn, .page-link,
    input:not([type=hidden]):not([type=checkbox]):not([type=radio])"""
# Every control under `scope`, every folded section unfolded: what is under 44 px or 16 px.
SMALL_CONTROLS = """([scope, selector]) => {
    const root = document.querySelector(scope);
    root.querySelectorAll("details").forEach(d => { d.open = true; });
    return [...root.querySelectorAll(selector)].filter(e => e.getClientRects().length).map(e => {
        const box = e.getBoundingClientRect(), font = parseFloat(getComputedStyle(e).fontSize);
        return box.height < 44 || box.width < 44 || font < 16
            ? `<${e.tagName.toLowerCase()} ${e.id || e.getAttribute("for") || e.name || e.textContent.trim().slice(0, 30)}>`
              + ` ${Math.round(box.width)}×${Math.round(box.height)} px, text ${font} px` : null;
    }).filter(Boolean);
}"""
# The record form's links and check labels are tapped too: it is filled in on a phone at the meeting.
RECORD_FORM = ["form.record-form", f"{CONTROLS}, a, .form-check-label"]


def test_every_roles_main_pages_pass_axe_at_phone_width(
    page: Page, live_server, axe, browser_errors, transactional_db
):
    restore_migration_defaults()  # an earlier transactional test's flush removed them
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    browser_errors.allow("404 (Not Found)")
    found, small, wide, body_text = [], [], [], set()

    def check(where: str) -> None:
        nonlocal found, wide
        found += [f"{where}: {violation}" for violation in axe(page)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append(f"{where}: {width} px")

    page.goto("/dang-nhap/")
    check("login")
    page.goto("/quen-mat-khau/")
    check("forgotten password")
    for username, paths in main_pages().items():
        page.context.clear_cookies()
        log_in(page, SimpleNamespace(username=username))
        for path in paths:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            check(f"{username} {path}")
            body_text.add(page.evaluate("getComputedStyle(document.body).fontSize"))
            small += [
                f"{username} {path}: {control}"
                for control in page.evaluate(SMALL_CONTROLS, ["main", CONTROLS])
            ]
            if path.endswith("/sinh-hoat/ghi/"):
                page.locator(".att-row label.btn").nth(1).click()  # an excused absence shows its reason box
                small += page.evaluate(SMALL_CONTROLS, RECORD_FORM)
                found += [f"{username} {path} unfolded: {violation}" for violation in axe(page)]
            if path.endswith("/thu/"):  # the dues at the meeting: a box unticked shows its reason box
                page.locator(".dues-paid input").first.click()
                small += page.evaluate(SMALL_CONTROLS, RECORD_FORM)
                found += [f"{username} {path} unticked: {violation}" for violation in axe(page)]
        # The menu, opened: its links are hidden behind the toggler at this width.
        page.get_by_role("button", name="Mở menu").click()
        expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))
        found += [f"{username} menu: {violation}" for violation in axe(page)]

    # The whole list, also when it is long: pytest shortens the assertion's.
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("".join(f"{line}\n" for line in found + small + wide))
    assert (found, small, wide, body_text) == ([], [], [], {"16px"})
