"""Annual rating reports: the PDF read back against the database, the Excel workbook, the job
row's life (eager here; tests/ratings/test_worker.py runs a real worker on Redis)."""

import hashlib
import time
import unicodedata
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from branches import services as branch_services
from branches.documents import place_date
from branches.jobs import services as job_services
from branches.models import Job
from ratings import services
from ratings.models import MemberRating, OrganisationRating
from ratings.reports import jobs, tables
from ratings.rules.common import Tasks
from tests.factories import MemberFactory, root

GOOD = Tasks(10, 10, 4)


def rate(period, members, levels):
    """Self-assess, propose and decide `members` at `levels` (one decision per chi bộ)."""
    ratings = []
    for member, level in zip(members, levels, strict=True):
        r = MemberRating.objects.get(period=period, member=member)
        score = {"HTXSNV": 93, "HTTNV": 82, "HTNV": 60, "KHTNV": 40}[level]
        tasks = GOOD if level == "HTXSNV" else Tasks(10, 10, 1) if level == "HTTNV" else Tasks(10, 8, 0, 2)
        r = services.self_assess(
            rating=r,
            version=r.version,
            score=score,
            tasks=tasks,
            shortcomings_pointed=0,
            shortcomings_remedied=0,
            self_level=level,
            by=root(),
        )
        ratings.append(r)
    ratings = services.propose(
        ratings=ratings,
        levels={r.pk: r.self_level for r in ratings},
        versions={r.pk: r.version for r in ratings},
        by=root(),
    )
    return services.decide(
        ratings=ratings,
        levels={r.pk: r.proposed_level for r in ratings},
        versions={r.pk: r.version for r in ratings},
        decision_number="25-QĐ/ĐU",
        decided_on=date(period.year, 12, 20),
        by=root(),
    )


def rate_org(period, org, level):
    rating = OrganisationRating.objects.get(period=period, organisation=org)
    score, tasks = (93, GOOD) if level == "HTXSNV" else (82, Tasks(10, 10, 1))
    rating = services.self_assess_organisation(
        rating=rating, version=rating.version, score=score, tasks=tasks, self_level=level, by=root()
    )
    rating = services.propose_organisation(rating=rating, version=rating.version, level=level, by=root())
    return services.decide_organisation(
        rating=rating,
        version=rating.version,
        level=level,
        decision_number="30-QĐ/ĐU",
        decided_on=date(period.year, 12, 28),
        by=root(),
    )


@pytest.fixture
def rated(tree, people):
    """2025 in commune X: A has 7 members (1 HTXSNV, 5 HTTNV, 1 HTNV), A2 has 4 (2 HTXSNV: over
    the quota of a group of 4, which a province may allow), one exempt; A rated HTXSNV, A2 HTTNV."""
    names = [
        "Nguyễn Văn An",
        "Trần Thị Bích",
        "Thạch Sô Phol",
        "Lê Văn Cường",
        "Kim Thị Sa Vy",
        "Phạm Văn Dũng",
        "Võ Thị Én",
    ]
    a = [
        MemberFactory(
            organisation=tree.a,
            full_name=n,
            gender="F" if " Thị " in n else "M",
            ethnicity="Khmer" if n.startswith(("Thạch", "Kim")) else "Kinh",
        )
        for n in names
    ]
    a2 = [MemberFactory(organisation=tree.a2) for _ in range(4)]
    exempt = MemberFactory(organisation=tree.a2)
    branch_services.exempt_member(member=exempt, on=date(2024, 6, 1), reason="Tuổi cao, sức yếu", by=root())
    period = services.open_period(province=tree.province, year=2025, small_group_minimum=2, by=root())
    rate(period, a, ["HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTTNV", "HTTNV", "HTNV"])
    rate(period, a2, ["HTXSNV", "HTXSNV", "HTTNV", "HTTNV"])
    rate_org(period, tree.a, "HTXSNV")
    rate_org(period, tree.a2, "HTTNV")
    return period


