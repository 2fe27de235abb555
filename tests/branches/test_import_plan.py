"""Matching and the preview (branches.imports.matching, preview): every row is matched within the
importer's scope and compared with what is stored; nothing is written."""

from __future__ import annotations

from datetime import date

import pytest

from branches.imports.preview import plan, preview
from branches.imports.rows import CellError
from branches.models import ChangeRecord, Member
from tests.branches.import_rows import (
    MEMBERS,
    ORGANISATIONS,
    member_row,
    organisation_row,
    result,
    stored_row,
)
from tests.factories import MemberFactory, OrganisationFactory


def errors_of(made) -> list[tuple[str, int, str, str, str]]:
    return [(e.sheet, e.row, e.column, e.value, e.message) for e in made.errors]


def test_a_file_is_planned_new_changed_moved_unchanged_and_missing(tree):
    same = MemberFactory(organisation=tree.a, full_name="Lê Văn Cường", cccd="084080000001")
    renamed = MemberFactory(organisation=tree.a, full_name="Võ Văn Dũng", cccd="084080000002")
    moving = MemberFactory(organisation=tree.a, full_name="Phạm Văn Hải", card_number="123456")
    left_out = MemberFactory(organisation=tree.a2, full_name="Bùi Văn Sơn")
    rows = [
        stored_row(2, same),
        stored_row(3, renamed, full_name="Võ Văn Dũng Em", ethnicity="Khmer"),
        stored_row(4, moving, organisation="A2"),
        member_row(5, "Chi bộ ấp Tân Hạnh", cccd="084085000009"),
    ]
    before = ChangeRecord.objects.count()

    made = plan(result(rows), tree.x)

    assert made.errors == []
    assert made.counts() == {
        "organisations_created": 0,
        "organisations_changed": 0,
        "organisations_unchanged": 0,
        "members_created": 1,
        "members_changed": 2,
        "members_moved": 1,
        "members_unchanged": 1,
        "members_missing": 1,
        "errors": 0,
    }
    shown = preview(made)
    assert shown["changed_members"] == [
        {
            "row": 3,
            "label": "Võ Văn Dũng (17/05/1980)",
            "changes": [["Họ và tên", "Võ Văn Dũng", "Võ Văn Dũng Em"], ["Dân tộc", "Kinh", "Khmer"]],
        },
        {"row": 4, "label": "Phạm Văn Hải (17/05/1980)", "changes": [["Chi bộ", "", "Chi bộ ấp Tân Hạnh"]]},
    ]
    assert shown["new_members"] == [
        {"row": 5, "label": "Trần Thị Bích (02/03/1985)", "organisation": "Chi bộ ấp Tân Hạnh"}
    ]
    assert shown["missing"] == [f"Bùi Văn Sơn ({left_out.birth_date:%d/%m/%Y})"]
    assert (Member.objects.count(), ChangeRecord.objects.count()) == (4, before)


def test_a_member_is_matched_by_cccd_then_card_then_name_and_birth_date(tree):
    by_cccd = MemberFactory(organisation=tree.a, cccd="084080000001", card_number="111")
    by_card = MemberFactory(organisation=tree.a, card_number="222")
    by_name = MemberFactory(organisation=tree.a, full_name="Đặng Văn Khánh")
    rows = [
        stored_row(2, by_cccd, card_number="", ethnicity="Hoa"),
        stored_row(3, by_card, cccd="", ethnicity="Khmer"),
        # typed without diacritics: any name that reads so is the same name
        stored_row(4, by_name, full_name="Dang Van Khanh", cccd="", card_number=""),
    ]

    made = plan(result(rows), tree.a)

    assert made.errors == []
    assert [(c.member["pk"], c.fields) for c in made.changed_members] == [
        (by_cccd.pk, {"card_number": "", "ethnicity": "Hoa"}),
        (by_card.pk, {"ethnicity": "Khmer"}),
        (by_name.pk, {"full_name": "Dang Van Khanh"}),
    ]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            "namesakes",
            "Chi bộ có 2 đảng viên cùng họ tên và ngày sinh (Lê Văn An (17/05/1980, CCCD 084080000001); "
            "Lê Văn An (17/05/1980, CCCD 084080000002, thẻ 777)): ghi số CCCD hoặc số thẻ đảng viên để phân biệt.",
        ),
        (
            "two_members",
            "Số CCCD và số thẻ đảng viên chỉ vào hai đảng viên khác nhau: Lê Văn An (17/05/1980, CCCD "
            "084080000001); Lê Văn An (17/05/1980, CCCD 084080000002, thẻ 777).",
        ),
        (
            "outside",
            "Số CCCD 084099000001 đã được đăng ký cho một đảng viên thuộc tổ chức đảng ngoài Chi bộ ấp Chợ Dưới. "
            "Kiểm tra lại số; nếu đúng, đề nghị nơi đó chuyển sinh hoạt đảng.",
        ),
    ],
)
def test_a_row_that_cannot_be_told_apart_is_an_error_listing_the_candidates(tree, case, message):
    first = MemberFactory(organisation=tree.a, full_name="Lê Văn An", cccd="084080000001")
    MemberFactory(
        organisation=tree.a, full_name="Lê Văn An", cccd="084080000002", card_number="777", same_as=[first.pk]
    )
    MemberFactory(organisation=tree.b, cccd="084099000001")
    values = {
        "namesakes": {},
        "two_members": {"cccd": "084080000001", "card_number": "777"},
        "outside": {"cccd": "084099000001"},
    }[case]
    row = member_row(7, "A", full_name="Lê Văn An", birth_date=date(1980, 5, 17), **values)

    made = plan(result([row]), tree.a)

    assert errors_of(made) == [(MEMBERS, 7, "", "", message)]
    assert made.new_members == made.changed_members == []


