"""The job row: the single truth about work done in the background (DESIGN §4 Jobs). Imported by
branches/models/__init__.py, so that Django finds it as a model of branches."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from branches.enums import JobStatus
from branches.models.fields import acted_by
from branches.models.organisations import Organisation
from branches.models.scope import organisation_scope_q

from .kinds import KINDS


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> JobQuerySet:
        return self.filter(organisation_scope_q(user, "scope"))

    def active(self) -> JobQuerySet:
        return self.filter(status__in=Job.ACTIVE)


class Job(models.Model):
    Status = JobStatus

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    # One of the kinds an app registered (branches.jobs.kinds); no choices here, so that a new kind
    # needs no migration of branches.
    kind = models.CharField(max_length=32)
    scope = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="jobs")
    # What the kind needs besides the scope, e.g. a report's year: {"year": 2025}. Compared whole (a second
    # click finds the running job by it); SQLite compares the text, so build it the same way each time.
    params = models.JSONField(default=dict, blank=True)
    requested_by = acted_by()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    parts_total = models.PositiveIntegerField(default=0)
    parts_done = models.PositiveIntegerField(default=0)
    # The stored file of each rendered part, by index: a part delivered twice (its worker was
    # killed and the task redelivered) is recorded once, and a half-written file is never merged.
    part_files = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # What the file was built from: the same fingerprint over unchanged data reuses the file.
    fingerprint = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to="jobs/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    reused = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A double click does not start the same job twice.
            models.UniqueConstraint(
                fields=["kind", "scope", "params"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_job",
            ),
            models.CheckConstraint(
                condition=Q(parts_done__lte=models.F("parts_total")), name="job_parts_done_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.scope}"

    @property
    def kind_label(self) -> str:
        spec = KINDS.get(self.kind)
        return spec.label if spec else self.kind

    @property
    def title(self) -> str:
        spec = KINDS.get(self.kind)
        return spec.title_of(self) if spec else self.kind

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
        after JOB_QUEUE_LIMIT (none is consuming the queue): either way it will not finish."""
        now = timezone.now()
        if self.status == self.Status.RUNNING:
            return self.started_at is not None and now - self.started_at > timedelta(
                seconds=settings.JOB_TIME_LIMIT
            )
        if self.status == self.Status.QUEUED:
            return self.created_at is not None and now - self.created_at > timedelta(
                seconds=settings.JOB_QUEUE_LIMIT
            )
        return False

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