def build(kind, scope, year, user, capture):
    with capture(execute=True):
        job = jobs.request_report(kind=kind, scope=scope, year=year, by=user)
    job.refresh_from_db()
    return job


def pdf_text(job) -> list[str]:
    with default_storage.open(job.file.name, "rb") as f:
        content = f.read()
    assert hashlib.sha256(content).hexdigest() == job.sha256
    return [page.extract_text() for page in PdfReader(BytesIO(content)).pages]


def test_the_commune_report_is_a_party_document_with_the_database_figures(
    tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = build("annual", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)

    pages = [" ".join(page.split()) for page in pdf_text(job)]
    first, text = pages[0], " ".join(pages)
    assert (job.status, job.pages, job.error) == ("done", len(pages), "")
    for line in [
        "ĐẢNG BỘ TỈNH TRÀ VINH",
        "ĐẢNG ỦY XÃ PHƯỚC HƯNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "-BC/ĐU",
        place_date("Phước Hưng", timezone.localdate()),
        "BÁO CÁO",
        "xếp loại chất lượng",
        "năm 2025",
    ]:
        assert line in first, line
    assert "Số -BC/ĐU" in first  # the number is written in when the report is signed
    assert f"Trang 1/{len(pages)}" in first and f"Trang {len(pages)}/{len(pages)}" in pages[-1]
    assert "Tạo bởi xetduyet_x" in first
    assert unicodedata.is_normalized("NFC", text)
    members, total = tables.members(tree.x, rated, None)
    assert (total.total, total.exempt, total.levels.rated, total.levels.counts["HTXSNV"]) == (12, 1, 11, 3)
    # Table B's total row: total, exempt, suspended, new, rated, then each level with its share.
    assert "Cộng 12 1 0 0 11 3 27,27 7 63,64 1 9,09 0" in text.replace(".", ",")
    assert "Chi bộ ấp Tân Hạnh" in text and "Phụ lục 1. Chi bộ ấp Chợ Dưới — xếp loại: HTXSNV" in text
    assert "dân tộc Khmer 2" in text


def test_a_year_with_no_ratings_says_so_rather_than_printing_zeros(
    tree, people, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = build("annual", tree.x, 2024, people.reviewer_x, django_capture_on_commit_callbacks)

    text = " ".join(" ".join(pdf_text(job)).split())
    assert "chưa có kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2024" in text
    assert "Cộng" not in text


@pytest.mark.parametrize("kind", ["annual", "excel"])
def test_a_chi_bos_own_report_counts_its_members(
    kind, tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    """A chi bộ's report has one row, itself: its ratings are grouped by its own path."""
    settings.MEDIA_ROOT = tmp_path
    job = build(kind, tree.a, 2025, people.secretary_a, django_capture_on_commit_callbacks)

    assert (job.status, job.error) == ("done", "")
    members, total = tables.members(tree.a, rated, None)
    assert [row.unit for row in members] == [tree.a]
    assert (total.total, total.levels.rated, total.levels.counts["HTXSNV"]) == (7, 7, 1)


def test_the_same_data_reuses_the_stored_file(
    tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = build("rating_list", tree.a, 2025, people.secretary_a, django_capture_on_commit_callbacks)
    again = build("rating_list", tree.a, 2025, people.secretary_a, django_capture_on_commit_callbacks)
    member = MemberRating.objects.filter(period=rated, organisation=tree.a).first()
    services.rerate(
        rating=member,
        version=member.version,
        level="HTNV",
        reason="Kê khai không trung thực",
        decision_number="2-QĐ/ĐU",
        decided_on=date(2026, 1, 4),
        by=root(),
    )
    changed = build("rating_list", tree.a, 2025, people.secretary_a, django_capture_on_commit_callbacks)

    assert (again.reused, again.file.name, again.sha256) == (True, first.file.name, first.sha256)
    assert (changed.reused, changed.sha256 != first.sha256) == (False, True)
    assert "Nguyễn Văn An" in " ".join(pdf_text(changed))


def test_the_excel_export_has_one_sheet_per_table_with_numbers_as_numbers(
    tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = build("excel", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)

    with default_storage.open(job.file.name, "rb") as f:
        book = load_workbook(f)
    assert book.sheetnames == ["A. Tổ chức đảng", "B. Đảng viên", "C. Sinh hoạt chi bộ", "D. Công nhận"]
    sheet = book["B. Đảng viên"]
    assert sheet.freeze_panes == "B3"
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3)}
    assert [c.value for c in rows["Chi bộ ấp Chợ Dưới"][:8]] == ["Chi bộ ấp Chợ Dưới", 7, 0, 0, 0, 7, 0, 7]
    # A share is a number with a percent format (27,27% is 0.2727), a count has a thousands format.
    total = rows["Cộng"]
    assert [(c.value, c.number_format) for c in total[7:10]] == [
        (11, "#,##0"),
        (3, "#,##0"),
        (0.2727, "0.00%"),
    ]
    assert [(c.value, c.number_format) for c in total[-2:]] == [
        (0, "#,##0"),
        (0.4286, "0.00%"),
    ]  # 3 HTXSNV of 7 HTTNV
    # No meeting was finalised: the share of good meetings is said in words, as in the PDF.
    meetings = {row[0]: row for row in book["C. Sinh hoạt chi bộ"].iter_rows(min_row=3, values_only=True)}
    assert meetings["Cộng"] == ("Cộng", 3, 0, 0, 0, "chưa có biên bản hoàn tất")
    heads = [c.value for c in book["A. Tổ chức đảng"][2]]
    assert heads[-1] == "Tỷ lệ HTTNV trở lên so với năm 2024 (tăng, giảm điểm %)"
    assert heads[5:7] == [
        "Hoàn thành xuất sắc nhiệm vụ (HTXSNV): số lượng",
        "HTXSNV: tỷ lệ % so với số đã xếp loại",
    ]


def test_a_year_with_nothing_decided_says_so_in_the_workbook_as_in_the_pdf(
    tree, people, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    MemberFactory(organisation=tree.a)
    services.open_period(province=tree.province, year=2025, by=root())

    workbook = build("excel", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)
    report = build("annual", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)

    with default_storage.open(workbook.file.name, "rb") as f:
        book = load_workbook(f)
    said = (
        "Đến ngày lập báo cáo, Đảng bộ xã Phước Hưng chưa có kết quả đánh giá, xếp loại chất lượng tổ chức đảng, "
        "đảng viên năm 2025. Báo cáo này không nêu số liệu xếp loại; sẽ lập lại khi có kết quả."
    )
    assert [(sheet.title, [row for row in sheet.iter_rows(values_only=True)]) for sheet in book] == [
        ("Thông tin", [(said,)])
    ]
    assert said in " ".join(" ".join(pdf_text(report)).split())


def test_a_failure_leaves_a_message_and_no_file(
    tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(default_storage, "save", disk_full)
    job = build("annual", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)

    assert (job.status, job.file.name, job.sha256) == ("failed", "", "")
    assert job.error.startswith("Không tạo được báo cáo do lỗi khi dựng văn bản. Hãy thử lại")


def test_a_job_whose_worker_died_can_be_started_again(
    tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    dead = Job.objects.create(
        kind="excel",
        scope=tree.x,
        params={"year": 2025},
        status="running",
        parts_total=1,
        started_at=timezone.now() - timedelta(hours=2),
    )

    job = build("excel", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)

    dead.refresh_from_db()
    assert (dead.status, dead.error.split(" (")[0]) == ("failed", "Tiến trình tạo báo cáo bị gián đoạn")
    assert (job.pk != dead.pk, job.status) == (True, "done")


def test_the_job_page_shows_progress_then_the_download_which_is_logged(
    client, tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    from branches.models import DownloadLog

    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.reviewer_x)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ratings:report-request", args=[tree.x.pk]), {"kind": "annual", "year": "2025"}
        )
    job = Job.objects.get()
    page = client.get(response.url).content.decode()
    download = client.get(reverse("branches:job-download", args=[job.pk]))

    assert response.url == reverse("ratings:report-job", args=[job.pk])
    assert "Đã tạo xong" in page and reverse("branches:job-download", args=[job.pk]) in page
    # Staff are told when it was made, not a checksum.
    assert ("SHA" in page, job.sha256 in page, "Tạo lúc " in page) == (False, False, True)
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"
    assert list(DownloadLog.objects.values_list("user__username", "scope_path")) == [
        ("xetduyet_x", tree.x.path)
    ]


def test_a_commune_reviewer_cannot_open_the_province_report(
    client, tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = build("annual", tree.province, 2025, people.province_staff, django_capture_on_commit_callbacks)
    client.force_login(people.reviewer_x)

    assert client.get(reverse("ratings:report-job", args=[job.pk])).status_code == 404
    assert client.get(reverse("branches:job-download", args=[job.pk])).status_code == 404
    assert (
        client.post(
            reverse("ratings:report-request", args=[tree.province.pk]), {"kind": "annual", "year": "2025"}
        ).status_code
        == 404
    )


def test_unusual_names_render_intact_and_never_as_markup(
    tree, people, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    long_name = "Huỳnh Ngọc " + "Phương " * 12 + "Thảo"
    for name in (decomposed, long_name, 'Lê "Út" <b>Mười</b> & O\'Brien'):
        MemberFactory(organisation=tree.a, full_name=name)
    services.open_period(province=tree.province, year=2025, by=root())

    job = build("rating_list", tree.a, 2025, people.secretary_a, django_capture_on_commit_callbacks)

    text = " ".join(" ".join(pdf_text(job)).split())
    assert unicodedata.is_normalized("NFC", text)
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert 'Lê "Út" <b>Mười</b> & O\'Brien' in text  # escaped in the HTML, so printed as typed
    assert "Phương Phương Phương" in text and "Thảo" in text


def test_old_report_files_are_cleaned_up_and_dead_jobs_ended(
    tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    old = build("excel", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    dead = Job.objects.create(
        kind="annual",
        scope=tree.x,
        params={"year": 2025},
        status="running",
        started_at=timezone.now() - timedelta(hours=3),
    )

    assert job_services.clean(keep_days=30) == 1

    old.refresh_from_db()
    dead.refresh_from_db()
    assert (old.file.name, default_storage.exists(f"jobs/{old.sha256[:20]}.xlsx")) == ("", False)
    assert dead.status == "failed"


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


@pytest.fixture
def crowded(tree, rated):
    """Commune X with 40 more chi bộ, none rated: every table of the report spans pages."""
    from tests.factories import OrganisationFactory

    return [OrganisationFactory(parent=tree.x, name=f"Chi bộ ấp Số {i:02d}") for i in range(1, 41)]


SECTIONS = [
    "I. XẾP LOẠI TỔ CHỨC ĐẢNG",
    "II. XẾP LOẠI ĐẢNG VIÊN",
    "III. SINH HOẠT CHI BỘ",
    "IV. KHEN THƯỞNG, CÔNG NHẬN",
    "V. CƠ CẤU ĐẢNG VIÊN",
]


def test_each_total_prints_once_after_the_last_unit_and_the_header_repeats_on_every_page(
    tree, people, crowded, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = build("annual", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)

    pages = [" ".join(page.split()) for page in pdf_text(job)]
    text = " ".join(pages)
    last_unit = tables.units(tree.x)[-1].name
    tables_text = [between(text, start, end) for start, end in zip(SECTIONS, SECTIONS[1:], strict=False)]
    for table in tables_text:
        assert table.count("Cộng") == 1
        assert table.rindex(last_unit) < table.index("Cộng")
        assert table.count("Đơn vị") >= 2  # the table spans pages and its header row is repeated
    assert "Cộng 12 1 0 0 11 3 27,27 7 63,64 1 9,09 0 0,00 0 42,86" in tables_text[1]
    assert sum("II. XẾP LOẠI ĐẢNG VIÊN" in page or "Chi bộ ấp Số 40" in page for page in pages) >= 2


def test_a_ratio_without_a_denominator_is_said_in_words(
    tree, people, django_capture_on_commit_callbacks, settings, tmp_path
):
    """Organisation G: its chi bộ G1 has two members, both HTNV; G1 itself is not decided and held
    no meeting; there is no earlier year."""
    settings.MEDIA_ROOT = tmp_path
    members = [MemberFactory(organisation=tree.g1) for _ in range(2)]
    period = services.open_period(province=tree.province, year=2025, small_group_minimum=2, by=root())
    rate(period, members, ["HTNV", "HTNV"])

    job = build("annual", tree.g, 2025, people.province_staff, django_capture_on_commit_callbacks)

    text = " ".join(" ".join(pdf_text(job)).split())
    table_a, table_b, table_c = (
        between(text, start, end) for start, end in zip(SECTIONS, SECTIONS[1:4], strict=False)
    )
    assert "Chi bộ Cơ quan chính quyền 1 0 1 0 chưa có quyết định xếp loại" in table_a
    assert "Chưa có kết quả xếp loại năm 2024 để so sánh." in table_a
    assert "Không có đảng viên hoàn thành xuất sắc nhiệm vụ hay hoàn thành tốt nhiệm vụ." in table_b
    assert "Chi bộ Cơ quan chính quyền 2 0 0 0 2 0 0,00 0 0,00 2 100,00 0 0,00 0 không có HTTNV" in table_b
    assert "Cộng 1 0 0 0 chưa có biên bản hoàn tất" in table_c
    for dash in ("— %", "—%", "None"):
        assert dash not in text


def test_every_column_of_the_tables_is_explained_by_its_header(
    tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = build("annual", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)

    text = " ".join(" ".join(pdf_text(job)).split())
    for head in [
        "Hoàn thành xuất sắc nhiệm vụ (HTXSNV)",
        "Không hoàn thành nhiệm vụ (KHTNV)",
        "Số Tỷ lệ %",
        "Miễn công tác, sinh hoạt",
        "Đình chỉ sinh hoạt",
        "Kết nạp chưa đủ 6 tháng",
        "Bị kỷ luật trong năm",
        "Tỷ lệ HTXSNV so với HTTNV (%)",
        "Số chi bộ sinh hoạt đủ 12/12 kỳ thường kỳ",
        "Đảng viên không đánh giá (miễn, đình chỉ sinh hoạt, kết nạp chưa đủ 6 tháng)",
        "Xếp loại chi bộ",
    ]:
        assert head in text, head
    for cryptic in ["XS/Tốt", "Mới (<", "± điểm", " XS ", " HT ", "Tốt %"]:
        assert cryptic not in text, cryptic


def test_numbers_in_the_report_tables_have_thousands_separators():
    """The province's shape (46.437 members) without building it: the table template on rows."""
    from django.template.loader import render_to_string

    from branches.documents import UNNUMBERED, render_html
    from branches.models import Organisation
    from ratings.reports.figures import Levels

    levels = Levels({"HTXSNV": 5912, "HTTNV": 29570, "HTNV": 3650, "KHTNV": 317})
    row = tables.MemberRow(
        Organisation(name="Đảng bộ huyện Càng Long"),
        total=46437,
        exempt=6961,
        suspended=12,
        new=15,
        disciplined=1204,
        levels=levels,
    )
    html = render_to_string(
        "ratings/pdf/includes/table_members.html", {"members": [row], "members_total": row}
    )

    pdf = render_html(f'<html lang="vi"><body><div class="content">{html}</div></body></html>', UNNUMBERED)

    text = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())
    assert "Cộng 46.437 6.961 12 15 39.449 5.912 14,99 29.570 74,96 3.650 9,25 317 0,80 1.204 19,99" in text


CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there: the broker is down


@pytest.mark.django_db(transaction=True)  # on_commit runs as in a real request, inside the view
def test_an_unreachable_broker_fails_the_job_at_once_with_a_message_and_offers_to_request_again(
    client, tree, people, settings, tmp_path, monkeypatch
):
    from config.celery import app
    from tests.conftest import tasks_sent_to

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery prefers it to any setting
    client.force_login(people.reviewer_x)
    ask = reverse("ratings:report-request", args=[tree.x.pk])

    with tasks_sent_to(CLOSED_PORT):
        started = time.monotonic()
        response = client.post(ask, {"kind": "excel", "year": "2025"})
        took = time.monotonic() - started
        again = client.post(ask, {"kind": "excel", "year": "2025"})
    first, second = Job.objects.order_by("pk")
    page = client.get(response.url).content.decode()
    poll = client.get(response.url, headers={"HX-Request": "true"})
    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the broker back: here, tasks run in-process
    working = client.post(ask, {"kind": "excel", "year": "2025"})

    assert (response.status_code, response.url) == (302, reverse("ratings:report-job", args=[first.pk]))
    assert took < 3, took
    assert (first.status, first.error, first.file.name) == ("failed", jobs.MESSAGES.broker_down, "")
    assert jobs.MESSAGES.broker_down.startswith("Máy chủ xử lý báo cáo đang không hoạt động")
    assert "thử lại sau ít phút hoặc báo quản trị viên" in jobs.MESSAGES.broker_down
    # The failed job is not reused: asking again tries again (and says so again while it is down).
    assert (again.url, second.status, second.error) == (
        reverse("ratings:report-job", args=[second.pk]),
        "failed",
        jobs.MESSAGES.broker_down,
    )
    assert jobs.MESSAGES.broker_down in page and "Tạo lại" in page and f'action="{ask}"' in page
    assert (poll.status_code, jobs.MESSAGES.broker_down in poll.content.decode()) == (
        286,
        True,
    )  # htmx stops polling
    assert Job.objects.get(pk=int(working.url.rstrip("/").split("/")[-1])).status == "done"


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_accepts_but_never_answers_fails_the_job_within_seconds(
    client, tree, people, settings, tmp_path, monkeypatch
):
    import socket

    from tests.conftest import tasks_sent_to

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    client.force_login(people.reviewer_x)
    with (
        socket.create_server(("127.0.0.1", 0), backlog=16) as silent,
        tasks_sent_to(f"redis://127.0.0.1:{silent.getsockname()[1]}/0"),
    ):
        started = time.monotonic()
        response = client.post(
            reverse("ratings:report-request", args=[tree.x.pk]), {"kind": "excel", "year": "2025"}
        )
        took = time.monotonic() - started

    assert response.status_code == 302 and took < 4, (
        took
    )  # the socket timeout (2 s), once: not retried for ever
    assert list(Job.objects.values_list("status", "error")) == [("failed", jobs.MESSAGES.broker_down)]


def test_a_job_no_worker_took_is_ended_by_the_sweep_and_not_reused(
    tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    from datetime import timedelta

    settings.MEDIA_ROOT = tmp_path
    settings.JOB_QUEUE_LIMIT = 600
    waiting = Job.objects.create(kind="annual", scope=tree.x, params={"year": 2025})
    Job.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(seconds=601))
    recent = Job.objects.create(kind="annual", scope=tree.x, params={"year": 2024})
    running = Job.objects.create(
        kind="excel", scope=tree.x, params={"year": 2025}, status="running", started_at=timezone.now()
    )
    dead = Job.objects.create(
        kind="rating_list",
        scope=tree.a,
        params={"year": 2025},
        status="running",
        started_at=timezone.now() - timedelta(seconds=settings.JOB_TIME_LIMIT + 1),
    )

    assert job_services.end_stale() == 2

    statuses = {job.pk: (job.status, job.error) for job in Job.objects.all()}
    assert statuses == {
        waiting.pk: ("failed", jobs.MESSAGES.not_taken),
        recent.pk: ("queued", ""),
        running.pk: ("running", ""),
        dead.pk: ("failed", jobs.MESSAGES.interrupted),
    }
    assert settings.CELERY_BEAT_SCHEDULE["end-stale-jobs"] == {
        "task": "branches.tasks.task_end_stale_jobs",
        "schedule": 300,
    }


def test_a_job_waiting_too_long_is_ended_when_looked_at_or_asked_for_again(
    client, tree, people, rated, django_capture_on_commit_callbacks, settings, tmp_path
):
    from datetime import timedelta

    settings.MEDIA_ROOT = tmp_path
    settings.JOB_QUEUE_LIMIT = 600
    old = timezone.now() - timedelta(seconds=601)
    looked_at = Job.objects.create(kind="annual", scope=tree.x, params={"year": 2025})
    asked_again = Job.objects.create(kind="excel", scope=tree.x, params={"year": 2025})
    Job.objects.filter(pk__in=[looked_at.pk, asked_again.pk]).update(created_at=old)
    client.force_login(people.reviewer_x)

    page = client.get(reverse("ratings:report-job", args=[looked_at.pk])).content.decode()
    job = build("excel", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)

    looked_at.refresh_from_db()
    asked_again.refresh_from_db()
    assert (looked_at.status, looked_at.error, jobs.MESSAGES.not_taken in page, "Tạo lại" in page) == (
        "failed",
        jobs.MESSAGES.not_taken,
        True,
        True,
    )
    assert (asked_again.status, asked_again.error) == ("failed", jobs.MESSAGES.not_taken)
    assert (job.pk != asked_again.pk, job.status) == (True, "done")


def test_a_part_delivered_again_counts_once_and_a_half_written_part_is_never_merged(
    tree, people, crowded, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = Job.objects.create(
        kind="annual", scope=tree.x, params={"year": 2025}, requested_by=people.reviewer_x
    )
    parts = job_services.start(job.pk)
    # A worker killed while writing part 1 left a truncated file where the part is written.
    default_storage.save(f"jobs/parts/{job.pk}/0001.part", ContentFile(b"%PDF-1.7\n1 0 obj"))

    lasts = [
        job_services.render_part(job.pk, i) for i in [0, 0, *parts[1:], parts[-1]]
    ]  # part 0, and the last, delivered twice

    job.refresh_from_db()
    assert (len(parts), job.parts_done, job.parts_total, len(job.part_files)) == (4, 4, 4, 4)
    assert lasts == [False, False, False, False, True, True]
    assert job_services.start(job.pk) == []  # the build task delivered again queues nothing more
    job_services.finish(job.pk)
    job.refresh_from_db()
    pages = pdf_text(job)
    assert (job.status, job.pages, len(pages)) == ("done", len(pages), len(pages))
    assert f"Trang {len(pages)}/{len(pages)}" in pages[-1]
    assert not default_storage.exists(f"jobs/parts/{job.pk}/0001.part")  # the orphan is cleaned too


@pytest.mark.parametrize("count", [1, 3])
def test_the_report_list_reads_its_recent_jobs_in_one_query(
    client, tree, people, count, django_assert_num_queries
):
    for year in range(2025 - count, 2025):
        Job.objects.create(
            kind="excel",
            scope=tree.x,
            params={"year": year},
            requested_by=people.province_staff,
            status="done",
        )
    client.force_login(people.reviewer_x)

    with django_assert_num_queries(7):  # session, user, roles, scope, years, the scope's ids, the jobs
        page = client.get(reverse("ratings:report-list", args=[tree.x.pk])).content.decode()

    assert page.count("Bảng số liệu đánh giá, xếp loại (Excel)</a>") == count


@pytest.mark.parametrize(
    "persona", [pytest.param("secretary_b", id="outsider"), pytest.param(None, id="no-user")]
)
def test_a_report_outside_the_requesters_rights_is_refused_and_nothing_is_queued(
    tree, people, persona, django_capture_on_commit_callbacks
):
    by = getattr(people, persona) if persona else None  # a command that names nobody

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
        jobs.request_report(kind="excel", scope=tree.x, year=2025, by=by)

    assert (Job.objects.count(), callbacks) == (0, [])
