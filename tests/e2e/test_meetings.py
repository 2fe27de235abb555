"""A secretary records and finalises last month's meeting on a phone, then downloads the minutes.

The browser says en-US on purpose: dates must still be read day first (an earlier bug saved
October as March for English-language browsers).
"""

import importlib
import os
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from branches import services as branch_services
from branches.documents import month_text
from branches.models import Position, RoleAssignment
from meetings import services
from meetings.models import Attendance, Meeting, ScoreSheet
from tests.e2e.conftest import PHONE, log_in
from tests.factories import MemberFactory, root, user_with_role

# Reduced motion turns off Bootstrap's smooth scrolling, which otherwise holds each click at the foot of
# the long form for about a second while the page settles.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser_context_args(viewport=PHONE, locale="en-US", reduced_motion="reduce"),
]

Status = Attendance.Status
MAX_INTERACTIONS = 10  # the budget, from the dashboard to a finalised record

# Chi bộ ấp Chợ Dưới, Trà Cú (Trà Vinh): Kinh and Khmer names, the women marked F.
ROSTER = [
    ("Nguyễn Văn Hùng", "M", "Kinh"),  # bí thư
    ("Trần Thị Mai", "F", "Kinh"),  # phó bí thư
    ("Lê Văn Tâm", "M", "Kinh"),
    ("Phạm Thị Hồng", "F", "Kinh"),
    ("Huỳnh Văn Phước", "M", "Kinh"),
    ("Võ Thị Thanh Thảo", "F", "Kinh"),
    ("Đặng Văn Lợi", "M", "Kinh"),
    ("Bùi Thị Ngọc Hân", "F", "Kinh"),
    ("Thạch Sô Phol", "M", "Khmer"),
    ("Kim Thị Sa Vy", "F", "Khmer"),
    ("Dương Văn Sang", "M", "Kinh"),
    ("Lâm Thị Bé Tư", "F", "Kinh"),
    ("Ngô Văn Khải", "M", "Kinh"),
    ("Trương Thị Kim Loan", "F", "Kinh"),
    ("Hồ Văn Đức", "M", "Kinh"),
    ("Châu Thị Mỹ Linh", "F", "Kinh"),
    ("Lý Văn Toàn", "M", "Kinh"),
    ("Đoàn Thị Yến", "F", "Kinh"),
    ("Phan Văn Nghĩa", "M", "Kinh"),
    ("Tô Thị Diễm", "F", "Kinh"),
    ("Mai Văn Hậu", "M", "Kinh"),
    ("Sơn Thị Sô Phi", "F", "Khmer"),
]
SECRETARY, DEPUTY = ROSTER[0][0], ROSTER[1][0]
EXCUSED, UNEXCUSED = "Võ Thị Thanh Thảo", "Đặng Văn Lợi"
REASON = "Đưa con đi khám bệnh ở thành phố"
EXEMPT = "Nguyễn Văn Sáu"
CONCLUSION = "Chi bộ thống nhất vận động bà con nạo vét kênh nội đồng trước mùa khô."


