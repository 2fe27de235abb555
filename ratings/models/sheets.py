"""Rating score sheets: the criteria and points a self-assessment is scored on (QĐ 366 Điều 10).

QĐ 366 fixes only the groups of Phụ lục 4 and 5 (general criteria 30 points, task results 70);
HD 43 Mục 1 leaves the sub-criteria and their points to each province to "cụ thể hóa". So the
national rows are defaults a province copies for a year and adapts (domain-rules §2.2).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from branches.criteria_sets import CriteriaSetQuerySet
from branches.models import Organisation

from ..enums import CriterionGroup, SheetCode

SHEET_TOTAL = 100  # QĐ 366 Điều 10: every sheet is on a 100-point scale


# QĐ 366 Phụ lục 4 and 5: the fixed points of each group.
GROUP_POINTS = {
    SheetCode.PL4: {CriterionGroup.GENERAL: 30, CriterionGroup.TASKS: 70},
    SheetCode.PL5: {CriterionGroup.GENERAL: 30, CriterionGroup.TASKS: 70},
}


class RatingSheetQuerySet(CriteriaSetQuerySet):
    KEY = "code"  # a province's Phụ lục 5 replaces the national Phụ lục 5


class RatingSheet(models.Model):
    """A score sheet: the national default when `province` is empty, else a province's own, in
    force from `year` until the province issues a newer one."""

    name = models.CharField("tên", max_length=200)
    province = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="rating_sheets"
    )
    year = models.PositiveSmallIntegerField("áp dụng từ năm")
    code = models.CharField("phụ lục", max_length=4, choices=SheetCode.choices)
    source = models.CharField("căn cứ", max_length=200, blank=True)

    objects = RatingSheetQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "code"],
                condition=Q(province__isnull=False),
                name="one_rating_sheet_per_province_year_code",
            ),
            models.UniqueConstraint(
                fields=["year", "code"],
                condition=Q(province__isnull=True),
                name="one_national_rating_sheet_per_year_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RatingCriterion(models.Model):
    sheet = models.ForeignKey(RatingSheet, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField("nhóm", max_length=16, choices=CriterionGroup.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField("tiêu chí", max_length=500)
    max_points = models.PositiveSmallIntegerField("điểm tối đa")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0) & Q(max_points__lte=SHEET_TOTAL),
                name="rating_criterion_points_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.max_points})"
