"""The one parser views use for numbers from the query string or a form."""

import pytest
from django.core.exceptions import BadRequest
from django.http import Http404, QueryDict

from branches.params import int_param, month_param, year_or_404, year_param


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 2026),
        ("year=", 2026),
        ("year=2025", 2025),
        ("year=%202025%20", 2025),
        ("year=1930", 1930),
        ("year=2100", 2100),
    ],
)
def test_year_param_reads_a_year_or_takes_the_default(query, expected):
    assert year_param(QueryDict(query), 2026) == expected


@pytest.mark.parametrize(
    "value", ["abc", "-1", "0", "1929", "2101", "2025.0", "1.5", "²", "٢٠٢٥", "a%00b", "99999999999999999999"]
)
def test_year_param_refuses_what_is_not_a_year(value):
    with pytest.raises(BadRequest):
        year_param(QueryDict(f"year={value}"), 2026)


def test_int_param_allows_negatives_only_when_asked():
    assert (int_param(QueryDict("n=-3"), "n", minimum=-5), int_param(QueryDict("n=7"), "n")) == (-3, 7)
    with pytest.raises(BadRequest):
        int_param(QueryDict("n=-3"), "n")


def test_int_param_refuses_a_number_larger_than_any_id():
    assert int_param(QueryDict(f"n={2**63 - 1}"), "n") == 2**63 - 1
    with pytest.raises(BadRequest):
        int_param(QueryDict(f"n={2**63}"), "n")


@pytest.mark.parametrize(
    ("query", "expected"), [("", None), ("month=2025-09", (2025, 9)), ("month=2025-12", (2025, 12))]
)
def test_month_param_reads_year_and_month(query, expected):
    assert month_param(QueryDict(query)) == expected


@pytest.mark.parametrize("value", ["2025", "2025-13", "2025-0", "abc-1", "2025-", "-09", "2025-09-01"])
def test_month_param_refuses_a_month_that_is_not_one(value):
    with pytest.raises(BadRequest):
        month_param(QueryDict(f"month={value}"))


def test_a_year_in_the_path_outside_any_period_is_not_found():
    assert year_or_404(2025) == 2025
    with pytest.raises(Http404):
        year_or_404(0)
