"""Rating score sheets: which sheet scores a rating, the points given on it, and the province's
own copies (QĐ 366 Điều 10; HD 43 Mục 1 leaves the sub-criteria to the province)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q

from branches.models import ChangeRecord, Organisation
from branches.services import audit
from branches.text import nfc

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
GROUP_ORDER = [CriterionGroup.GENERAL, CriterionGroup.TASKS, CriterionGroup.UNGROUPED]


def sheet_for(period: RatingPeriod, code: str) -> RatingSheet | None:
    """The province's newest own sheet in force that year, else the newest national default."""
    return (
        RatingSheet.objects.filter(code=code, year__lte=period.year)
        .filter(Q(province_id=period.province_id) | Q(province__isnull=True))
        .order_by(F("province_id").asc(nulls_last=True), "-year")
        .prefetch_related("criteria")
        .first()
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


def _scored(periods: list[RatingPeriod], code: str) -> bool:
    model = OrganisationRating if code == ORGANISATION_SHEET else MemberRating
    rows = model.objects.filter(period__in=periods).exclude(points={})
    return (rows if code == ORGANISATION_SHEET else rows.filter(sheet=code)).exists()


def sheet_in_use(sheet: RatingSheet) -> bool:
    """A sheet some self-assessment was scored on: its criteria must stay as they were."""
    return _scored(_periods_scored_on(sheet), sheet.code)


@transaction.atomic
def copy_sheet(*, source: RatingSheet, province: Organisation, year: int, by=None) -> RatingSheet:
    """A province's own sheet for a year starts as a copy of an existing one."""
    if province.kind != Organisation.Kind.PROVINCE:
        raise ValidationError({"province": "Phiếu chấm điểm riêng được ban hành theo tỉnh."})
    if RatingSheet.objects.filter(province=province, year=year, code=source.code).exists():
        raise ValidationError({"year": f"{province.name} đã có phiếu {source.code} năm {year}."})
    # A new sheet would take over from the one the year's self-assessments were scored on.
    periods = list(RatingPeriod.objects.filter(province=province, year__gte=year))
    if _scored(periods, source.code):
        raise ValidationError({"year": f"Đã có bản tự đánh giá chấm theo phiếu {source.code} từ năm {year}; "
                                       "hãy tạo phiếu cho năm sau."})
    sheet = RatingSheet.objects.create(name=f"{source.name} — {province.name} {year}", province=province, year=year,
                                       code=source.code, source=source.source)
    RatingCriterion.objects.bulk_create(
        RatingCriterion(sheet=sheet, group=c.group, order=c.order, label=c.label, max_points=c.max_points)
        for c in source.criteria.all()
    )
    audit(by, sheet, ChangeRecord.Action.CREATE, summary=f"Sao chép từ phiếu “{source.name}”")
    return sheet


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
        raise ValidationError(f"Phiếu {code} theo Quy định 366: {expected} (mỗi tiêu chí phải thuộc một trong hai nhóm).")


@transaction.atomic
def update_sheet(*, sheet: RatingSheet, name: str, criteria: list[dict], by=None) -> RatingSheet:
    """Replace the sheet's criteria. A sheet some self-assessment was scored on is frozen: the
    points given must keep their meaning, so a new year gets a new copy instead."""
    sheet = RatingSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet_in_use(sheet):
        raise ValidationError("Phiếu này đã dùng để tự chấm điểm nên không sửa được; hãy tạo bản sao cho năm mới.")
    check_criteria(sheet.code, criteria)
    before = {"name": sheet.name, "criteria": _criteria_text(sheet.criteria.all())}
    sheet.name = nfc(name.strip())
    sheet.save(update_fields=["name"])
    sheet.criteria.all().delete()
    ordered = sorted(criteria, key=lambda c: GROUP_ORDER.index(c["group"]))  # stable: the general group first
    RatingCriterion.objects.bulk_create(
        RatingCriterion(sheet=sheet, order=i, group=c["group"], label=nfc(c["label"].strip()), max_points=c["max_points"])
        for i, c in enumerate(ordered)
    )
    after = {"name": sheet.name, "criteria": _criteria_text(sheet.criteria.all())}
    audit(by, sheet, ChangeRecord.Action.UPDATE, {k: (before[k], v) for k, v in after.items() if before[k] != v},
          "Sửa phiếu chấm điểm")
    return sheet


def _criteria_text(criteria) -> str:
    """The criteria in one line, for the change history: "Chính trị tư tưởng (10); …"."""
    return "; ".join(f"{c.label} ({c.max_points})" for c in criteria)
