"""A job's life (DESIGN §4 Jobs): an app's service asks for a job, the row is created and its build
queued on commit; workers render its parts in parallel, the last part to finish queues the merge;
the page polls the row. The tasks in branches/tasks.py only call these functions, and are queued
here by name, so this module never imports them.

Idempotent by the row's state: a redelivered task finds its part already recorded or the job
already done and does nothing (a part task lost with its worker is redelivered, and the part then
rendered again counts once); a job whose worker died, or that no worker took, is stale and ended
by the sweep or the next look at it, and may be asked for again; a broker that cannot be reached
ends the job at once. A failed job keeps a message a person can act on (its kind's wording); no
half file is ever offered, because the file is written only after the merge."""

from __future__ import annotations

import hashlib
import logging

from celery import current_app
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from branches.documents import number_pages
from branches.models import Organisation
from branches.policy import check

from .kinds import KINDS, kind_of, messages_for
from .models import Job

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
BUILD_TASK = "branches.tasks.task_build_job"
FOLDER = "jobs"


def request_job(*, kind: str, scope: Organisation, params: dict, by, fingerprint: str = "") -> Job:
    """Create the job row and queue its build after the commit, for a user the kind's policy action
    allows on the scope. A second click while a job of the same kind, scope and params runs returns
    that job; with a `fingerprint` (what the result is built from), a file already built from the
    same one is served again without building."""
    spec = kind_of(kind)  # a kind no app registered is a programming error, not a job that fails later
    check(by, spec.action, scope)
    active = Job.objects.active().filter(kind=kind, scope=scope, params=params).first()
    if active and not end_if_stale(active):  # a stale one is let go, so the job can run again
        return active
    if fingerprint:
        done = (
            Job.objects.filter(
                kind=kind, scope=scope, params=params, status=Job.Status.DONE, fingerprint=fingerprint
            )
            .exclude(file="")
            .first()
        )
        if done and default_storage.exists(done.file.name):
            now = timezone.now()
            return Job.objects.create(
                kind=kind,
                scope=scope,
                params=params,
                requested_by=by,
                status=Job.Status.DONE,
                fingerprint=fingerprint,
                file=done.file.name,
                sha256=done.sha256,
                size=done.size,
                pages=done.pages,
                parts_total=done.parts_total,
                parts_done=done.parts_total,
                reused=True,
                started_at=now,
                finished_at=now,
            )
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind, scope=scope, params=params, requested_by=by, fingerprint=fingerprint
            )
    except IntegrityError:  # another request created it a moment ago
        return Job.objects.active().get(kind=kind, scope=scope, params=params)
    transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()  # outside a transaction the build was queued, or the job ended, just now
    return job


def _enqueue(job_id: int) -> None:
    """Queue the build; a broker that cannot be reached ends the job with a message instead of
    leaving it queued for ever (and the request that asked for it is not a 500)."""
    task = _build_task()
    try:
        task.delay(job_id)  # with no broker the build runs here, eagerly
    except Exception:
        # With a broker, delay() only publishes: whatever it raises (kombu's OperationalError for a
        # refused or timed-out connection) means the broker is out of reach. With none the build
        # ran here, eagerly, and what escaped it is a failure of the build.
        eager = current_app.conf.task_always_eager
        log.exception("job %s could not be %s", job_id, "built" if eager else "queued")
        _end(job_id, "failed" if eager else "broker_down")


def _build_task():
    return task_named(BUILD_TASK)


def task_named(name: str):
    """A task found by name: the tasks modules are roots that import the domain, never the
    reverse. A worker imports every app's tasks module when it starts; any other process (the web,
    a command) has Celery discover them the same way when it queues its first task."""
    if name not in current_app.tasks:
        current_app.autodiscover_tasks(force=True)
    return current_app.tasks[name]


def end_if_stale(job: Job) -> bool:
    """End a job that will not finish (see Job.stale) with the message that says why."""
    if not job.stale:
        return False
    with transaction.atomic():  # again under the lock: a worker may have taken it a moment ago
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not job.stale:
            return False
        _mark_failed(job, "not_taken" if job.status == Job.Status.QUEUED else "interrupted")
    _delete_parts(job.pk)
    return True


