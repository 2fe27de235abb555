"""Numbers, shares and dates the Vietnamese way (branches.formatting), and its template filters."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template

from branches.formatting import day, number, percent, points, share


@pytest.mark.parametrize(
    ("value", "places", "trim", "expected"),
    [
        (46437, 0, False, "46.437"),
        (999, 0, False, "999"),
        (1000, 0, False, "1.000"),
        (-1234567, 0, False, "-1.234.567"),
        (Decimal("12.345"), 2, False, "12,35"),  # half up, as §8 asks
        (0.125, 2, False, "0,13"),  # not the float's half-even "0,12"
        (Fraction(2, 3), 2, False, "0,67"),
        (Decimal("87.50"), 1, True, "87,5"),
        (90, 1, True, "90"),
        (Decimal("12345.6"), 1, False, "12.345,6"),
    ],
)
def test_number_groups_thousands_with_dots_and_uses_a_decimal_comma(value, places, trim, expected):
    assert number(value, places, trim=trim) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(20, 22, "90,9%"), (18, 18, "100%"), (1, 3, "33,3%"), (0, 0, "")],
)
def test_share_is_one_decimal_and_empty_without_a_denominator(part, whole, expected):
    assert share(part, whole) == expected


def test_percent_points_and_dates():
    assert [
        percent(Decimal("27.27")),
        percent(Decimal("12.5"), 1),
        percent(None),
        percent(Decimal("14732"), 0),
    ] == ["27,27%", "12,5%", "", "14.732%"]
    assert [
        points(Decimal("1.5")),
        points(Decimal("-0.75")),
        points(0),
        points(Decimal("-0.001")),
        points(None),
    ] == ["+1,50", "−0,75", "0,00", "0,00", ""]
    assert [day(date(2025, 3, 8)), day(None)] == ["08/03/2025", ""]


def test_the_template_filters_write_the_same_and_leave_room_for_words():
    template = Template(
        '{% load formatting %}{{ n|number }} · {{ p|percent }} · {{ c|points }} · {{ none|percent|default:"không có HTTNV" }}'
    )

    shown = template.render(Context({"n": 46437, "p": Decimal("14.99"), "c": Decimal("-2.5"), "none": None}))

    assert shown == "46.437 · 14,99% · −2,50 · không có HTTNV"
