"""Every write to the dues ledger: a member's basis, the month's book at the meeting, a payment
between meetings, a reason for not paying. Each asks the policy itself, writes in one transaction,
leaves a change record, and refuses in Vietnamese leaving the database as it was."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from branches.formatting import number
from branches.models import ChangeRecord, Member, Organisation
from branches.policy import check
from branches.services import STALE_MESSAGE, audit
from branches.text import nfc

from ..enums import Category, Method
from . import ledger, queries, rules
from .models import DuesBasis, DuesEntry, DuesMonth

Action = ChangeRecord.Action
# More than this for one member in one payment is a typing mistake (an extra zero or three).
MAX_PAYMENT = 50_000_000
MAX_BASIS = 2_000_000_000
RESUBMITTED = "Sổ đảng phí này đã được lưu ở lần gửi trước; không lưu thêm lần nữa."
NOT_A_BRANCH = "Chỉ ghi sổ đảng phí cho chi bộ đang hoạt động."


def money(amount: int) -> str:
    return f"{number(amount)} đ"


def month_label(period: date) -> str:
    return f"tháng {period.month}/{period.year}"


def check_policy(by, action: str, org: Organisation) -> None:
    """The policy again inside every writing service of the dues (branches.policy.check), so no
    caller (a view, a command, an import) can write outside its scope."""
    messages = {
        "dues.collect": f"Đồng chí không phụ trách việc thu đảng phí của {org.name}.",
        "dues.configure": f"Đồng chí không quản trị các tham số đảng phí của {org.name}.",
    }
    check(by, action, org, messages[action])


def _check_amount(amount: int, who: str = "") -> None:
    prefix = f"{who}: " if who else ""
    if amount < 0:
        raise ValidationError(f"{prefix}số tiền không thể âm.")
    if amount > MAX_PAYMENT:
        raise ValidationError(
            f"{prefix}{money(amount)} là quá lớn cho đảng phí của một đảng viên; hãy kiểm tra lại số tiền."
        )


def _check_period(period: date, today: date) -> None:
    if period.day != 1:
        raise ValueError("a dues month is given by its first day")
    if period > rules.first_of(today):
        raise ValidationError(f"Chưa đến {month_label(period)}: chưa thể ghi sổ đảng phí tháng này.")


def reference_used(reference: str) -> bool:
    """A portal transaction already in the ledger (references are kept space-separated)."""
    return DuesEntry.objects.filter(
        Q(references=reference)
        | Q(references__startswith=f"{reference} ")
        | Q(references__endswith=f" {reference}")
        | Q(references__contains=f" {reference} ")
    ).exists()


def paying_branch(member: Member) -> Organisation:
    """Where the member's dues are kept: the chi bộ hosting them on temporary activity, or their own."""
    return member.temporary_organisation or member.organisation


# Basis -------------------------------------------------------------------------------------------


@transaction.atomic
def set_basis(
    *,
    member: Member,
    year: int,
    category: str,
    amount: int | None,
    note: str = "",
    version: int | None = None,
    by,
) -> DuesBasis:
    """Record what the member's dues are reckoned from in `year` (category and, for a percentage,
    the amount). Months already in the book keep their due; months written later use this."""
    member = Member.objects.select_related("organisation", "temporary_organisation").get(pk=member.pk)
    check_policy(by, "dues.collect", paying_branch(member))
    if category not in Category.values:
        raise ValidationError({"category": "Đối tượng đóng đảng phí không hợp lệ."})
    if rules.needs_amount(category):
        if not amount or amount <= 0:
            raise ValidationError({"amount": "Đối tượng này đóng theo tỷ lệ: hãy nhập số tiền làm căn cứ."})
        if amount > MAX_BASIS:
            raise ValidationError({"amount": f"{money(amount)} là quá lớn; hãy kiểm tra lại số tiền."})
    else:
        amount = None
    basis = DuesBasis.objects.select_for_update().filter(member=member, year=year).first()
    if basis is not None and version is not None and basis.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    if basis is None and version not in (None, 0):
        raise ValidationError(STALE_MESSAGE, code="stale")
    before = {"category": basis.category, "amount": basis.amount, "note": basis.note} if basis else {}
    basis = basis or DuesBasis(member=member, year=year)
    basis.category, basis.amount, basis.note = category, amount, nfc(note).strip()
    basis.version += 1
    try:
        with transaction.atomic():
            basis.save()
    except IntegrityError:  # another form created the year's basis meanwhile
        raise ValidationError(STALE_MESSAGE, code="stale") from None
    after = {"category": basis.category, "amount": basis.amount, "note": basis.note}
    changes = {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}
    audit(
        by,
        basis,
        Action.UPDATE if before else Action.CREATE,
        changes,
        f"Mức đóng đảng phí năm {year}",
        scope_path=member.organisation.path,
    )
    return basis


