"""Meetings before they happen: the plan, its documents, its withdrawal."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from branches import uploads
from branches.models import ChangeRecord, Organisation
from branches.policy import check
from branches.services import audit
from branches.text import nfc

from ..models import Attachment, Meeting
from .record import _clash, _save_checked

Action = ChangeRecord.Action


@transaction.atomic
def plan_meeting(
    *, organisation: Organisation, kind: str, planned_start: datetime, topic: str = "", by
) -> Meeting:
    """Set next month's date and topic in advance (a Hà Nội practice: by the 20th)."""
    check(by, "meeting.record", organisation)
    if planned_start <= timezone.now():
        raise ValidationError({"planned_start": "Ngày dự kiến phải ở tương lai."})
    if kind in Meeting.THEMATIC_KINDS and not topic.strip():
        raise ValidationError({"topic": "Hãy ghi tên chuyên đề dự kiến."})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    local = timezone.localtime(planned_start)
    if (
        kind in Meeting.MONTHLY_KINDS
        and Meeting.objects.monthly()
        .filter(organisation=organisation, year=local.year, month=local.month)
        .exists()
    ):
        raise ValidationError(
            {"planned_start": f"Tháng {local.month}/{local.year} đã có buổi sinh hoạt thường kỳ."}
        )
    if message := _clash(organisation, kind, local.date(), None):
        raise ValidationError({"planned_start": message})
    meeting = Meeting(
        organisation=organisation,
        kind=kind,
        year=local.year,
        month=local.month,
        day=local.date(),
        status=Meeting.Status.PLANNED,
        planned_start=planned_start,
        topic=nfc(topic),
        created_by=by,
    )
    _save_checked(meeting)
    audit(
        by,
        meeting,
        Action.CREATE,
        {"planned_start": (None, planned_start), "topic": ("", meeting.topic)},
        "Lập kế hoạch sinh hoạt",
    )
    return meeting


@transaction.atomic
def add_attachment(*, meeting: Meeting, upload, by) -> Attachment:
    """The photographed signed minutes and other evidence; allowed after finalising too, since it
    adds a document without changing the record. Only a PDF, JPEG or PNG, stored under a new name."""
    check(by, "meeting.record", meeting.organisation)
    stored = uploads.accept(upload, field="file")
    attachment = Attachment.objects.create(
        meeting=meeting,
        file=stored.file,
        name=stored.name,
        content_type=stored.content_type,
        size=stored.size,
        uploaded_by=by,
    )
    audit(by, meeting, Action.UPDATE, {"attachments": ("", attachment.name)}, "Thêm tệp đính kèm")
    return attachment


@transaction.atomic
def withdraw_plan(*, meeting: Meeting, delete_attachments: bool = False, by) -> None:
    """A planned meeting that will not happen is withdrawn; drafts and records are never deleted.
    Files attached to the plan go with it only when the secretary says so, having seen their names."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=meeting.pk)
    )
    check(by, "meeting.record", meeting.organisation)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError("Chỉ hủy được kế hoạch chưa diễn ra; biên bản đã ghi không bị xóa.")
    files = list(meeting.attachments.order_by("pk"))
    if files and not delete_attachments:
        names = ", ".join(f.name for f in files)
        raise ValidationError(
            f"Kế hoạch có {len(files)} tệp đính kèm ({names}). Chưa hủy kế hoạch: hãy tải các tệp cần giữ về máy, "
            f"rồi đánh dấu “Hủy cả {len(files)} tệp đính kèm” và bấm “Hủy kế hoạch” lần nữa.",
            code="has_attachments",
        )
    audit(
        by,
        meeting,
        Action.DELETE,
        {"attachments": (", ".join(f.name for f in files), "")} if files else {},
        "Hủy kế hoạch sinh hoạt" + (f" và {len(files)} tệp đính kèm" if files else ""),
    )
    meeting.delete()
    for attachment in files:
        # Stored files are removed once the rows are gone for good, never before a rollback.
        transaction.on_commit(partial(attachment.file.delete, save=False))
