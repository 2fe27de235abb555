"""Payments made on the national public-service portal, read from a statement file (CSV or Excel).
Which column holds what is a parameter of the import: portals and banks lay their files out
differently. The file is read, shown, and applied only when the person confirms what they saw."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from branches.models import Member, Organisation
from branches.text import nfc

from ..enums import Method
from . import rules, services

MAX_LINES = 5000
SALT = "meetings.dues.statement"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Columns:
    """Where the statement keeps each thing: a column letter (A, B, …); `month` may be empty (then
    the payment is entered in the month it was made)."""

    identifier: str
    identifier_kind: str  # "card": số thẻ đảng viên; "cccd": số căn cước
    amount: str
    day: str
    reference: str
    month: str = ""
    first_row: int = 2


@dataclass(frozen=True)
class Line:
    row: int
    identifier: str
    amount: int | None
    day: str  # ISO, or "" when unreadable
    reference: str
    period: str  # ISO first day of the month it pays for, or ""
    problem: str = ""


def _index(letter: str) -> int:
    return LETTERS.index(letter.strip().upper())


def _rows(content: bytes, name: str) -> list[list[object]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise ValidationError({"file": "Không đọc được tệp Excel (.xlsx) này."}) from None
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": "Tệp CSV phải ở mã UTF-8 (Excel: Lưu thành CSV UTF-8)."}) from None
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _money(value) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if value >= 0 and int(value) == value else None
    digits = "".join(ch for ch in str(value or "") if ch not in " .,đ")
    return int(digits) if digits.isascii() and digits.isdecimal() and len(digits) <= 12 else None


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().split(" ")[0]
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _month(value) -> date | None:
    if isinstance(value, date | datetime):
        return rules.first_of(value if isinstance(value, date) else value.date())
    text = str(value or "").strip().replace("-", "/")
    month, _, year = text.partition("/")
    if month.isdecimal() and year.isdecimal() and 1 <= int(month) <= 12 and 1930 <= int(year) <= 2100:
        return date(int(year), int(month), 1)
    return None


def read(content: bytes, name: str, columns: Columns, today: date) -> list[Line]:
    """Each statement line from `first_row` on, with what is wrong with it, if anything."""
    try:
        wanted = {key: _index(getattr(columns, key)) for key in ("identifier", "amount", "day", "reference")}
        month_at = _index(columns.month) if columns.month.strip() else None
    except ValueError:
        raise ValidationError("Cột phải là một chữ cái từ A đến Z.") from None
    rows = _rows(content, name)[max(1, columns.first_row) - 1 :]
    if len(rows) > MAX_LINES:
        raise ValidationError({"file": f"Tệp có hơn {MAX_LINES} dòng: hãy tách theo tháng."})
    lines = []
    for number, row in enumerate(rows, start=max(1, columns.first_row)):
        if not any(str(cell or "").strip() for cell in row):
            continue

        def cell(i, row=row):
            return row[i] if i is not None and i < len(row) else None

        amount, day = _money(cell(wanted["amount"])), _day(cell(wanted["day"]))
        month = _month(cell(month_at)) if month_at is not None else (rules.first_of(day) if day else None)
        problem = (
            "không đọc được số tiền"
            if not amount
            else "không đọc được ngày nộp"
            if day is None
            else "ngày nộp sau hôm nay"
            if day > today
            else "không đọc được kỳ đóng (tháng/năm)"
            if month is None
            else ""
        )
        lines.append(
            Line(
                number,
                nfc(str(cell(wanted["identifier"]) or "")).strip().replace(" ", ""),
                amount,
                day.isoformat() if day else "",
                nfc(str(cell(wanted["reference"]) or "")).strip()[:60],
                month.isoformat() if month else "",
                problem,
            )
        )
    return lines


def sign(lines: list[Line], columns: Columns) -> str:
    """The lines as the preview showed them, signed: what the person confirms is what is applied."""
    return signing.dumps(
        {"lines": [asdict(line) for line in lines], "kind": columns.identifier_kind}, salt=SALT, compress=True
    )


def unsign(token: str) -> tuple[list[Line], str]:
    try:
        data = signing.loads(token, salt=SALT, max_age=3600)
    except signing.BadSignature:
        raise ValidationError("Bản xem trước đã quá hạn hoặc không hợp lệ: hãy tải tệp lên lại.") from None
    return [Line(**line) for line in data["lines"]], data["kind"]


@dataclass(frozen=True)
class Match:
    line: Line
    member: Member | None
    problem: str


def match(scope: Organisation, lines: list[Line], identifier_kind: str) -> list[Match]:
    """Each line with the member it pays for (a current member of the scope, or one hosted there),
    or what keeps it from being applied. Two queries."""
    field = "card_number" if identifier_kind == "card" else "cccd"
    wanted = {line.identifier for line in lines if line.identifier}
    members = (
        Member.objects.current()
        .filter(**{f"{field}__in": wanted})
        .filter(
            Q(organisation__path__startswith=scope.path)
            | Q(temporary_organisation__path__startswith=scope.path)
        )
        .select_related("organisation")
    )
    found = {getattr(m, field): m for m in members}
    references = [line.reference for line in lines if line.reference]
    used = {r for r in references if services.reference_used(r)} if references else set()
    seen: set[str] = set()
    result = []
    for line in lines:
        member = found.get(line.identifier)
        problem = line.problem or (
            f"không có đảng viên {'số thẻ' if field == 'card_number' else 'số CCCD'} {line.identifier or '(trống)'} "
            f"trong {scope.name}"
            if member is None
            else f"mã giao dịch {line.reference} đã được ghi nhận trước đây"
            if line.reference in used
            else f"mã giao dịch {line.reference} lặp lại trong tệp"
            if line.reference and line.reference in seen
            else ""
        )
        seen.add(line.reference)
        result.append(Match(line, member, problem))
    return result


@transaction.atomic
def import_statement(*, scope: Organisation, token: str, source_name: str, by, today: date) -> int:
    """Enter the confirmed lines' payments (method: the portal) in their months' books; lines with a
    problem are left out, as the preview said. Returns how many were entered."""
    services.check_policy(by, "dues.collect", scope)
    lines, kind = unsign(token)
    entered = 0
    for m in match(scope, lines, kind):
        if m.problem:
            continue
        services.record_payment(
            member=m.member,
            amount=m.line.amount,
            on=date.fromisoformat(m.line.day),
            method=Method.PORTAL,
            reference=m.line.reference,
            period=date.fromisoformat(m.line.period),
            reason=f"Nhập sao kê Cổng Dịch vụ công ({nfc(source_name)[:80]})",
            by=by,
            today=today,
        )
        entered += 1
    if not entered:
        raise ValidationError("Không có dòng nào ghi nhận được: xem lý do ở từng dòng.")
    return entered
