"""Recognitions: the measures library (pure judgement and bulk reads), the workflow services and
their refusals (each leaves the database as it was), revocation after a re-rating, the defaults."""

import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from branches import formatting
from branches import services as branch_services
from branches.models import Organisation
from branches.services import STALE_MESSAGE
from branches.services.criteria_sets import copy_criteria_set, update_criteria_set
from meetings.models import Attendance, Meeting
from ratings import measures, services
from ratings.models import (
    MemberRating,
    OrganisationRating,
    RatingPeriod,
    Recognition,
    RecognitionEvent,
    RecognitionResult,
    RecognitionScheme,
    RecognitionTarget,
)
from ratings.models.recognitions import scheme_overview
from ratings.rules.common import regime_for
from ratings.rules.recognition import Fact, Judgement, Rule, judge, judge_years
from tests.documents import image_bytes, pdf_bytes, pdf_upload
from tests.factories import MemberFactory, OrganisationFactory, root, user_with_role

JANUARY = date(2025, 1, 15)  # registrations are made at the start of the year they are for


# Pure: the judgement of a value against a criterion ------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "fact", "met", "explanation"),
    [
        (
            Rule("member_share", "HTTNV", "ge", Decimal(80)),
            Fact(Fraction(90), "18/20 đảng viên"),
            True,
            "18/20 đảng viên — yêu cầu ≥ 80%: đạt.",
        ),
        (
            Rule("member_share", "HTTNV", "ge", Decimal(80)),
            Fact(Fraction(1500, 19), "15/19 đảng viên"),
            False,
            "15/19 đảng viên — yêu cầu ≥ 80%: chưa đạt.",
        ),
        (
            Rule("member_share", "HTNV", "ge", Decimal(100)),
            Fact(Fraction(100), "20/20 đảng viên"),
            True,
            "20/20 đảng viên — yêu cầu ≥ 100%: đạt.",
        ),
        (
            Rule("regular_meetings", "", "ge", Decimal(12)),
            Fact(Fraction(11), "11/12 kỳ"),
            False,
            "11/12 kỳ — yêu cầu ≥ 12: chưa đạt.",
        ),
        (
            Rule("members_disciplined", "", "eq", Decimal(0)),
            Fact(Fraction(0), "Không có đảng viên bị kỷ luật."),
            True,
            "Không có đảng viên bị kỷ luật — yêu cầu = 0: đạt.",
        ),
        (
            Rule("branches_clean_share", "", "ge", Decimal("87.5")),
            Fact(Fraction(175, 2), "7/8 chi bộ"),
            True,
            "7/8 chi bộ — yêu cầu ≥ 87,5%: đạt.",
        ),
        (
            Rule("org_level", "HTTNV", "ge"),
            Fact(Fraction(3), "Năm 2025: Hoàn thành xuất sắc nhiệm vụ."),
            True,
            "Năm 2025: Hoàn thành xuất sắc nhiệm vụ — yêu cầu từ Hoàn thành tốt nhiệm vụ trở lên: đạt.",
        ),
        (
            Rule("org_level", "HTTNV", "ge"),
            Fact(Fraction(1), "Năm 2025: Hoàn thành nhiệm vụ."),
            False,
            "Năm 2025: Hoàn thành nhiệm vụ — yêu cầu từ Hoàn thành tốt nhiệm vụ trở lên: chưa đạt.",
        ),
        (
            Rule("org_level", "HTXSNV", "ge"),
            Fact(None, "Năm 2025 chưa có kết quả xếp loại chất lượng."),
            False,
            "Năm 2025 chưa có kết quả xếp loại chất lượng. Yêu cầu từ Hoàn thành xuất sắc nhiệm vụ trở lên: chưa đạt.",
        ),
    ],
)
def test_judge_compares_the_value_with_the_threshold_exactly(rule, fact, met, explanation):
    assert judge(rule, fact) == Judgement(
        met,
        None if fact.number is None else round(Decimal(fact.number.numerator) / fact.number.denominator, 2),
        explanation,
    )


def test_a_share_just_under_the_threshold_is_not_rounded_up():
    assert (
        judge(Rule("member_share", "HTTNV", "ge", Decimal(80)), Fact(Fraction(79995, 1000), "")).met is False
    )


def test_years_running_needs_every_year_and_says_which_failed():
    rule = Rule("org_level", "HTXSNV", "ge")
    facts = {
        2024: Fact(Fraction(2), "Năm 2024: Hoàn thành tốt nhiệm vụ."),
        2025: Fact(Fraction(3), "Năm 2025: Hoàn thành xuất sắc nhiệm vụ."),
    }
    result = judge_years(rule, facts)
    assert (result.met, result.value) == (False, Decimal("3.00"))
    assert result.explanation.endswith("Yêu cầu 2 năm liền — 2024: chưa đạt; 2025: đạt.")


