"""The import workbooks the app writes: the downloadable templates (organisations; members) and the
export of a scope's organisations and members in exactly the template's layout, so that an export
read back (reader.read) gives the same values and importing it changes nothing.

A data sheet has one header row (frozen) and then one row per organisation or member; the CCCD and
card columns are text so that Excel keeps their leading zeros; a controlled list has a drop-down from
the "Danh mục" sheet that still accepts what is typed (synonyms are matched on import). The "Hướng dẫn"
sheet explains each column, its allowed values and carries an example row, kept off the data sheet
so that it can never be imported by mistake. Text goes through branches.excel's safe cells: a name
starting with "=" stays a name. Written in openpyxl's write-only mode: a province's 46,437 members
stream out without holding the sheet in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from branches.excel import FORMULA_STARTS, write_plain
from branches.formatting import number
from branches.models import Member, Organisation

from . import values
from .columns import GUIDE_TITLE, LISTS_TITLE, MEMBERS, ORGANISATIONS, SHEETS, Column, Sheet

DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
TEXT_FIELDS = {"cccd", "card_number", "dossier_number", "code"}  # digits that must stay text
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")
CHUNK = 2000
TEMPLATE_FILE_NAMES = {"organisations": "mau-nhap-to-chuc.xlsx", "members": "mau-nhap-dang-vien.xlsx"}


@dataclass(frozen=True)
class ExportCounts:
    organisations: int
    members: int


def _cell(ws, value, *, style: dict | None = None):
    """A value for ws.append: as is when plain, a styled or formula-safe cell otherwise."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(ws)
        write_plain(cell, value)
        return cell
    if isinstance(value, date) or style:
        cell = WriteOnlyCell(ws, value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
        for name, setting in (style or {}).items():
            setattr(cell, name, setting)
        return cell
    return value


def _written(column: Column, value):
    """A value as the sheet shows it: a controlled list's label, anything else as it is."""
    return column.choices.label(value) if column.choices is not None else value


def _header(ws, texts) -> None:
    ws.append(
        [
            _cell(ws, text, style={"font": HEADER_FONT, "fill": HEADER_FILL, "alignment": WRAP})
            for text in texts
        ]
    )


def _list_columns(sheets) -> list[Column]:
    """The controlled-list columns of these sheets, each list once, in the "Danh mục" sheet's order."""
    found, lists = [], set()
    for sheet in sheets:
        for column in sheet.columns:
            if column.choices is not None and id(column.choices) not in lists:
                lists.add(id(column.choices))
                found.append(column)
    return found


def _data_sheet(wb: Workbook, sheet: Sheet, list_columns: list[Column]):
    ws = wb.create_sheet(sheet.title)
    ws.freeze_panes = "A2"
    where = {id(column.choices): get_column_letter(i) for i, column in enumerate(list_columns, start=1)}
    for i, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        dimension = ws.column_dimensions[letter]
        dimension.width = column.width
        if column.field in TEXT_FIELDS:
            dimension.number_format = TEXT_FORMAT
        if column.choices is not None:
            source = where[id(column.choices)]
            size = len([label for label in column.choices.labels if label])
            # A warning, not a stop: a synonym typed by hand ("Khơ-me") is accepted on import.
            validation = DataValidation(
                type="list",
                formula1=f"{quote_sheetname(LISTS_TITLE)}!${source}$2:${source}${size + 1}",
                allow_blank=True,
                errorStyle="warning",
                showErrorMessage=True,
                errorTitle=column.header,
                error="Giá trị này không có trong danh mục: khi nhập, tệp sẽ báo lỗi nếu không nhận ra.",
            )
            validation.add(f"{letter}2:{letter}1048576")
            ws.data_validations.append(validation)
    _header(ws, [column.header for column in sheet.columns])
    return ws


def _lists_sheet(wb: Workbook, list_columns: list[Column]) -> None:
    ws = wb.create_sheet(LISTS_TITLE)
    _header(ws, [column.choices.title for column in list_columns])
    labels = [[label for label in column.choices.labels if label] for column in list_columns]
    for i, column in enumerate(list_columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(column.width, 18)
    for row in range(max(len(found) for found in labels)):
        ws.append([_cell(ws, found[row]) if row < len(found) else None for found in labels])


def _guide_sheet(wb: Workbook, sheets) -> None:
    ws = wb.create_sheet(GUIDE_TITLE)
    for letter, width in zip("ABCDE", (30, 10, 40, 60, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append([_cell(ws, "HƯỚNG DẪN ĐIỀN TỆP NHẬP DỮ LIỆU", style={"font": Font(bold=True, size=14)})])
    notes = [
        "Mỗi dòng một tổ chức hoặc một đảng viên; hàng đầu tiên của trang là tên cột, giữ nguyên như mẫu.",
        "Ngày ghi theo ngày/tháng/năm (ví dụ 05/04/1970) hoặc dùng ô kiểu ngày của Excel.",
        "Các cột có danh mục nhận cả cách viết không dấu hoặc khác hoa thường (ví dụ “khome” là Khmer).",
        "Không dùng công thức, ô gộp, trang ẩn; cột không có trong mẫu sẽ được bỏ qua và liệt kê lại.",
        f"Tệp .xlsx hoặc .csv (UTF-8), tối đa {number(settings.IMPORT_MAX_BYTES / (1 << 20))} MB "
        f"và {number(settings.IMPORT_MAX_ROWS)} dòng.",
        "Đảng viên được đối chiếu theo số CCCD, nếu không có thì theo số thẻ đảng viên, rồi theo họ tên và "
        "ngày sinh trong chi bộ.",
    ]
    for note in notes:
        ws.append([_cell(ws, note)])
    for sheet in sheets:
        ws.append([])
        ws.append([_cell(ws, f"Trang “{sheet.title}”", style={"font": Font(bold=True, size=12)})])
        _header(ws, ["Cột", "Bắt buộc", "Giá trị được nhận", "Giải thích", "Ví dụ"])
        for column in sheet.columns:
            required = "Có" if column.required else ""
            ws.append(
                [
                    _cell(ws, column.header),
                    required,
                    _cell(ws, column.allowed(), style={"alignment": WRAP}),
                    _cell(ws, column.explanation, style={"alignment": WRAP}),
                    _cell(ws, _written(column, column.example)),
                ]
            )
        ws.append([])
        ws.append([_cell(ws, f"Dòng ví dụ của trang “{sheet.title}”", style={"font": Font(italic=True)})])
        _header(ws, [column.header for column in sheet.columns])
        ws.append([_cell(ws, _written(column, column.example)) for column in sheet.columns])


class _Layout:
    """A workbook in the import layout: the data sheets first, then the guide and the lists."""

    def __init__(self, sheets: list[Sheet]):
        self.workbook, self.sheets = Workbook(write_only=True), sheets
        self.lists = _list_columns(sheets)
        self.data = {sheet.kind: _data_sheet(self.workbook, sheet, self.lists) for sheet in sheets}

    def save(self, out: BinaryIO) -> None:
        _guide_sheet(self.workbook, self.sheets)
        _lists_sheet(self.workbook, self.lists)
        self.workbook.save(out)


def write_template(kind: str, out: BinaryIO) -> None:
    """The empty template for "organisations" or "members": the data sheet, the guide, the lists."""
    _Layout([next(sheet for sheet in SHEETS if sheet.kind == kind)]).save(out)


# The export ------------------------------------------------------------------------------------------


def _cells(ws, sheet: Sheet, record: dict) -> list:
    return [_cell(ws, _written(column, record.get(column.field))) for column in sheet.columns]


MEMBER_FIELDS = [column.field for column in MEMBERS.columns if column.field not in ("organisation", "status")]


def _write_organisations(ws, scope: Organisation) -> int:
    fields = [c.field for c in ORGANISATIONS.columns if c.field != "parent"]
    rows = (
        Organisation.objects.subtree(scope)
        .order_by("path")
        .values_list(*fields, "parent__code")
        .iterator(chunk_size=CHUNK)
    )
    count = 0
    for found in rows:
        record = dict(zip(fields, found, strict=False))
        record["parent"] = found[-1] or ""
        ws.append(_cells(ws, ORGANISATIONS, record))
        count += 1
    return count


def _write_members(ws, scope: Organisation) -> int:
    rows = (
        Member.objects.in_subtree(scope)
        .current()
        .order_by("organisation__path", "sort_key", "pk")
        .values_list(*MEMBER_FIELDS, "organisation__code", "status", "is_exempt")
        .iterator(chunk_size=CHUNK)
    )
    count = 0
    for found in rows:
        record = dict(zip(MEMBER_FIELDS, found, strict=False))
        record["organisation"], status, is_exempt = found[-3:]
        record["status"] = values.Standing.EXEMPT if is_exempt else status
        ws.append(_cells(ws, MEMBERS, record))
        count += 1
    return count


def write_export(scope: Organisation, out: BinaryIO) -> ExportCounts:
    """The scope's organisations (the scope itself first, parents before children) and its current
    members, in the template's layout. The caller has fetched `scope` through the user's scope and
    logs the export; members who have left or died are not exported (the import takes current ones)."""
    layout = _Layout([ORGANISATIONS, MEMBERS])
    organisations = _write_organisations(layout.data["organisations"], scope)
    members = _write_members(layout.data["members"], scope)
    layout.save(out)
    return ExportCounts(organisations, members)
