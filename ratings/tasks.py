"""Thin Celery tasks over ratings.reports.jobs: ids in, the job row holds the outcome.

Transient infrastructure errors (the database or the broker gone for a moment) retry; anything
else ends the job as failed with a message, never a half file."""

from __future__ import annotations

import logging

from celery import group, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .reports import jobs

log = logging.getLogger(__name__)
TRANSIENT = (OperationalError, InterfaceError, ConnectionError)
FAILED = "Không tạo được báo cáo do lỗi khi dựng văn bản. Hãy thử lại; nếu vẫn lỗi, báo cho quản trị hệ thống (mã việc {job})."


def _guard(job_id: int, step):
    try:
        return step()
    except TRANSIENT:
        raise
    except Exception:
        log.exception("report job %s failed", job_id)
        jobs.fail(job_id, FAILED.format(job=job_id))
        return None


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def task_build_report(self, job_id: int) -> None:
    parts = _guard(job_id, lambda: jobs.start(job_id))
    if parts:
        # Each part is its own task on the pdf queue: two workers render two parts at once.
        group(task_render_part.si(job_id, index) for index in range(parts)).apply_async()


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def task_render_part(self, job_id: int, index: int) -> None:
    if _guard(job_id, lambda: jobs.render_part(job_id, index)):
        task_merge_report.delay(job_id)


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def task_merge_report(self, job_id: int) -> None:
    _guard(job_id, lambda: jobs.finish(job_id))


@shared_task
def task_clean_reports() -> int:
    return jobs.clean(settings.REPORT_KEEP_DAYS)
