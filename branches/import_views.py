"""The import pages (issue 12): upload with the templates and the export, the check's progress, the
preview with every error by sheet, row and column, the confirmation and its result. Only who may
import the scope (policy "member.import") gets further than a 403; outsiders get 404."""

from __future__ import annotations

from io import BytesIO

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from .imports import checks, export, workbook
from .imports.apply import ACTION
from .jobs.services import end_if_stale
from .jobs.views import job_or_404, job_page, status_box
from .models import ImportRecord, Job, Organisation
from .uploads import with_limit
from .web import FILE_TYPES, org_or_404, require

TEMPLATES = {"dang-vien": "members", "to-chuc": "organisations"}
RECENT = 10


class UploadForm(forms.Form):
    members = forms.FileField(label="Tệp đảng viên (.xlsx hoặc .csv)", required=False)
    organisations = forms.FileField(label="Tệp tổ chức đảng (nếu có)", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("members") and not data.get("organisations"):
            raise ValidationError("Hãy chọn tệp để tải lên.")
        limit = settings.IMPORT_MAX_BYTES
        for name in ("members", "organisations"):
            upload = data.get(name)
            if upload is not None and (upload.size or 0) > limit:
                self.add_error(name, f"Tệp lớn hơn {limit // (1024 * 1024)} MB: hãy tách theo đơn vị.")
        return data


def _import_job(request: HttpRequest, pk: int, kind: str) -> Job:
    """An import's job in the user's scope (else 404), where the user may import (else 403)."""
    job = job_or_404(request, pk, [kind])
    require(request, ACTION, job.scope)
    if end_if_stale(job):  # it will not finish: say why rather than poll forever
        job.refresh_from_db()
    return job


def _start_page(request: HttpRequest, scope: Organisation, form: UploadForm) -> HttpResponse:
    records = ImportRecord.objects.filter(scope=scope).select_related("imported_by")[:RECENT]
    checks_run = Job.objects.filter(scope=scope, kind=checks.KIND).select_related(
        "requested_by", "import_record"
    )[:RECENT]
    return render(
        request,
        "branches/imports/start.html",
        {"scope": scope, "form": form, "records": records, "checks": checks_run, "templates": TEMPLATES},
    )


@csrf_exempt  # the larger upload limit is set before the files are read; the token is checked below
@login_required
def import_start(request: HttpRequest, pk: int) -> HttpResponse:
    with_limit(request, settings.IMPORT_MAX_BYTES + 1)
    return _import_start(request, pk)


@csrf_protect
def _import_start(request: HttpRequest, pk: int) -> HttpResponse:
    scope = org_or_404(request, pk)
    require(request, ACTION, scope)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = checks.request_check(
                scope=scope,
                members=form.cleaned_data.get("members"),
                organisations=form.cleaned_data.get("organisations"),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("branches:import-job", job.pk)
    return _start_page(request, scope, form)


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The check's progress; once it is done, the preview (htmx's poll reloads the page)."""
    job = _import_job(request, pk, checks.KIND)
    if request.htmx:
        return status_box(request, job, reload_when_finished=True)
    shown = checks.stored_result(job)
    record = ImportRecord.objects.filter(job=job).first()
    return render(
        request,
        "branches/imports/preview.html",
        {"job": job, "poll": request.path, "preview": shown, "record": record},
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _import_job(request, pk, checks.KIND)
    try:
        applying = checks.request_apply(check=job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("branches:import-job", job.pk)
    return redirect("branches:import-applying", applying.pk)


@login_required
def import_applying(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation being written; once done, its result (or why it was refused)."""
    job = _import_job(request, pk, checks.APPLY_KIND)
    if request.htmx:
        return status_box(request, job, reload_when_finished=True)
    outcome = checks.stored_result(job) or {}
    if "record" in outcome:
        return redirect("branches:import-result", outcome["record"])
    return render(
        request,
        "branches/imports/applying.html",
        {
            "job": job,
            "poll": request.path,
            "refused": outcome.get("refused", ""),
            "check": job.params["check"],
        },
    )


@login_required
def import_result(request: HttpRequest, pk: int) -> HttpResponse:
    visible = Organisation.objects.visible_to(request.user)
    record = get_object_or_404(
        ImportRecord.objects.filter(scope__in=visible).select_related("scope", "imported_by"), pk=pk
    )
    return render(request, "branches/imports/result.html", {"record": record, "scope": record.scope})


@login_required
def import_template(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    scope = org_or_404(request, pk)
    require(request, ACTION, scope)
    if kind not in TEMPLATES:
        raise Http404
    out = BytesIO()
    workbook.write_template(TEMPLATES[kind], out)
    response = HttpResponse(out.getvalue(), content_type=FILE_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(True, f"mau-{kind}.xlsx")
    return response


@login_required
def import_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The scope's organisations and members in the template's layout (export, edit, import back),
    written by a worker; a GET leads to the page with the button."""
    scope = org_or_404(request, pk)
    require(request, ACTION, scope)
    if request.method != "POST":
        return redirect("branches:import-start", scope.pk)
    job = export.request_export(scope=scope, by=request.user)
    return redirect("branches:export-job", job.pk)


@login_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The export being written; once done, its download."""
    job = job_or_404(request, pk, [export.KIND])
    require(request, ACTION, job.scope)
    return job_page(
        request, job, "branches/imports/export.html", {"again": "branches/imports/includes/export_again.html"}
    )