def last_month(today: date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


@pytest.fixture
def score_sheets(transactional_db):
    """The national default sheets. A data migration makes them, but the live server's tests flush
    the database after each test. (django_db_serialized_rollback is no help: when other database
    tests run first, the connection these tests get has no serialized contents to restore.)"""
    if not ScoreSheet.objects.exists():
        importlib.import_module("meetings.migrations.0002_default_score_sheets").create(apps, None)


@pytest.fixture
def branch_of_22(tree, score_sheets):
    """Chi bộ A with 22 members who must attend (a bí thư and a phó bí thư among them) and one
    elderly member exempt from activities, who is listed but not counted."""
    members = {
        name: MemberFactory(organisation=tree.a, full_name=name, gender=gender, ethnicity=ethnicity)
        for name, gender, ethnicity in ROSTER
    }
    for name, title in ((SECRETARY, Position.Title.SECRETARY), (DEPUTY, Position.Title.DEPUTY_SECRETARY)):
        branch_services.add_position(
            member=members[name], organisation=tree.a, title=title, starts_on=date(2020, 10, 1), by=root()
        )
    exempt = MemberFactory(organisation=tree.a, full_name=EXEMPT, birth_date=date(1942, 3, 9))
    branch_services.exempt_member(member=exempt, on=date(2024, 1, 10), reason="Tuổi cao, sức yếu", by=root())
    return members, exempt


class Interactions:
    """Clicks and fields filled, counted: the issue's measure of effort."""

    def __init__(self):
        self.steps: list[str] = []

    @property
    def count(self) -> int:
        return len(self.steps)

    def click(self, target: Locator) -> None:
        target.click()
        self.steps.append(f"click {selector(target)}")

    def fill(self, target: Locator, value: str) -> None:
        target.fill(value)
        self.steps.append(f"fill {selector(target)}")


def selector(target: Locator) -> str:
    return repr(target).partition("selector=")[2].rstrip(">")


def field(page: Page, label: str) -> Locator:
    """A form field by its exact label; crispy adds "*" to required ones ("Kết thúc" is also how a
    scoring criterion's label begins)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def attendance(page: Page, name: str, status: str) -> Locator:
    """The label of one status button in a member's row (the radio itself is visually hidden)."""
    return page.get_by_role("group", name=f"Dự họp: {name}").get_by_text(status, exact=True)


def pdf_text(path: Path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def screenshot(page: Page, name: str) -> None:
    """For a human to look at: E2E_SCREENSHOTS=/tmp/shots writes the phone-width pages there."""
    if folder := os.environ.get("E2E_SCREENSHOTS"):
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_secretary_records_last_months_meeting_on_a_phone(page: Page, people, tree, branch_of_22, tmp_path):
    members, _ = branch_of_22
    year, month = last_month(date.today())
    log_in(page, people.secretary_a)  # lands on the dashboard; not counted
    steps = Interactions()

    steps.click(page.get_by_role("link", name=f"Ghi biên bản sinh hoạt tháng {month}/{year}"))
    expect(page.get_by_role("group", name=f"Dự họp: {SECRETARY}")).to_be_visible()
    # Preset: the 3rd of that month, day first; the bí thư chairs, the phó bí thư records.
    expect(field(page, "Ngày họp")).to_have_value(f"03/{month:02d}/{year}")
    expect(field(page, "Chủ trì")).to_have_value(str(members[SECRETARY].pk))
    expect(field(page, "Thư ký")).to_have_value(str(members[DEPUTY].pk))
    expect(page.get_by_role("group", name=f"Dự họp: {EXEMPT}")).to_have_count(0)
    expect(page.locator(".record-form")).to_contain_text(f"Không tính vào số phải dự họp: {EXEMPT}")
    steps.fill(field(page, "Bắt đầu"), "19:30")
    steps.fill(field(page, "Kết thúc"), "21:45")
    steps.click(attendance(page, EXCUSED, "Vắng có lý do"))
    steps.fill(page.get_by_label(f"Lý do vắng: {EXCUSED}"), REASON)
    steps.click(attendance(page, UNEXCUSED, "Vắng không lý do"))
    steps.fill(field(page, "Kết luận / nghị quyết"), CONCLUSION)
    form_width = page_width(page)
    screenshot(page, "meeting-form")
    steps.click(page.get_by_role("button", name="Lưu và hoàn tất"))

    expect(page.locator(".alert-success")).to_contain_text("Đã hoàn tất biên bản")
    assert steps.count <= MAX_INTERACTIONS, steps.steps  # 8 today
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sinh hoạt thường kỳ tháng {month}/{year}")
    expect(page.locator("main")).to_contain_text("95 điểm — Tốt")  # 5 points lost: an unexcused absence
    roll = page.locator(".card", has_text="Điểm danh").locator("li")
    expect(roll).to_have_count(4)  # the two absent, the exempt member and "the others were present"
    expect(roll.filter(has_text=EXCUSED)).to_have_text(f"{EXCUSED} (1980) — vắng có lý do: {REASON}")
    expect(roll.filter(has_text=UNEXCUSED)).to_have_text(f"{UNEXCUSED} (1980) — vắng không lý do")
    expect(roll.filter(has_text=EXEMPT)).to_contain_text("không tính")
    detail_width = page_width(page)
    screenshot(page, "meeting-finalised")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải biên bản (PDF)").click()
    download = download_info.value
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)

    text = pdf_text(pdf)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert f"THƯỜNG KỲ THÁNG {month_text(month)} NĂM {year}" in text
    assert "Có mặt: 20/22 đồng chí" in text
    assert f"Vắng có lý do: 1 đồng chí: {EXCUSED} ({REASON})" in text
    assert f"Vắng không lý do: 1 đồng chí: {UNEXCUSED}" in text
    assert f"{EXEMPT} (" in text  # on the roll, outside the 22

    meeting = Meeting.objects.get(organisation=tree.a)
    assert (meeting.status, meeting.year, meeting.month) == (Meeting.Status.FINALISED, year, month)
    assert timezone.localtime(meeting.started_at).date() == date(year, month, 3)  # day first, in English too
    assert meeting.conclusion == CONCLUSION
    rows = {
        row.member.full_name: (row.status, row.reason) for row in meeting.attendance.select_related("member")
    }
    assert len(rows) == 23
    assert rows.pop(EXCUSED) == (Status.EXCUSED, REASON)
    assert rows.pop(UNEXCUSED) == (Status.UNEXCUSED, "")
    assert rows.pop(EXEMPT)[0] == Status.NOT_COUNTED
    assert {status for status, _ in rows.values()} == {Status.PRESENT} and len(rows) == 20
    assert max(form_width, detail_width) <= PHONE["width"], (form_width, detail_width)


def test_second_person_saving_a_stale_draft_is_told_and_changes_nothing(
    page: Page, new_context, people, tree, branch_of_22, browser_errors
):
    year, month = last_month(date.today())
    deputy = user_with_role("phobithu_a", tree.a, RoleAssignment.Role.SECRETARY)
    log_in(page, people.secretary_a)
    page.get_by_role("link", name=f"Ghi biên bản sinh hoạt tháng {month}/{year}").click()
    field(page, "Bắt đầu").fill("19:30")
    field(page, "Kết thúc").fill("21:00")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu biên bản")
    meeting = Meeting.objects.get(organisation=tree.a)
    assert meeting.status == Meeting.Status.DRAFT

    # The phó bí thư opens the same draft on another phone...
    other_context = new_context()
    other_context.on("console", browser_errors.on_console)
    other_context.on("weberror", lambda web_error: browser_errors.on_page_error(web_error.error))
    other = other_context.new_page()
    log_in(other, deputy)
    other.get_by_role("link", name=f"Hoàn tất biên bản tháng {month}/{year} (đang là bản nháp)").click()
    expect(field(other, "Kết luận / nghị quyết")).to_have_value("")

    # ...while the bí thư writes the conclusion and saves first.
    page.get_by_role("link", name="Tiếp tục, hoàn tất").click()
    field(page, "Kết luận / nghị quyết").fill(CONCLUSION)
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu biên bản")

    field(other, "Kết luận / nghị quyết").fill("Kết luận khác, viết trên bản cũ.")
    other.get_by_role("button", name="Lưu nháp").click()

    expect(other.locator(".alert-danger")).to_contain_text("đã được người khác cập nhật")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.conclusion) == (Meeting.Status.DRAFT, CONCLUSION)