def test_a_row_outside_the_importers_subtree_is_an_error(tree):
    rows = [
        member_row(2, "B"),
        member_row(3, "Chi bộ ấp Hòa Lạc"),
        member_row(4, "KHONGCO"),
        member_row(5, "X"),
    ]

    made = plan(result(rows), tree.x)

    outside = "không thuộc Đảng bộ xã Phước Hưng: chỉ nhập được dữ liệu trong phạm vi của mình."
    assert errors_of(made) == [
        (MEMBERS, 2, "Chi bộ", "B", f"“B” {outside}"),
        (MEMBERS, 3, "Chi bộ", "Chi bộ ấp Hòa Lạc", f"“Chi bộ ấp Hòa Lạc” {outside}"),
        (
            MEMBERS,
            4,
            "Chi bộ",
            "KHONGCO",
            "Không có tổ chức mã hoặc tên “KHONGCO” trong Đảng bộ xã Phước Hưng.",
        ),
        (
            MEMBERS,
            5,
            "Chi bộ",
            "X",
            "Đảng bộ xã Phước Hưng không phải là chi bộ; đảng viên sinh hoạt ở chi bộ.",
        ),
    ]


def test_an_ambiguous_organisation_name_is_an_error_listing_the_candidates(tree):
    OrganisationFactory(parent=tree.g, name="Chi bộ ấp Chợ Dưới", code="G2")

    made = plan(result([member_row(2, "chi bo ap cho duoi")]), tree.x)

    assert errors_of(made) == [
        (
            MEMBERS,
            2,
            "Chi bộ",
            "chi bo ap cho duoi",
            "Có 2 tổ chức cùng tên “chi bo ap cho duoi”: Chi bộ ấp Chợ Dưới (mã A); Chi bộ ấp Chợ Dưới (mã G2). "
            "Hãy ghi mã tổ chức.",
        )
    ]


def test_a_member_twice_in_the_file_and_bad_facts_are_errors_with_their_column(tree):
    member = MemberFactory(organisation=tree.a, cccd="084080000001")
    rows = [
        stored_row(2, member),
        stored_row(3, member),
        member_row(4, "A", birth_date=None),
        member_row(5, "A", official_date=date(2012, 6, 1)),
        member_row(6, "A", status="official", official_date=None),
    ]

    made = plan(
        result(rows, errors=[CellError(MEMBERS, 9, "Giới tính", "X", "Giới tính là Nam hoặc Nữ.")]), tree.a
    )

    assert errors_of(made) == [
        (MEMBERS, 3, "", "", f"Đảng viên {member.full_name} đã có ở dòng 2 của tệp."),
        (MEMBERS, 4, "", "", "Đảng viên mới cần có: Ngày sinh."),
        (
            MEMBERS,
            5,
            "Ngày chính thức",
            "01/06/2012",
            "Ngày chính thức phải sau 12 tháng dự bị kể từ ngày lễ kết nạp (sớm nhất 19/05/2013).",
        ),
        (MEMBERS, 6, "Ngày chính thức", "", "Đảng viên chính thức phải có ngày chính thức."),
        (MEMBERS, 9, "Giới tính", "X", "Giới tính là Nam hoặc Nữ."),
    ]


def test_a_change_of_standing_is_an_error_not_an_edit(tree):
    member = MemberFactory(organisation=tree.a, cccd="084080000001")

    made = plan(result([stored_row(2, member, is_exempt=True)]), tree.a)

    assert [(e.column, e.value) for e in made.errors] == [("Trạng thái", "có")]


def test_organisations_are_matched_by_code_or_name_and_new_ones_placed_parents_first(tree):
    rows = [
        organisation_row(2, "A", "Chi bộ ấp Chợ Dưới mới", "X"),
        organisation_row(3, "A3", "Chi bộ ấp Mới", "G9"),  # under an organisation further down
        organisation_row(4, "G9", "Đảng bộ trường học", "X", kind="grassroots_committee"),
        organisation_row(5, "Q", "Chi bộ ấp Hòa Lạc", "Y"),  # a name and a superior outside the scope
        organisation_row(6, "A2", "Chi bộ ấp Tân Hạnh", "X"),
    ]

    made = plan(result(organisations=rows), tree.x)

    assert [n.code for n in made.new_organisations] == ["G9", "A3"]
    assert [(c.node.code, c.fields) for c in made.changed_organisations] == [
        ("A", {"name": "Chi bộ ấp Chợ Dưới mới"})
    ]
    assert made.unchanged_organisations == 1
    assert errors_of(made) == [
        (
            ORGANISATIONS,
            5,
            "Trực thuộc",
            "Y",
            "“Y” không thuộc Đảng bộ xã Phước Hưng: chỉ nhập được dữ liệu trong phạm vi của mình.",
        )
    ]
