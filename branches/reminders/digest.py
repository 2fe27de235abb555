"""The day's email digest: to each user with an email address who has not turned it off and has
reminders open, one message a day (plain text and simple HTML, in Vietnamese) through Django's
email backend (SMTP from the environment: config/settings.py).

The day's ReminderDigest row is written in the transaction that sends: a second run of the day
finds it and sends nothing; a send that fails rolls it back, so the next run tries again."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string

from ..formatting import day
from ..models import Account, Reminder, ReminderDigest

log = logging.getLogger(__name__)


def digest_recipients(on: date):
    """Active users with an address, email not turned off, reminders open, no digest yet today."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(Exists(Account.objects.filter(user=OuterRef("pk"), email_reminders=False)))
        .filter(Exists(Reminder.objects.filter(user=OuterRef("pk"), done_at__isnull=True)))
        .exclude(Exists(ReminderDigest.objects.filter(user=OuterRef("pk"), day=on)))
        .order_by("pk")
    )


def message_for(user, reminders: list[Reminder], on: date, connection=None) -> EmailMultiAlternatives:
    context = {
        "user": user,
        "name": user.get_full_name() or user.username,
        "reminders": reminders,
        "day": day(on),
        "site": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=f"Việc cần làm ngày {day(on)}: {len(reminders)} việc",
        body=render_to_string("branches/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=connection,
    )
    message.attach_alternative(render_to_string("branches/email/digest.html", context), "text/html")
    return message


def send_digests(on: date) -> int:
    """Send the day's digests; return how many were sent."""
    sent = 0
    connection = get_connection()
    for user in digest_recipients(on):
        reminders = list(Reminder.objects.open_for(user))
        try:
            with transaction.atomic():
                ReminderDigest.objects.create(user=user, day=on, reminders=len(reminders))
                message_for(user, reminders, on, connection).send()
        except IntegrityError:  # another run of the same day sent it a moment ago
            continue
        except OSError:  # the mail server refused or is gone: the next run tries again
            log.exception("reminder digest to user %s not sent", user.pk)
            continue
        sent += 1
    connection.close()
    return sent
