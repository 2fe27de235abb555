"""Recognition schemes as data: a scheme ("Chi bộ bốn tốt", TSVMTD, "kiểu mẫu", "HTXSNV tiêu biểu 5
năm liền") is configured rows, not code (domain-rules §6): its criteria, computed from the records or
self-reported, and the target shares set for a scope. A province's version of a national scheme is a
criteria set (branches.criteria_sets)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from branches.criteria_sets import CriteriaSetQuerySet
from branches.models import Organisation, acted_by, ends_after, province_id_of, scope_paths

from ..enums import Comparison, CriterionKind, Measure
from .ratings import LEVEL_CHOICES


class CriterionFields(models.Model):
    """What a criterion says: shared by the scheme's criteria and the copy each registration keeps,
    so a recognition is judged on the criteria it registered for even after the scheme changes."""

    order = models.PositiveSmallIntegerField(default=0)
    group = models.CharField("nhóm tiêu chí", max_length=200, blank=True)
    label = models.CharField("tiêu chí", max_length=500)
    kind = models.CharField("cách đánh giá", max_length=16, choices=CriterionKind.choices)
    measure = models.CharField("chỉ số", max_length=32, choices=Measure.choices, blank=True)
    # The level a share counts from (member_share), or the level required (org_level).
    level = models.CharField("mức xếp loại", max_length=8, choices=LEVEL_CHOICES, blank=True)
    comparison = models.CharField("so sánh", max_length=2, choices=Comparison.choices, blank=True)
    threshold = models.DecimalField("ngưỡng", max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_computed(self) -> bool:
        return self.kind == CriterionKind.COMPUTED

    def rule(self):
        from ..rules.recognition import Rule

        return Rule(self.measure, self.level, self.comparison, self.threshold)


def criterion_checks(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(kind="manual", measure="")
            | (Q(kind="computed") & ~Q(measure="") & ~Q(comparison="")),
            name=f"{prefix}_computed_has_measure",
            violation_error_message="Tiêu chí tính từ dữ liệu phải chọn chỉ số và cách so sánh; tiêu chí tự báo cáo thì không.",
        ),
    ]


class SchemeQuerySet(CriteriaSetQuerySet):
    """`in_force(province_id, year)`: the schemes valid in the year for a province, its own and the
    national ones it has not replaced by its own version of the same code."""

    KEY, FROM, UNTIL = "code", "valid_from", "valid_until"

    def visible_to(self, user) -> SchemeQuerySet:
        """National schemes and those of the provinces the user works in."""
        paths = scope_paths(user)
        if paths is None:
            return self
        return self.filter(Q(province__isnull=True) | Q(province_id__in={province_id_of(p) for p in paths}))

    def applying_to(self, org: Organisation, year: int) -> list[RecognitionScheme]:
        return [s for s in self.in_force(org.province_id, year) if s.applies_to_org(org)]


class RecognitionScheme(models.Model):
    """A recognition title and its criteria, issued by a province (or a national template when
    `province` is empty, which provinces copy and adapt, as with meeting score sheets)."""

    code = models.SlugField("mã", max_length=40)
    name = models.CharField("tên danh hiệu", max_length=200)
    issuing_body = models.CharField("cơ quan ban hành", max_length=200)
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    province = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognition_schemes",
        limit_choices_to={"kind": Organisation.Kind.PROVINCE},
    )
    valid_from = models.PositiveSmallIntegerField("áp dụng từ năm")
    valid_until = models.PositiveSmallIntegerField("đến năm", null=True, blank=True)
    applies_to = models.JSONField("áp dụng cho loại tổ chức", default=list)  # Organisation.Kind values
    area_types = models.JSONField(
        "chỉ địa bàn", default=list, blank=True
    )  # Organisation.Area values; empty: any
    years_running = models.PositiveSmallIntegerField(
        "số năm liền phải đạt các tiêu chí tính từ dữ liệu", default=1
    )
    appraised_by = models.CharField("cấp thẩm định", max_length=200)
    decided_by = models.CharField("cấp quyết định công nhận", max_length=200)
    revocation = models.TextField("hủy bỏ công nhận khi", blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="one_scheme_code_per_province"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(province__isnull=True), name="one_national_scheme_code"
            ),
            models.CheckConstraint(
                condition=Q(years_running__gte=1),
                name="scheme_years_running_positive",
                violation_error_message="Số năm liền ít nhất là 1.",
            ),
            ends_after(
                "valid_until",
                "valid_from",
                name="scheme_valid_until_after_from",
                violation_error_message="Năm kết thúc không thể trước năm bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def applies_to_org(self, org: Organisation) -> bool:
        return org.kind in self.applies_to and (not self.area_types or org.area_type in self.area_types)

    def kinds_display(self) -> str:
        kinds = dict(Organisation.Kind.choices)
        shown = ", ".join(kinds.get(k, k).lower() for k in self.applies_to)
        if self.area_types:
            areas = dict(Organisation.Area.choices)
            shown += " (" + ", ".join(areas.get(a, a).lower() for a in self.area_types) + ")"
        return shown

    def years_display(self) -> str:
        return f"từ năm {self.valid_from}" + (f" đến năm {self.valid_until}" if self.valid_until else "")


class RecognitionCriterion(CriterionFields):
    scheme = models.ForeignKey(RecognitionScheme, on_delete=models.CASCADE, related_name="criteria")

    class Meta:
        ordering = ["order", "pk"]
        constraints = criterion_checks("criterion")

    def __str__(self) -> str:
        return self.label


class RecognitionTarget(models.Model):
    """A scope's target share, e.g. 40–50 % of chi bộ ấp, khu phố TSVMTD by 2025."""

    scheme = models.ForeignKey(RecognitionScheme, on_delete=models.PROTECT, related_name="targets")
    scope = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="recognition_targets")
    year = models.PositiveSmallIntegerField("năm")
    min_share = models.DecimalField("tỷ lệ tối thiểu (%)", max_digits=5, decimal_places=2)
    max_share = models.DecimalField("tỷ lệ tối đa (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.CharField("căn cứ, ghi chú", max_length=300, blank=True)
    set_by = acted_by()
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "scope__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "scope", "year"], name="one_target_per_scheme_scope_year"
            ),
            models.CheckConstraint(
                condition=Q(min_share__gte=0, min_share__lte=100)
                & (Q(max_share__isnull=True) | Q(max_share__gte=models.F("min_share"), max_share__lte=100)),
                name="target_shares_in_range",
                violation_error_message="Tỷ lệ từ 0 đến 100%, tối thiểu không lớn hơn tối đa.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} — {self.scope} {self.year}"