@pytest.mark.parametrize(
    ("value", "shown"), [(Fraction(175, 2), "87,5"), (Fraction(90), "90"), (Fraction(200, 3), "66,7")]
)
def test_numbers_read_the_vietnamese_way(value, shown):
    assert formatting.number(value, 1, trim=True) == shown  # as the explanations print them


# Facts the tests build on: ratings, meetings and discipline as the other workflows leave them ---------


def rate(province, year, members=None, orgs=None, status="decided") -> RatingPeriod:
    """The year's results as the rating workflow leaves them (that workflow is tested on its own)."""
    period, _ = RatingPeriod.objects.get_or_create(
        province=province,
        year=year,
        defaults={
            "regime": regime_for(year),
            "finish_by": date(year, 12, 31),
            "files_by": date(year + 1, 2, 1),
        },
    )
    MemberRating.objects.bulk_create(
        MemberRating(
            period=period, member=m, organisation=m.organisation, sheet="PL5", status=status, level=level
        )
        for m, level in (members or {}).items()
    )
    OrganisationRating.objects.bulk_create(
        OrganisationRating(period=period, organisation=o, status=status, level=level)
        for o, level in (orgs or {}).items()
    )
    return period


def meetings(org, year, regular=12, thematic=4, level="tot"):
    """Finalised records as the meeting workflow leaves them (tested in tests/meetings)."""
    rows = [
        Meeting(organisation=org, kind="regular", year=year, month=m, status="finalised", level=level)
        for m in range(1, regular + 1)
    ]
    rows += [
        Meeting(organisation=org, kind="thematic", year=year, month=3 * q, status="finalised", level=level)
        for q in range(1, thematic + 1)
    ]
    return Meeting.objects.bulk_create(rows)


@pytest.fixture
def crew(tree):
    Organisation.objects.filter(pk__in=[tree.a.pk, tree.a2.pk, tree.b.pk]).update(area_type="ap")
    for org in (tree.a, tree.a2, tree.b):
        org.refresh_from_db()
    return [MemberFactory(organisation=tree.a) for _ in range(5)]


@pytest.fixture
def good_year(tree, crew):
    """Chi bộ A meets every measurable condition of "Chi bộ bốn tốt" in 2025."""
    rate(tree.province, 2025, members={m: "HTTNV" for m in crew}, orgs={tree.a: "HTXSNV", tree.x: "HTTNV"})
    meetings(tree.a, 2025)
    return crew


def scheme(code) -> RecognitionScheme:
    return RecognitionScheme.objects.get(code=code, province__isnull=True)


def evaluate(code, orgs, year):
    s = scheme(code)
    return measures.evaluate(
        [c.rule() for c in s.criteria.all() if c.is_computed], orgs, year, s.years_running
    )


# Reads ---------------------------------------------------------------------------------------------


def test_member_share_counts_decided_levels_and_says_who_is_still_waiting(tree, crew):
    rate(
        tree.province, 2025, members={crew[0]: "HTXSNV", crew[1]: "HTTNV", crew[2]: "HTNV", crew[3]: "HTTNV"}
    )
    rate(tree.province, 2025, members={crew[4]: ""}, status="pending")
    excluded = MemberFactory(organisation=tree.a)
    rate(tree.province, 2025, members={excluded: ""}, status="excluded")

    facts = measures.READERS["member_share"]([tree.a, tree.x, tree.b], [2025], "HTTNV")

    assert facts[(tree.a.pk, 2025)] == Fact(
        Fraction(60), "3/5 đảng viên hoàn thành tốt nhiệm vụ trở lên (60%); còn 1 đồng chí chưa có kết quả."
    )
    assert facts[(tree.x.pk, 2025)].number == Fraction(60)  # the commune counts its chi bộ's members
    assert facts[(tree.b.pk, 2025)] == Fact(None, "Năm 2025 chưa có đảng viên được xếp loại.")


