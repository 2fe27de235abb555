"""The report examples of domain-rules §10.8 (P1–P3)."""

from decimal import Decimal

import pytest

from branches.formatting import percent, points
from ratings.reports.figures import Levels, change, rate


def levels(htxsnv, httnv, htnv, khtnv) -> Levels:
    counted = Levels()
    for level, n in zip(("HTXSNV", "HTTNV", "HTNV", "KHTNV"), (htxsnv, httnv, htnv, khtnv), strict=True):
        counted.add(level, n)
    return counted


@pytest.mark.parametrize(
    ("case", "counts", "shares", "of_good", "flag", "flag_at_25"),
    [
        pytest.param(
            "P1",
            (6, 28, 3, 1),
            ["15.79", "73.68", "7.89", "2.63"],
            "21.43",
            True,
            False,
            id="P1-organisations-of-a-commune",
        ),
        pytest.param(
            "P2",
            (150, 650, 90, 10),
            ["16.67", "72.22", "10.00", "1.11"],
            "23.08",
            True,
            False,
            id="P2-members",
        ),
    ],
)
def test_shares_are_over_the_number_rated_and_htxsnv_also_over_httnv(
    case, counts, shares, of_good, flag, flag_at_25
):
    counted = levels(*counts)

    assert [str(counted.share(level)) for level in ("HTXSNV", "HTTNV", "HTNV", "KHTNV")] == shares
    assert str(counted.excellent_of_good) == of_good
    assert (counted.over_quota(), counted.over_quota(exceptional=True)) == (flag, flag_at_25)
    assert sum(counted.counts.values()) == counted.rated


def test_P3_the_change_against_last_year_is_in_points():
    gained = change(Decimal("90.0"), Decimal("88.5"))

    assert (gained, points(gained)) == (Decimal("1.5"), "+1,50")


def test_nothing_rated_gives_no_percentages_rather_than_zeros():
    assert (rate(0, 0), levels(0, 0, 0, 0).share("HTXSNV"), percent(None), points(None)) == (
        None,
        None,
        "",
        "",
    )