# The month's book, at the meeting ----------------------------------------------------------------


@dataclass(frozen=True)
class Collected:
    """What the secretary marks for a member: paid (in cash, `amount` đồng) or not, and why not."""

    paid: bool
    amount: int = 0
    reason: str = ""


def _paid_text(names: dict[int, str], values: dict[int, tuple[int, str]]) -> str:
    return "; ".join(
        f"{names[m]}: {money(cash) if cash else 'chưa nộp'}{f' ({why})' if why else ''}"
        for m, (cash, why) in values.items()
    )


@transaction.atomic
def collect_month(
    *,
    organisation: Organisation,
    period: date,
    rows: dict[int, Collected],
    on: date,
    version: int,
    submission: uuid.UUID | None = None,
    reason: str = "",
    by,
    today: date | None = None,
) -> DuesMonth:
    """Write the chi bộ's book for the month: each payer's cash paid at the meeting (or nothing, with
    a reason if a good one), carried from and to their other months. The first write closes the
    month; changing it later needs a reason. `version` is the book's as the form showed it (0 for a
    book not yet written); a form already saved once is refused."""
    today = today or timezone.localdate()
    # The chi bộ's row is the lock every write to its book takes: a second submission waits here.
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_policy(by, "dues.collect", org)
    if not org.is_branch or not org.is_active:
        raise ValidationError(NOT_A_BRANCH)
    _check_period(period, today)
    if submission is not None and DuesMonth.objects.filter(submission=submission).exists():
        raise ValidationError(RESUBMITTED, code="resubmitted")
    if on > today:
        raise ValidationError({"on": "Ngày thu không thể sau hôm nay."})
    if on < rules.add_months(period, -1):
        raise ValidationError({"on": f"Ngày thu quá xa trước {month_label(period)}; hãy kiểm tra lại."})
    month = ledger.book_month(org, period)
    if month.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    reason = nfc(reason).strip()
    if month.closed and not reason:
        raise ValidationError(
            {"reason": f"Sổ đảng phí {month_label(period)} đã ghi: muốn sửa phải nêu lý do."}
        )

    book = queries.book(org, period)
    by_id = {r.member.pk: r for r in book.rows}
    if set(rows) - set(by_id):
        raise ValidationError("Có người trong danh sách không nộp đảng phí tại chi bộ này.")
    for member_id, row in rows.items():
        name = by_id[member_id].member.full_name
        if row.paid:
            _check_amount(row.amount, f"Đồng chí {name}")
            if row.amount <= 0:
                raise ValidationError(f"Đồng chí {name}: hãy nhập số tiền đã nộp, hoặc bỏ đánh dấu “Đã nộp”.")

    entries = {e.member_id: e for e in DuesEntry.objects.filter(organisation=org, period=period)}
    names = {pk: r.member.full_name for pk, r in by_id.items()}
    before, after, written = {}, {}, []
    dues = queries.dues_of(org, period, [r.member for r in book.rows if r.member.pk not in entries])
    for member_id, line in by_id.items():
        entry = entries.get(member_id) or ledger.new_line(
            line.member, org, period, dues[member_id], line.opening
        )
        old = (entry.paid_cash, entry.reason)
        row = rows.get(member_id)
        if row is not None:
            entry.paid_cash = row.amount if row.paid else 0
            entry.reason = "" if row.paid else nfc(row.reason).strip()[:300]
        new = (entry.paid_cash, entry.reason)
        if entry.pk is None or new != old:
            if new[0] != old[0] and new[0]:
                entry.paid_on, entry.collected_by = on, by
            if new != old:
                before[member_id], after[member_id] = old, new
            ledger.settle(entry)
            written.append(entry)
    DuesEntry.objects.bulk_create([e for e in written if e.pk is None], batch_size=500)
    DuesEntry.objects.bulk_update(
        [e for e in written if e.pk is not None],
        ["paid_cash", "reason", "paid_on", "collected_by", "state", "closing"],
        batch_size=500,
    )
    touched = ledger.rechain([e.member_id for e in written], period) | {(org.pk, period)}
    first_time = not month.closed
    month.closed = True
    if first_time:
        month.closed_at, month.closed_by = timezone.now(), by
    month.version += 1
    month.submission = submission or month.submission
    month.save()
    ledger.refresh(touched)
    month.refresh_from_db()
    if first_time:
        summary = (
            f"Ghi sổ đảng phí {month_label(period)}: {month.members_paid}/{month.members_due} đảng viên đã nộp, "
            f"thu {money(month.collected)}"
        )
    else:
        summary = f"Sửa sổ đảng phí {month_label(period)}. Lý do: {reason}"
    changes = {"payments": (_paid_text(names, before), _paid_text(names, after))} if after else {}
    audit(by, month, Action.UPDATE if month.version > 1 else Action.CREATE, changes, summary)
    return month


