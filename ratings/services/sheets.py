"""Rating score sheets: which sheet scores a rating, the points given on it, and whether a sheet
was scored on (QĐ 366 Điều 10; HD 43 Mục 1 leaves the sub-criteria to the province). A province's
own copies are made and edited by branches' one mechanism for criteria sets (ratings.criteria_sets)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError

from ..models import (
    GROUP_POINTS,
    SHEET_TOTAL,
    CriterionGroup,
    MemberRating,
    OrganisationRating,
    RatingCriterion,
    RatingPeriod,
    RatingSheet,
    SheetCode,
)
from ..rules.common import Regime

ORGANISATION_SHEET = SheetCode.PL1


def sheet_for(period: RatingPeriod, code: str) -> RatingSheet | None:
    """The province's newest own sheet in force that year, else the newest national default."""
    return RatingSheet.objects.prefetch_related("criteria").one_in_force(
        period.province_id, period.year, code
    )


def criteria_for(period: RatingPeriod, code: str) -> list[RatingCriterion]:
    """The criteria a rating is scored on; none before QĐ 366 (older regimes had no score)."""
    if period.regime != Regime.QD366:
        return []
    sheet = sheet_for(period, code)
    return list(sheet.criteria.all()) if sheet else []


def score_points(period: RatingPeriod, code: str, points: dict) -> tuple[Decimal, dict[str, int | float]]:
    """The total of the points given on the sheet, and the points as stored ({"criterion id": points}).
    Every criterion must be scored, each from 0 to its maximum."""
    criteria = criteria_for(period, code)
    if not criteria:
        raise ValidationError("Năm đánh giá này không có phiếu chấm điểm theo tiêu chí.")
    given = {int(pk): value for pk, value in points.items()}
    unknown = set(given) - {c.pk for c in criteria}
    if unknown:
        raise ValidationError("Có điểm cho tiêu chí không thuộc phiếu chấm điểm đang áp dụng.")
    for c in criteria:
        value = given.get(c.pk)
        if value is None:
            raise ValidationError(f"Hãy chấm điểm tiêu chí “{c.label}”.")
        if not 0 <= value <= c.max_points:
            raise ValidationError(f"Tiêu chí “{c.label}”: điểm từ 0 đến {c.max_points}.")
    return sum(given.values(), Decimal(0)), {str(c.pk): json_number(given[c.pk]) for c in criteria}


def json_number(value: Decimal) -> int | float:
    """A whole or one-decimal value as a JSON number; read back exactly with Decimal(str(v))."""
    return int(value) if value == value.to_integral_value() else float(value)


def points_shown(rating: MemberRating | OrganisationRating) -> list[tuple[RatingCriterion, int]]:
    """The criteria a rating was scored on, with the points given, in the sheet's order."""
    if not rating.points:
        return []
    criteria = RatingCriterion.objects.filter(pk__in=[int(pk) for pk in rating.points])
    return [(c, rating.points[str(c.pk)]) for c in criteria]


def _periods_scored_on(sheet: RatingSheet) -> list[RatingPeriod]:
    """The periods whose ratings this sheet scores (a newer or more local sheet takes over)."""
    periods = RatingPeriod.objects.filter(year__gte=sheet.year)
    if sheet.province_id:
        periods = periods.filter(province_id=sheet.province_id)
    return [p for p in periods if (found := sheet_for(p, sheet.code)) and found.pk == sheet.pk]


def scored(periods: list[RatingPeriod], code: str) -> bool:
    """Some self-assessment of these periods was scored on the sheet `code` (whichever version)."""
    model = OrganisationRating if code == ORGANISATION_SHEET else MemberRating
    rows = model.objects.filter(period__in=periods).exclude(points={})
    return (rows if code == ORGANISATION_SHEET else rows.filter(sheet=code)).exists()


def sheet_in_use(sheet: RatingSheet) -> bool:
    """A sheet some self-assessment was scored on: its criteria must stay as they were."""
    return scored(_periods_scored_on(sheet), sheet.code)


def check_criteria(code: str, criteria: list[dict]) -> None:
    """100 points in all; Phụ lục 4 and 5 keep their groups at 30 and 70 (QĐ 366)."""
    if not criteria:
        raise ValidationError("Phiếu chấm điểm phải có ít nhất một tiêu chí.")
    if sum(c["max_points"] for c in criteria) != SHEET_TOTAL:
        raise ValidationError(f"Tổng điểm tối đa của các tiêu chí phải là {SHEET_TOTAL}.")
    required = GROUP_POINTS.get(code)
    if required is None:
        return
    totals: dict[str, int] = defaultdict(int)
    for c in criteria:
        totals[c["group"]] += c["max_points"]
    if dict(totals) != {group: points for group, points in required.items()}:
        expected = "; ".join(f"{CriterionGroup(g).label} {p} điểm" for g, p in required.items())
        raise ValidationError(
            f"Phiếu {code} theo Quy định 366: {expected} (mỗi tiêu chí phải thuộc một trong hai nhóm)."
        )