def end_stale() -> int:
    """The sweep (beat, every few minutes): end every job that will not finish; how many."""
    return sum(end_if_stale(job) for job in Job.objects.active())


def _parts_dir(job_id: int) -> str:
    return f"{FOLDER}/parts/{job_id}"


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
            _mark_failed(job, "gave_up")
            return []
        job.status, job.started_at, job.attempts = Job.Status.RUNNING, timezone.now(), job.attempts + 1
        job.parts_total, job.parts_done = len(kind_of(job.kind).parts(job)), 0
        job.part_files = {}
        job.save(
            update_fields=["status", "started_at", "attempts", "parts_total", "parts_done", "part_files"]
        )
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
        spec = kind_of(job.kind)
        content = spec.render(job, spec.parts(job)[index], index)
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
    """Merge the parts (a PDF's pages numbered across them), store the file under its content hash,
    mark the job done."""
    job = Job.objects.select_related("scope", "requested_by").get(pk=job_id)
    if job.status != Job.Status.RUNNING:
        return
    spec = kind_of(job.kind)
    chunks = []
    for name in [job.part_files[str(i)] for i in range(job.parts_total)]:
        with default_storage.open(name, "rb") as part:
            chunks.append(part.read())
    pages = 0
    if spec.extension == "pdf":
        who = (
            job.requested_by.get_full_name() or job.requested_by.username if job.requested_by else "hệ thống"
        )
        made = timezone.localtime(job.created_at).strftime("%H:%M ngày %d/%m/%Y")
        content, pages = number_pages(chunks, f"Tạo bởi {who} lúc {made} (hệ thống quản lý công tác đảng)")
    else:
        content = b"".join(chunks)
    digest = hashlib.sha256(content).hexdigest()
    stored = default_storage.save(f"{FOLDER}/{digest[:20]}.{spec.extension}", ContentFile(content))
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status != Job.Status.RUNNING:
            default_storage.delete(stored)
            return
        job.file, job.sha256, job.size, job.pages = stored, digest, len(content), pages
        job.status, job.finished_at = Job.Status.DONE, timezone.now()
        job.save(update_fields=["file", "sha256", "size", "pages", "status", "finished_at"])
    _delete_parts(job_id)


def _mark_failed(job: Job, why: str) -> None:
    """`why` names the cause among the fields of kinds.Messages; the kind says it in its words."""
    message = getattr(messages_for(job.kind), why).format(job=job.pk)
    job.status, job.error, job.finished_at = Job.Status.FAILED, message[:500], timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def _end(job_id: int, why: str) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status != Job.Status.DONE:
            _mark_failed(job, why)
    _delete_parts(job_id)


def fail(job_id: int) -> None:
    """End the job after a step of its build failed (the error is in the worker's log)."""
    _end(job_id, "failed")


def clean(keep_days: int) -> int:
    """Delete files of jobs older than `keep_days` (a file shared by a reused job stays while any
    recent job points at it); end jobs that will not finish. Returns the number of files deleted."""
    now = timezone.now()
    end_stale()
    old = Job.objects.filter(created_at__lt=now - timezone.timedelta(days=keep_days)).exclude(file="")
    recent = set(
        Job.objects.filter(created_at__gte=now - timezone.timedelta(days=keep_days)).values_list(
            "file", flat=True
        )
    )
    deleted = 0
    for job in old:
        if job.file.name not in recent and default_storage.exists(job.file.name):
            default_storage.delete(job.file.name)
            deleted += 1
    old.update(file="")
    return deleted + _clean_inputs(now - timezone.timedelta(days=keep_days))


def _clean_inputs(before) -> int:
    """The uploads old jobs were made from: private data kept no longer than the job's file."""
    kinds = {kind: spec for kind, spec in KINDS.items() if spec.inputs}
    deleted = 0
    for job in Job.objects.filter(created_at__lt=before, kind__in=list(kinds)):
        for name in kinds[job.kind].inputs(job):
            if name and default_storage.exists(name):
                default_storage.delete(name)
                deleted += 1
    return deleted
