"""Report pages: ask for a report of a scope and year, watch its job (htmx polls the row), download
the file through a view that checks scope and logs the download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from branches.models import BRANCH_KINDS
from branches.params import year_param
from branches.policy import can
from branches.web import log_download, org_or_404, require

from ..models import RatingPeriod, ReportJob
from ..reports import jobs

RECENT_JOBS = 10


def _kinds(scope) -> list[tuple[str, str]]:
    """The annual report is for committees; a chi bộ prints its rating list."""
    kinds = ReportJob.Kind.choices
    return [k for k in kinds if k[0] != ReportJob.Kind.ANNUAL] if scope.kind in BRANCH_KINDS else kinds


@login_required
def report_list(request: HttpRequest, pk: int) -> HttpResponse:
    scope = org_or_404(request, pk)
    years = sorted(RatingPeriod.objects.filter(province_id=scope.province_id).values_list("year", flat=True), reverse=True)
    return render(request, "ratings/reports.html", {
        "scope": scope, "kinds": _kinds(scope), "years": years or [timezone.localdate().year],
        "can_request": can(request.user, "report.request", scope),
        "jobs": ReportJob.objects.visible_to(request.user).filter(scope=scope).select_related("requested_by")[:RECENT_JOBS],
    })


@login_required
@require_POST
def report_request(request: HttpRequest, pk: int) -> HttpResponse:
    scope = org_or_404(request, pk)
    require(request, "report.request", scope)
    kind, year = request.POST.get("kind", ""), year_param(request.POST, None)
    try:
        if kind not in dict(_kinds(scope)) or year is None:
            raise ValidationError("Chọn loại báo cáo và năm báo cáo.")
        job = jobs.request_report(kind=kind, scope=scope, year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("ratings:report-list", scope.pk)
    return redirect("ratings:report-job", job.pk)


def _job_or_404(request: HttpRequest, pk: int) -> ReportJob:
    return get_object_or_404(ReportJob.objects.visible_to(request.user).select_related("scope", "requested_by"), pk=pk)


@login_required
def report_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    if jobs.end_if_stale(job):  # it will not finish: say why rather than show a bar that never moves
        job.refresh_from_db()
    context = {"job": job, "can_request": can(request.user, "report.request", job.scope)}
    if request.htmx:
        response = render(request, "ratings/includes/job_status.html", context)
        if job.finished:
            stop = HttpResponseStopPolling(response.content)
            return stop
        return response
    return render(request, "ratings/report_job.html", context)


@login_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_or_404(request, pk)
    if job.status != ReportJob.Status.DONE or not job.file or not default_storage.exists(job.file.name):
        raise Http404("Báo cáo chưa tạo xong hoặc tệp đã được dọn.")
    extension = jobs.BUILDERS[job.kind].extension
    name = f"{job.kind}-{job.scope.code or job.scope.pk}-{job.year}.{extension}"
    log_download(request, f"{job.get_kind_display()} năm {job.year} ({name}, việc {job.pk})", job.scope)
    return FileResponse(default_storage.open(job.file.name, "rb"), as_attachment=True, filename=name,
                        content_type=jobs.BUILDERS[job.kind].content_type)
