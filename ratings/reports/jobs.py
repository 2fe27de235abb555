"""Report jobs (DESIGN §4 Jobs): the view asks for a report, the row is created and the build is
queued on commit; workers render its parts in parallel, the last part to finish queues the merge;
the page polls the row. The tasks in ratings/tasks.py only call these functions.

Idempotent by the row's state: a redelivered task finds its part already rendered or the job
already done and does nothing; a job whose worker died is stale after the time limit and may be
requested again. A failed job keeps a message a person can act on; no half file is ever offered,
because the file is written only after the merge."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from branches.documents import number_pages
from branches.models import Member, Organisation
from meetings.models import Meeting

from ..models import MemberRating, OrganisationRating, Recognition, ReportJob
from ..queries import period_for
from . import annual, excel

log = logging.getLogger(__name__)
Job = ReportJob
MAX_ATTEMPTS = 3
FORMAT_VERSION = "2"  # bump when a report's layout changes, so stored files are not reused


@dataclass(frozen=True)
class Builder:
    parts: Callable[[Organisation, int], list[list[int]]]
    render: Callable[[Organisation, int, list[int], int, date], bytes]
    extension: str
    content_type: str


def _single(scope: Organisation, year: int) -> list[list[int]]:
    return [[]]


BUILDERS = {
    Job.Kind.ANNUAL: Builder(annual.parts, annual.render_part, "pdf", "application/pdf"),
    Job.Kind.RATING_LIST: Builder(_single, annual.render_rating_list, "pdf", "application/pdf"),
    Job.Kind.EXCEL: Builder(_single, lambda scope, year, ids, index, today: excel.workbook(scope, year),
                            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def fingerprint(kind: str, scope: Organisation, year: int, today: date) -> str:
    """What a report is built from: the same value means the stored file can be served again."""
    period = period_for(scope, year)
    in_scope = {"organisation__path__startswith": scope.path}
    markers = [
        FORMAT_VERSION, kind, scope.pk, scope.name, year, today.isoformat(),
        MemberRating.objects.filter(period=period, **in_scope).aggregate(n=Count("pk"), v=Sum("version"), m=Max("pk")),
        OrganisationRating.objects.filter(period=period, **in_scope).aggregate(n=Count("pk"), v=Sum("version"), m=Max("pk")),
        Meeting.objects.filter(year=year, **in_scope).aggregate(n=Count("pk"), v=Sum("version"), m=Max("pk")),
        Recognition.objects.filter(year=year, **in_scope).aggregate(n=Count("pk"), v=Sum("version"), m=Max("pk")),
        Member.objects.filter(**in_scope).aggregate(n=Count("pk"), v=Sum("version"), m=Max("pk")),
    ]
    return hashlib.sha256(repr(markers).encode()).hexdigest()


def request_report(*, kind: str, scope: Organisation, year: int, by=None, today: date | None = None) -> ReportJob:
    """Create the job row and queue its build after the commit; reuse a file built from the same
    data; a second click while a job runs returns that job."""
    from ..tasks import task_build_report

    if kind not in BUILDERS:
        raise ValidationError("Loại báo cáo không hợp lệ.")
    if not 2000 <= year <= 2100:
        raise ValidationError("Năm báo cáo không hợp lệ.")
    today = today or timezone.localdate()
    print_ = fingerprint(kind, scope, year, today)
    active = Job.objects.filter(kind=kind, scope=scope, year=year, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).first()
    if active and not active.stale:
        return active
    if active:  # its worker died: let it go, so the report can be built again
        fail(active.pk, "Tiến trình tạo báo cáo bị gián đoạn (máy chủ xử lý dừng giữa chừng). Hãy tạo lại báo cáo.")
    done = Job.objects.filter(kind=kind, scope=scope, year=year, status=Job.Status.DONE, fingerprint=print_).exclude(file="").first()
    if done and default_storage.exists(done.file.name):
        now = timezone.now()
        return Job.objects.create(
            kind=kind, scope=scope, year=year, requested_by=by, status=Job.Status.DONE, fingerprint=print_, file=done.file.name,
            sha256=done.sha256, size=done.size, pages=done.pages, parts_total=done.parts_total, parts_done=done.parts_total,
            reused=True, started_at=now, finished_at=now,
        )
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=kind, scope=scope, year=year, requested_by=by, fingerprint=print_)
    except IntegrityError:  # another request created it a moment ago
        return Job.objects.get(kind=kind, scope=scope, year=year, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    task_build_report.delay_on_commit(job.pk)
    return job


def _part_name(job_id: int, index: int) -> str:
    return f"reports/parts/{job_id}/{index:04d}.part"


def start(job_id: int) -> int | None:
    """Claim a queued job and plan its parts; None when there is nothing to do (done, or running
    elsewhere and not stale)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().select_related("scope").get(pk=job_id)
        if job.status == Job.Status.DONE or job.status == Job.Status.FAILED:
            return None
        if job.status == Job.Status.RUNNING and not job.stale:
            return None
        if job.attempts >= MAX_ATTEMPTS:
            _mark_failed(job, "Không tạo được báo cáo sau nhiều lần thử. Hãy báo cho quản trị hệ thống.")
            return None
        job.status, job.started_at, job.attempts = Job.Status.RUNNING, timezone.now(), job.attempts + 1
        job.parts_total, job.parts_done = len(BUILDERS[job.kind].parts(job.scope, job.year)), 0
        job.save(update_fields=["status", "started_at", "attempts", "parts_total", "parts_done"])
        return job.parts_total


