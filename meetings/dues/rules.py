"""Party dues as pure functions over plain data (domain-rules §14): which rulebook a month follows,
what a member owes, a month's line of the book, the split kept and handed up, and the xóa tên
rule. Nothing here reads the database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

from ..enums import PERCENT_CATEGORIES, Category, Regime, State, Window

# Điều lệ Đảng Điều 8; QĐ 24/232 8.1; QĐ 01-QĐ/TW 2026: "không đóng đảng phí ba tháng trong năm mà
# không có lý do chính đáng" — the chi bộ considers proposing xóa tên.
XOA_TEN_MONTHS = 3


def first_of(day: date) -> date:
    return day.replace(day=1)


def add_months(period: date, months: int) -> date:
    index = period.year * 12 + period.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def half_up(value: Decimal) -> int:
    """Whole đồng, half up (never the float's half-even)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# Rulebooks: rows in force from a date --------------------------------------------------------------

K = TypeVar("K")


@dataclass(frozen=True)
class Dated(Generic[K]):
    """A parameter row: `key` in force from `effective_from`, for a province (None: the national
    default, which a province's own row of a later or the same date overrides)."""

    key: K
    effective_from: date
    province_id: int | None
    value: object


def in_force(rows: Iterable[Dated[K]], period: date, province_id: int | None) -> dict[K, object]:
    """Each key's value on the first day of `period`: the latest row in force by then, the
    province's own before the national one of the same date."""
    best: dict[K, tuple[date, bool, object]] = {}
    for row in rows:
        if row.effective_from > period or row.province_id not in (None, province_id):
            continue
        rank = (row.effective_from, row.province_id is not None)
        if row.key not in best or rank > best[row.key][:2]:
            best[row.key] = (*rank, row.value)
    return {key: value for key, (_, _, value) in best.items()}


@dataclass(frozen=True)
class Rate:
    """What a category pays a month: a percentage of the member's amount, or a fixed sum."""

    percent: Decimal | None = None
    amount: int | None = None


@dataclass(frozen=True)
class Rulebook:
    regime: str
    rates: dict[str, Rate]


def rulebook(rows: Sequence[Dated[tuple[str, str]]], period: date, province_id: int | None) -> Rulebook:
    """The rulebook a month follows: the regime of the latest national row in force on the month's
    first day (QĐ 342 until QĐ 01 of 03/02/2026 takes over: February 2026, begun under QĐ 342, stays
    under it), and that regime's rates, the province's own where it set one. Keys are
    (regime, category)."""
    national = [r for r in rows if r.province_id is None and r.effective_from <= period]
    if not national:
        raise LookupError(f"no dues rulebook in force on {period}")
    regime = max(national, key=lambda r: r.effective_from).key[0]
    rates = in_force((r for r in rows if r.key[0] == regime), period, province_id)
    return Rulebook(regime, {category: rate for (_, category), rate in rates.items()})


def due_amount(rate: Rate, basis: int | None) -> int:
    """A month's dues: the fixed sum, or the percentage of the member's amount in whole đồng
    (1 % of 8,500,000 đ is 85,000 đ; DP1)."""
    if rate.amount is not None:
        return rate.amount
    if rate.percent is None:
        raise ValueError("a rate has a percentage or an amount")
    return half_up(Decimal(basis or 0) * rate.percent / 100)


def needs_amount(category: str) -> bool:
    return category in PERCENT_CATEGORIES


@dataclass(frozen=True)
class Due:
    regime: str
    category: str
    amount: int
    basis_missing: bool  # no basis recorded for the year: reckoned as the default category


def due_for(book: Rulebook, category: str | None, basis: int | None, default: str = Category.OTHER) -> Due:
    """A member's dues for a month under `book`: their category of the year, or the default one
    when none is recorded (or a percentage category without its amount)."""
    missing = category is None or (needs_amount(category) and not basis)
    chosen = default if missing else category
    return Due(book.regime, chosen, due_amount(book.rates[chosen], None if missing else basis), missing)


# A member's month in the book ------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One member's month: `opening` is what they owed before it (negative: paid ahead)."""

    due: int
    opening: int
    paid: int
    excused: bool = False

    @property
    def closing(self) -> int:
        """Carried to the next month: arrears if positive, paid ahead if negative."""
        return self.opening + self.due - self.paid

    @property
    def credit(self) -> int:
        return max(0, -self.opening)

    @property
    def state(self) -> str:
        return month_state(self.due, self.paid, self.opening, self.excused)


def month_state(due: int, paid: int, opening: int, excused: bool = False) -> str:
    """Paid (something this month, with what was paid ahead, covering the month), paid ahead (a
    credit from earlier covers it), short (paid something, not enough), or unpaid: nothing paid this
    month and no credit covering it, which counts towards xóa tên unless a good reason is recorded.
    Arrears of earlier months do not make a paid month unpaid: they are carried forward."""
    credit = max(0, -opening)
    if due <= 0:
        return State.PAID if paid > 0 else State.NOTHING_DUE
    if paid > 0:
        return State.PAID if paid + credit >= due else State.PARTIAL
    if credit >= due:
        return State.PREPAID
    return State.EXCUSED if excused else State.UNPAID


def chain(lines: Sequence[tuple[int, int, bool]], opening: int) -> list[Line]:
    """A member's consecutive months (due, paid, excused) from `opening`: each month opens with
    what the one before closed on."""
    result = []
    for due, paid, excused in lines:
        line = Line(due, opening, paid, excused)
        result.append(line)
        opening = line.closing
    return result


def paid_ahead_until(closing: int, monthly: int, period: date) -> date | None:
    """The last month a credit carried out of `period` covers at `monthly` a month."""
    if closing >= 0 or monthly <= 0 or -closing < monthly:
        return None
    return add_months(period, -closing // monthly)


# Kept and handed up ----------------------------------------------------------------------------


def split(amount: int, kept_percent: Decimal) -> tuple[int, int]:
    """(kept, handed up) of what an organisation collects or receives in a month [U: the shares are
    parameters]. The kept part is rounded half up; the rest goes up, so the two always add up."""
    kept = half_up(Decimal(amount) * kept_percent / 100)
    return kept, amount - kept


def reaching(amount: int, kept_percents: Sequence[Decimal]) -> int:
    """What of `amount`, handed up by a chi bộ, reaches the organisation above the given levels,
    each keeping its share on the way."""
    for percent in kept_percents:
        amount = split(amount, percent)[1]
    return amount


# Xóa tên -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class XoaTen:
    months: list[date]  # the unpaid months without a recorded reason inside the window, in order

    @property
    def flagged(self) -> bool:
        return len(self.months) >= XOA_TEN_MONTHS

    @property
    def months_text(self) -> str:
        return months_text(self.months)


def window_start(as_of: date, window: str) -> date:
    """The first month the rule counts, as of the month `as_of`."""
    if window == Window.ROLLING:
        return add_months(first_of(as_of), -11)
    return date(as_of.year, 1, 1)


def xoa_ten(unpaid: Iterable[date], as_of: date, window: str = Window.CALENDAR) -> XoaTen:
    """The months that count towards "không đóng đảng phí ba tháng trong năm" as of `as_of`: the
    calendar year so far by default, or the twelve months ending with `as_of`. `unpaid` are the
    months whose state is UNPAID (an excused month is not among them)."""
    start, end = window_start(as_of, window), first_of(as_of)
    return XoaTen(sorted({first_of(m) for m in unpaid if start <= first_of(m) <= end}))


def months_text(months: Sequence[date]) -> str:
    """tháng 2, 5, 9/2026 (or across years: tháng 11/2025, 2, 5/2026)."""
    if not months:
        return ""
    years: dict[int, list[int]] = {}
    for m in months:
        years.setdefault(m.year, []).append(m.month)
    return "tháng " + "; ".join(f"{', '.join(map(str, ms))}/{y}" for y, ms in years.items())


def regime_label(regime: str) -> str:
    return Regime(regime).label
