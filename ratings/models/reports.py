"""Report jobs: the row is the single truth about a report being built (DESIGN §4 Jobs)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from branches.models import Organisation, organisation_scope_q


class ReportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(organisation_scope_q(user, "scope"))


class ReportJob(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", "Báo cáo kết quả kiểm điểm, đánh giá, xếp loại (PDF)"
        RATING_LIST = "rating_list", "Danh sách đảng viên xếp loại (PDF)"
        EXCEL = "excel", "Bảng số liệu đánh giá, xếp loại (Excel)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang tạo"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Lỗi"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    scope = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="report_jobs")
    year = models.PositiveSmallIntegerField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    parts_total = models.PositiveIntegerField(default=0)
    parts_done = models.PositiveIntegerField(default=0)
    # The stored file of each rendered part, by index: a part delivered twice (its worker was
    # killed and the task redelivered) is recorded once, and a half-written file is never merged.
    part_files = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # What the file was built from: the same fingerprint over unchanged data reuses the file.
    fingerprint = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to="reports/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    reused = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A double click does not build the same report twice.
            models.UniqueConstraint(fields=["kind", "scope", "year"], condition=Q(status__in=["queued", "running"]),
                                    name="one_active_report_job"),
            models.CheckConstraint(condition=Q(parts_done__lte=models.F("parts_total")), name="report_parts_done_le_total"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} — {self.scope}"

    @property
    def progress(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return round(90 * self.parts_done / self.parts_total) if self.parts_total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def stale(self) -> bool:
        """Still running after the hard time limit (its worker died), or still waiting for a worker
        after REPORT_QUEUE_LIMIT (none is consuming the queue): either way it will not finish."""
        now = timezone.now()
        if self.status == self.Status.RUNNING:
            return self.started_at is not None and now - self.started_at > timedelta(seconds=settings.REPORT_TIME_LIMIT)
        if self.status == self.Status.QUEUED:
            return self.created_at is not None and now - self.created_at > timedelta(seconds=settings.REPORT_QUEUE_LIMIT)
        return False

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