def test_meeting_measures_read_finalised_records_only(tree, crew):
    meetings(tree.a, 2025, regular=11, thematic=3, level="kha")
    Meeting.objects.filter(organisation=tree.a, month=1, kind="regular").update(level="tot")
    Meeting.objects.create(organisation=tree.a, kind="regular", year=2025, month=12, status="draft")
    held = Meeting.objects.filter(organisation=tree.a, kind="regular").order_by("month")
    Attendance.objects.bulk_create(
        [Attendance(meeting=held[0], member=m, status="present") for m in crew[:4]]
        + [Attendance(meeting=held[0], member=crew[4], status="excused")]
    )
    orgs, years = [tree.a], [2025]

    read = {
        name: measures.READERS[name](orgs, years, "")[(tree.a.pk, 2025)].shown
        for name in (
            "regular_meetings",
            "thematic_meetings",
            "thematic_quarters",
            "good_meeting_share",
            "attendance_share",
        )
    }

    assert read == {
        "regular_meetings": "11/12 kỳ sinh hoạt thường kỳ đã hoàn tất biên bản.",
        "thematic_meetings": "3 buổi sinh hoạt chuyên đề.",
        "thematic_quarters": "3/4 quý có sinh hoạt chuyên đề (quý 1, 2, 3).",
        "good_meeting_share": "1/14 buổi sinh hoạt xếp loại Tốt (7,1%).",
        "attendance_share": "4/5 lượt có mặt (80%).",
    }


def test_discipline_measures_count_members_committee_members_and_chi_bo(tree, crew):
    branch_services.add_position(
        member=crew[0], organisation=tree.a, title="chi_uy_vien", starts_on=date(2024, 1, 1), by=root()
    )
    for member in crew[:2]:
        branch_services.discipline_member(
            member=member,
            form="khien_trach",
            decision_number="01-QĐ/ĐU",
            decided_on=date(2025, 5, 1),
            authority="Đảng ủy xã",
            by=root(),
        )
    orgs, years = [tree.a, tree.a2, tree.g, tree.x], [2025, 2026]

    def shown(name):
        facts = measures.READERS[name](orgs, years, "")
        return [facts[(o.pk, y)].shown for o in orgs for y in years]

    assert shown("members_disciplined")[:2] == [
        "2 đảng viên bị kỷ luật trong năm.",
        "Không có đảng viên bị kỷ luật trong năm.",
    ]
    assert shown("committee_disciplined")[:2] == [
        "1 cấp ủy viên bị kỷ luật trong năm.",
        "Không có cấp ủy viên bị kỷ luật trong năm.",
    ]
    assert shown("branches_clean_share")[4:] == [  # G, then X (A, A2 and G's G1 below it)
        "1/1 chi bộ trực thuộc không có đảng viên bị kỷ luật (100%).",
        "1/1 chi bộ trực thuộc không có đảng viên bị kỷ luật (100%).",
        "2/3 chi bộ trực thuộc không có đảng viên bị kỷ luật (66,7%).",
        "3/3 chi bộ trực thuộc không có đảng viên bị kỷ luật (100%).",
    ]
    assert shown("branches_leader_disciplined")[6:] == [
        "1 chi bộ trực thuộc có cấp ủy viên bị kỷ luật.",
        "Không có chi bộ trực thuộc có cấp ủy viên bị kỷ luật.",
    ]


def test_four_good_defaults_pass_on_a_good_year_and_name_each_gap(tree, good_year):
    assert [j.met for j in evaluate("chi-bo-bon-tot", [tree.a], 2025)[tree.a.pk]] == [True] * 6
    branch_services.discipline_member(
        member=good_year[0],
        form="khien_trach",
        decision_number="02-QĐ/CB",
        decided_on=date(2025, 9, 1),
        authority="Chi bộ",
        by=root(),
    )
    Meeting.objects.filter(organisation=tree.a, kind="regular", month=12).delete()

    failing = [j.explanation for j in evaluate("chi-bo-bon-tot", [tree.a], 2025)[tree.a.pk] if not j.met]

    assert failing == [
        "11/12 kỳ sinh hoạt thường kỳ đã hoàn tất biên bản — yêu cầu ≥ 12: chưa đạt.",
        "1 đảng viên bị kỷ luật trong năm — yêu cầu = 0: chưa đạt.",
    ]


def test_years_running_reads_each_year_of_the_level(tree, crew):
    for year in (2021, 2022, 2023, 2024, 2025):
        rate(tree.province, year, orgs={tree.a: "HTXSNV" if year != 2022 else "HTTNV", tree.a2: "HTXSNV"})

    judged = evaluate("htxsnv-tieu-bieu-5-nam", [tree.a, tree.a2], 2025)

    assert [judged[tree.a.pk][0].met, judged[tree.a2.pk][0].met] == [False, True]
    assert "2022: chưa đạt" in judged[tree.a.pk][0].explanation


