"""The member's own journey on the demo as `make run` loads it: `dangvien`, a member of `bithu`'s
chi bộ with a login and no role, lands on their own page and saves this year's self-assessment."""

import importlib
import time
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import Page, expect

from branches.models import Member
from meetings.models import DuesRate, ScoreSheet
from ratings.models import MemberRating, RatingSheet, RecognitionScheme
from tests.e2e.conftest import PHONE, log_in

pytestmark = pytest.mark.e2e

MAX_CLICKS = 3  # issue 9 §6: from the home page to a saved self-assessment
SHIPPED = [  # rows the data migrations make and the live server's flush drops
    (ScoreSheet, "meetings.migrations.0002_default_score_sheets"),
    (DuesRate, "meetings.migrations.0008_default_dues_rules"),
    (RecognitionScheme, "ratings.migrations.0003_default_recognition_schemes"),
    (RatingSheet, "ratings.migrations.0007_default_rating_sheets"),
]


@pytest.fixture
def demo(transactional_db):
    for model, migration in SHIPPED:
        if not model.objects.exists():
            importlib.import_module(migration).create(apps, None)
    started = time.monotonic()
    call_command("seed_demo", stdout=StringIO())
    seconds = time.monotonic() - started
    assert seconds < 30, f"seed_demo took {seconds:.1f} s"  # about 2 s on SQLite, measured
    return Member.objects.select_related("account").get(account__username="dangvien")


def test_member_reaches_and_saves_their_self_assessment_from_home(page: Page, demo):
    member = demo
    rating = MemberRating.objects.current().get(member=member, period__year=2026)
    before = (rating.status, rating.version, rating.transitions.count())
    page.set_viewport_size(PHONE)
    log_in(page, member.account)
    clicks = 0

    page.goto("/")

    expect(page).to_have_url("/xep-loai/cua-toi/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đồng chí {member.full_name}")
    expect(page.locator(".my-year")).to_contain_text("Hạn hoàn thành đánh giá, xếp loại: 31/12/2026")
    expect(page.locator(".my-meetings li").first).to_contain_text("Sinh hoạt thường kỳ tháng 10/2026")
    # The menu offers only what a member can use.
    expect(page.locator(".app-navbar .nav-link")).to_have_text(["Trang của tôi", "Đổi mật khẩu"])

    page.get_by_role("link", name="Xem, sửa bản tự đánh giá").click()
    clicks += 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Tự đánh giá năm 2026")
    page.get_by_role("button", name="Lưu tự đánh giá").click()
    clicks += 1

    expect(page.locator(".alert-success")).to_have_text(f"Đã lưu bản tự đánh giá của {member.full_name}.")
    expect(page).to_have_url("/xep-loai/cua-toi/")
    assert clicks <= MAX_CLICKS  # 2 today
    rating.refresh_from_db()
    assert before == ("self_assessed", before[1], 1)
    assert (rating.status, rating.version, rating.transitions.count()) == ("self_assessed", before[1] + 1, 2)
    assert rating.transitions.last().by == member.account
