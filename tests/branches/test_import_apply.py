"""Applying an import (branches.imports.apply): all or nothing, through the services, by the people
the policy lets import; the same file again changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from branches.imports.apply import Sources, apply_plan
from branches.imports.preview import plan
from branches.models import ChangeRecord, ImportRecord, Member, MemberEvent, Organisation, Transfer
from branches.policy import Refused
from tests.branches.import_rows import member_row, organisation_row, result, stored_row
from tests.factories import MemberFactory, user_with_role
from tests.test_service_permissions import everything

SOURCES = Sources("dang-vien.xlsx", "to-chuc.xlsx", "a" * 64, "b" * 64)


@pytest.fixture
def member_a(tree):
    """An, with the CCCD that finds him after his name changes."""
    return MemberFactory(organisation=tree.a, full_name="Nguyễn Văn An", cccd="084080000001")


def file_for(tree, member):
    return result(
        members=[
            stored_row(2, member, organisation="A3", full_name="Nguyễn Văn An Em"),
            member_row(3, "A3", cccd="084085000009", card_number="900001"),
            member_row(
                4, "A", full_name="Lê Thị Mai", status="probationary", official_date=None, is_exempt=True
            ),
        ],
        organisations=[
            organisation_row(2, "A3", "Chi bộ ấp Mới", "X", area_type="ap", founded_on=date(2020, 1, 1))
        ],
    )


def test_an_import_writes_through_the_services_with_events_audit_and_a_record(tree, people, member_a):
    made = plan(file_for(tree, member_a), tree.x)

    record = apply_plan(plan=made, sources=SOURCES, by=people.province_staff)

    new_branch = Organisation.objects.get(code="A3")
    assert (new_branch.parent, new_branch.path, new_branch.area_type) == (
        tree.x,
        f"{tree.x.path}{new_branch.pk}/",
        "ap",
    )
    member_a.refresh_from_db()
    assert (member_a.full_name, member_a.organisation, member_a.version) == (
        "Nguyễn Văn An Em",
        new_branch,
        2,
    )
    transfer = Transfer.objects.get(member=member_a)
    assert (transfer.status, transfer.from_organisation, transfer.note) == (
        "ended",
        tree.a,
        "Theo tệp nhập dữ liệu.",
    )
    mai, bich = Member.objects.filter(full_name__in=["Trần Thị Bích", "Lê Thị Mai"]).order_by("full_name")
    assert (bich.organisation, bich.status, bich.cccd, bich.search_name) == (
        new_branch,
        "official",
        "084085000009",
        "tran thi bich",
    )
    assert (mai.status, mai.is_exempt) == ("probationary", True)
    assert list(bich.events.values_list("kind", "on", "recorded_by")) == [
        ("admitted", date(2012, 5, 19), people.province_staff.pk),
        ("recognised", date(2013, 5, 19), people.province_staff.pk),
    ]
    assert list(mai.events.values_list("kind", "on")) == [
        ("admitted", date(2012, 5, 19)),
        ("exempted", timezone.localdate()),
    ]
    assert (
        record.scope,
        record.imported_by,
        record.members_file,
        record.sha256,
        record.organisations_created,
        record.members_created,
        record.members_changed,
        record.members_moved,
        record.members_unchanged,
        record.members_missing,
    ) == (tree.x, people.province_staff, "dang-vien.xlsx", "a" * 64, 1, 2, 1, 1, 0, 0)
    history = ChangeRecord.objects.within(tree.x).filter(actor=people.province_staff)
    assert sorted(history.values_list("model", "action")) == sorted(
        [("organisation", "create"), ("importrecord", "create")]
        + [("member", "create")] * 2
        + [("member", "update")] * 3  # the name; the transfer asked, then confirmed
    )
    assert history.get(model="importrecord").summary == (
        "Nhập dữ liệu từ Excel: 1 tổ chức mới, 2 đảng viên mới, 1 đảng viên thay đổi"
    )


def test_the_same_file_again_changes_nothing(tree, people, member_a):
    apply_plan(plan=plan(file_for(tree, member_a), tree.x), sources=SOURCES, by=people.admin)
    member_a.refresh_from_db()
    before = everything()

    again = plan(file_for(tree, member_a), tree.x)
    with pytest.raises(ValidationError) as refusal:
        apply_plan(plan=again, sources=SOURCES, by=people.admin)

    assert again.counts()["members_unchanged"] == 3 and again.counts()["organisations_unchanged"] == 1
    assert refusal.value.messages == ["Tệp không có gì khác với dữ liệu hiện có: không có gì để ghi."]
    assert everything() == before


@pytest.mark.parametrize("persona", ["secretary_a", "reviewer_x", "secretary_b"])
def test_only_administrators_and_provincial_staff_of_the_scope_import(tree, people, member_a, persona):
    made = plan(file_for(tree, member_a), tree.x)
    before = everything()

    with pytest.raises(Refused):
        apply_plan(plan=made, sources=SOURCES, by=getattr(people, persona))

    assert everything() == before


def test_the_import_right_does_not_reach_outside_its_scope(tree):
    staff_x = user_with_role("bantochuc_x", tree.x, "province_staff")
    made = plan(result([member_row(2, "B")]), tree.y)
    before = everything()

    with pytest.raises(Refused):
        apply_plan(plan=made, sources=SOURCES, by=staff_x)

    assert everything() == before


def test_a_file_with_errors_writes_nothing(tree, people, member_a):
    rows = file_for(tree, member_a)
    rows.members.append(member_row(5, "B"))
    made = plan(rows, tree.x)
    before = everything()

    with pytest.raises(ValidationError) as refusal:
        apply_plan(plan=made, sources=SOURCES, by=people.admin)

    assert refusal.value.messages == [
        "Tệp còn 1 lỗi: hãy sửa tệp theo danh sách lỗi rồi tải lên lại. Chưa có gì được ghi."
    ]
    assert everything() == before


def test_a_failure_half_way_leaves_nothing(tree, people, member_a):
    """The organisation is created, then a member's CCCD is taken by someone else meanwhile: the
    whole import is rolled back."""
    made = plan(file_for(tree, member_a), tree.x)
    MemberFactory(organisation=tree.b, cccd="084085000009")
    before = everything()

    with pytest.raises(ValidationError):
        apply_plan(plan=made, sources=SOURCES, by=people.admin)

    assert everything() == before
    assert not ImportRecord.objects.exists() and not MemberEvent.objects.filter(kind="transferred").exists()


def test_a_new_tree_is_founded_level_by_level_with_paths_and_records(tree, people):
    from branches.services import NewOrganisation, create_organisations

    committee = NewOrganisation(tree.x, "grassroots_committee", "G9", "Đảng bộ trường học")
    cells = [NewOrganisation(committee, "cell", f"G9-{n}", f"Chi bộ giáo viên {n}") for n in (1, 2)]

    made = create_organisations(new=[*cells, committee], by=people.admin)

    g9 = Organisation.objects.get(code="G9")
    assert [
        (o.code, o.path, o.depth) for o in Organisation.objects.filter(code__startswith="G9").order_by("code")
    ] == [
        ("G9", f"{tree.x.path}{g9.pk}/", 2),
        ("G9-1", f"{g9.path}{cells[0].created.pk}/", 3),
        ("G9-2", f"{g9.path}{cells[1].created.pk}/", 3),
    ]
    assert [o.code for o in made] == ["G9", "G9-1", "G9-2"]
    assert sorted(
        ChangeRecord.objects.filter(model="organisation", object_id__in=[o.pk for o in made]).values_list(
            "summary", "scope_path", "actor"
        )
    ) == sorted(
        [
            ("Thành lập đảng bộ cơ sở", g9.path, people.admin.pk),
            ("Thành lập chi bộ trực thuộc", cells[0].created.path, people.admin.pk),
            ("Thành lập chi bộ trực thuộc", cells[1].created.path, people.admin.pk),
        ]
    )


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("cell", "A", "Mã A đã được dùng cho tổ chức khác."),
        (
            "province",
            "P2",
            "Đảng bộ tỉnh không thể trực thuộc đảng bộ cấp trên cơ sở (Đảng bộ xã Phước Hưng).",
        ),
    ],
)
def test_a_new_tree_with_a_taken_code_or_a_wrong_place_is_refused_whole(tree, people, kind, code, message):
    from branches.services import NewOrganisation, create_organisations

    before = everything()

    with pytest.raises(ValidationError) as refusal:
        create_organisations(
            new=[
                NewOrganisation(tree.x, "cell", "OK1", "Chi bộ 1"),
                NewOrganisation(tree.x, kind, code, "X"),
            ],
            by=people.admin,
        )

    assert refusal.value.messages == [message]
    assert everything() == before


def test_new_members_join_the_open_rating_year(tree, people):
    from ratings import services as rs
    from ratings.models import MemberRating

    rs.open_period(province=tree.province, year=timezone.localdate().year, by=people.admin)

    apply_plan(
        plan=plan(result([member_row(2, "A", cccd="084085000009")]), tree.x), sources=SOURCES, by=people.admin
    )

    assert list(MemberRating.objects.values_list("member__full_name", "organisation__code")) == [
        ("Trần Thị Bích", "A")
    ]


def test_the_import_right_answers_for_its_services_inside_its_scope_only(tree, people):
    from branches import policy
    from branches.services import admit_member

    fields = {"gender": "F", "birth_date": date(1990, 1, 1), "ceremony_date": date(2020, 1, 1)}
    with policy.granted(people.province_staff, "member.import", tree.x, {"member.admit"}):
        inside = admit_member(
            organisation=tree.a, full_name="Trần Thị Bé", by=people.province_staff, **fields
        )
        with pytest.raises(Refused):
            admit_member(organisation=tree.b, full_name="Trần Thị Cả", by=people.province_staff, **fields)

    with pytest.raises(Refused):  # and only inside the block
        admit_member(organisation=tree.a, full_name="Trần Thị Út", by=people.province_staff, **fields)
    assert list(Member.objects.values_list("full_name", flat=True)) == [inside.full_name]