def test_a_refused_record_opens_its_section_lists_the_fix_and_focuses_it(
    page: Page, people, tree, branch_of_22
):
    """A draft saved with everyone present and 22 votes (20 for, 2 against); the secretary then marks
    two absent. The saved 22 votes are now more than may vote: the folded "Biểu quyết" section opens
    with the field focused, the summary says what to fix, and times read 19:30 in an English browser.
    (A unanimous vote would have followed the roll: see the journey on the demo.)"""
    members, _ = branch_of_22
    year, month = last_month(date.today())
    day = date(year, month, 3)
    start = timezone.make_aware(timezone.datetime(year, month, 3, 19, 30))
    services.save_meeting(
        organisation=tree.a,
        record=services.Record(
            kind="regular",
            started_at=start,
            ended_at=start + timezone.timedelta(hours=2),
            chair_id=members[SECRETARY].pk,
            recorder_id=members[DEPUTY].pk,
            conclusion=CONCLUSION,
            votes_for=20,
            votes_against=2,
            votes_abstain=0,
        ),
        by=root(),
    )
    log_in(page, people.secretary_a)
    page.get_by_role("link", name=f"Hoàn tất biên bản tháng {month}/{year} (đang là bản nháp)").click()

    start_box = field(page, "Bắt đầu")
    assert (start_box.evaluate("e => e.type"), start_box.input_value()) == ("text", "19:30")
    expect(page.locator(".vote-base")).to_have_text("22")
    attendance(page, EXCUSED, "Vắng có lý do").click()
    page.get_by_label(f"Lý do vắng: {EXCUSED}").fill(REASON)
    attendance(page, UNEXCUSED, "Vắng không lý do").click()
    expect(page.locator(".vote-base")).to_have_text("20")  # follows the roll as it is marked
    page.get_by_role("button", name="Lưu và hoàn tất").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Chưa lưu được biên bản")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Tán thành: Tổng số phiếu (22) vượt số đảng viên chính thức có mặt được biểu quyết (20): "
            "đảng viên vắng mặt và đảng viên dự bị không biểu quyết."
        ]
    )
    votes = page.locator("details", has_text="Biểu quyết, đảng phí")
    expect(votes).to_have_attribute("open", "")
    expect(field(page, "Tán thành")).to_be_focused()
    expect(field(page, "Tán thành")).to_be_in_viewport()
    screenshot(page, "meeting-form-refused")

    field(page, "Tán thành").fill("18")
    page.get_by_role("button", name="Lưu và hoàn tất").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã hoàn tất biên bản")
    meeting = Meeting.objects.get(organisation=tree.a)
    assert (
        meeting.status,
        meeting.votes_for,
        meeting.votes_against,
        timezone.localtime(meeting.started_at).date(),
    ) == ("finalised", 18, 2, day)


