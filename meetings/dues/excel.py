"""The monthly dues book as a workbook: the same table as the page and the PDF
(meetings.dues.documents), amounts as numbers so they add up, text written safely."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from branches.excel import write_plain

from .documents import HEAD, summary, table
from .values import Book

WIDTHS = {1: 6, 2: 28, 3: 30, 12: 40}


def workbook(book: Book) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.title = f"Tháng {book.period.month}-{book.period.year}"
    write_plain(
        sheet["A1"], f"Sổ thu, nộp đảng phí tháng {book.period.month}/{book.period.year} — {book.org.name}"
    )
    sheet["A1"].font = Font(bold=True, size=12)
    for c, text in enumerate(HEAD, start=1):
        cell = sheet.cell(row=2, column=c)
        write_plain(cell, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    rows, total = table(book)
    for r, values in enumerate([*rows, total], start=3):
        for c, value in enumerate(values, start=1):
            write_plain(sheet.cell(row=r, column=c), value)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    parent = book.org.parent.name if book.org.parent else "cấp trên"
    for i, line in enumerate(summary(book).lines(book.org.name, parent), start=sheet.max_row + 2):
        write_plain(sheet.cell(row=i, column=2), line)
    sheet.freeze_panes = "C3"
    for column in range(1, len(HEAD) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(column, 14)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
