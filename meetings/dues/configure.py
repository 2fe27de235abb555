"""A province's own values of the dues parameters no official text was seen for ([U]): the fixed
amounts of QĐ 01's other categories, the shares kept at each level, the xóa tên window. Each is a
new row from a date; months already in the book keep what they were written with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from branches.formatting import day
from branches.models import ChangeRecord, Organisation
from branches.services import audit

from ..enums import Category, Window
from . import parameters, rules
from .models import DuesPolicy, DuesRate, DuesSplit
from .services import MAX_PAYMENT, check_policy

# The levels that keep a share of the dues, in the order the page lists them.
SPLIT_KINDS = [
    Organisation.Kind.CELL,
    Organisation.Kind.GRASSROOTS_CELL,
    Organisation.Kind.SUB_COMMITTEE,
    Organisation.Kind.GRASSROOTS_COMMITTEE,
    Organisation.Kind.UPPER,
    Organisation.Kind.PROVINCE,
]


@dataclass(frozen=True)
class EditableRate:
    category: str
    label: str
    percent: Decimal | None
    amount: int | None
    source: str


def editable_rates(province: Organisation, on: date) -> list[EditableRate]:
    """The [U] rates of the regime in force on `on`, with the province's values then."""
    book = parameters.rulebook(province.pk, on)
    national = DuesRate.objects.filter(province__isnull=True, regime=book.regime, unconfirmed=True).order_by(
        "category"
    )
    return [
        EditableRate(
            r.category,
            Category(r.category).label,
            book.rates[r.category].percent,
            book.rates[r.category].amount,
            r.source,
        )
        for r in national
    ]


def _source(province: Organisation, effective_from: date, national: str) -> str:
    return f"{province.name} đặt, áp dụng từ {day(effective_from)} (mặc định: {national})"[:300]


@transaction.atomic
def update_parameters(
    *,
    province: Organisation,
    effective_from: date,
    rates: dict[str, object],
    kept: dict[str, Decimal],
    window: str,
    by,
) -> list[object]:
    """Write the province's values that differ from those in force on `effective_from` (the first
    day of a month), each as its own row from that date. Returns the rows written."""
    check_policy(by, "dues.configure", province)
    if province.kind != Organisation.Kind.PROVINCE:
        raise ValidationError("Tham số đảng phí do tỉnh đặt.")
    if effective_from.day != 1:
        raise ValidationError({"effective_from": "Tham số áp dụng từ ngày đầu một tháng (01/mm/yyyy)."})
    if window not in Window.values:
        raise ValidationError({"window": "Cách tính không hợp lệ."})
    written: list[object] = []
    book = parameters.rulebook(province.pk, effective_from)
    editable = {r.category: r for r in editable_rates(province, effective_from)}
    for category, value in rates.items():
        if category not in editable:
            raise ValidationError(f"Mức của đối tượng “{category}” theo văn bản, không do tỉnh đặt.")
        current, is_percent = book.rates[category], editable[category].percent is not None
        if (
            value is None
            or (is_percent and not 0 <= value <= 100)
            or (not is_percent and not 0 <= value <= MAX_PAYMENT)
        ):
            raise ValidationError(f"{editable[category].label}: giá trị không hợp lệ.")
        if (current.percent if is_percent else current.amount) == value:
            continue
        row, _ = DuesRate.objects.update_or_create(
            province=province,
            regime=book.regime,
            category=category,
            effective_from=effective_from,
            defaults={
                "percent": value if is_percent else None,
                "amount": None if is_percent else value,
                "unconfirmed": True,
                "source": _source(province, effective_from, editable[category].source),
            },
        )
        audit(
            by,
            row,
            ChangeRecord.Action.UPDATE,
            {"value": (current.percent if is_percent else current.amount, value)},
            f"Mức đảng phí: {editable[category].label}, từ {day(effective_from)}",
        )
        written.append(row)
    shares = parameters.kept_percents(province.pk, effective_from)
    for kind, value in kept.items():
        if kind not in SPLIT_KINDS or value is None or not 0 <= value <= 100:
            raise ValidationError("Tỷ lệ trích giữ lại phải từ 0 đến 100%.")
        if shares.get(kind) == value:
            continue
        row, _ = DuesSplit.objects.update_or_create(
            province=province,
            kind=kind,
            effective_from=effective_from,
            defaults={
                "kept_percent": value,
                "source": _source(province, effective_from, "[U] chưa thấy văn bản"),
            },
        )
        audit(
            by,
            row,
            ChangeRecord.Action.UPDATE,
            {"kept_percent": (shares.get(kind), value)},
            f"Tỷ lệ trích giữ đảng phí: {Organisation.Kind(kind).label}, từ {day(effective_from)}",
        )
        written.append(row)
    current_window = parameters.window(province.pk, effective_from)
    if window != current_window:
        row, _ = DuesPolicy.objects.update_or_create(
            province=province,
            effective_from=effective_from,
            defaults={"window": window, "source": _source(province, effective_from, "Điều lệ Đảng Điều 8")},
        )
        audit(
            by,
            row,
            ChangeRecord.Action.UPDATE,
            {"window": (current_window, window)},
            f"Cách tính ba tháng không đóng đảng phí, từ {day(effective_from)}",
        )
        written.append(row)
    return written


def current_split(province: Organisation, on: date) -> list[tuple[str, str, Decimal, str]]:
    """(kind, its name, the share it keeps on `on`, the source of the national default) per level."""
    shares = parameters.kept_percents(province.pk, on)
    sources = dict(DuesSplit.objects.filter(province__isnull=True).values_list("kind", "source"))
    return [
        (k, Organisation.Kind(k).label, shares.get(k, Decimal(0)), sources.get(k, "")) for k in SPLIT_KINDS
    ]


def next_month(today: date) -> date:
    return rules.add_months(rules.first_of(today), 1)
