"""The dues rules as pure functions (domain-rules §14), on the rows the data migration writes."""

import importlib
from datetime import date
from decimal import Decimal

import pytest

from meetings.dues import rules
from meetings.enums import Category, Regime, State, Window

defaults = importlib.import_module("meetings.migrations.0008_default_dues_rules")

NATIONAL = [
    rules.Dated((regime, category), start, None, rules.Rate(percent, amount))
    for regime, start, category, percent, amount, _, _ in defaults.RATES
]


def due(period: date, category: str, basis: int | None = None, rows=NATIONAL, province_id=None) -> rules.Due:
    return rules.due_for(rules.rulebook(rows, period, province_id), category, basis)


# Each category, under each regime ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "category", "basis", "regime", "expected"),
    [
        pytest.param(date(2026, 11, 1), Category.INSURED, 8_500_000, Regime.QD01, 85_000, id="insured-qd01"),
        pytest.param(
            date(2026, 11, 1), Category.INSURED, 7_345_650, Regime.QD01, 73_457, id="insured-rounds-half-up"
        ),
        pytest.param(
            date(2026, 5, 1), Category.ALLOWANCE, 4_200_000, Regime.QD01, 42_000, id="allowance-qd01"
        ),
        pytest.param(date(2026, 6, 1), Category.PENSION, 6_200_000, Regime.QD01, 31_000, id="pension-qd01"),
        pytest.param(date(2026, 3, 1), Category.STUDENT, None, Regime.QD01, 5_000, id="student-qd01"),
        pytest.param(
            date(2026, 4, 1), Category.OTHER_CITY, None, Regime.QD01, 10_000, id="other-city-qd01-U"
        ),
        pytest.param(
            date(2026, 4, 1), Category.OTHER_URBAN, None, Regime.QD01, 8_000, id="other-urban-qd01-U"
        ),
        pytest.param(
            date(2026, 4, 1), Category.OTHER_REMOTE, None, Regime.QD01, 4_000, id="other-remote-qd01-U"
        ),
        pytest.param(date(2026, 4, 1), Category.OTHER, None, Regime.QD01, 6_000, id="other-qd01-U"),
        pytest.param(
            date(2025, 12, 1), Category.INSURED, 8_500_000, Regime.QD342, 85_000, id="insured-qd342"
        ),
        pytest.param(
            date(2025, 12, 1), Category.PENSION, 6_200_000, Regime.QD342, 31_000, id="pension-qd342-U"
        ),
        pytest.param(date(2025, 12, 1), Category.STUDENT, None, Regime.QD342, 3_000, id="student-qd342-U"),
        pytest.param(
            date(2025, 12, 1), Category.OTHER_CITY, None, Regime.QD342, 10_000, id="other-city-hd03"
        ),
        pytest.param(
            date(2025, 12, 1), Category.OTHER_URBAN, None, Regime.QD342, 8_000, id="other-urban-hd03"
        ),
        pytest.param(
            date(2025, 12, 1), Category.OTHER_REMOTE, None, Regime.QD342, 4_000, id="other-remote-hd03"
        ),
        pytest.param(date(2025, 12, 1), Category.OTHER, None, Regime.QD342, 6_000, id="other-hd03"),
    ],
)
def test_each_category_pays_its_rate_under_the_regime_of_the_month(period, category, basis, regime, expected):
    assert due(period, category, basis) == rules.Due(regime, category, expected, False)


def test_february_2026_begun_under_qd342_stays_under_it_and_march_follows_qd01():
    assert [due(date(2026, m, 1), Category.STUDENT).regime for m in (1, 2, 3)] == [
        Regime.QD342,
        Regime.QD342,
        Regime.QD01,
    ]


def test_a_member_without_a_basis_pays_as_the_other_members_elsewhere_and_the_book_says_so():
    assert due(date(2026, 11, 1), None) == rules.Due(Regime.QD01, Category.OTHER, 6_000, True)
    assert due(date(2026, 11, 1), Category.INSURED, None) == rules.Due(
        Regime.QD01, Category.OTHER, 6_000, True
    )


def test_a_provinces_own_value_overrides_the_national_one_from_its_date_only():
    own = rules.Dated((Regime.QD01, Category.OTHER), date(2026, 7, 1), 7, rules.Rate(amount=7_000))
    rows = [*NATIONAL, own]
    assert due(date(2026, 6, 1), Category.OTHER, rows=rows, province_id=7).amount == 6_000
    assert due(date(2026, 7, 1), Category.OTHER, rows=rows, province_id=7).amount == 7_000
    assert due(date(2026, 7, 1), Category.OTHER, rows=rows, province_id=8).amount == 6_000  # another province
    # A province's row of a regime's rate does not decide which regime a month follows.
    assert due(date(2026, 1, 1), Category.OTHER, rows=rows, province_id=7).regime == Regime.QD342