@pytest.mark.parametrize("orgs", [1, 3])
def test_evaluation_reads_once_per_measure_however_many_organisations(
    tree, crew, django_assert_num_queries, orgs
):
    branches = [OrganisationFactory(parent=tree.x, area_type="ap") for _ in range(orgs)]
    rules = [c.rule() for c in scheme("chi-bo-bon-tot").criteria.all() if c.is_computed]
    with django_assert_num_queries(6):  # 5 distinct measures, member_share at two levels
        judged = measures.evaluate(rules, branches, 2025)
    assert len(judged) == orgs


# The workflow --------------------------------------------------------------------------------------


def state() -> list:
    return [
        list(
            Recognition.objects.order_by("pk").values_list(
                "pk", "status", "version", "decision_number", "revoked_reason"
            )
        ),
        list(
            RecognitionResult.objects.order_by("pk").values_list(
                "pk", "confirmed", "value", "evidence", "computed_met"
            )
        ),
        RecognitionEvent.objects.count(),
    ]


def refused(call, message):
    before = state()
    with pytest.raises(ValidationError) as error:
        call()
    assert message in " ".join(error.value.messages)
    assert state() == before


def evidence_for(rec) -> dict[int, str]:
    return {r.pk: f"Đã thực hiện: {r.label[:30]}" for r in rec.results.filter(kind="manual")}


def report(rec, by=None, **extra):
    rec.refresh_from_db()
    return services.report_recognition(
        recognition=rec, version=rec.version, evidence=evidence_for(rec), by=by or root(), **extra
    )


def appraise(rec, verdict=True, by=None, overrides=None):
    rec.refresh_from_db()
    verdicts = {r.pk: (overrides or {}).get(r.pk, verdict) for r in rec.results.all()}
    return services.appraise_recognition(
        recognition=rec, version=rec.version, verdicts=verdicts, by=by or root()
    )


def recognise(rec, by=None):
    rec.refresh_from_db()
    return services.recognise(
        recognition=rec,
        version=rec.version,
        decision_number="45-QĐ/ĐU",
        decided_on=date(2026, 1, 20),
        by=by or root(),
    )


@pytest.fixture
def four_good(tree, people, good_year):
    return services.register_recognition(
        scheme=scheme("chi-bo-bon-tot"), organisation=tree.a, year=2025, today=JANUARY, by=people.secretary_a
    )


