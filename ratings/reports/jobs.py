"""Report jobs (DESIGN §4 Jobs): the view asks for a report, the row is created and the build is
queued on commit; workers render its parts in parallel, the last part to finish queues the merge;
the page polls the row. The tasks in ratings/tasks.py only call these functions.

Idempotent by the row's state: a redelivered task finds its part already recorded or the job
already done and does nothing (a part task lost with its worker is redelivered, and the part then
rendered again counts once); a job whose worker died, or that no worker took, is stale and ended
by the sweep or the next look at it, and may be requested again; a broker that cannot be reached
ends the job at once. A failed job keeps a message a person can act on; no half file is ever offered,
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
BROKER_DOWN = ("Máy chủ xử lý báo cáo đang không hoạt động nên chưa tạo được báo cáo. "
               "Hãy thử lại sau ít phút hoặc báo quản trị viên.")
INTERRUPTED = "Tiến trình tạo báo cáo bị gián đoạn (máy chủ xử lý dừng giữa chừng). Hãy tạo lại báo cáo."
NOT_TAKEN = ("Báo cáo chờ quá lâu mà máy chủ xử lý chưa nhận (máy chủ xử lý đang dừng hoặc quá tải). "
             "Hãy tạo lại sau ít phút hoặc báo quản trị viên.")
FAILED = ("Không tạo được báo cáo do lỗi khi dựng văn bản. Hãy thử lại; nếu vẫn lỗi, báo cho quản trị hệ thống "
          "(mã việc {job}).")


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
    if kind not in BUILDERS:
        raise ValidationError("Loại báo cáo không hợp lệ.")
    if not 2000 <= year <= 2100:
        raise ValidationError("Năm báo cáo không hợp lệ.")
    today = today or timezone.localdate()
    print_ = fingerprint(kind, scope, year, today)
    active = Job.objects.filter(kind=kind, scope=scope, year=year, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).first()
    if active and not end_if_stale(active):  # a stale one is let go, so the report can be built again
        return active
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
    transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()  # outside a transaction the build was queued, or the job ended, just now
    return job


def _enqueue(job_id: int) -> None:
    """Queue the build; a broker that cannot be reached ends the job with a message instead of
    leaving it queued for ever (and the request that asked for it is not a 500)."""
    from ..tasks import task_build_report

    try:
        task_build_report.delay(job_id)
    except Exception:
        # With a broker, delay() only publishes: whatever it raises (kombu's OperationalError for a
        # refused or timed-out connection) means the broker is out of reach. With none the build
        # ran here, eagerly, and what escaped it is a failure of the build.
        eager = task_build_report.app.conf.task_always_eager
        log.exception("report job %s could not be %s", job_id, "built" if eager else "queued")
        fail(job_id, FAILED.format(job=job_id) if eager else BROKER_DOWN)


def end_if_stale(job: ReportJob) -> bool:
    """End a job that will not finish (see ReportJob.stale) with the message that says why."""
    if not job.stale:
        return False
    with transaction.atomic():  # again under the lock: a worker may have taken it a moment ago
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not job.stale:
            return False
        _mark_failed(job, NOT_TAKEN if job.status == Job.Status.QUEUED else INTERRUPTED)
    _delete_parts(job.pk)
    return True


def end_stale() -> int:
    """The sweep (beat, every few minutes): end every job that will not finish; how many."""
    active = Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    return sum(end_if_stale(job) for job in active)


def _parts_dir(job_id: int) -> str:
    return f"reports/parts/{job_id}"


def _delete_parts(job_id: int) -> None:
    """Every part file of the job, recorded or not (a worker killed while writing leaves one)."""
    folder = _parts_dir(job_id)
    if default_storage.exists(folder):
        for name in default_storage.listdir(folder)[1]:
            default_storage.delete(f"{folder}/{name}")


def start(job_id: int) -> list[int]:
    """Claim a queued job and plan its parts; the indexes of the parts to render: none when the job
    is finished, or when it runs and its parts are all recorded (a redelivered build task queues
    again only the parts still missing, which are idempotent)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().select_related("scope").get(pk=job_id)
        if job.finished:
            return []
        if job.status == Job.Status.RUNNING and not job.stale:
            return [i for i in range(job.parts_total) if str(i) not in job.part_files]
        if job.attempts >= MAX_ATTEMPTS:
            _mark_failed(job, "Không tạo được báo cáo sau nhiều lần thử. Hãy báo cho quản trị hệ thống.")
            return []
        job.status, job.started_at, job.attempts = Job.Status.RUNNING, timezone.now(), job.attempts + 1
        job.parts_total, job.parts_done = len(BUILDERS[job.kind].parts(job.scope, job.year)), 0
        job.part_files = {}
        job.save(update_fields=["status", "started_at", "attempts", "parts_total", "parts_done", "part_files"])
    _delete_parts(job_id)  # those of an earlier attempt, if any
    return list(range(job.parts_total))


def render_part(job_id: int, index: int) -> bool:
    """Render one part to private storage and record its file on the row; True when every part is
    recorded, so the merge is due. A part already recorded is not rendered again; one rendered
    twice at once is recorded once (the other file is deleted)."""
    job = Job.objects.select_related("scope").get(pk=job_id)
    if job.status != Job.Status.RUNNING:
        return False
    key, stored = str(index), None
    if key not in job.part_files:
        builder = BUILDERS[job.kind]
        ids = builder.parts(job.scope, job.year)[index]
        content = builder.render(job.scope, job.year, ids, index, timezone.localtime(job.created_at).date())
        # A name of its own: a file half written by a killed worker is never taken for this one.
        stored = default_storage.save(f"{_parts_dir(job_id)}/{index:04d}.part", ContentFile(content))
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status != Job.Status.RUNNING or key in job.part_files:
            if stored:
                default_storage.delete(stored)
        else:
            job.part_files[key] = stored
            job.parts_done = len(job.part_files)
            job.save(update_fields=["part_files", "parts_done"])
        return job.status == Job.Status.RUNNING and len(job.part_files) == job.parts_total


def finish(job_id: int) -> None:
    """Merge the parts, number the pages, store the file under its content hash, mark done."""
    job = Job.objects.select_related("scope", "requested_by").get(pk=job_id)
    if job.status != Job.Status.RUNNING:
        return
    builder = BUILDERS[job.kind]
    names = [job.part_files[str(i)] for i in range(job.parts_total)]
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
    _delete_parts(job_id)


def _mark_failed(job: ReportJob, message: str) -> None:
    job.status, job.error, job.finished_at = Job.Status.FAILED, message[:500], timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def fail(job_id: int, message: str) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status != Job.Status.DONE:
            _mark_failed(job, message)
    _delete_parts(job_id)


def clean(keep_days: int) -> int:
    """Delete files of jobs older than `keep_days` (a file shared by a reused job stays while any
    recent job points at it); end jobs that will not finish. Returns the number of files deleted."""
    now = timezone.now()
    end_stale()
    old = Job.objects.filter(created_at__lt=now - timezone.timedelta(days=keep_days)).exclude(file="")
    recent = set(Job.objects.filter(created_at__gte=now - timezone.timedelta(days=keep_days)).values_list("file", flat=True))
    deleted = 0
    for job in old:
        if job.file.name not in recent and default_storage.exists(job.file.name):
            default_storage.delete(job.file.name)
            deleted += 1
    old.update(file="")
    return deleted
