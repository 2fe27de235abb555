"""The year's member ratings of a chi bộ on a phone: the secretary proposes the list, and the commune's
reviewer, stopped once by the HTXSNV quota, decides it.

Twelve members rated HTTNV or better allow floor(0.2 × 12 / 1.2) = 2 HTXSNV. The browser says en-US:
the decision date must still be read day first.
"""

import importlib
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from meetings import services as meeting_services
from meetings.models import ScoreSheet
from meetings.services import Record
from ratings import services
from ratings.models import MemberRating, Status
from ratings.rules.common import Tasks
from tests.e2e.conftest import PHONE, log_in
from tests.factories import MemberFactory, root

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser_context_args(viewport=PHONE, locale="en-US", reduced_motion="reduce"),
]

DESKTOP = {"width": 1280, "height": 900}
YEAR = 2025
GOOD_YEAR = Tasks(assigned=10, on_time=10, exceeded=4)
MAX_INTERACTIONS = 9  # from the dashboard to a proposal sent, three levels changed on the way
MAX_REVIEWER_INTERACTIONS = 10  # from the dashboard to a list decided, one refusal and two levels lowered

# Chi bộ ấp Chợ Dưới (Trà Cú, Trà Vinh): name, self-assessed score, the member's own level.
# At 92 with 10/10 tasks on time (4 beyond) the rules allow HTXSNV; at 80 only HTTNV.
ROSTER = [
    ("Thạch Sô Phol", 92, "HTXSNV"),
    ("Kim Thị Sa Vy", 92, "HTXSNV"),
    ("Trần Thị Mai", 92, "HTXSNV"),
    ("Nguyễn Văn Hùng", 92, "HTXSNV"),
    ("Lê Văn Tâm", 92, "HTXSNV"),
    ("Sơn Thị Sô Phi", 92, "HTTNV"),
    ("Phạm Thị Hồng", 92, "HTTNV"),
    ("Huỳnh Văn Phước", 92, "HTTNV"),
    ("Võ Thị Thanh Thảo", 80, "HTTNV"),
    ("Bùi Thị Ngọc Hân", 80, "HTTNV"),
    ("Đặng Văn Lợi", 80, "HTTNV"),
    ("Dương Văn Sang", 80, "HTTNV"),
]
KHMER = {"Thạch Sô Phol", "Kim Thị Sa Vy", "Sơn Thị Sô Phi"}
ABSENT = "Đặng Văn Lợi"  # missed September's meeting and did not do his task
# The chi bộ's proposal: four HTXSNV, twice what the quota will allow.
PROPOSED_EXCELLENT = ["Thạch Sô Phol", "Kim Thị Sa Vy", "Trần Thị Mai", "Sơn Thị Sô Phi"]
# The secretary's changes to what the page offers: two self-rated HTXSNV lowered, one raised.
SECRETARY_CHANGES = {"Nguyễn Văn Hùng": "HTTNV", "Lê Văn Tâm": "HTTNV", "Sơn Thị Sô Phi": "HTXSNV"}
# The reviewer keeps the first two.
DECIDED_EXCELLENT = PROPOSED_EXCELLENT[:2]
DECISION_NUMBER = "25-QĐ/ĐU"