def test_no_rulebook_before_the_first_one():
    with pytest.raises(LookupError):
        rules.rulebook(NATIONAL, date(2010, 12, 1), None)


# A member's months ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_", "opening", "paid", "excused", "state", "closing"),
    [
        pytest.param(6000, 0, 6000, False, State.PAID, 0, id="paid"),
        pytest.param(6000, 12000, 6000, False, State.PAID, 12000, id="paid-arrears-carried"),
        pytest.param(6000, 0, 24000, False, State.PAID, -18000, id="paid-three-months-ahead"),
        pytest.param(6000, -18000, 0, False, State.PREPAID, -12000, id="covered-by-credit"),
        pytest.param(6000, -3000, 0, False, State.UNPAID, 3000, id="credit-short-of-the-month"),
        pytest.param(6000, -3000, 3000, False, State.PAID, 0, id="credit-and-cash"),
        pytest.param(6000, 0, 4000, False, State.PARTIAL, 2000, id="short"),
        pytest.param(6000, 0, 0, False, State.UNPAID, 6000, id="unpaid"),
        pytest.param(6000, 0, 0, True, State.EXCUSED, 6000, id="unpaid-with-reason"),
        pytest.param(0, 0, 0, False, State.NOTHING_DUE, 0, id="nothing-due"),
    ],
)
def test_a_months_line(due_, opening, paid, excused, state, closing):
    line = rules.Line(due_, opening, paid, excused)
    assert (line.state, line.closing) == (state, closing)


def test_months_chain_arrears_and_credit_forward():
    """Unpaid in January; in February the arrears, February and two months ahead."""
    lines = rules.chain(
        [(6000, 0, False), (6000, 24000, False), (6000, 0, False), (6000, 0, False), (6000, 0, False)],
        opening=0,
    )
    assert [(line.opening, line.state, line.closing) for line in lines] == [
        (0, State.UNPAID, 6000),
        (6000, State.PAID, -12000),
        (-12000, State.PREPAID, -6000),
        (-6000, State.PREPAID, 0),
        (0, State.UNPAID, 6000),
    ]


def test_paid_ahead_until():
    assert rules.paid_ahead_until(-18000, 6000, date(2026, 11, 1)) == date(2027, 2, 1)
    assert rules.paid_ahead_until(-3000, 6000, date(2026, 11, 1)) is None
    assert rules.paid_ahead_until(0, 6000, date(2026, 11, 1)) is None


# Kept and handed up --------------------------------------------------------------------------


def test_the_split_rounds_the_kept_part_half_up_and_the_parts_add_up():
    assert rules.split(1_870_000, Decimal(30)) == (561_000, 1_309_000)
    assert rules.split(12_345, Decimal(30)) == (3_704, 8_641)
    assert rules.reaching(100_000, [Decimal(30), Decimal(50)]) == 35_000


# Xóa tên (Điều lệ Đảng Điều 8) ------------------------------------------------------------------

FEB, MAY, SEP = date(2026, 2, 1), date(2026, 5, 1), date(2026, 9, 1)


@pytest.mark.parametrize(
    ("unpaid", "as_of", "window", "months"),
    [
        pytest.param(
            [FEB, MAY, SEP], date(2026, 9, 30), Window.CALENDAR, [FEB, MAY, SEP], id="three-in-the-year"
        ),
        pytest.param(
            [FEB, MAY, SEP], date(2026, 8, 31), Window.CALENDAR, [FEB, MAY], id="not-before-the-third"
        ),
        pytest.param([FEB, MAY], date(2026, 12, 5), Window.CALENDAR, [FEB, MAY], id="two-only"),
        pytest.param(
            [date(2025, 11, 1), date(2025, 12, 1), FEB],
            date(2026, 3, 1),
            Window.CALENDAR,
            [FEB],
            id="calendar-year-starts-again",
        ),
        pytest.param(
            [date(2025, 11, 1), date(2025, 12, 1), FEB],
            date(2026, 3, 1),
            Window.ROLLING,
            [date(2025, 11, 1), date(2025, 12, 1), FEB],
            id="rolling-twelve-months",
        ),
        pytest.param(
            [date(2025, 3, 1), date(2025, 12, 1), FEB],
            date(2026, 3, 1),
            Window.ROLLING,
            [date(2025, 12, 1), FEB],
            id="rolling-drops-the-thirteenth-month",
        ),
    ],
)
def test_the_months_counted_towards_xoa_ten(unpaid, as_of, window, months):
    result = rules.xoa_ten(unpaid, as_of, window)
    assert (result.months, result.flagged) == (months, len(months) >= 3)


def test_months_text():
    assert rules.months_text([FEB, MAY, SEP]) == "tháng 2, 5, 9/2026"
    assert rules.months_text([date(2025, 12, 1), FEB]) == "tháng 12/2025; 2/2026"
