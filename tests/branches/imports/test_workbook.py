"""The templates and the export: the layout the reader reads, and a round trip with no changes."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from branches import services
from branches.imports import reader, values, workbook
from branches.imports.columns import MEMBERS, ORGANISATIONS
from branches.models import LeaveReason, Member, Organisation
from tests.factories import MemberFactory, OrganisationFactory, root

TODAY = date(2026, 12, 5)


def template(kind: str):
    out = io.BytesIO()
    workbook.write_template(kind, out)
    out.seek(0)
    return out


@pytest.mark.parametrize("sheet", [MEMBERS, ORGANISATIONS], ids=lambda sheet: sheet.kind)
def test_template_has_the_data_sheet_the_guide_and_the_lists(sheet):
    wb = load_workbook(template(sheet.kind))

    assert wb.sheetnames == [sheet.title, "Hướng dẫn", "Danh mục"]
    data = [[cell.value for cell in row] for row in wb[sheet.title].iter_rows()]
    assert data == [[column.header for column in sheet.columns]]  # no example row to import by mistake
    assert wb[sheet.title].freeze_panes == "A2"
    guide = list(wb["Hướng dẫn"].iter_rows(values_only=True))
    table = [row[:5] for row in guide].index(("Cột", "Bắt buộc", "Giá trị được nhận", "Giải thích", "Ví dụ"))
    explained = [row[:3] for row in guide[table + 1 : table + 1 + len(sheet.columns)]]
    assert explained == [
        (column.header, "Có" if column.required else None, column.allowed() or None)
        for column in sheet.columns
    ]


def test_template_lists_the_54_ethnic_groups_and_every_short_list_in_the_guide():
    wb = load_workbook(template("members"))
    lists = wb["Danh mục"]
    headers = [cell.value for cell in lists[1]]
    ethnic = [
        row[0]
        for row in lists.iter_rows(min_row=2, min_col=headers.index("Dân tộc") + 1, values_only=True)
        if row[0]
    ]
    guide = {row[0]: row[2] for row in wb["Hướng dẫn"].iter_rows(values_only=True) if row and row[0]}

    assert headers == [
        "Giới tính",
        "Dân tộc",
        "Tôn giáo",
        "Trình độ lý luận chính trị",
        "Có / Không",
        "Tình trạng",
    ]
    assert ethnic == values.ETHNIC_GROUPS.labels
    assert guide["Giới tính"] == "Nam; Nữ"
    assert guide["Tình trạng"] == "Dự bị; Chính thức; Miễn công tác và sinh hoạt đảng"
    assert guide["Dân tộc"] == "Theo danh mục (54 giá trị, xem trang “Danh mục”)"


@pytest.mark.parametrize("sheet", [MEMBERS, ORGANISATIONS], ids=lambda sheet: sheet.kind)
def test_template_example_row_reads_back_without_error(sheet):
    wb = load_workbook(template(sheet.kind))
    guide = list(wb["Hướng dẫn"].iter_rows(values_only=True))
    headers = [column.header for column in sheet.columns]
    at = max(i for i, row in enumerate(guide) if list(row[: len(headers)]) == headers)
    wb[sheet.title].append(guide[at + 1][: len(headers)])
    out = io.BytesIO()
    wb.save(out)

    result = reader.read(io.BytesIO(out.getvalue()), name="mau.xlsx", today=TODAY)

    assert result.errors == []
    rows = result.members or result.organisations
    assert len(rows) == 1
    expected = {
        column.field: column.clean(column.example, epoch=None)
        for column in sheet.columns
        if column.field not in ("organisation", "parent", "status")
    }
    assert {k: v for k, v in rows[0].values.items() if k in expected} == expected


def test_template_read_back_empty_is_refused_for_having_no_rows():
    with pytest.raises(reader.ImportFileError) as refused:
        reader.read(template("members"), name="mau.xlsx")
    assert str(refused.value) == reader.NO_ROWS


@pytest.fixture
def members(tree):
    full = MemberFactory(
        organisation=tree.a,
        full_name="Thạch Thị Sô Phal",
        birth_name="Thạch Sô Phal",
        gender="F",
        birth_date=date(1975, 4, 5),
        ethnicity="Khmer",
        religion="Phật giáo Nam tông",
        home_town="Ấp Chợ Dưới, xã Phước Hưng",
        cccd="084175001234",
        card_number="10000001",
        dossier_number="000001TV",
        general_education="9/12",
        professional_level="Trung cấp Y",
        political_theory=Member.Theory.INTERMEDIATE,
        occupation="Y sĩ",
        in_political_system=True,
        holds_leadership_post=True,
    )
    probationary = MemberFactory(
        organisation=tree.a,
        ceremony_date=date(2026, 3, 1),
        admission_decision_date=date(2026, 2, 1),
        official_date=None,
        religion="",
        home_town='=HYPERLINK("http://example.com")',  # stays text all the way
    )
    exempt_official = MemberFactory(organisation=tree.g1, admission_decision_date=None)
    services.exempt_member(member=exempt_official, on=date(2025, 1, 1), reason="Tuổi cao", by=root())
    exempt_probationary = MemberFactory(
        organisation=tree.b, ceremony_date=date(2026, 3, 1), admission_decision_date=None, official_date=None
    )
    services.exempt_member(member=exempt_probationary, on=date(2026, 6, 1), reason="Sức khỏe yếu", by=root())
    gone = MemberFactory(organisation=tree.b)
    services.record_leaving(member=gone, reason=LeaveReason.DIED, on=date(2025, 2, 1), by=root())
    return [full, probationary, exempt_official, exempt_probationary]


def export(scope: Organisation) -> tuple[workbook.ExportCounts, bytes]:
    out = io.BytesIO()
    counts = workbook.write_export(scope, out)
    return counts, out.getvalue()


MEMBER_FIELDS = [c.field for c in MEMBERS.columns if c.field not in ("organisation", "status")]


def test_export_then_read_gives_back_the_same_organisations_and_members(tree, members):
    dissolved = OrganisationFactory(parent=tree.y, code="Y.OLD", name="Chi bộ ấp cũ", area_type="ap")
    services.dissolve_organisation(org=dissolved, on=date(2024, 12, 31), by=root())

    counts, data = export(tree.province)
    result = reader.read(io.BytesIO(data), name="xuat.xlsx")

    assert counts == workbook.ExportCounts(organisations=9, members=4)
    assert result.errors == [] and result.unknown_columns == [] and result.ignored_sheets == []
    organisations = Organisation.objects.order_by("path")
    assert [(row.values, row.parent) for row in result.organisations] == [
        (
            {
                f: getattr(org, f)
                for f in ("code", "name", "kind", "area_type", "founded_on", "dissolved_on", "online_pilot")
            },
            org.parent.code if org.parent else "",
        )
        for org in organisations
    ]
    read_back = {row.values["full_name"]: row for row in result.members}
    assert len(read_back) == 4
    for member in Member.objects.filter(pk__in=[m.pk for m in members]).select_related("organisation"):
        row = read_back[member.full_name]
        expected = {f: getattr(member, f) for f in MEMBER_FIELDS} | {
            "status": member.status,
            "is_exempt": member.is_exempt,
        }
        assert (row.values, row.organisation) == (expected, member.organisation.code)


def test_export_of_a_commune_holds_its_subtree_and_names_its_superior(tree, members):
    counts, data = export(tree.x)
    result = reader.read(io.BytesIO(data), name="xuat.xlsx")

    assert counts == workbook.ExportCounts(organisations=5, members=3)
    assert [(row.values["code"], row.parent) for row in result.organisations] == [
        ("X", "TV"),
        ("A", "X"),
        ("A2", "X"),
        ("G", "X"),
        ("G1", "G"),
    ]
    assert sorted(row.organisation for row in result.members) == ["A", "A", "G1"]


def test_export_keeps_text_that_looks_like_a_formula_as_text(tree, members):
    _, data = export(tree.a)
    ws = load_workbook(io.BytesIO(data))["Đảng viên"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("http://example.com")')

    assert (cell.data_type, cell.quotePrefix) == ("s", True)


def test_export_query_count_does_not_grow_with_the_members(tree, django_assert_num_queries):
    MemberFactory(organisation=tree.a)
    with django_assert_num_queries(2):
        export(tree.x)
    MemberFactory.create_batch(3, organisation=tree.a2)
    with django_assert_num_queries(2):
        export(tree.x)
