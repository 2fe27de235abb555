"""Recognition pages: the whole workflow through the web, refusals shown in Vietnamese with nothing
changed, configuration by administrators, and query-count guards on the list pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.models import DownloadLog, Organisation
from branches.services import STALE_MESSAGE
from branches.services.criteria_sets import copy_criteria_set
from ratings import services
from ratings.models import Recognition, RecognitionScheme, RecognitionTarget
from tests.documents import pdf_bytes, pdf_upload
from tests.factories import MemberFactory, OrganisationFactory, root
from tests.ratings.test_recognitions import JANUARY, meetings, rate

THIS_YEAR = date.today().year  # registering through the pages is for the year under way


def template(code: str) -> RecognitionScheme:
    return RecognitionScheme.objects.get(code=code, province__isnull=True)


@pytest.fixture
def hamlets(tree):
    Organisation.objects.filter(pk__in=[tree.a.pk, tree.a2.pk]).update(area_type="ap")
    tree.a.refresh_from_db()
    return tree


@pytest.fixture
def good_year(hamlets):
    crew = [MemberFactory(organisation=hamlets.a) for _ in range(3)]
    for year in (2025, THIS_YEAR):
        rate(hamlets.province, year, members={m: "HTTNV" for m in crew}, orgs={hamlets.a: "HTTNV"})
        meetings(hamlets.a, year)
    return crew


def post_form(client, name, pk, data):
    return client.post(reverse(f"ratings:{name}", args=[pk]), data)


def test_a_chi_bo_goes_from_registration_to_recognition_through_the_pages(
    client, tree, people, good_year, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.secretary_a)
    scheme = template("chi-bo-bon-tot")

    client.post(reverse("ratings:recognition-register", args=[tree.a.pk, THIS_YEAR]), {"scheme": scheme.pk})
    rec = Recognition.objects.get(organisation=tree.a, year=THIS_YEAR)
    manual = list(rec.results.filter(kind="manual"))
    report = {
        "version": rec.version,
        "note": "Hoàn thành các chỉ tiêu năm 2025.",
        **{f"evidence_{r.pk}": "Có nghị quyết và báo cáo." for r in manual},
        f"file_{manual[0].pk}": pdf_upload("bao-cao.pdf"),
    }
    post_form(client, "recognition-report", rec.pk, report)
    rec.refresh_from_db()

    client.force_login(people.reviewer_x)
    post_form(
        client,
        "recognition-appraise",
        rec.pk,
        {
            "version": rec.version,
            "note": "Đủ điều kiện.",
            **{f"verdict_{r.pk}": "1" for r in rec.results.all()},
        },
    )
    rec.refresh_from_db()
    response = post_form(
        client,
        "recognition-decide",
        rec.pk,
        {
            "version": rec.version,
            "outcome": "recognise",
            "decision_number": "12-QĐ/ĐU",
            "decided_on": "15/01/2026",
        },
    )
    page = client.get(reverse("ratings:recognition-org", args=[tree.a.pk, THIS_YEAR]))
    evidence = client.get(reverse("ratings:recognition-evidence", args=[manual[0].pk]))

    rec.refresh_from_db()
    assert (response.status_code, rec.status, rec.decision_number, rec.decided_on) == (
        302,
        "recognised",
        "12-QĐ/ĐU",
        date(2026, 1, 15),
    )
    assert list(rec.events.values_list("to_status", flat=True)) == [
        "registered",
        "reported",
        "appraised",
        "recognised",
    ]
    assert "Quyết định công nhận số 12-QĐ/ĐU ngày 15/01/2026" in page.content.decode()
    assert b"".join(evidence.streaming_content) == pdf_bytes()
    assert list(DownloadLog.objects.values_list("user__username", "what", "scope_path")) == [
        ("xetduyet_x", "Minh chứng danh hiệu: bao-cao.pdf", tree.a.path)
    ]


def test_recognising_before_the_appraisal_shows_the_rule_and_changes_nothing(client, tree, people, good_year):
    rec = services.register_recognition(
        scheme=template("chi-bo-bon-tot"), organisation=tree.a, year=2025, today=JANUARY, by=root()
    )
    client.force_login(people.reviewer_x)

    response = post_form(
        client,
        "recognition-decide",
        rec.pk,
        {
            "version": rec.version,
            "outcome": "recognise",
            "decision_number": "12-QĐ/ĐU",
            "decided_on": "15/01/2026",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Chỉ quyết định công nhận sau khi thẩm định (hồ sơ “Chi bộ bốn tốt” năm 2025 của Chi bộ ấp Chợ Dưới "
        "đang ở bước “Đã đăng ký”)."
    ]
    rec.refresh_from_db()
    assert (rec.status, rec.version, rec.events.count()) == ("registered", 0, 1)


def test_a_stale_form_is_refused_with_the_reload_message(client, tree, people, good_year):
    rec = services.register_recognition(
        scheme=template("chi-bo-bon-tot"), organisation=tree.a, year=2025, today=JANUARY, by=root()
    )
    client.force_login(people.reviewer_x)
    response = post_form(
        client,
        "recognition-decide",
        rec.pk,
        {
            "version": rec.version + 1,
            "outcome": "refuse",
            "decided_on": "15/01/2026",
            "note": "Chưa báo cáo.",
        },
    )
    assert response.context["form"].non_field_errors() == [STALE_MESSAGE]
    assert Recognition.objects.get(pk=rec.pk).status == "registered"


def test_the_report_page_asks_for_evidence_beside_the_criterion(client, tree, people, good_year):
    rec = services.register_recognition(
        scheme=template("chi-bo-bon-tot"), organisation=tree.a, year=2025, today=JANUARY, by=root()
    )
    client.force_login(people.secretary_a)
    manual = list(rec.results.filter(kind="manual"))
    response = post_form(
        client, "recognition-report", rec.pk, {"version": rec.version, f"evidence_{manual[0].pk}": "Có."}
    )
    assert response.context["form"].errors == {
        f"evidence_{manual[1].pk}": ["Hãy nêu kết quả thực hiện, minh chứng cho tiêu chí này."]
    }
    assert Recognition.objects.get(pk=rec.pk).status == "registered"


def test_a_file_that_is_not_a_scan_is_refused(client, tree, people, good_year):
    rec = services.register_recognition(
        scheme=template("chi-bo-bon-tot"), organisation=tree.a, year=2025, today=JANUARY, by=root()
    )
    client.force_login(people.secretary_a)
    manual = list(rec.results.filter(kind="manual"))
    data = {
        "version": rec.version,
        **{f"evidence_{r.pk}": "Có." for r in manual},
        f"file_{manual[0].pk}": SimpleUploadedFile("a.exe", b"MZ....", content_type="application/pdf"),
    }
    response = post_form(client, "recognition-report", rec.pk, data)
    assert response.context["form"].errors == {f"file_{manual[0].pk}": ["Chỉ nhận tệp PDF, JPG hoặc PNG."]}


def test_an_administrator_edits_the_provinces_criteria(client, tree, people):
    own = copy_criteria_set(source=template("chi-bo-kieu-mau"), province=tree.province, by=root())
    client.force_login(people.admin)
    rows = [
        {
            "group": "",
            "label": "Sinh hoạt chuyên đề mỗi quý 1 lần",
            "kind": "computed",
            "measure": "thematic_quarters",
            "level": "",
            "comparison": "ge",
            "threshold": "4",
        },
        {
            "group": "",
            "label": "Có mô hình mới trong năm",
            "kind": "manual",
            "measure": "",
            "level": "",
            "comparison": "",
            "threshold": "",
        },
    ]
    data = {
        "name": "Chi bộ ấp kiểu mẫu (Trà Vinh)",
        "issuing_body": "Tỉnh ủy Trà Vinh",
        "basis": "",
        "valid_from": 2024,
        "valid_until": "",
        "applies_to": ["cell"],
        "area_types": ["ap", "khom"],
        "years_running": 1,
        "appraised_by": "Ban Xây dựng Đảng đảng ủy xã",
        "decided_by": "Ban Thường vụ đảng ủy xã",
        "revocation": "",
        "version": own.version,
        "form-TOTAL_FORMS": 2,
        "form-INITIAL_FORMS": 0,
        **{f"form-{i}-{k}": v for i, r in enumerate(rows) for k, v in r.items()},
    }

    response = client.post(reverse("branches:criteria-edit", args=["danh-hieu", own.pk]), data)

    own.refresh_from_db()
    assert response.status_code == 302
    assert (own.name, own.valid_from, own.area_types, own.version) == (
        "Chi bộ ấp kiểu mẫu (Trà Vinh)",
        2024,
        ["ap", "khom"],
        1,
    )
    assert list(own.criteria.values_list("label", "measure", "threshold")) == [
        ("Sinh hoạt chuyên đề mỗi quý 1 lần", "thematic_quarters", Decimal("4.00")),
        ("Có mô hình mới trong năm", "", None),
    ]


def test_a_target_set_on_the_page_shows_against_the_share(client, tree, people, hamlets):
    client.force_login(people.admin)
    scheme = template("chi-bo-tsvmtd")
    client.post(
        reverse("ratings:recognition-target", args=[scheme.pk]),
        {
            "scope": tree.province.pk,
            "year": 2025,
            "min_share": "40",
            "max_share": "50",
            "note": "Nghị quyết Đại hội",
        },
    )
    response = client.get(reverse("ratings:recognition-scheme-list"), {"year": 2025})

    assert list(RecognitionTarget.objects.values_list("scope__code", "year", "min_share", "max_share")) == [
        ("TV", 2025, Decimal("40.00"), Decimal("50.00"))
    ]
    [row] = [r for r in response.context["rows"] if r.scheme == scheme]
    assert (row.eligible, row.recognised, row.target_rows[0][1]) == (2, 0, "below")
    assert "Chỉ tiêu Đảng bộ tỉnh Trà Vinh đến năm 2025: 40%–50%" in response.content.decode()


@pytest.mark.parametrize("items", [1, 3])
def test_scheme_list_queries_do_not_grow(client, tree, people, django_assert_num_queries, items):
    keep = ["chi-bo-bon-tot", "chi-bo-kieu-mau", "chi-bo-tsvmtd"][:items]
    RecognitionScheme.objects.exclude(code__in=keep).update(valid_from=2030)
    client.force_login(people.reviewer_x)
    with django_assert_num_queries(9):
        response = client.get(reverse("ratings:recognition-scheme-list"), {"year": 2025})
    assert sorted(r.scheme.code for r in response.context["rows"]) == sorted(keep)


@pytest.mark.parametrize("items", [1, 3])
def test_scheme_registrations_queries_do_not_grow(client, tree, people, django_assert_num_queries, items):
    branches = [
        OrganisationFactory(parent=tree.x, name=f"Chi bộ ấp Số {i}", area_type="ap") for i in range(items)
    ]
    scheme = template("chi-bo-bon-tot")
    for branch in branches:
        services.register_recognition(scheme=scheme, organisation=branch, year=2025, today=JANUARY, by=root())
    client.force_login(people.reviewer_x)
    with django_assert_num_queries(20):
        response = client.get(reverse("ratings:recognition-scheme-detail", args=[scheme.pk]), {"year": 2025})
    assert [(rec.organisation.name, met, total) for rec, met, total in response.context["rows"]] == [
        (b.name, 1, 6) for b in branches
    ]  # only "no member disciplined" holds on a year with no records