def test_the_whole_workflow_records_every_step_and_the_report_keeps_the_values(
    tree, people, four_good, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    manual = four_good.results.filter(kind="manual").first()
    scan = pdf_upload("nghi-quyet.pdf")

    report(four_good, by=people.secretary_a, note="Hoàn thành các chỉ tiêu.", files={manual.pk: scan})
    appraise(four_good, by=people.reviewer_x)
    rec = recognise(four_good, by=people.reviewer_x)

    assert (rec.status, rec.decision_number, rec.decided_on) == ("recognised", "45-QĐ/ĐU", date(2026, 1, 20))
    assert list(rec.events.values_list("from_status", "to_status", "by__username")) == [
        ("", "registered", "bithu_a"),
        ("registered", "reported", "bithu_a"),
        ("reported", "appraised", "xetduyet_x"),
        ("appraised", "recognised", "xetduyet_x"),
    ]
    results = list(rec.results.all())
    assert [(r.computed_met, r.confirmed) for r in results if r.is_computed] == [(True, True)] * 6
    level = results[0]
    assert (level.value, level.value_text) == (
        Decimal("3.00"),
        "Năm 2025: Hoàn thành xuất sắc nhiệm vụ — yêu cầu từ Hoàn thành tốt nhiệm vụ trở lên: đạt.",
    )
    manual.refresh_from_db()
    assert (manual.evidence, manual.attachment_name, manual.attachment.read()) == (
        f"Đã thực hiện: {manual.label[:30]}",
        "nghi-quyet.pdf",
        pdf_bytes(),
    )


def test_evidence_is_stored_under_a_generated_name_with_the_extension_of_what_it_is(
    people, four_good, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    manual = four_good.results.filter(kind="manual").first()
    photo = SimpleUploadedFile(
        "Ảnh mô hình.JPEG", image_bytes("JPEG"), content_type="application/octet-stream"
    )

    report(four_good, by=people.secretary_a, files={manual.pk: photo})

    manual.refresh_from_db()
    assert re.fullmatch(r"recognitions/\d{4}/[0-9a-f]{32}\.jpg", manual.attachment.name)
    assert (manual.attachment_name, manual.attachment_type) == ("Ảnh mô hình.JPEG", "image/jpeg")


def test_evidence_that_only_looks_like_a_pdf_is_refused_next_to_its_criterion(
    people, four_good, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    manual = four_good.results.filter(kind="manual").first()
    fake = SimpleUploadedFile(
        "bao-cao.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>", content_type="application/pdf"
    )

    with pytest.raises(ValidationError) as refused:
        report(four_good, by=people.secretary_a, files={manual.pk: fake})

    assert refused.value.message_dict == {f"file_{manual.pk}": ["Chỉ nhận tệp PDF, JPG hoặc PNG."]}
    four_good.refresh_from_db()
    assert (four_good.status, list(tmp_path.rglob("*.*"))) == ("registered", [])


def test_skipping_a_step_is_refused(people, four_good):
    refused(lambda: appraise(four_good, by=people.reviewer_x), "Chỉ thẩm định hồ sơ đã báo cáo tự đánh giá")
    refused(lambda: recognise(four_good, by=people.reviewer_x), "Chỉ quyết định công nhận sau khi thẩm định")
    report(four_good)
    refused(lambda: recognise(four_good, by=people.reviewer_x), "đang ở bước “Đã báo cáo tự đánh giá”")


def test_a_manual_criterion_needs_its_evidence(four_good):
    first = four_good.results.filter(kind="manual").first()
    refused(
        lambda: services.report_recognition(
            recognition=four_good,
            version=four_good.version,
            evidence={**evidence_for(four_good), first.pk: "  "},
            by=root(),
        ),
        "Hãy nêu kết quả thực hiện, minh chứng cho tiêu chí này.",
    )


def test_a_failing_computed_criterion_cannot_be_confirmed_or_recognised_only_refused(
    tree, people, four_good, good_year
):
    report(four_good)
    branch_services.discipline_member(
        member=good_year[0],
        form="khien_trach",
        decision_number="03-QĐ/CB",
        decided_on=date(2025, 11, 2),
        authority="Chi bộ",
        by=root(),
    )
    refused(
        lambda: appraise(four_good, by=people.reviewer_x),
        "Tiêu chí “Không có đảng viên bị xử lý kỷ luật trong năm” chưa đạt theo dữ liệu: 1 đảng viên bị kỷ luật",
    )
    disciplined = four_good.results.get(measure="members_disciplined")
    appraise(four_good, by=people.reviewer_x, overrides={disciplined.pk: False})

    refused(
        lambda: recognise(four_good, by=people.reviewer_x),
        "Không thể công nhận: chưa đạt tiêu chí “Không có đảng viên bị xử lý kỷ luật trong năm”. Hãy quyết định không công nhận.",
    )
    four_good.refresh_from_db()
    rec = services.refuse_recognition(
        recognition=four_good,
        version=four_good.version,
        reason="Có đảng viên bị kỷ luật.",
        decided_on=date(2026, 1, 20),
        by=people.reviewer_x,
    )
    assert (rec.status, rec.decision_note, rec.events.last().note) == (
        "refused",
        "Có đảng viên bị kỷ luật.",
        "Có đảng viên bị kỷ luật.",
    )


def test_the_data_changing_after_the_appraisal_stops_the_recognition(people, four_good, good_year):
    report(four_good)
    appraise(four_good, by=people.reviewer_x)
    Meeting.objects.filter(kind="regular", month=12).update(status="draft")
    refused(
        lambda: recognise(four_good, by=people.reviewer_x),
        "chưa đạt tiêu chí “Sinh hoạt thường kỳ đủ 12/12 kỳ trong năm”",
    )


def test_deciding_out_of_scope_is_refused(tree, people, four_good):
    report(four_good)
    refused(
        lambda: appraise(four_good, by=people.secretary_a),
        "thuộc cấp ủy cấp trên của tổ chức này, ngoài phạm vi của đồng chí",
    )
    # A reviewer decides for the organisations below their committee, not for their own.
    own = services.register_recognition(
        scheme=scheme("dang-bo-co-so-bon-tot"), organisation=tree.g, year=2025, today=JANUARY, by=root()
    )
    report(own)
    refused(lambda: appraise(own, by=user_with_role("xetduyet_g", tree.g, "reviewer")), "ngoài phạm vi")
    assert appraise(own, verdict=False, by=people.reviewer_x).status == "appraised"


def test_a_stale_version_is_refused(people, four_good):
    stale = four_good.version
    report(four_good)
    refused(
        lambda: services.report_recognition(
            recognition=four_good, version=stale, evidence=evidence_for(four_good), by=root()
        ),
        STALE_MESSAGE,
    )


@pytest.mark.parametrize(
    ("code", "org", "year", "message"),
    [
        (
            "chi-bo-bon-tot",
            "g",
            2025,
            "áp dụng cho chi bộ trực thuộc, chi bộ cơ sở; không áp dụng cho Đảng bộ cơ quan xã (đảng bộ cơ sở)",
        ),
        (
            "chi-bo-tsvmtd",
            "g1",
            2025,
            "(ấp, khóm, thôn, tổ dân phố); không áp dụng cho Chi bộ Cơ quan chính quyền",
        ),
        ("htxsnv-tieu-bieu-5-nam", "a", 2024, "áp dụng từ năm 2025; không đăng ký cho năm 2024"),
        ("chi-bo-bon-tot", "a", 2025, "Chi bộ ấp Chợ Dưới đã đăng ký “Chi bộ bốn tốt” năm 2025."),
    ],
)
def test_registering_where_the_scheme_does_not_apply_is_refused(tree, four_good, code, org, year, message):
    refused(
        lambda: services.register_recognition(
            scheme=scheme(code),
            organisation=getattr(tree, org),
            year=year,
            today=date(year, 1, 10),
            by=root(),
        ),
        message,
    )


def test_registering_for_a_year_already_over_is_refused(tree, crew):
    refused(
        lambda: services.register_recognition(
            scheme=scheme("chi-bo-bon-tot"), organisation=tree.a, year=2024, today=JANUARY, by=root()
        ),
        "Năm 2024 đã qua: danh hiệu được đăng ký vào đầu năm xét.",
    )


def test_the_same_title_is_registered_once_a_year_whichever_version(tree, people, four_good):
    own = copy_criteria_set(source=scheme("chi-bo-bon-tot"), province=tree.province, by=people.admin)
    refused(
        lambda: services.register_recognition(
            scheme=own, organisation=tree.a, year=2025, today=JANUARY, by=root()
        ),
        "Chi bộ ấp Chợ Dưới đã đăng ký “Chi bộ bốn tốt” năm 2025.",
    )


def test_a_province_version_replaces_the_template_of_the_same_code(tree, people, crew):
    own = copy_criteria_set(source=scheme("chi-bo-kieu-mau"), province=tree.province, by=people.admin)
    refused(
        lambda: services.register_recognition(
            scheme=scheme("chi-bo-kieu-mau"), organisation=tree.a, year=2025, today=JANUARY, by=root()
        ),
        "Tỉnh đã ban hành tiêu chí riêng",
    )
    assert [
        s.pk for s in RecognitionScheme.objects.applying_to(tree.a, 2025) if s.code == "chi-bo-kieu-mau"
    ] == [own.pk]


def test_a_secretary_cannot_register_another_chi_bo(tree, people, crew):
    refused(
        lambda: services.register_recognition(
            scheme=scheme("chi-bo-bon-tot"),
            organisation=tree.a,
            year=2025,
            today=JANUARY,
            by=people.secretary_b,
        ),
        "Đồng chí không phụ trách Chi bộ ấp Chợ Dưới",
    )


def test_revoking_needs_a_reason_and_records_it(people, four_good):
    report(four_good)
    appraise(four_good, by=people.reviewer_x)
    rec = recognise(four_good, by=people.reviewer_x)
    refused(
        lambda: services.revoke_recognition(
            recognition=rec, version=rec.version, reason=" ", revoked_on=date(2026, 3, 1), by=root()
        ),
        "Hãy nêu lý do hủy công nhận.",
    )
    rec = services.revoke_recognition(
        recognition=rec,
        version=rec.version,
        reason="Phát hiện vi phạm sau khi công nhận.",
        revoked_on=date(2026, 3, 1),
        by=people.reviewer_x,
    )
    assert (rec.status, rec.revoked_on, rec.revoked_reason) == (
        "revoked",
        date(2026, 3, 1),
        "Phát hiện vi phạm sau khi công nhận.",
    )
    assert list(rec.events.values_list("from_status", "to_status", "note"))[-1] == (
        "recognised",
        "revoked",
        "Phát hiện vi phạm sau khi công nhận.",
    )


# Revocation after a re-rating ---------------------------------------------------------------------


@pytest.fixture
def comprehensive(tree, people, crew):
    """Chi bộ A recognised "trong sạch, vững mạnh toàn diện" for 2025 on HTXSNV in 2024 and 2025."""
    rate(tree.province, 2024, orgs={tree.a: "HTXSNV"})
    rate(tree.province, 2025, orgs={tree.a: "HTXSNV"})
    rec = services.register_recognition(
        scheme=scheme("chi-bo-tsvmtd"), organisation=tree.a, year=2025, today=JANUARY, by=root()
    )
    report(rec)
    appraise(rec, by=people.reviewer_x)
    return recognise(rec, by=people.reviewer_x)


def test_a_rerating_that_removes_the_basis_revokes_the_recognition(tree, people, comprehensive):
    rating = OrganisationRating.objects.current().get(organisation=tree.a, period__year=2024)

    services.rerate_organisation(
        rating=rating,
        version=rating.version,
        level="HTTNV",
        reason="Kê khai chưa trung thực",
        decision_number="05-QĐ/ĐU",
        decided_on=date(2026, 4, 1),
        by=people.reviewer_x,
    )

    comprehensive.refresh_from_db()
    assert comprehensive.status == "revoked"
    assert comprehensive.revoked_reason.startswith(
        "Xếp loại lại năm 2024 của Chi bộ ấp Chợ Dưới: tiêu chí “Chi bộ hoàn thành xuất sắc nhiệm vụ từ 2 năm liên tục trở lên” "
        "không còn đạt"
    )
    assert comprehensive.events.last().by == people.reviewer_x


def test_a_rerating_that_keeps_the_basis_changes_nothing(tree, people, comprehensive):
    before = state()
    revoked = services.revoke_after_rerating(organisation=tree.a, year=2023, by=people.reviewer_x)
    assert (revoked, state()) == ([], before)
    assert services.revoke_after_rerating(organisation=tree.a, year=2025, by=root()) == []


# Configuration ------------------------------------------------------------------------------------


def test_the_default_schemes_are_valid_configurations(db):
    defaults = RecognitionScheme.objects.filter(province__isnull=True).order_by("code")
    for s in defaults:
        services.check_criteria(
            list(s.criteria.values("label", "kind", "measure", "level", "comparison", "threshold")),
            s.applies_to,
        )
    assert [(s.code, s.years_running, s.criteria.count()) for s in defaults] == [
        ("chi-bo-bon-tot", 1, 8),
        ("chi-bo-kieu-mau", 1, 7),
        ("chi-bo-tsvmtd", 2, 8),
        ("dang-bo-co-so-bon-tot", 1, 4),
        ("htxsnv-tieu-bieu-5-nam", 5, 2),
    ]


def criterion(**fields) -> dict:
    return {
        "group": "",
        "label": "Tiêu chí",
        "kind": "computed",
        "measure": "members_disciplined",
        "level": "",
        "comparison": "eq",
        "threshold": Decimal(0),
        **fields,
    }


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "Danh hiệu cần ít nhất một tiêu chí."),
        ([criterion(measure="")], "hãy chọn chỉ số và cách so sánh"),
        ([criterion(measure="member_share", level="")], "hãy chọn mức xếp loại"),
        ([criterion(threshold=None)], "hãy nhập ngưỡng"),
        (
            [criterion(measure="member_share", level="HTNV", threshold=Decimal(120))],
            "ngưỡng tỷ lệ từ 0 đến 100%",
        ),
        (
            [criterion(measure="branches_clean_share", comparison="ge", threshold=Decimal(90))],
            "chỉ tính cho đảng bộ có chi bộ trực thuộc",
        ),
        ([criterion(kind="manual", measure="org_level")], "tự báo cáo nên không chọn chỉ số"),
    ],
)
def test_a_scheme_with_a_malformed_criterion_is_refused(tree, people, rows, message):
    own = copy_criteria_set(source=scheme("chi-bo-bon-tot"), province=tree.province, by=people.admin)
    fields = {"name": own.name, "applies_to": ["cell"], "valid_from": 2022, "valid_until": None}
    before = list(own.criteria.values_list("pk", "label"))
    with pytest.raises(ValidationError) as error:
        update_criteria_set(
            criteria_set=own, version=own.version, fields=fields, criteria=rows, by=people.admin
        )
    assert message in " ".join(error.value.messages)
    assert list(own.criteria.values_list("pk", "label")) == before