def render_part(job_id: int, index: int) -> bool:
    """Render one part to private storage; True when it was the last one missing."""
    job = Job.objects.select_related("scope").get(pk=job_id)
    if job.status != Job.Status.RUNNING:
        return False
    name = _part_name(job_id, index)
    if not default_storage.exists(name):
        builder = BUILDERS[job.kind]
        ids = builder.parts(job.scope, job.year)[index]
        content = builder.render(job.scope, job.year, ids, index, timezone.localtime(job.created_at).date())
        default_storage.save(name, ContentFile(content))
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        done = sum(default_storage.exists(_part_name(job_id, i)) for i in range(job.parts_total))
        last = done == job.parts_total and job.parts_done < job.parts_total
        job.parts_done = done
        job.save(update_fields=["parts_done"])
    return last


def finish(job_id: int) -> None:
    """Merge the parts, number the pages, store the file under its content hash, mark done."""
    job = Job.objects.select_related("scope", "requested_by").get(pk=job_id)
    if job.status != Job.Status.RUNNING:
        return
    builder = BUILDERS[job.kind]
    names = [_part_name(job_id, i) for i in range(job.parts_total)]
    chunks = []
    for name in names:
        with default_storage.open(name, "rb") as part:
            chunks.append(part.read())
    pages = 0
    if builder.extension == "pdf":
        who = job.requested_by.get_full_name() or job.requested_by.username if job.requested_by else "hệ thống"
        made = timezone.localtime(job.created_at).strftime("%H:%M ngày %d/%m/%Y")
        content, pages = number_pages(chunks, f"Tạo bởi {who} lúc {made} (hệ thống quản lý công tác đảng)")
    else:
        content = chunks[0]
    digest = hashlib.sha256(content).hexdigest()
    stored = default_storage.save(f"reports/{digest[:20]}.{builder.extension}", ContentFile(content))
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status != Job.Status.RUNNING:
            default_storage.delete(stored)
            return
        job.file, job.sha256, job.size, job.pages = stored, digest, len(content), pages
        job.status, job.finished_at = Job.Status.DONE, timezone.now()
        job.save(update_fields=["file", "sha256", "size", "pages", "status", "finished_at"])
    for name in names:
        default_storage.delete(name)


def _mark_failed(job: ReportJob, message: str) -> None:
    job.status, job.error, job.finished_at = Job.Status.FAILED, message[:500], timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def fail(job_id: int, message: str) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status != Job.Status.DONE:
            _mark_failed(job, message)
    for i in range(job.parts_total):
        default_storage.delete(_part_name(job_id, i))


def clean(keep_days: int) -> int:
    """Delete files of jobs older than `keep_days` (a file shared by a reused job stays while any
    recent job points at it); end jobs whose worker died. Returns the number of files deleted."""
    now = timezone.now()
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        if job.stale:
            fail(job.pk, "Tiến trình tạo báo cáo bị gián đoạn (máy chủ xử lý dừng giữa chừng). Hãy tạo lại báo cáo.")
    old = Job.objects.filter(created_at__lt=now - timezone.timedelta(days=keep_days)).exclude(file="")
    recent = set(Job.objects.filter(created_at__gte=now - timezone.timedelta(days=keep_days)).values_list("file", flat=True))
    deleted = 0
    for job in old:
        if job.file.name not in recent and default_storage.exists(job.file.name):
            default_storage.delete(job.file.name)
            deleted += 1
    old.update(file="")
    return deleted
