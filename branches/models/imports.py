"""What an import of a province's Excel files left: who, when, which file (its sha256) and the counts.
The preview it was confirmed from is the check job's file (branches.imports.jobs)."""

from __future__ import annotations

from django.db import models

from .fields import acted_by
from .organisations import Organisation


class ImportRecord(models.Model):
    scope = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="imports")
    imported_by = acted_by()
    at = models.DateTimeField(auto_now_add=True)
    # The check job the person confirmed (None from the command line): a second confirmation finds it.
    job = models.OneToOneField(
        "Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_record"
    )
    members_file = models.CharField("tệp đảng viên", max_length=200, blank=True)
    organisations_file = models.CharField("tệp tổ chức", max_length=200, blank=True)
    sha256 = models.CharField("sha256 tệp đảng viên", max_length=64, blank=True)
    organisations_sha256 = models.CharField("sha256 tệp tổ chức", max_length=64, blank=True)
    organisations_created = models.PositiveIntegerField(default=0)
    organisations_changed = models.PositiveIntegerField(default=0)
    members_created = models.PositiveIntegerField(default=0)
    members_changed = models.PositiveIntegerField(default=0)
    members_moved = models.PositiveIntegerField(default=0)
    members_unchanged = models.PositiveIntegerField(default=0)
    members_missing = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Nhập dữ liệu {self.members_file or self.organisations_file} — {self.scope}"
