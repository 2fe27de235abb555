"""The picture in the README: a search typed without diacritics.

Run with UPDATE_SCREENSHOTS=1 to rewrite docs/screenshot.png; otherwise it goes to a temporary file.
"""

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in
from tests.factories import MemberFactory

pytestmark = pytest.mark.e2e

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"


@pytest.fixture
def commune_members(tree, member_a):
    """A handful of members across commune X, and one in commune Y that the reviewer cannot see."""
    MemberFactory(
        organisation=tree.a, full_name="Nguyễn Thị Thu Hằng", gender="F", birth_date=date(1985, 3, 8)
    )
    MemberFactory(organisation=tree.a, full_name="Thạch Thị Sa Rết", gender="F", ethnicity="Khmer")
    MemberFactory(
        organisation=tree.a2,
        full_name="Nguyễn Hoàng Phúc",
        birth_date=date(1998, 9, 2),
        admission_decision_date=date(2026, 2, 20),
        ceremony_date=date(2026, 3, 3),
        official_date=None,
    )
    MemberFactory(organisation=tree.a2, full_name="Lê Thị Ngọc Ánh", gender="F")
    MemberFactory(organisation=tree.g1, full_name="Nguyễn Đức Thắng", birth_date=date(1976, 11, 20))
    MemberFactory(
        organisation=tree.g1, full_name="Nguyễn Thị Kiều Oanh", gender="F", birth_date=date(1990, 6, 14)
    )
    MemberFactory(organisation=tree.g1, full_name="Nguyễn Minh Trí", birth_date=date(1982, 1, 25))
    MemberFactory(organisation=tree.a, full_name="Nguyễn Văn Út", birth_date=date(1958, 4, 30))
    MemberFactory(
        organisation=tree.a2, full_name="Nguyễn Thị Bích Ngọc", gender="F", birth_date=date(1986, 12, 1)
    )
    MemberFactory(organisation=tree.b, full_name="Nguyễn Văn Bảy")


def test_readme_screenshot(page: Page, people, commune_members, tmp_path):
    page.set_viewport_size({"width": 1200, "height": 800})
    log_in(page, people.reviewer_x)
    page.goto("/dang-vien/")

    page.get_by_label("Tìm theo tên").fill("nguyen")

    names = page.locator("#member-rows tbody tr td:first-child")
    expect(names).to_have_text(
        [
            "Nguyễn Văn An (1980)",
            "Nguyễn Thị Thu Hằng (1985)",
            "Nguyễn Thị Bích Ngọc (1986)",
            "Nguyễn Thị Kiều Oanh (1990)",
            "Nguyễn Hoàng Phúc (1998)",
            "Nguyễn Đức Thắng (1976)",
            "Nguyễn Minh Trí (1982)",
            "Nguyễn Văn Út (1958)",
        ]
    )
    page.screenshot(path=SCREENSHOT if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path / "screenshot.png")