def test_back_and_resubmit_keeps_one_meeting(page: Page, people, tree, branch_of_22):
    year, month = last_month(date.today())
    log_in(page, people.secretary_a)
    page.goto(f"/chi-bo/{tree.a.pk}/sinh-hoat/ghi/?kind=committee&month={year}-{month}")
    field(page, "Bắt đầu").fill("1930")  # tidied to 19:30 when the field is left
    field(page, "Kết thúc").fill("21.00")
    field(page, "Kết luận / nghị quyết").fill(CONCLUSION)
    expect(field(page, "Bắt đầu")).to_have_value("19:30")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu biên bản")

    page.go_back()  # Chromium shows the form again; what it keeps of the typing varies, so type again
    field(page, "Bắt đầu").fill("19:30")
    field(page, "Kết thúc").fill("21:00")
    field(page, "Kết luận / nghị quyết").fill(CONCLUSION)
    page.get_by_role("button", name="Lưu nháp").click()

    expect(page.locator("main")).to_contain_text(
        re.compile("Biểu mẫu này đã được lưu ở lần gửi trước|Chi bộ đã có buổi họp chi ủy / đảng ủy ngày")
    )
    assert Meeting.objects.filter(organisation=tree.a).count() == 1


def test_the_compliance_calendar_shows_twelve_months_on_a_phone(page: Page, people, tree, branch_of_22):
    members, _ = branch_of_22
    for month in (1, 2, 4):
        start = timezone.make_aware(timezone.datetime(2025, month, 3, 19))
        services.save_meeting(
            organisation=tree.a,
            record=services.Record(
                kind="regular", started_at=start, ended_at=start + timezone.timedelta(hours=2)
            ),
            by=root(),
        )
    log_in(page, people.reviewer_x)
    page.goto(f"/to-chuc/{tree.x.pk}/lich-sinh-hoat/?year=2025")

    headers = page.locator(".cal-table thead th:not(.name):not(.cal-extra)")
    expect(headers).to_have_text([f"T{m}" for m in range(1, 13)])
    for i in range(12):
        box = headers.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (i + 1, box)
    assert page_width(page) <= PHONE["width"]
    scroller = page.locator(".table-responsive")
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")
    screenshot(page, "compliance-calendar")

    row = page.locator(".cal-table tbody tr", has_text="Chi bộ ấp Chợ Dưới")
    row.get_by_title("Tháng 3: không họp").click()
    expect(page.locator("#thang-3")).to_contain_text("không họp")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sinh hoạt chi bộ năm 2025")
