"""The report's tables as an Excel workbook: one sheet per table, the header rows frozen,
Vietnamese text as is. The same table functions as the PDF and the pages.

Numbers stay numbers so that they can be summed and sorted: counts with a thousands format,
shares as fractions with a percent format (27,27 % is 0.2727), which Excel and LibreOffice show
with the reader's own separators ("46.437", "27,27%" on a Vietnamese system). A share that has
no denominator is said in words, as in the PDF; a year with nothing decided gives one sheet that
says so, in the PDF's words."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from branches.excel import write_plain
from branches.models import Organisation
from branches.text import nfc

from ..queries import period_for
from . import annual, tables
from .figures import LEVELS, Levels

PERCENT = "0.00%"
POINTS = "+0.00;-0.00;0.00"  # percentage points gained or lost
LEVEL_NAMES = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ (HTXSNV)",
    "HTTNV": "Hoàn thành tốt nhiệm vụ (HTTNV)",
    "HTNV": "Hoàn thành nhiệm vụ (HTNV)",
    "KHTNV": "Không hoàn thành nhiệm vụ (KHTNV)",
}
LEVEL_HEADS = [
    h
    for level in LEVELS
    for h in (f"{LEVEL_NAMES[level]}: số lượng", f"{level}: tỷ lệ % so với số đã xếp loại")
]


@dataclass(frozen=True)
class Share:
    """A share in per cent (figures.rate) for a percent cell; `missing` says why there is none."""

    value: Decimal | None
    missing: str


@dataclass(frozen=True)
class Points:
    """A change in percentage points; `missing` says why there is none."""

    value: Decimal | None
    missing: str


def _levels(levels: Levels, nobody: str) -> list:
    return [value for n, pct in levels.cells() for value in (n, Share(pct, nobody))]


def _nobody(row, subject: str) -> str:
    return "chưa có quyết định xếp loại" if row.pending else f"không có {subject} được xếp loại"


def _name(row) -> str:
    return nfc(row.unit.name) if row.unit else "Cộng"


def write_cell(cell, value) -> None:
    """Every cell of every sheet is written here: text always as text, never as a formula
    (branches.excel); shares and points with their formats."""
    if isinstance(value, Share | Points):
        if value.value is None:
            cell.value, cell.font = value.missing, Font(italic=True)
        elif isinstance(value, Share):
            cell.value, cell.number_format = float(value.value / 100), PERCENT
        else:
            cell.value, cell.number_format = float(value.value), POINTS
    else:
        write_plain(cell, value)


def _sheet(
    book: Workbook, title: str, heading: str, head: list[str], rows: list[list], note: str = ""
) -> None:
    sheet = book.create_sheet(title)
    write_cell(sheet["A1"], heading)
    sheet["A1"].font = Font(bold=True, size=12)
    for c, value in enumerate(head, start=1):
        write_cell(sheet.cell(row=2, column=c), value)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            write_cell(sheet.cell(row=r, column=c), value)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True, italic=cell.font.italic)  # the total
    if note:
        cell = sheet.cell(row=sheet.max_row + 2, column=1)
        write_cell(cell, note)
        cell.font = Font(italic=True)
    sheet.freeze_panes = "B3"
    sheet.column_dimensions["A"].width = 42
    for column in range(2, len(head) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14


def _change(row) -> Points:
    missing = "không có số liệu năm nay" if not row.levels.rated else "không có số liệu năm trước"
    return Points(row.good_change, missing)


def workbook(scope: Organisation, year: int) -> bytes:
    book = Workbook()
    book.remove(book.active)
    period = period_for(scope, year)
    where = f"{nfc(scope.name)}, năm {year}"
    if period is not None:
        before = period_for(scope, year - 1)
        unit_list = tables.units(scope)
        orgs, orgs_total = tables.organisations(scope, period, before, unit_list)
        members, members_total = tables.members(scope, period, before, unit_list)
    if period is None or not annual.has_results(orgs_total, members_total):
        sheet = book.create_sheet("Thông tin")
        write_cell(sheet["A1"], annual.no_results(scope, year, period))
        sheet.column_dimensions["A"].width = 120
        sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    else:
        _sheet(
            book,
            "A. Tổ chức đảng",
            f"Xếp loại tổ chức đảng — {where}",
            [
                "Đơn vị",
                "Tổng số tổ chức đảng",
                "Không đánh giá (thành lập chưa đủ 6 tháng)",
                "Chưa có quyết định",
                "Đã xếp loại",
                *LEVEL_HEADS,
                f"Tỷ lệ HTTNV trở lên so với năm {year - 1} (tăng, giảm điểm %)",
            ],
            [
                [
                    _name(r),
                    r.total,
                    r.not_rated,
                    r.pending,
                    r.levels.rated,
                    *_levels(r.levels, _nobody(r, "tổ chức đảng")),
                    _change(r),
                ]
                for r in [*orgs, orgs_total]
            ],
            "Tỷ lệ % tính trên số tổ chức đảng đã xếp loại.",
        )
        _sheet(
            book,
            "B. Đảng viên",
            f"Xếp loại đảng viên — {where}",
            [
                "Đơn vị",
                "Tổng số đảng viên",
                "Miễn công tác, sinh hoạt",
                "Đình chỉ sinh hoạt",
                "Kết nạp chưa đủ 6 tháng",
                "Thuộc diện đánh giá",
                "Chưa có quyết định",
                "Đã xếp loại",
                *LEVEL_HEADS,
                "Bị kỷ luật trong năm",
                "Tỷ lệ HTXSNV so với HTTNV (%)",
            ],
            [
                [
                    _name(r),
                    r.total,
                    r.exempt,
                    r.suspended,
                    r.new,
                    r.subject,
                    r.pending,
                    r.levels.rated,
                    *_levels(r.levels, _nobody(r, "đảng viên")),
                    r.disciplined,
                    Share(r.levels.excellent_of_good, "không có HTTNV"),
                ]
                for r in [*members, members_total]
            ],
            "Tỷ lệ % tính trên số đảng viên đã xếp loại.",
        )
        meetings, meetings_total = tables.meetings(scope, year, unit_list)
        _sheet(
            book,
            "C. Sinh hoạt chi bộ",
            f"Sinh hoạt chi bộ — {where}",
            [
                "Đơn vị",
                "Số chi bộ",
                "Số chi bộ sinh hoạt đủ 12/12 kỳ thường kỳ",
                "Số chi bộ sinh hoạt chuyên đề từ 4 kỳ trở lên",
                "Số buổi sinh hoạt đã hoàn tất biên bản",
                "Tỷ lệ buổi sinh hoạt xếp loại Tốt (%)",
            ],
            [
                [
                    _name(r),
                    r.branches,
                    r.full_regular,
                    r.enough_thematic,
                    r.held,
                    Share(r.good_share, "chưa có biên bản hoàn tất"),
                ]
                for r in [*meetings, meetings_total]
            ],
        )
        recognitions, recognitions_total, schemes = tables.recognitions(scope, period, before, unit_list)
        _sheet(
            book,
            "D. Công nhận",
            f"Khen thưởng, công nhận — {where}",
            [
                "Đơn vị",
                *[f"{nfc(s.name)} (số tổ chức được công nhận)" for s in schemes],
                "Đảng viên hoàn thành xuất sắc nhiệm vụ",
                "Trong đó hoàn thành xuất sắc nhiệm vụ 2 năm liền",
            ],
            [
                [_name(r), *r.cells(schemes), r.members_excellent, r.members_excellent_running]
                for r in [*recognitions, recognitions_total]
            ],
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