# Between meetings: a payment, a reason ---------------------------------------------------------


def _closed_needs_reason(org: Organisation, period: date, reason: str) -> DuesMonth:
    month = ledger.book_month(org, period)
    if month.closed and not reason:
        raise ValidationError(
            {
                "reason": f"Sổ đảng phí {month_label(period)} của {org.name} đã ghi: muốn thêm khoản nộp "
                "vào tháng này phải nêu lý do."
            }
        )
    return month


@transaction.atomic
def record_payment(
    *,
    member: Member,
    amount: int,
    on: date,
    method: str,
    reference: str = "",
    reason: str = "",
    period: date | None = None,
    by,
    today: date | None = None,
) -> DuesEntry:
    """A payment outside the meeting's list: arrears, several months ahead, or one made on the
    portal. It is entered in the book of the month it was paid in (or `period`, the month a portal
    statement says it is for); what exceeds that month's due is carried forward (paid ahead), what
    falls short stays owed."""
    today = today or timezone.localdate()
    member = Member.objects.select_related("organisation", "temporary_organisation").get(pk=member.pk)
    org = Organisation.objects.select_for_update().get(pk=paying_branch(member).pk)
    check_policy(by, "dues.collect", org)
    if not member.is_current:
        raise ValidationError(f"Đồng chí {member.full_name} không còn là đảng viên: không ghi nhận đảng phí.")
    if method not in Method.values:
        raise ValidationError({"method": "Hình thức nộp không hợp lệ."})
    _check_amount(amount)
    if amount <= 0:
        raise ValidationError({"amount": "Hãy nhập số tiền đã nộp."})
    if on > today:
        raise ValidationError({"on": "Ngày nộp không thể sau hôm nay."})
    period = period or rules.first_of(on)
    _check_period(period, today)
    reference = nfc(reference).strip()
    if reference and reference_used(reference):
        raise ValidationError({"reference": f"Mã giao dịch {reference} đã được ghi nhận trước đây."})
    reason = nfc(reason).strip()
    _closed_needs_reason(org, period, reason)
    entry = ledger.member_line(member, org, period)
    before = entry.paid
    if method == Method.PORTAL:
        entry.paid_portal += amount
        entry.references = " ".join(filter(None, [entry.references, reference]))[:300]
    else:
        entry.paid_cash += amount
        entry.collected_by = by
    entry.paid_on, entry.reason = on, ""
    ledger.settle(entry)
    entry.save()
    ledger.refresh(ledger.rechain([member.pk], period) | {(entry.organisation_id, period)})
    note = f". Lý do: {reason}" if reason else ""
    audit(
        by,
        entry,
        Action.UPDATE,
        {"paid": (before, entry.paid)},
        f"Nộp đảng phí {money(amount)} ({Method(method).label}), ghi vào sổ {month_label(period)}{note}",
    )
    return entry


@transaction.atomic
def excuse_month(*, member: Member, period: date, reason: str, by) -> DuesEntry:
    """Record (or clear, with an empty reason) the good reason a member did not pay in a month:
    an excused month does not count towards xóa tên."""
    entry = (
        DuesEntry.objects.select_for_update()
        .select_related("organisation")
        .filter(member=member, period=period)
        .first()
    )
    if entry is None:
        raise ValidationError(
            f"Sổ đảng phí {month_label(period)} chưa có dòng của đồng chí {member.full_name}."
        )
    check_policy(by, "dues.collect", entry.organisation)
    if entry.paid:
        raise ValidationError(f"Đồng chí {member.full_name} đã nộp đảng phí {month_label(period)}.")
    before = entry.reason
    entry.reason = nfc(reason).strip()[:300]
    ledger.settle(entry)
    entry.save(update_fields=["reason", "state", "closing"])
    ledger.refresh({(entry.organisation_id, period)})
    audit(
        by,
        entry,
        Action.UPDATE,
        {"reason": (before, entry.reason)},
        f"Lý do chưa nộp đảng phí {month_label(period)}"
        if entry.reason
        else f"Bỏ lý do chưa nộp {month_label(period)}",
    )
    return entry
