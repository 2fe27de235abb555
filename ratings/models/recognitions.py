"""Recognitions: an organisation registers for a scheme (schemes.py) and a year, reports on each
criterion, is appraised by the level above, then recognised or refused; a recognition may later be
revoked. Every step writes an event row. Below them, the share recognised in a scope against its
targets, for the scheme pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Count, Q

from branches.models import Organisation, OrganisationRowQuerySet, acted_by

from ..enums import RecognitionStatus
from .schemes import CriterionFields, RecognitionScheme, RecognitionTarget, criterion_checks


class RecognitionQuerySet(OrganisationRowQuerySet):
    def with_details(self) -> RecognitionQuerySet:
        """Everything a recognition's card shows: its criteria results and its history."""
        return self.select_related("scheme", "organisation__parent").prefetch_related(
            "results", models.Prefetch("events", queryset=RecognitionEvent.objects.select_related("by"))
        )


class Recognition(models.Model):
    """One organisation's registration for a scheme in a year, and where it stands."""

    Status = RecognitionStatus
    OPEN_FOR_REPORT = (RecognitionStatus.REGISTERED, RecognitionStatus.REPORTED)
    OPEN_FOR_DECISION = (
        RecognitionStatus.REGISTERED,
        RecognitionStatus.REPORTED,
        RecognitionStatus.APPRAISED,
    )

    scheme = models.ForeignKey(RecognitionScheme, on_delete=models.PROTECT, related_name="recognitions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="recognitions")
    year = models.PositiveSmallIntegerField("năm")
    status = models.CharField(
        max_length=16, choices=RecognitionStatus.choices, default=RecognitionStatus.REGISTERED
    )
    report_note = models.TextField("báo cáo tự đánh giá", blank=True)
    appraisal_note = models.TextField("kết luận thẩm định", blank=True)
    decision_number = models.CharField("số quyết định", max_length=40, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    decision_note = models.CharField("ghi chú quyết định / lý do không công nhận", max_length=500, blank=True)
    revoked_on = models.DateField("ngày hủy công nhận", null=True, blank=True)
    revoked_reason = models.CharField("lý do hủy công nhận", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "scheme__name", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "organisation", "year"], name="one_recognition_per_scheme_org_year"
            ),
            models.CheckConstraint(
                condition=~Q(status="recognised") | (~Q(decision_number="") & Q(decided_on__isnull=False)),
                name="recognised_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revoked_reason=""), name="revoked_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["scheme", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.scheme} — {self.organisation} — {self.year}"

    @property
    def open_for_report(self) -> bool:
        return self.status in self.OPEN_FOR_REPORT

    @property
    def open_for_decision(self) -> bool:
        return self.status in self.OPEN_FOR_DECISION


class RecognitionResultQuerySet(models.QuerySet):
    def visible_to(self, user) -> RecognitionResultQuerySet:
        return self.filter(recognition__in=Recognition.objects.visible_to(user))


class RecognitionResult(CriterionFields):
    """One criterion of a registration: a copy of the criterion taken at registration, the value the
    records gave at the self-report (computed) or the evidence given (manual), and the appraisal."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="results")
    value = models.DecimalField("giá trị", max_digits=8, decimal_places=2, null=True, blank=True)
    value_text = models.CharField("kết quả tính", max_length=500, blank=True)
    computed_met = models.BooleanField("đạt theo dữ liệu", null=True, blank=True)
    evidence = models.TextField("kết quả, minh chứng", blank=True)
    attachment = models.FileField("tệp minh chứng", upload_to="recognitions/%Y/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    confirmed = models.BooleanField("thẩm định: đạt", null=True, blank=True)
    appraisal_note = models.CharField("ý kiến thẩm định", max_length=500, blank=True)

    objects = RecognitionResultQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = criterion_checks("result")

    def __str__(self) -> str:
        return self.label


class RecognitionEvent(models.Model):
    """Every step of a recognition: who, when, from → to, and the note (reason, decision)."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=RecognitionStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=RecognitionStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    by = acted_by()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


# Reads for the scheme pages: the share recognised in a scope against its targets --------------------


@dataclass
class SchemeShare:
    scheme: RecognitionScheme
    eligible: int  # organisations of the kinds (and areas) the scheme applies to, in the scope
    counts: dict[str, int]  # status → registrations in the scope
    targets: list[RecognitionTarget]

    @property
    def registered(self) -> int:
        return sum(self.counts.values())

    @property
    def recognised(self) -> int:
        return self.counts.get(RecognitionStatus.RECOGNISED, 0)

    @property
    def share(self) -> Decimal | None:
        if not self.eligible:
            return None
        return round(Decimal(100 * self.recognised) / self.eligible, 1)

    def standing(self, target: RecognitionTarget) -> str:
        """below | within | above, the actual share against a target's range."""
        share = self.share or Decimal(0)
        if share < target.min_share:
            return "below"
        return "above" if target.max_share is not None and share > target.max_share else "within"

    @property
    def target_rows(self) -> list[tuple[RecognitionTarget, str]]:
        return [(t, self.standing(t)) for t in self.targets]


def scheme_overview(schemes: list[RecognitionScheme], scope: Organisation, year: int) -> list[SchemeShare]:
    """For each scheme in force (one per code), in three queries whatever their number: how many
    organisations of the scope it applies to, its registrations by status in the year, and the
    targets of the scope (or of the organisations above it) for that year or later."""
    if not schemes:
        return []
    eligible = (
        Organisation.objects.filter(path__startswith=scope.path)
        .existing_in(year)
        .values_list("kind", "area_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_kind = {(kind, area): n for kind, area, n in eligible}
    # By code: a title registered under the national template counts for the province's own version.
    codes = [s.code for s in schemes]
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for code, status, n in (
        Recognition.objects.in_subtree(scope)
        .filter(scheme__code__in=codes, year=year)
        .values_list("scheme__code", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[code][status] = counts[code].get(status, 0) + n
    targets: dict[str, list[RecognitionTarget]] = defaultdict(list)
    for target in (
        RecognitionTarget.objects.filter(
            scheme__code__in=codes, scope_id__in=[*scope.ancestor_ids(), scope.pk], year__gte=year
        )
        .select_related("scheme", "scope")
        .order_by("year", "-scope__depth")
    ):
        if target.scheme.province_id in (None, scope.province_id):
            targets[target.scheme.code].append(target)
    return [
        SchemeShare(
            scheme=s,
            eligible=sum(
                n
                for (kind, area), n in by_kind.items()
                if kind in s.applies_to and (not s.area_types or area in s.area_types)
            ),
            counts=counts[s.code],
            targets=targets[s.code],
        )
        for s in schemes
    ]
