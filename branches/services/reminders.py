"""The one write a user makes to their reminders: mark one done. It stays done (the refresh does
not reopen it) until its thing is done too, when the refresh deletes it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import ChangeRecord, Reminder
from ..policy import check
from .common import audit

NOT_YOURS = "Việc nhắc này không phải của đồng chí."


@transaction.atomic
def mark_reminder_done(*, reminder: Reminder, by) -> Reminder:
    check(by, "reminder.done", reminder, NOT_YOURS)
    reminder = Reminder.objects.select_for_update().select_related("organisation").get(pk=reminder.pk)
    if reminder.done_at is not None:  # the same button pressed twice
        return reminder
    reminder.done_at = timezone.now()
    reminder.save(update_fields=["done_at"])
    audit(by, reminder, ChangeRecord.Action.UPDATE, summary=f"Đánh dấu đã xong: {reminder.title}")
    return reminder