def test_editing_a_scheme_leaves_registrations_on_the_criteria_they_registered_for(tree, people, crew):
    own = copy_criteria_set(source=scheme("chi-bo-bon-tot"), province=tree.province, by=people.admin)
    rec = services.register_recognition(scheme=own, organisation=tree.a, year=2025, today=JANUARY, by=root())
    fields = {
        "name": "Chi bộ bốn tốt (tỉnh)",
        "applies_to": ["cell"],
        "valid_from": 2022,
        "valid_until": None,
    }

    update_criteria_set(
        criteria_set=own,
        version=own.version,
        fields=fields,
        by=people.admin,
        criteria=[criterion(label="Không có đảng viên bị kỷ luật")],
    )

    assert [c.label for c in own.criteria.all()] == ["Không có đảng viên bị kỷ luật"]
    assert rec.results.count() == 8
    refused(
        lambda: update_criteria_set(
            criteria_set=own, version=own.version - 1, fields=fields, criteria=[criterion()], by=root()
        ),
        STALE_MESSAGE,
    )


def test_only_the_centre_edits_a_national_template(tree, people):
    template = scheme("chi-bo-bon-tot")
    with pytest.raises(ValidationError, match="chỉ quản trị hệ thống cấp trung ương được sửa"):
        update_criteria_set(
            criteria_set=template,
            version=template.version,
            fields={"applies_to": ["cell"], "valid_from": 2022},
            criteria=[criterion()],
            by=people.admin,
        )


