"""The report's tables as an Excel workbook: one sheet per table, numbers as numbers, the header
rows frozen, Vietnamese text as is. The same table functions as the PDF and the pages."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from branches.models import Organisation
from branches.text import nfc

from ..queries import period_for
from . import tables
from .figures import LEVELS

LEVEL_HEADS = [h for level in LEVELS for h in (level, f"{level} (%)")]


def _levels(levels) -> list:
    return [value for n, pct in levels.cells() for value in (n, float(pct) if pct is not None else None)]


def _name(row) -> str:
    return nfc(row.unit.name) if row.unit else "Cộng"


def _sheet(book: Workbook, title: str, heading: str, head: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title)
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(head)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in rows:
        sheet.append(row)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)  # the total
    sheet.freeze_panes = "B3"
    sheet.column_dimensions["A"].width = 42
    for column in range(2, len(head) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11


def workbook(scope: Organisation, year: int) -> bytes:
    book = Workbook()
    book.remove(book.active)
    period = period_for(scope, year)
    where = f"{nfc(scope.name)}, năm {year}"
    if period is None:
        sheet = book.create_sheet("Thông tin")
        sheet.append([f"{where}: chưa mở đánh giá, xếp loại; không có số liệu."])
    else:
        before = period_for(scope, year - 1)
        unit_list = tables.units(scope)
        orgs, orgs_total = tables.organisations(scope, period, before, unit_list)
        _sheet(book, "A. Tổ chức đảng", f"Xếp loại tổ chức đảng — {where}",
               ["Đơn vị", "Tổng số", "Không đánh giá", "Chưa quyết định", "Đã xếp loại", *LEVEL_HEADS, "± điểm % tốt trở lên"],
               [[_name(r), r.total, r.not_rated, r.pending, r.levels.rated, *_levels(r.levels),
                 float(r.good_change) if r.good_change is not None else None] for r in [*orgs, orgs_total]])
        members, members_total = tables.members(scope, period, before, unit_list)
        _sheet(book, "B. Đảng viên", f"Xếp loại đảng viên — {where}",
               ["Đơn vị", "Tổng số", "Miễn công tác, sinh hoạt", "Đình chỉ sinh hoạt", "Kết nạp chưa đủ 6 tháng",
                "Thuộc diện đánh giá", "Chưa quyết định", "Đã xếp loại", *LEVEL_HEADS, "Bị kỷ luật trong năm", "HTXSNV/HTTNV (%)"],
               [[_name(r), r.total, r.exempt, r.suspended, r.new, r.subject, r.pending, r.levels.rated, *_levels(r.levels),
                 r.disciplined, float(r.levels.excellent_of_good) if r.levels.excellent_of_good is not None else None]
                for r in [*members, members_total]])
        meetings, meetings_total = tables.meetings(scope, year, unit_list)
        _sheet(book, "C. Sinh hoạt chi bộ", f"Sinh hoạt chi bộ — {where}",
               ["Đơn vị", "Số chi bộ", "Đủ 12/12 kỳ thường kỳ", "Từ 4 kỳ chuyên đề trở lên", "Số buổi đã hoàn tất", "Xếp loại Tốt (%)"],
               [[_name(r), r.branches, r.full_regular, r.enough_thematic, r.held,
                 float(r.good_share) if r.good_share is not None else None] for r in [*meetings, meetings_total]])
        recognitions, recognitions_total, schemes = tables.recognitions(scope, period, before, unit_list)
        _sheet(book, "D. Công nhận", f"Khen thưởng, công nhận — {where}",
               ["Đơn vị", *[nfc(s.name) for s in schemes], "Đảng viên HTXSNV", "HTXSNV 2 năm liền"],
               [[_name(r), *r.cells(schemes), r.members_excellent, r.members_excellent_running]
                for r in [*recognitions, recognitions_total]])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
