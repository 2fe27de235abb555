"""The written parts of the self-review (Mẫu 2B/2C) and the form printed from it."""

from io import BytesIO

from django.urls import reverse
from pypdf import PdfReader

from ratings import services
from ratings.models import MemberRating
from ratings.rules.common import Tasks
from tests.factories import root

STRENGTHS = "Gương mẫu tham gia xây dựng đường giao thông nông thôn ấp."
SHORTCOMINGS = "Có lúc chưa mạnh dạn góp ý trong sinh hoạt chi bộ."
REMEDIES = "Chuẩn bị ý kiến trước mỗi kỳ sinh hoạt."


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_the_member_writes_the_three_parts_and_prints_them_on_mau_2c(client, tree, people, member_a):
    period = services.open_period(province=tree.province, year=2026, by=root())
    rating = MemberRating.objects.get(period=period, member=member_a)
    client.force_login(people.secretary_a)

    page = client.get(reverse("ratings:member-assess", args=[rating.pk])).content.decode()
    assert all(
        label in page
        for label in (
            "Ưu điểm, kết quả đạt được",
            "Hạn chế, khuyết điểm và nguyên nhân",
            "Phương hướng, biện pháp khắc phục",
        )
    )
    client.post(
        reverse("ratings:member-assess", args=[rating.pk]),
        {
            "version": rating.version,
            "score": "85,5",
            "tasks_assigned": "4",
            "tasks_on_time": "4",
            "tasks_exceeded": "1",
            "tasks_late": "0",
            "tasks_not_done": "0",
            "shortcomings_pointed": "0",
            "shortcomings_remedied": "0",
            "self_level": "HTTNV",
            "strengths": f"  {STRENGTHS} ",
            "shortcomings": SHORTCOMINGS,
            "remedies": REMEDIES,
        },
    )
    rating.refresh_from_db()
    assert (rating.status, rating.strengths, rating.shortcomings, rating.remedies) == (
        "self_assessed",
        STRENGTHS,
        SHORTCOMINGS,
        REMEDIES,
    )

    detail = client.get(reverse("ratings:member-rating", args=[rating.pk])).content.decode()
    assert "In bản kiểm điểm (Mẫu 2C, PDF)" in detail and SHORTCOMINGS in detail
    response = client.get(reverse("ratings:member-self-review-pdf", args=[rating.pk]))

    text = " ".join(pdf_text(response.content).split())
    assert response["Content-Type"] == "application/pdf"
    for expected in (
        "Mẫu 2C",
        "BẢN KIỂM ĐIỂM ĐẢNG VIÊN",
        "NĂM 2026",
        "Đảng viên không làm việc trong hệ thống chính trị",
        member_a.full_name,
        STRENGTHS,
        SHORTCOMINGS,
        REMEDIES,
        "Tổng điểm tự chấm: 85,5/100 điểm.",
        "Hoàn thành tốt nhiệm vụ.",
        "NGƯỜI TỰ KIỂM ĐIỂM",
    ):
        assert expected in text, expected


def test_there_is_nothing_to_print_before_the_self_assessment(client, tree, people, member_a):
    period = services.open_period(province=tree.province, year=2026, by=root())
    rating = MemberRating.objects.get(period=period, member=member_a)
    client.force_login(people.secretary_a)

    assert client.get(reverse("ratings:member-self-review-pdf", args=[rating.pk])).status_code == 404
    assert (
        "In bản kiểm điểm"
        not in client.get(reverse("ratings:member-rating", args=[rating.pk])).content.decode()
    )


def test_the_sheet_says_in_words_what_each_annex_means(client, tree, people, member_a):
    period = services.open_period(province=tree.province, year=2026, by=root())
    services.self_assess(
        rating=MemberRating.objects.get(period=period, member=member_a),
        version=0,
        score=80,
        tasks=Tasks(),
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        by=root(),
    )
    client.force_login(people.secretary_a)

    page = client.get(reverse("ratings:org-year", args=[tree.a.pk, 2026])).content.decode()

    assert "PL5 · không làm việc trong hệ thống chính trị" in page