def test_the_share_recognised_is_shown_against_the_target(tree, people, crew):
    tsvmtd = scheme("chi-bo-tsvmtd")
    services.set_target(
        scheme=tsvmtd,
        scope=tree.province,
        year=2025,
        min_share=Decimal(40),
        max_share=Decimal(50),
        note="Nghị quyết Đại hội XI",
        by=people.admin,
    )
    rate(tree.province, 2024, orgs={tree.a: "HTXSNV"})
    rate(tree.province, 2025, orgs={tree.a: "HTXSNV"})
    rec = services.register_recognition(
        scheme=tsvmtd, organisation=tree.a, year=2025, today=JANUARY, by=root()
    )
    services.register_recognition(scheme=tsvmtd, organisation=tree.a2, year=2025, today=JANUARY, by=root())
    report(rec)
    appraise(rec)
    recognise(rec, by=root())

    [commune] = scheme_overview([tsvmtd], tree.x, 2025)
    [province] = scheme_overview([tsvmtd], tree.province, 2025)

    assert (commune.eligible, commune.registered, commune.recognised, commune.share) == (
        2,
        2,
        1,
        Decimal("50.0"),
    )
    assert [(t.scope, standing) for t, standing in commune.target_rows] == [(tree.province, "within")]
    assert (province.eligible, province.share, province.target_rows[0][1]) == (3, Decimal("33.3"), "below")


