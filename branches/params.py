"""Reading numbers from the query string or a posted form: one parser for every view.

A value a person could not have meant (`?year=abc`, `?page=-1`, `?year=99999999999999999999`, a
version that is not a number) answers the Vietnamese 400 page instead of crashing into a 500.
A missing or empty value takes the default.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import Http404, QueryDict

# The years a rating period, a meeting or a report can be about.
FIRST_YEAR, LAST_YEAR = 1930, 2100
# Ids and versions are bigint columns at most; anything larger names nothing.
BIGGEST = 2**63 - 1


def _whole(value: str, name: str, minimum: int, maximum: int) -> int:
    digits = value.removeprefix("-") if minimum < 0 else value
    # isdecimal() on ASCII, not isdigit(): "²" is a digit to Python and int() refuses it.
    if not (digits.isascii() and digits.isdecimal() and len(digits) <= len(str(BIGGEST))):
        raise BadRequest(f"{name}: not a whole number")
    number = int(value)
    if not minimum <= number <= maximum:
        raise BadRequest(f"{name}: out of range")
    return number


def int_param(
    data: QueryDict, name: str, default: int | None = None, *, minimum: int = 0, maximum: int = BIGGEST
) -> int | None:
    """The whole number `data[name]` within [minimum, maximum]; `default` when absent or empty."""
    value = data.get(name, "").strip()
    return default if value == "" else _whole(value, name, minimum, maximum)


def year_param(data: QueryDict, default: int, name: str = "year") -> int:
    return int_param(data, name, default, minimum=FIRST_YEAR, maximum=LAST_YEAR)


def month_param(data: QueryDict, name: str = "month") -> tuple[int, int] | None:
    """`?month=YYYY-MM` as (year, month); None when absent or empty."""
    value = data.get(name, "").strip()
    if value == "":
        return None
    year, _, month = value.partition("-")
    return _whole(year, name, FIRST_YEAR, LAST_YEAR), _whole(month, name, 1, 12)


def year_or_404(year: int) -> int:
    """A year from the URL path: outside the years anything can be about, there is no such page."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year
