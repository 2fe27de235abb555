"""Criteria sets (branches.criteria_sets): the one mechanism behind the meeting score sheets, the
rating score sheets and the recognition schemes. Each test runs for the three kinds: the lookup of
the version in force, a province's copy, the edit until used, the policy and the change record."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from branches.criteria_sets import kind_named, managed_provinces
from branches.models import ChangeRecord
from branches.services.criteria_sets import copy_criteria_set, update_criteria_set
from meetings import services as meeting_services
from meetings.models import ScoreSheet
from ratings import services as rating_services
from ratings.models import MemberRating, RatingSheet, RecognitionScheme
from ratings.rules.common import Tasks
from tests.factories import MemberFactory, OrganisationFactory, UserFactory, root

KINDS = ["sinh-hoat", "xep-loai", "danh-hieu"]


def national(kind: str):
    return {
        "sinh-hoat": lambda: (
            ScoreSheet.objects.filter(province=None, applies_to="regular").order_by("-year").first()
        ),
        "xep-loai": lambda: RatingSheet.objects.get(province=None, code="PL5"),
        "danh-hieu": lambda: RecognitionScheme.objects.get(province=None, code="chi-bo-bon-tot"),
    }[kind]()


def edit(kind: str, found, name: str) -> dict:
    """The arguments of an edit that renames `found` and keeps the rest as it is."""
    criteria = list(found.criteria.values(*kind_named(kind).criteria_formset.form._meta.fields))
    fields = {name: getattr(found, name) for name in kind_named(kind).form_class._meta.fields} | {
        "name": name
    }
    return {
        "criteria_set": found,
        "fields": fields,
        "criteria": criteria,
        "version": getattr(found, "version", None),
    }


def records() -> list[tuple]:
    return list(
        ChangeRecord.objects.order_by("pk").values_list("actor__username", "action", "summary", "scope_path")
    )


@pytest.fixture
def superuser(db):
    return UserFactory(username="trunguong", is_superuser=True)


# The version in force -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_copy_takes_over_in_its_province_and_nowhere_else(tree, people, kind):
    source = national(kind)
    other = OrganisationFactory(kind="province", name="Đảng bộ tỉnh Sóc Trăng", code="ST")

    own = copy_criteria_set(source=source, province=tree.province, year=2026, by=people.admin)

    rows = kind_named(kind).rows()
    key = getattr(source, rows.KEY)
    assert (rows.one_in_force(tree.province.pk, 2026, key), rows.one_in_force(other.pk, 2026, key)) == (
        own,
        source,
    )
    assert [str(c) for c in own.criteria.all()] == [str(c) for c in source.criteria.all()]
    assert own in rows.in_force(tree.province.pk, 2026) and source not in rows.in_force(
        tree.province.pk, 2026
    )


def test_the_newest_own_sheet_in_force_that_year_wins(tree):
    pl5 = national("xep-loai")
    first = copy_criteria_set(source=pl5, province=tree.province, year=2026, by=root())
    second = copy_criteria_set(source=pl5, province=tree.province, year=2028, by=root())

    found = [
        RatingSheet.objects.one_in_force(tree.province.pk, year, "PL5") for year in (2025, 2026, 2027, 2028)
    ]

    assert found == [pl5, first, first, second]
    assert [s for s in RatingSheet.objects.in_force(tree.province.pk, 2027) if s.code == "PL5"] == [first]


def test_a_scheme_out_of_its_years_leaves_the_template_in_force(tree):
    template = national("danh-hieu")
    own = copy_criteria_set(source=template, province=tree.province, by=root())
    RecognitionScheme.objects.filter(pk=own.pk).update(valid_from=2027)

    in_force = {s.code: s for s in RecognitionScheme.objects.in_force(tree.province.pk, 2026)}

    assert (
        in_force[template.code],
        RecognitionScheme.objects.one_in_force(tree.province.pk, 2027, template.code),
    ) == (template, own)


# Copies and edits: the policy and the record ------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_copy_and_an_edit_are_each_on_record(tree, people, kind):
    own = copy_criteria_set(source=national(kind), province=tree.province, year=2026, by=people.admin)
    before = own.name

    update_criteria_set(**edit(kind, own, "Bản của tỉnh Trà Vinh"), by=people.admin)

    summaries = {
        "sinh-hoat": ("Sao chép từ phiếu", "Sửa phiếu chấm điểm"),
        "xep-loai": ("Sao chép từ phiếu", "Sửa phiếu chấm điểm"),
        "danh-hieu": ("Bản riêng của tỉnh, sao chép từ", "Sửa tiêu chí danh hiệu"),
    }[kind]
    assert [
        (user, action, summary.split(" “")[0], path) for user, action, summary, path in records()[-2:]
    ] == [
        ("quantri", "create", summaries[0], tree.province.path),
        ("quantri", "update", summaries[1], tree.province.path),
    ]
    assert ChangeRecord.objects.order_by("pk").last().changes == {"name": [before, "Bản của tỉnh Trà Vinh"]}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("persona", ["reviewer_x", "province_staff", "secretary_a"])
def test_only_the_provinces_administrator_copies(tree, people, kind, persona):
    before = (kind_named(kind).model.objects.count(), records())

    with pytest.raises(ValidationError, match="Đồng chí không quản trị Đảng bộ tỉnh Trà Vinh."):
        copy_criteria_set(
            source=national(kind), province=tree.province, year=2026, by=getattr(people, persona)
        )

    assert (kind_named(kind).model.objects.count(), records()) == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_national_default_is_changed_by_the_superuser_only(tree, people, superuser, kind):
    source = national(kind)
    before = records()

    with pytest.raises(
        ValidationError, match="mặc định toàn quốc chỉ quản trị hệ thống cấp trung ương được sửa"
    ):
        update_criteria_set(**edit(kind, source, "Sửa mặc định"), by=people.admin)
    assert records() == before

    update_criteria_set(**edit(kind, source, "Sửa mặc định"), by=superuser)
    source.refresh_from_db()
    assert source.name == "Sửa mặc định"


@pytest.mark.parametrize("kind", KINDS)
def test_another_provinces_administrator_cannot_edit(tree, people, kind):
    other = OrganisationFactory(kind="province", name="Đảng bộ tỉnh Sóc Trăng", code="ST")
    theirs = copy_criteria_set(source=national(kind), province=other, year=2026, by=root())

    with pytest.raises(ValidationError, match="Đồng chí không quản trị Đảng bộ tỉnh Sóc Trăng."):
        update_criteria_set(**edit(kind, theirs, "Của tỉnh khác"), by=people.admin)


def test_managed_provinces_follow_the_kinds_action(tree, people):
    assert list(managed_provinces(people.admin, "sheet.manage")) == [tree.province]
    assert list(managed_provinces(people.reviewer_x, "recognition.configure")) == []


# Frozen once used -----------------------------------------------------------------------------------


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def test_a_meeting_sheet_freezes_when_a_meeting_is_scored_on_it(client, tree, people):
    own = copy_criteria_set(source=national("sinh-hoat"), province=tree.province, year=2025, by=root())
    chair, recorder = MemberFactory(organisation=tree.a), MemberFactory(organisation=tree.a)
    record = meeting_services.Record(
        kind="regular",
        started_at=at(date(2025, 9, 3), 19),
        ended_at=at(date(2025, 9, 3), 21),
        chair_id=chair.pk,
        recorder_id=recorder.pk,
        conclusion="Thống nhất.",
    )
    draft = meeting_services.save_meeting(organisation=tree.a, record=record, by=root())
    meeting_services.finalise_meeting(
        meeting=draft,
        version=draft.version,
        manual_scores={c.pk: c.max_points for c in own.criteria.all() if not c.auto},
        by=root(),
    )
    client.force_login(people.admin)

    with pytest.raises(ValidationError, match="đã dùng để chấm điểm các buổi sinh hoạt nên không sửa được"):
        update_criteria_set(**edit("sinh-hoat", own, "Đổi tên"), by=people.admin)
    page = client.get(reverse("branches:criteria-edit", args=["sinh-hoat", own.pk])).content.decode()

    assert "Phiếu này đã dùng để chấm điểm các buổi sinh hoạt nên không sửa được" in page
    assert '<button class="btn btn-danger" type="submit" disabled>Lưu</button>' in page


def test_a_rating_sheet_freezes_when_a_self_assessment_is_scored_on_it(tree, people, member_a):
    own = copy_criteria_set(source=national("xep-loai"), province=tree.province, year=2026, by=root())
    period = rating_services.open_period(province=tree.province, year=2026, by=root())
    rating = MemberRating.objects.get(period=period, member=member_a)
    rating_services.self_assess(
        rating=rating,
        version=rating.version,
        score=None,
        tasks=Tasks(assigned=4, on_time=4),
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        points={c.pk: c.max_points for c in own.criteria.all()},
        by=root(),
    )

    with pytest.raises(ValidationError, match="đã dùng để tự chấm điểm nên không sửa được"):
        update_criteria_set(**edit("xep-loai", own, "Đổi tên"), by=people.admin)


def test_a_scheme_stays_editable_after_registrations(tree, people):
    own = copy_criteria_set(source=national("danh-hieu"), province=tree.province, by=root())
    rating_services.register_recognition(
        scheme=own, organisation=tree.a, year=2026, today=date(2026, 1, 10), by=root()
    )

    assert (
        update_criteria_set(**edit("danh-hieu", own, "Chi bộ bốn tốt (tỉnh)"), by=people.admin).version == 1
    )


# The pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "pk"), [("danh-hieu", None), ("khong-co", None), ("khong-co", 1)])
def test_a_kind_without_such_a_page_answers_404(client, people, kind, pk):
    client.force_login(people.admin)
    url = (
        reverse("branches:criteria-list", args=[kind])
        if pk is None
        else reverse("branches:criteria-edit", args=[kind, pk])
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("kind", "back"),
    [
        ("sinh-hoat", lambda s: reverse("branches:criteria-list", args=["sinh-hoat"])),
        ("xep-loai", lambda s: reverse("branches:criteria-list", args=["xep-loai"])),
        ("danh-hieu", lambda s: reverse("ratings:recognition-scheme-detail", args=[s.pk])),
    ],
)
def test_a_copy_made_on_the_page_opens_for_editing_and_leads_back_to_its_kind(
    client, tree, people, kind, back
):
    source = national(kind)
    client.force_login(people.admin)

    page = client.get(reverse("branches:criteria-copy", args=[kind, source.pk]))
    response = client.post(
        reverse("branches:criteria-copy", args=[kind, source.pk]),
        {"year": "2027", "province": tree.province.pk},
    )

    own = kind_named(kind).model.objects.get(province=tree.province)
    assert (response.status_code, response.url) == (
        302,
        reverse("branches:criteria-edit", args=[kind, own.pk]),
    )
    assert page.context["back"] == back(source)
    assert ("year" in page.context["form"].fields) == (kind != "danh-hieu")
    assert getattr(own, "year", None) == (None if kind == "danh-hieu" else 2027)  # a scheme keeps its years
