"""Numbers, shares and dates written the Vietnamese way, for every page, PDF and workbook: a dot
between thousands and a decimal comma ("46.437", "12,5"), the per cent sign against the number as
Party documents write it ("14,99%"), dates day first ("03/10/2025"). Rounding is half up, as the
report rules ask (domain-rules §8), never the float's half-even. Pure; imports nothing of the app."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

Number = int | Decimal | Fraction | float

THOUSANDS = "."
DECIMAL = ","
MINUS = "−"  # U+2212: the sign of a signed change, so it cannot be read as a hyphen


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def number(value: Number, places: int = 0, *, trim: bool = False) -> str:
    """46437 → "46.437"; (12.345, 2) → "12,35"; with `trim` no trailing zeros: (87.50, 1) → "87,5",
    (90, 1) → "90"."""
    rounded = _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", THOUSANDS)
    return sign + grouped + (DECIMAL + fraction if fraction else "")


def percent(value: Number | None, places: int = 2, *, trim: bool = False) -> str:
    """A share already in per cent: 27.27 → "27,27%"; an empty string when there is none, so that
    the caller says in words why (a ratio over nothing is not "0%", nor "— %")."""
    if value is None:
        return ""
    return number(value, places, trim=trim) + "%"


def share(part: int, whole: int, places: int = 1, *, trim: bool = True) -> str:
    """part/whole in per cent: (20, 22) → "90,9%", (18, 18) → "100%"; empty when whole is 0."""
    if not whole:
        return ""
    return percent(Fraction(100 * part, whole), places, trim=trim)


def points(value: Number | None, places: int = 2) -> str:
    """A change in percentage points, always signed: "+1,50", "−0,75", "0,00"; empty for none."""
    if value is None:
        return ""
    text = number(abs(_decimal(value)), places)
    rounded = _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"+{text}" if rounded > 0 else (f"{MINUS}{text}" if rounded < 0 else text)


def day(value: date | None) -> str:
    """03/10/2025; empty for none."""
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year}"
