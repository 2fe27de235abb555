"""The chi bộ's monthly dues book (sổ thu, nộp đảng phí) as one table of figures, which the page,
the PDF (a Party document, landscape A4) and the workbook all print: the numbers agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from branches.documents import issuer_lines, locality, month_text, place_date, render_html, signature_title
from branches.formatting import day, number, share
from branches.models import Member, Position

from ..enums import State
from . import rules
from .values import Book, BookRow

TEMPLATE = "meetings/dues/pdf/book.html"
LANDSCAPE = """@page { size: A4 landscape; margin: 15mm 15mm 15mm 20mm; }
table.dues-book th:nth-child(2) { width: 15%; }
table.dues-book th:nth-child(3) { width: 15%; }
table.dues-book th:nth-child(12) { width: 13%; }"""
HEAD = [
    "STT",
    "Họ và tên",
    "Đối tượng",
    "Phải nộp tháng này",
    "Nợ các tháng trước",
    "Đã nộp trước",
    "Nộp tiền mặt",
    "Nộp qua Cổng DVC",
    "Ngày nộp",
    "Còn nợ",
    "Nộp trước chuyển sang",
    "Ghi chú",
]


def note(row: BookRow) -> str:
    """What the book says beside the figures: the state when it is not plainly paid, a reason, how
    far a payment ahead reaches, a basis still to record."""
    parts = []
    if row.state != State.PAID:
        parts.append(row.state_label)
    if row.reason:
        parts.append(f"lý do: {row.reason}")
    if row.paid_ahead_until:
        parts.append(f"đã nộp đến tháng {row.paid_ahead_until.month}/{row.paid_ahead_until.year}")
    if row.basis_missing:
        parts.append("chưa khai mức đóng")
    return "; ".join(parts)


def row_values(i: int, row: BookRow) -> list:
    """A member's line as numbers (đồng) and text, in HEAD's order."""
    return [
        i,
        row.member.full_name,
        row.category_label,
        row.due,
        row.arrears,
        row.credit,
        row.cash,
        row.portal,
        day(row.paid_on),
        row.owed,
        row.ahead,
        note(row),
    ]


@dataclass(frozen=True)
class Summary:
    members_due: int
    members_paid: int
    due_total: int
    cash: int
    portal: int
    kept_percent: object
    kept: int
    handed_up: int

    @property
    def collected(self) -> int:
        return self.cash + self.portal

    @property
    def kept_text(self) -> str:
        return number(self.kept_percent, 2, trim=True) + "%"

    @property
    def rate(self) -> str:
        return share(self.members_paid, self.members_due) or "không có đảng viên phải nộp"

    def lines(self, org_name: str, parent_name: str) -> list[str]:
        return [
            f"Số đảng viên phải nộp: {self.members_due}; đã nộp: {self.members_paid} ({self.rate}).",
            f"Tổng số phải thu trong tháng: {number(self.due_total)} đồng; đã thu: {number(self.collected)} đồng "
            f"(tiền mặt {number(self.cash)} đồng, qua Cổng Dịch vụ công {number(self.portal)} đồng).",
            f"{org_name} trích giữ lại {self.kept_text}: {number(self.kept)} đồng; "
            f"nộp lên {parent_name}: {number(self.handed_up)} đồng.",
        ]


def summary(book: Book) -> Summary:
    """The month's figures as the book's lines add them up (the same the level above reads)."""
    month = book.month
    kept_percent = month.kept_percent if month else 0
    cash, portal = book.total("cash"), book.total("portal")
    kept, handed = rules.split(cash + portal, kept_percent)
    return Summary(
        book.members_due, book.members_paid, book.total("due"), cash, portal, kept_percent, kept, handed
    )


def table(book: Book) -> tuple[list[list], list]:
    """(rows, total row) in HEAD's order."""
    rows = [row_values(i, r) for i, r in enumerate(book.rows, start=1)]
    total = [
        "",
        "Cộng",
        "",
        *(sum(r[c] for r in rows) for c in range(3, 8)),
        "",
        sum(r[9] for r in rows),
        sum(r[10] for r in rows),
        "",
    ]
    return rows, total


# Columns left blank when nothing is there (the due is always written).
BLANK_WHEN_ZERO = {4, 5, 6, 7, 9, 10}


def _amount(value, column: int):
    """A figure of a member's line as the PDF prints it: 85.000; an empty balance or payment blank."""
    if not isinstance(value, int) or column < 3:
        return value
    return "" if value == 0 and column in BLANK_WHEN_ZERO else number(value)


def _secretary(book: Book) -> str:
    name = (
        Member.objects.filter(
            positions__organisation=book.org,
            positions__title=Position.Title.SECRETARY,
            positions__ends_on__isnull=True,
        )
        .values_list("full_name", flat=True)
        .first()
    )
    return name or ""


def book_context(book: Book, today: date | None = None) -> dict:
    org = book.org
    rows, total = table(book)
    figures = summary(book)
    written = book.month.closed_at if book.month and book.month.closed_at else None
    on = timezone.localdate(written) if written else (today or timezone.localdate())
    parent = org.parent.name if org.parent else "cấp trên"
    return {
        "document_title": f"Sổ thu, nộp đảng phí tháng {book.period.month}/{book.period.year} — {org.name}",
        "issuer": issuer_lines(org),
        "number": "",
        "place_date": place_date(locality(org), on),
        "title": "SỔ THU, NỘP ĐẢNG PHÍ",
        "summary": f"THÁNG {month_text(book.period.month)} NĂM {book.period.year}",
        "draft": not book.closed,
        "head": HEAD,
        "rows": [[_amount(v, c) for c, v in enumerate(r)] for r in rows],
        "total": [number(v) if isinstance(v, int) else v for v in total],
        "figures": figures.lines(org.name, parent),
        "collector_title": ("NGƯỜI THU",),
        "secretary_title": signature_title("Chi bộ", False),
        "secretary": _secretary(book),
    }


def render_book(book: Book) -> bytes:
    return render_html(render_to_string(TEMPLATE, book_context(book)), LANDSCAPE)
