"""Thin Celery tasks over branches.jobs.services, for every kind of job (ids in, the job row holds
the outcome), and the daily reminders (branches.reminders). A root: it imports the domain, nothing imports it (the build is queued by name).

Transient infrastructure errors (the database or the broker gone for a moment) retry; anything
else ends the job as failed with its kind's message, never a half file."""

from __future__ import annotations

import logging
from dataclasses import asdict

from celery import group, shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from . import passwords
from .jobs import services as jobs
from .reminders import digest
from .reminders import refresh as reminders

log = logging.getLogger(__name__)
# BrokerError: queueing the next step failed (the broker gone for a moment); the retried task is
# idempotent, so the step is queued again.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, BrokerError)
# Acknowledged when done, not when received; and a task whose worker process was killed (out of
# memory, kill -9) goes back to the queue instead of being acknowledged as failed: its part is
# rendered again (parts are idempotent) and the job finishes instead of waiting for the limit.
REDELIVERED = {"acks_late": True, "reject_on_worker_lost": True}


def _guard(job_id: int, step):
    try:
        return step()
    except TRANSIENT:
        raise
    except Exception:
        log.exception("job %s failed", job_id)
        jobs.fail(job_id)
        return None


@shared_task(bind=True, **REDELIVERED, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def task_build_job(self, job_id: int) -> None:
    parts = _guard(job_id, lambda: jobs.start(job_id))
    if parts:
        # Each part is its own task on the pdf queue: two workers render two parts at once.
        group(task_render_part.si(job_id, index) for index in parts).apply_async()


@shared_task(bind=True, **REDELIVERED, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def task_render_part(self, job_id: int, index: int) -> None:
    if _guard(job_id, lambda: jobs.render_part(job_id, index)):
        task_merge_job.delay(job_id)


@shared_task(bind=True, **REDELIVERED, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def task_merge_job(self, job_id: int) -> None:
    _guard(job_id, lambda: jobs.finish(job_id))


@shared_task
def task_clean_jobs() -> int:
    return jobs.clean(settings.JOB_KEEP_DAYS)


@shared_task
def task_end_stale_jobs() -> int:
    return jobs.end_stale()


@shared_task
def task_send_reminders() -> dict[str, int]:
    """The daily beat: bring every user's reminders up to date, then send the day's digests."""
    today = timezone.localdate()
    refreshed = reminders.refresh(today)
    return {**asdict(refreshed), "digests": digest.send_digests(today)}


@shared_task(autoretry_for=(*TRANSIENT, OSError), retry_backoff=True, max_retries=3)
def task_mail_reset_link(user_id: int) -> None:
    """Write and send the password-reset mail (branches.services.accounts.mail_reset_link); a mail
    server that refuses is tried again. A login disabled meanwhile gets nothing."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is not None:
        passwords.reset_message(user).send()
