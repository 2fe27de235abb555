"""Report pages: ask for a report of a scope and year, watch its job (htmx polls the row through
branches.jobs' status box); the file is downloaded through branches.jobs' scoped, logged view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from branches.jobs.views import job_or_404, job_page
from branches.models import BRANCH_KINDS, Job
from branches.params import year_param
from branches.policy import can
from branches.web import org_or_404, require

from ..models import RatingPeriod
from ..reports import jobs
from ..reports.jobs import ReportKind

RECENT_JOBS = 10


def _kinds(scope) -> list[tuple[str, str]]:
    """The annual report is for committees; a chi bộ prints its rating list."""
    kinds = ReportKind.choices
    return [k for k in kinds if k[0] != ReportKind.ANNUAL] if scope.kind in BRANCH_KINDS else kinds


@login_required
def report_list(request: HttpRequest, pk: int) -> HttpResponse:
    scope = org_or_404(request, pk)
    years = sorted(
        RatingPeriod.objects.filter(province_id=scope.province_id).values_list("year", flat=True),
        reverse=True,
    )
    reports = Job.objects.visible_to(request.user).filter(scope=scope, kind__in=ReportKind.values)
    return render(
        request,
        "ratings/reports.html",
        {
            "scope": scope,
            "kinds": _kinds(scope),
            "years": years or [timezone.localdate().year],
            "can_request": can(request.user, "report.request", scope),
            "jobs": reports.select_related("requested_by")[:RECENT_JOBS],
        },
    )


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


@login_required
def report_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_or_404(request, pk, ReportKind.values)
    return job_page(
        request,
        job,
        "ratings/report_job.html",
        {
            "can_request": can(request.user, "report.request", job.scope),
            "again": "ratings/includes/report_again.html",
        },
    )
