"""What is due for a user: one row per user and thing, kept in step with the data by the daily
refresh (branches/reminders/), and the record of each day's email digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F

from ..reminders.registry import KIND_LABELS


class ReminderQuerySet(models.QuerySet):
    def open_for(self, user) -> ReminderQuerySet:
        """The user's reminders not marked done, the nearest deadline first."""
        return self.filter(user=user, done_at__isnull=True).order_by(
            F("due_on").asc(nulls_last=True), "kind", "pk"
        )


class Reminder(models.Model):
    """Something due that a user should see: the month's minutes, a recognition vote, unpaid dues…
    Written and cleared by the refresh (branches.reminders.refresh) only; the user marks it done
    (branches.services.reminders). A row is no history: it goes when its thing is done."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    # A kind registered by an app (branches.reminders.registry.KIND_LABELS), and the thing it is about.
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    # Where the thing is: the reminder's link lies in this organisation's pages, the user's scope.
    organisation = models.ForeignKey("Organisation", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    first_seen = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="one_reminder_per_user_and_thing"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "")  # filled by the apps' AppConfig.ready


class ReminderDigest(models.Model):
    """The day's email digest sent to a user: written before the mail goes, in the same transaction,
    so a second run of the day finds it and sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    reminders = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")]

    def __str__(self) -> str:
        return f"{self.user} — {self.day:%d/%m/%Y}"
