"""A job's status box, which htmx polls on the job's page, and the download of its file: both read
the row through the user's scope (404 outside it); every download is logged."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_htmx.http import HttpResponseStopPolling

from branches.web import stored_download

from .kinds import kind_of
from .models import Job
from .services import end_if_stale

STATUS_TEMPLATE = "branches/jobs/status.html"


def job_or_404(request: HttpRequest, pk: int, kinds: Iterable[str]) -> Job:
    """A job of one of `kinds` in the user's scope; anything else answers 404."""
    jobs = (
        Job.objects.visible_to(request.user)
        .filter(kind__in=list(kinds))
        .select_related("scope", "requested_by")
    )
    return get_object_or_404(jobs, pk=pk)


def job_page(request: HttpRequest, job: Job, template: str, context: dict | None = None) -> HttpResponse:
    """The job's page, which includes the status box (STATUS_TEMPLATE); htmx's poll of the same URL
    gets the box alone, and once the job has ended an answer that stops the polling (286).

    `context` may name in `again` a template shown under a failed job, e.g. a form to ask again."""
    if end_if_stale(job):  # it will not finish: say why rather than show a bar that never moves
        job.refresh_from_db()
    context = {"job": job, "poll": request.path, **(context or {})}
    if request.htmx:
        return status_box(request, job, context)
    return render(request, template, context)


def status_box(
    request: HttpRequest, job: Job, context: dict | None = None, reload_when_finished: bool = False
) -> HttpResponse:
    """htmx's poll of a job's page: the status box while the job runs; once it has ended, an answer
    that stops the polling (286), with the final box or, where the finished page shows more than
    the box (an import's preview), asking htmx to load the whole page again."""
    if job.finished and reload_when_finished:
        response = HttpResponseStopPolling("")
        response["HX-Refresh"] = "true"
        return response
    response = render(request, STATUS_TEMPLATE, {"job": job, "poll": request.path, **(context or {})})
    return HttpResponseStopPolling(response.content) if job.finished else response


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(Job.objects.visible_to(request.user).select_related("scope"), pk=pk)
    if job.status != Job.Status.DONE or not job.file or not default_storage.exists(job.file.name):
        raise Http404("Tệp chưa tạo xong hoặc đã được dọn.")
    try:
        spec = kind_of(job.kind)
    except LookupError:
        raise Http404("Không còn tải được loại tệp này.") from None
    name = spec.filename_of(job)
    return stored_download(
        request,
        job.file,
        name,
        f"{spec.title_of(job)} ({name}, việc {job.pk})",
        job.scope,
        content_type=spec.content_type,
    )
