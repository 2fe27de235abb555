"""The meeting minutes as a Party document, read back from the PDF."""

import io
import unicodedata
from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from branches.models import Member
from meetings.documents import minutes_context, render_minutes
from meetings.models import Attendance, Guest, Meeting, Speech, Task
from tests.factories import MemberFactory
from tests.meetings.test_views import hold

Status = Attendance.Status


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (pypdf breaks lines where the layout did)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def embedded_fonts(pdf: bytes) -> dict[str, tuple[str, str]]:
    """{PDF font name: (full name, version) read from the embedded font program}."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            fonts[str(font["/BaseFont"]).split("+")[-1]] = (
                program["name"].getDebugName(4),
                program["name"].getDebugName(5),
            )
    return fonts


def header_runs(pdf: bytes) -> list[tuple[str, float, str]]:
    """The first page's first seven pieces of text as (font, size in pt, text)."""
    runs = []

    def visit(text, cm, tm, font, size):
        if font and text.strip():
            runs.append((str(font["/BaseFont"]).split("+")[-1], round(size * tm[0] * cm[0], 1), text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs[:7]


def attend(meeting, member, status=Status.PRESENT, reason="", probationary=False):
    return Attendance(meeting=meeting, member=member, status=status, reason=reason, probationary=probationary)


@pytest.fixture
def meeting(tree, member_a):
    """October's regular meeting of Chi bộ ấp Chợ Dưới: 24 on the roll, 2 exempt, 22 expected,
    20 present (2 probationary), one excused, one unexcused."""
    branch = tree.a
    recorder = MemberFactory(organisation=branch, full_name="Trần Thị Bích Ngọc")
    present = [member_a, recorder] + [MemberFactory(organisation=branch) for _ in range(18)]
    excused = MemberFactory(organisation=branch, full_name="Phạm Thị Hồng Nhung")
    unexcused = MemberFactory(organisation=branch, full_name="Võ Văn Tám")
    exempt = [MemberFactory(organisation=branch, full_name=name) for name in ("Huỳnh Văn Lợi", "Đặng Thị Mỹ")]
    meeting = Meeting.objects.create(
        organisation=branch,
        kind=Meeting.Kind.REGULAR,
        status=Meeting.Status.FINALISED,
        year=2025,
        month=10,
        started_at=datetime(2025, 10, 3, 12, 30, tzinfo=UTC),  # 19:30 in Vietnam
        ended_at=datetime(2025, 10, 3, 14, 15, tzinfo=UTC),
        place="Hội trường ấp Chợ Dưới",
        chair=member_a,
        recorder=recorder,
        agenda="1. Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n"
        "2. Đánh giá kết quả tháng 9, phương hướng nhiệm vụ tháng 10.",
        commendations="Biểu dương đồng chí Trần Thị Bích Ngọc vận động hội viên phụ nữ tham gia làm đường.",
        reminders="Nhắc nhở đảng viên nộp đảng phí đúng hạn.",
        conclusion="Chi bộ thống nhất phương hướng nhiệm vụ tháng 10 năm 2025.",
        votes_for=18,
        votes_against=0,
        votes_abstain=0,
        dues_reported=True,
        score=92,
        level=Meeting.Level.GOOD,
    )
    Attendance.objects.bulk_create(
        [attend(meeting, member, probationary=index >= 18) for index, member in enumerate(present)]
        + [
            attend(meeting, excused, Status.EXCUSED, "Ốm"),
            attend(meeting, unexcused, Status.UNEXCUSED),
            *(attend(meeting, member, Status.NOT_COUNTED, "Miễn sinh hoạt") for member in exempt),
        ]
    )
    Guest.objects.create(
        meeting=meeting, name="Lê Hoàng Phúc", title="Đảng ủy viên", is_following_member=True
    )
    Speech.objects.create(meeting=meeting, order=1, speaker="Nguyễn Văn An", gist="Đề nghị sửa đường nội ấp.")
    Speech.objects.create(
        meeting=meeting, order=2, speaker="Lê Hoàng Phúc", gist="Ghi nhận kết quả của chi bộ."
    )
    Task.objects.create(
        meeting=meeting,
        member=recorder,
        description="Vận động hội viên làm đường",
        deadline=date(2025, 10, 31),
    )
    return meeting


def test_minutes_pdf_carries_the_party_document_header_and_the_record(meeting):
    pdf = render_minutes(meeting)

    text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF-")
    assert unicodedata.is_normalized("NFC", text)
    for expected in [
        "ĐẢNG BỘ XÃ PHƯỚC HƯNG",
        "CHI BỘ ẤP CHỢ DƯỚI",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Phước Hưng, ngày 03 tháng 10 năm 2025",
        "BIÊN BẢN SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 10 NĂM 2025",
        "bắt đầu lúc 19 giờ 30 phút, ngày 03/10/2025; kết thúc lúc 21 giờ 15 phút cùng ngày.",
        "Địa điểm: Hội trường ấp Chợ Dưới.",
        "Đại biểu dự: đồng chí Lê Hoàng Phúc, Đảng ủy viên (cấp ủy viên cấp trên phụ trách chi bộ).",
        "Chủ trì: đồng chí Nguyễn Văn An. Thư ký: đồng chí Trần Thị Bích Ngọc.",
        "Tổng số đảng viên của chi bộ: 24 đồng chí, trong đó 2 đồng chí không tính vào số phải dự sinh hoạt: "
        "Huỳnh Văn Lợi (Miễn sinh hoạt), Đặng Thị Mỹ (Miễn sinh hoạt).",  # by given name
        "Có mặt: 20/22 đồng chí, đạt 90,9% (trong đó 2 đảng viên dự bị).",
        "Vắng có lý do: 1 đồng chí: Phạm Thị Hồng Nhung (Ốm).",
        "Vắng không lý do: 1 đồng chí: Võ Văn Tám.",
        "Nguyễn Văn An: Đề nghị sửa đường nội ấp. - Lê Hoàng Phúc: Ghi nhận kết quả của chi bộ.",
        "Trần Thị Bích Ngọc Vận động hội viên làm đường 31/10/2025",
        "Biểu quyết: 18 đồng chí tán thành (đạt 100%), 0 đồng chí không tán thành, 0 đồng chí không biểu quyết, "
        "trên tổng số 18 đảng viên có quyền biểu quyết.",
        "Tự đánh giá chất lượng sinh hoạt: 92 điểm, xếp loại Tốt.",
        "Buổi sinh hoạt kết thúc lúc 21 giờ 15 phút cùng ngày.",
        "THƯ KÝ",
        "CHỦ TRÌ",
    ]:
        assert expected in text, expected
    pages = page_texts(pdf)
    assert [page[page.rindex("Trang") :] for page in pages] == ["Trang 1/2", "Trang 2/2"]


def test_minutes_pdf_sets_the_header_in_hd36_faces_with_embedded_liberation_serif(meeting):
    pdf = render_minutes(meeting)

    shipped = TTFont(settings.BASE_DIR / "static/fonts/LiberationSerif-Regular.ttf")["name"].getDebugName(5)
    # Only our files: no fallback font stepped in for a missing Vietnamese glyph.
    assert embedded_fonts(pdf) == {
        "Liberation-Serif": ("Liberation Serif", shipped),
        "Liberation-Serif-Bold": ("Liberation Serif Bold", shipped),
        "Liberation-Serif-Italic": ("Liberation Serif Italic", shipped),
    }
    # HD 36 Phụ lục 3 (domain-rules §7.2, example D2).
    assert header_runs(pdf) == [
        ("Liberation-Serif", 14.0, "ĐẢNG BỘ XÃ PHƯỚC HƯNG"),
        ("Liberation-Serif-Bold", 14.0, "CHI BỘ ẤP CHỢ DƯỚI"),
        ("Liberation-Serif", 14.0, "*"),
        ("Liberation-Serif-Bold", 15.0, "ĐẢNG CỘNG SẢN VIỆT NAM"),
        ("Liberation-Serif-Italic", 14.0, "Phước Hưng, ngày 03 tháng 10 năm 2025"),
        ("Liberation-Serif-Bold", 15.0, "BIÊN BẢN SINH HOẠT CHI BỘ"),
        ("Liberation-Serif-Bold", 14.0, "THƯỜNG KỲ THÁNG 10 NĂM 2025"),
    ]


def test_minutes_pdf_escapes_markup_and_normalises_decomposed_names(meeting, member_a):
    # Stored around the services, as a legacy import might: decomposed marks and markup.
    odd_name = unicodedata.normalize("NFD", 'Lê Thị "Út" <b>Đẹp</b> & Cộng sự')
    Member.objects.filter(pk=member_a.pk).update(full_name=odd_name)
    Speech.objects.create(
        meeting=meeting, order=3, speaker=odd_name, gist="<script>alert('x')</script> ý kiến"
    )
    meeting = Meeting.objects.get(pk=meeting.pk)

    text = pdf_text(render_minutes(meeting))

    assert 'Chủ trì: đồng chí Lê Thị "Út" <b>Đẹp</b> & Cộng sự.' in text
    assert "Lê Thị \"Út\" <b>Đẹp</b> & Cộng sự: <script>alert('x')</script> ý kiến" in text
    assert unicodedata.is_normalized("NFC", text)


def test_minutes_of_an_online_meeting_without_times_leave_blanks(tree, member_a):
    meeting = Meeting.objects.create(organisation=tree.a, year=2026, month=1, online=True, chair=member_a)

    text = pdf_text(render_minutes(meeting))

    assert "BIÊN BẢN SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 01 NĂM 2026" in text
    assert "Phước Hưng, ngày … tháng … năm 2026" in text
    assert "bắt đầu lúc … giờ … phút, ngày …; kết thúc lúc … giờ … phút." in text
    assert "Địa điểm: Trực tuyến." in text
    assert "Có mặt: 0/0 đồng chí, đạt —." in text


def test_minutes_context_reads_each_relation_once(meeting, django_assert_num_queries):
    fresh = Meeting.objects.get(pk=meeting.pk)

    # organisation, its parent, chair, recorder, attendance+member, guests, speeches, tasks+member
    with django_assert_num_queries(8):
        context = minutes_context(fresh)

    assert (context["roll_total"], context["expected"], context["present"]) == (24, 22, 20)
    assert [row.member.full_name for row in context["excused"]] == ["Phạm Thị Hồng Nhung"]


def test_a_draft_is_marked_as_such(tree):
    crew = [MemberFactory(organisation=tree.a) for _ in range(3)]
    draft = hold(tree.a, crew, 3, finalise=False)
    final = hold(tree.a, crew, 4)
    assert "DỰ THẢO" in pdf_text(render_minutes(draft))
    assert "DỰ THẢO" not in pdf_text(render_minutes(final))