def screenshot(page: Page, name: str) -> None:
    """For a human to look at: E2E_SCREENSHOTS=/tmp/shots writes the page at phone width (the whole
    page, and the screen as the user sees it with the sticky bar) and at desktop width."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=Path(folder) / f"{name}-phone.png", full_page=True)
    page.screenshot(path=Path(folder) / f"{name}-phone-screen.png")
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=Path(folder) / f"{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


class Interactions:
    """Clicks, selections and fields filled, counted."""

    def __init__(self):
        self.steps: list[str] = []

    def click(self, target: Locator) -> None:
        target.click()
        self.steps.append(f"click {selector(target)}")

    def fill(self, target: Locator, value: str) -> None:
        target.fill(value)
        self.steps.append(f"fill {selector(target)}")

    def select(self, target: Locator, value: str) -> None:
        target.select_option(value)
        self.steps.append(f"select {selector(target)}")


def at(day: date, hour: int = 19) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def selector(target: Locator) -> str:
    return repr(target).partition("selector=")[2].rstrip(">")


def level_select(page: Page, name: str) -> Locator:
    return page.get_by_label(f"Mức xếp loại của {name} (1980)", exact=True)  # the factory's birth year


def member_row(page: Page, name: str) -> Locator:
    return page.locator(".rating-table tbody tr").filter(
        has=page.get_by_role("link", name=f"{name} (1980)", exact=True)
    )


def open_from_navbar(page: Page, steps: Interactions) -> None:
    """At phone width the navbar is folded behind its toggler."""
    steps.click(page.get_by_role("button", name="Mở menu"))
    steps.click(page.locator(".app-navbar").get_by_role("link", name="Xếp loại", exact=True))


@pytest.fixture
def score_sheets(transactional_db):
    """The national default meeting score sheets (see test_meetings: the live server's flush drops them)."""
    if not ScoreSheet.objects.exists():
        importlib.import_module("meetings.migrations.0002_default_score_sheets").create(apps, None)


@pytest.fixture
def chi_bo(tree, score_sheets):
    """Twelve members of chi bộ A with two finalised meetings in the year, then the year opened and
    every member's self-assessment entered. Returns {name: rating}."""
    members = {
        name: MemberFactory(
            organisation=tree.a,
            full_name=name,
            gender="F" if " Thị " in name else "M",
            ethnicity="Khmer" if name in KHMER else "Kinh",
        )
        for name, _, _ in ROSTER
    }
    chair, recorder = members["Nguyễn Văn Hùng"].pk, members["Trần Thị Mai"].pk
    for month, absent, tasks in (
        (
            9,
            {members[ABSENT].pk: ("unexcused", "")},
            [
                {
                    "member_id": members["Thạch Sô Phol"].pk,
                    "description": "Vận động bà con phum sóc nạo vét kênh",
                    "status": "done",
                },
                {"member_id": members[ABSENT].pk, "description": "Thu đảng phí tổ 3", "status": "not_done"},
            ],
        ),
        (10, {}, []),
    ):
        day = date(YEAR, month, 3)
        meeting = meeting_services.save_meeting(
            organisation=tree.a,
            record=Record(
                kind="regular",
                started_at=at(day),
                ended_at=at(day, 21),
                chair_id=chair,
                recorder_id=recorder,
                conclusion="Chi bộ thống nhất.",
                attendance=absent,
                tasks=tasks,
            ),
            by=root(),
        )
        sheet = meeting_services.sheet_for(tree.a, YEAR, "regular")
        meeting_services.finalise_meeting(
            meeting=meeting,
            version=meeting.version,
            manual_scores={c.pk: c.max_points for c in sheet.criteria.all() if not c.auto},
            by=root(),
        )
    period = services.open_period(province=tree.province, year=YEAR, by=root())
    ratings = {}
    for name, score, level in ROSTER:
        rating = MemberRating.objects.get(period=period, member=members[name])
        ratings[name] = services.self_assess(
            rating=rating,
            version=rating.version,
            score=score,
            tasks=GOOD_YEAR,
            shortcomings_pointed=0,
            shortcomings_remedied=0,
            self_level=level,
            by=root(),
        )
    return ratings


def current(ratings: dict[str, MemberRating]) -> dict[str, tuple]:
    by_pk = {r.pk: name for name, r in ratings.items()}
    return {
        by_pk[r.pk]: (r.status, r.proposed_level, r.level) for r in MemberRating.objects.filter(pk__in=by_pk)
    }


def test_secretary_proposes_the_years_ratings_on_a_phone(page: Page, people, tree, chi_bo):
    log_in(page, people.secretary_a)
    steps = Interactions()

    open_from_navbar(page, steps)
    steps.click(page.get_by_role("link", name=tree.a.name, exact=True))

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đánh giá, xếp loại năm {YEAR}")
    expect(page.get_by_role("heading", name="Đảng viên (12)")).to_be_visible()
    rows = page.locator(".rating-table tbody tr")
    expect(rows).to_have_count(12)
    # The evidence from the minutes, beside what each member says of themselves.
    expect(member_row(page, ABSENT).locator(".evidence")).to_have_text(
        "Dự họp 50% (1 lần vắng) · Nhiệm vụ: 0 xong, 1 không hoàn thành"
    )
    expect(member_row(page, "Thạch Sô Phol").locator(".evidence")).to_have_text(
        "Dự họp 100% (0 lần vắng) · Nhiệm vụ: 1 xong"
    )
    expect(member_row(page, "Kim Thị Sa Vy").locator(".evidence")).to_have_text(
        "Dự họp 100% (0 lần vắng) · Nhiệm vụ: 0 xong"
    )
    for name, score, self_level in ROSTER:
        row = member_row(page, name)
        allowed = "HTXSNV" if score == 92 else "HTTNV"
        expect(row.locator(".allowed").filter(visible=True)).to_have_text(allowed)
        expect(row).to_contain_text(f"{score} đ {self_level}")
        # Offered: the member's own level, never above what the rules allow.
        offered = self_level if score == 92 else "HTTNV"
        expect(level_select(page, name)).to_have_value(offered)
    screenshot(page, "ratings-secretary")

    for name, level in SECRETARY_CHANGES.items():
        steps.select(level_select(page, name), level)
    steps.fill(page.get_by_label("Số phiếu tán thành"), "11")
    steps.fill(page.get_by_label("Tổng số đảng viên biểu quyết"), "12")
    sheet_width = page_width(page)
    steps.click(page.get_by_role("button", name="Gửi đề xuất của chi bộ"))

    expect(page.locator(".alert-success")).to_have_text(
        "Chi bộ đã đề xuất xếp loại 12 đảng viên; chờ cấp trên quyết định."
    )
    expect(page.locator(".rating-table select")).to_have_count(0)  # sent: nothing left to choose here
    expect(member_row(page, "Sơn Thị Sô Phi")).to_contain_text("đề xuất HTXSNV")
    expect(member_row(page, "Nguyễn Văn Hùng")).to_contain_text("đề xuất HTTNV")
    screenshot(page, "ratings-proposed")
    assert len(steps.steps) <= MAX_INTERACTIONS, steps.steps  # 9 today
    assert sheet_width <= PHONE["width"], sheet_width

    rows_now = current(chi_bo)
    expected = {
        name: (Status.PROPOSED, "HTXSNV" if name in PROPOSED_EXCELLENT else "HTTNV", "")
        for name, _, _ in ROSTER
    }
    assert rows_now == expected
    for name, rating in chi_bo.items():
        proposal = rating.transitions.get(to_status=Status.PROPOSED)
        assert (proposal.by, proposal.level) == (people.secretary_a, expected[name][1])
        rating.refresh_from_db()
        assert (rating.votes_for, rating.votes_total) == (11, 12)


@pytest.fixture
def proposed_list(chi_bo, people):
    """What the secretary sent in the test above, through the service."""
    ratings = list(chi_bo.values())
    levels = {r.pk: "HTXSNV" if name in PROPOSED_EXCELLENT else "HTTNV" for name, r in chi_bo.items()}
    services.propose(
        ratings=ratings,
        levels=levels,
        versions={r.pk: r.version for r in ratings},
        votes_for=11,
        votes_total=12,
        by=people.secretary_a,
    )
    return chi_bo


def test_reviewer_is_held_to_the_quota_then_decides_the_list(page: Page, people, tree, proposed_list):
    log_in(page, people.reviewer_x)
    steps = Interactions()
    open_from_navbar(page, steps)
    steps.click(page.get_by_role("link", name="Chờ quyết định", exact=True))
    waiting = page.locator(".card", has_text="Danh sách đảng viên chi bộ đã đề xuất")
    expect(waiting.locator("li")).to_have_count(1)
    expect(waiting.locator("li")).to_contain_text([tree.a.name])
    expect(waiting.locator("li .badge")).to_have_text("12")
    screenshot(page, "ratings-queue")
    steps.click(waiting.get_by_role("link", name=tree.a.name))

    expect(page.locator(".rating-table select")).to_have_count(12)
    for name, _, _ in ROSTER:
        expect(level_select(page, name)).to_have_value("HTXSNV" if name in PROPOSED_EXCELLENT else "HTTNV")
    expect(page.locator("#members-title + div")).to_contain_text("HTXSNV 4/2 được phép")
    steps.fill(page.get_by_label("Số quyết định"), DECISION_NUMBER)
    steps.fill(page.get_by_label("Ngày quyết định"), "20/12/2025")
    before = current(proposed_list)
    screenshot(page, "ratings-deciding")
    steps.click(page.get_by_role("button", name="Quyết định danh sách"))

    expect(page.locator(".alert-danger")).to_contain_text(
        "Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ: 4 đồng chí trong khi nhóm có 12 đồng chí hoàn thành tốt trở lên "
        "chỉ được tối đa 2"
    )
    expect(page.get_by_label("Số quyết định")).to_have_value(DECISION_NUMBER)
    expect(page.get_by_label("Ngày quyết định")).to_have_value("20/12/2025")
    expect(level_select(page, "Sơn Thị Sô Phi")).to_have_value("HTXSNV")
    screenshot(page, "ratings-refused")
    assert current(proposed_list) == before
    assert {status for status, _, _ in before.values()} == {Status.PROPOSED}

    for name in PROPOSED_EXCELLENT[2:]:
        steps.select(level_select(page, name), "HTTNV")
    steps.click(page.get_by_role("button", name="Quyết định danh sách"))

    expect(page.locator(".alert-success")).to_have_text(
        f"Đã quyết định xếp loại 12 đảng viên ({DECISION_NUMBER})."
    )
    expect(page.locator("#members-title + div")).to_contain_text("HTXSNV 2 HTTNV 10")
    screenshot(page, "ratings-decided")
    assert len(steps.steps) <= MAX_REVIEWER_INTERACTIONS, steps.steps  # 10 today
    assert page_width(page) <= PHONE["width"], page_width(page)

    decided = MemberRating.objects.filter(pk__in=[r.pk for r in proposed_list.values()])
    assert {name: (s, lv) for name, (s, _, lv) in current(proposed_list).items()} == {
        name: (Status.DECIDED, "HTXSNV" if name in DECIDED_EXCELLENT else "HTTNV") for name, _, _ in ROSTER
    }
    assert set(decided.values_list("decision_number", "decided_on")) == {
        (DECISION_NUMBER, date(YEAR, 12, 20))
    }
    assert all(r.transitions.get(to_status=Status.DECIDED).by == people.reviewer_x for r in decided)