def test_registrations_under_the_template_count_for_the_provinces_own_version(tree, people, crew):
    services.register_recognition(
        scheme=scheme("chi-bo-kieu-mau"), organisation=tree.a, year=2025, today=JANUARY, by=root()
    )
    own = copy_criteria_set(source=scheme("chi-bo-kieu-mau"), province=tree.province, by=people.admin)

    [row] = scheme_overview([own], tree.x, 2025)

    assert (row.eligible, row.registered, row.counts) == (2, 1, {"registered": 1})


def test_a_target_outside_the_schemes_province_is_refused(tree, people):
    other = OrganisationFactory(kind="province", name="Đảng bộ tỉnh Sóc Trăng", code="ST")
    own = copy_criteria_set(source=scheme("chi-bo-bon-tot"), province=tree.province, by=people.admin)
    with pytest.raises(ValidationError, match="không thuộc Đảng bộ tỉnh Trà Vinh"):
        services.set_target(scheme=own, scope=other, year=2025, min_share=Decimal(10))
    assert RecognitionTarget.objects.count() == 0


def test_demo_grants_revokes_and_registers_in_bulk(tree, people, crew):
    from ratings.demo import recognitions as demo_recognitions

    for year in (2024, 2025):
        rate(
            tree.province,
            year,
            members={m: "HTTNV" for m in crew},
            orgs={
                tree.a: "HTXSNV",
                tree.a2: "HTXSNV",
                tree.b: "HTXSNV",
                tree.g: "HTTNV",
                tree.g1: "HTTNV",
                tree.x: "HTTNV",
            },
        )

    demo_recognitions.seed(tree.province, [2024, 2025], date(2026, 11, 22))

    granted = Recognition.objects.filter(status__in=["recognised", "revoked"])
    assert granted.filter(status="recognised").count() >= 2
    assert list(granted.filter(status="revoked").values_list("revoked_reason", flat=True)) == [
        demo_recognitions.REVOKED_REASON
    ]
    assert Recognition.objects.filter(year=2026, status="registered").count() >= 2
    assert all(r.events.exists() for r in Recognition.objects.all())
    assert RecognitionTarget.objects.count() == 1
