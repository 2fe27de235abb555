"""What the app keeps about itself: the change record of every write, the log of every download, the
account settings of a login."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from ..enums import ChangeAction
from .fields import acted_by
from .members import Member
from .organisations import Organisation
from .scope import scope_q


class ChangeRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChangeRecordQuerySet:
        """Records written in the user's subtrees: a record is read through the scope of the
        organisation it concerned when it was written (a move of the subtree carries it along)."""
        return self.filter(scope_q(user, "scope_path"))

    def within(self, org: Organisation) -> ChangeRecordQuerySet:
        """Everything recorded in the organisation and below it: itself, its members, meetings,
        ratings, recognitions, and those of the organisations under it."""
        return self.filter(scope_path__startswith=org.path)

    def about(self, obj) -> ChangeRecordQuerySet:
        return self.filter(model=obj._meta.model_name, object_id=obj.pk)

    def about_member(self, member: Member) -> ChangeRecordQuerySet:
        """The member's record and what concerned them: their ratings, posts, discipline."""
        return self.filter(member=member)


class ChangeRecord(models.Model):
    """Audit trail: who changed which field of which record, and when.

    Written by the services (the only place that writes), so it works on SQLite and PostgreSQL
    alike and records the reason-bearing action, not just a row diff.
    """

    Action = ChangeAction

    actor = acted_by()
    at = models.DateTimeField(auto_now_add=True)
    model = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    # The organisation path the change concerns, so the history is read through the same scope.
    scope_path = models.CharField(max_length=255, blank=True, default="", db_index=True)
    # The member the change concerns (the member, their rating, post or discipline), so a member's
    # history gathers them whichever app wrote them.
    member = models.ForeignKey("Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    summary = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} #{self.object_id}"

    @property
    def subject_label(self) -> str:
        return SUBJECT_LABELS.get(self.model, self.model)

    def readable_changes(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) with Vietnamese labels and choice names, for people to read."""
        from django.apps import apps

        # Model names are unique across the project's apps; a user account is named "user".
        model = next((m for m in apps.get_models() if m._meta.model_name == self.model), None)
        # In the model's own field order, then what else was recorded: the same on SQLite and on
        # PostgreSQL, whose JSONB keeps no key order.
        order = {f.name: i for i, f in enumerate(model._meta.concrete_fields)} if model else {}
        rows = []
        for name, (old, new) in sorted(
            self.changes.items(), key=lambda item: (order.get(item[0], len(order)), item[0])
        ):
            try:
                field = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:  # what a service recorded beside the fields (CHANGE_LABELS)
                field = None
            if field is None or not field.concrete:
                rows.append((CHANGE_LABELS.get(name, name), _readable(old, {}), _readable(new, {})))
                continue
            choices = dict(field.flatchoices) if field.choices else {}
            label = CHANGE_LABELS.get(name) if field.verbose_name == field.name.replace("_", " ") else None
            rows.append((label or str(field.verbose_name), _readable(old, choices), _readable(new, choices)))
        return rows


# What a record is about, in words (ChangeRecord.model is the model's name).
SUBJECT_LABELS = {
    "organisation": "Tổ chức đảng",
    "member": "Đảng viên",
    "roleassignment": "Phân quyền",
    "user": "Tài khoản",
    "importrecord": "Nhập dữ liệu từ Excel",
    "meeting": "Buổi sinh hoạt",
    "scoresheet": "Phiếu chấm điểm sinh hoạt",
    "ratingperiod": "Năm đánh giá",
    "memberrating": "Đánh giá đảng viên",
    "organisationrating": "Đánh giá tổ chức đảng",
    "ratingsheet": "Phiếu chấm điểm đánh giá",
    "recognition": "Danh hiệu",
    "recognitionscheme": "Tiêu chí danh hiệu",
    "recognitiontarget": "Chỉ tiêu danh hiệu",
    "duesbasis": "Mức đóng đảng phí",
    "duesmonth": "Sổ đảng phí",
    "duesentry": "Đảng phí",
    "duesrate": "Mức đảng phí",
    "duessplit": "Tỷ lệ trích giữ đảng phí",
    "duespolicy": "Xem xét xóa tên (đảng phí)",
    "reminder": "Nhắc việc",
}


# What services record beside model fields, in words.
CHANGE_LABELS = {
    "attendance": "điểm danh",
    "attachments": "tệp đính kèm",
    "criteria": "tiêu chí",
    "reason": "lý do",
    "criterion": "tiêu chí",
    "points": "điểm",
    "comment": "ý kiến",
    "password": "mật khẩu",
    "ratings": "số phiếu đánh giá",
    "status": "trạng thái",
    "planned_start": "ngày dự kiến",
    "payments": "nộp đảng phí",
    "paid": "số đã nộp",
    "value": "giá trị",
    "email": "địa chỉ email",
    "email_reminders": "nhận email nhắc việc",
}


def _readable(value, choices: dict) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, (list, dict)):
        return (
            "; ".join(f"{k}: {v}" for k, v in value.items())
            if isinstance(value, dict)
            else ", ".join(map(str, value))
        )
    return choices.get(value, value) if isinstance(value, (str, int)) else value


class DownloadLog(models.Model):
    """Who downloaded or exported which document, and when; `scope_path` is the organisation the
    document is about, so the log is read through the same scope as everything else."""

    user = acted_by()
    what = models.CharField(max_length=300)
    scope_path = models.CharField(max_length=255, db_index=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.what}"


class Account(models.Model):
    """What the app keeps about a login beside Django's user. Disabling is the user's own
    `is_active`; this row holds what Django has no field for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_state"
    )
    # Set when an administrator resets the password: the temporary one must be replaced at the next login.
    must_change_password = models.BooleanField("phải đổi mật khẩu", default=False)
    # The daily digest of reminders goes to the user's email address unless they turn it off.
    email_reminders = models.BooleanField("nhận email nhắc việc hằng ngày", default=True)

    def __str__(self) -> str:
        return str(self.user)
