"""Recognition pages: schemes with targets against the actual share, a scheme's registrations in a
scope, an organisation's recognitions for a year, and the steps (self-report, appraisal, decision,
revocation). Thin: fetch in scope (404 outside), check the policy (403), call the service."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from branches.criteria_sets import managed_provinces, may_edit
from branches.models import Organisation
from branches.params import int_param, year_or_404, year_param
from branches.policy import can
from branches.queries import scope_roots
from branches.web import attempt, form_action, org_or_404, require, stored_download

from .. import services
from ..forms_recognitions import (
    AppraiseForm,
    DecideForm,
    RegisterForm,
    ReportForm,
    RevokeForm,
    TargetForm,
)
from ..measures import evaluate_recognitions
from ..models import Recognition, RecognitionResult, RecognitionScheme
from ..models.recognitions import scheme_overview
from ..rules.recognition import describe

ROWS = 50
TARGET_SCOPE_KINDS = (
    Organisation.Kind.PROVINCE,
    Organisation.Kind.UPPER,
    Organisation.Kind.GRASSROOTS_COMMITTEE,
)


def _year(request: HttpRequest) -> int:
    return year_param(request.GET, date.today().year)


def _scope(request: HttpRequest, roots: list[Organisation] | None = None) -> Organisation | None:
    """The organisation the page counts in: ?scope=<pk> (in the user's scope), else their top one."""
    if (scope := int_param(request.GET, "scope")) is not None:
        return org_or_404(request, scope)
    roots = scope_roots(request.user) if roots is None else roots
    return roots[0] if roots else None


def _scheme_or_404(request: HttpRequest, pk: int) -> RecognitionScheme:
    return get_object_or_404(
        RecognitionScheme.objects.visible_to(request.user).select_related("province"), pk=pk
    )


def _recognition_or_404(request: HttpRequest, pk: int, action: str) -> Recognition:
    """A recognition in the user's scope (else 404) on which the user may take the step `action`
    (else 403)."""
    rec = get_object_or_404(Recognition.objects.visible_to(request.user).with_details(), pk=pk)
    require(request, action, rec.organisation)
    return rec


# Schemes ------------------------------------------------------------------------------------------


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    """The schemes in force where the user works, each with the scope's share against its targets."""
    roots = scope_roots(request.user)
    year, scope = _year(request), _scope(request, roots)
    in_force = RecognitionScheme.objects.in_force(scope.province_id, year) if scope else []
    manages = managed_provinces(request.user, "recognition.configure").exists()
    # Administrators also see the templates and other versions they may copy or edit.
    others = (
        list(RecognitionScheme.objects.visible_to(request.user).select_related("province")) if manages else []
    )
    return render(
        request,
        "ratings/recognitions/scheme_list.html",
        {
            "year": year,
            "scope": scope,
            "roots": roots,
            "manages": manages,
            "scope_eligible": scope is not None and any(s.applies_to_org(scope) for s in in_force),
            "rows": scheme_overview(in_force, scope, year) if scope else [],
            "others": [(s, may_edit(request.user, s)) for s in others],
        },
    )


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A scheme's criteria and targets, and the scope's registrations for the year with what the
    records say today about each computed criterion."""
    scheme, year, scope = _scheme_or_404(request, pk), _year(request), _scope(request)
    registrations = (
        Recognition.objects.visible_to(request.user)
        .filter(scheme__code=scheme.code, year=year)
        .select_related("scheme", "organisation__parent")
        .prefetch_related("results")
        .order_by("organisation__parent__name", "organisation__name", "pk")
    )
    if scope is not None:
        registrations = registrations.in_subtree(scope)
    page = Paginator(registrations, ROWS).get_page(request.GET.get("page"))
    judged = evaluate_recognitions(page.object_list)
    rows = [
        (rec, sum(j.met for j in judged[rec.pk].values()), len(judged[rec.pk])) for rec in page.object_list
    ]
    criteria = list(scheme.criteria.all())
    return render(
        request,
        "ratings/recognitions/scheme_detail.html",
        {
            "scheme": scheme,
            "year": year,
            "scope": scope,
            "page": page,
            "rows": rows,
            "criteria": [(c, describe(c.rule()) if c.is_computed else "") for c in criteria],
            "targets": scheme.targets.select_related("scope").order_by("-year", "scope__path"),
            "overview": scheme_overview([scheme], scope, year)[0] if scope else None,
            "can_configure": may_edit(request.user, scheme),
        },
    )


@login_required
def scheme_target(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    scopes = Organisation.objects.visible_to(request.user).filter(kind__in=TARGET_SCOPE_KINDS).active()
    if scheme.province_id is not None:
        scopes = scopes.filter(path__startswith=scheme.province.path)
    scopes = Organisation.objects.filter(
        pk__in=[o.pk for o in scopes if can(request.user, "recognition.configure", o)]
    )
    if not scopes.exists():
        raise PermissionDenied
    form = TargetForm(request.POST or None, scopes=scopes, initial={"year": _year(request)})
    return form_action(
        request,
        form,
        partial(services.set_target, scheme=scheme, by=request.user),
        title=f"Chỉ tiêu: {scheme.name}",
        back=reverse("ratings:recognition-scheme-detail", args=[scheme.pk]),
        done="Đã lưu chỉ tiêu.",
    )


# An organisation's year ---------------------------------------------------------------------------


@login_required
def org_year(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The schemes that apply to the organisation this year, its registrations with each
    criterion's value, evidence and appraisal, their history, and the next step for each."""
    org, year = org_or_404(request, pk), year_or_404(year)
    recognitions = list(Recognition.objects.filter(organisation=org, year=year).with_details())
    judged = evaluate_recognitions(recognitions)
    registered = {rec.scheme.code for rec in recognitions}
    # Registration is at the start of the year: not for a year already over.
    can_report = org.is_active and can(request.user, "recognition.report", org)
    open_schemes = (
        [s for s in RecognitionScheme.objects.applying_to(org, year) if s.code not in registered]
        if year >= date.today().year
        else []
    )
    return render(
        request,
        "ratings/recognitions/org_year.html",
        {
            "org": org,
            "year": year,
            "can_report": can_report,
            "can_decide": can(request.user, "recognition.decide", org),
            "cards": [
                (rec, [(r, judged[rec.pk].get(r.pk)) for r in rec.results.all()]) for rec in recognitions
            ],
            "open_schemes": open_schemes if can_report else [],
            "history": Recognition.objects.filter(organisation=org)
            .exclude(year=year)
            .select_related("scheme")
            .order_by("-year", "scheme__name"),
        },
    )


@login_required
@require_POST
def recognition_register(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    org, year = org_or_404(request, pk), year_or_404(year)
    require(request, "recognition.report", org)
    form = RegisterForm(request.POST, schemes=RecognitionScheme.objects.applying_to(org, year))
    if form.is_valid() and attempt(
        form,
        lambda: services.register_recognition(
            scheme=form.cleaned_data["scheme"], organisation=org, year=year, by=request.user
        ),
    ):
        messages.success(request, f"Đã đăng ký “{form.cleaned_data['scheme'].name}” năm {year}.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("ratings:recognition-org", org.pk, year)


def _step_page(
    request: HttpRequest,
    rec: Recognition,
    form,
    title: str,
    template: str = "step.html",
    judged: dict | None = None,
) -> HttpResponse:
    judged = evaluate_recognitions([rec])[rec.pk] if judged is None else judged
    results = [(r, judged.get(r.pk)) for r in rec.results.all()]
    return render(
        request,
        f"ratings/recognitions/{template}",
        {
            "rec": rec,
            "form": form,
            "title": title,
            "results": results,
            # Each criterion beside its own inputs, for the self-report and the appraisal.
            "rows": [(r, live, *form.fields_for(r)) for r, live in results]
            if hasattr(form, "fields_for")
            else [],
        },
    )


def _done(request: HttpRequest, rec: Recognition, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("ratings:recognition-org", rec.organisation_id, rec.year)


def _run_step(request: HttpRequest, rec: Recognition, form, service, **fields):
    """A step's service on a valid form, at the version the page was loaded with, by the user; a
    refusal becomes the form's errors (None)."""
    version = form.cleaned_data["version"]
    return attempt(form, lambda: service(recognition=rec, version=version, by=request.user, **fields))


@login_required
def recognition_report(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recognition_or_404(request, pk, "recognition.report")
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        results=rec.results.all(),
        initial={"version": rec.version, "note": rec.report_note},
    )
    if request.method == "POST" and form.is_valid():
        if _run_step(
            request,
            rec,
            form,
            services.report_recognition,
            evidence=form.evidence(),
            files=form.uploads(),
            note=form.cleaned_data["note"],
        ):
            return _done(request, rec, "Đã gửi báo cáo tự đánh giá.")
    return _step_page(request, rec, form, "Báo cáo tự đánh giá", "report.html")


@login_required
def recognition_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recognition_or_404(request, pk, "recognition.decide")
    judged = evaluate_recognitions([rec])[rec.pk]
    form = AppraiseForm(
        request.POST or None,
        results=rec.results.all(),
        judged=judged,
        initial={"version": rec.version, "note": rec.appraisal_note},
    )
    if request.method == "POST" and form.is_valid():
        if _run_step(
            request,
            rec,
            form,
            services.appraise_recognition,
            verdicts=form.verdicts(),
            notes=form.notes(),
            note=form.cleaned_data["note"],
        ):
            return _done(request, rec, "Đã ghi kết quả thẩm định.")
    return _step_page(request, rec, form, "Thẩm định", "appraise.html", judged)


@login_required
def recognition_decide(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recognition_or_404(request, pk, "recognition.decide")
    form = DecideForm(request.POST or None, initial={"version": rec.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        decision = {"decision_number": d["decision_number"], "decided_on": d["decided_on"]}
        if d["outcome"] == DecideForm.RECOGNISE:
            done = _run_step(request, rec, form, services.recognise, note=d["note"], **decision)
        else:
            done = _run_step(request, rec, form, services.refuse_recognition, reason=d["note"], **decision)
        if done:
            return _done(
                request,
                rec,
                "Đã công nhận."
                if done.status == Recognition.Status.RECOGNISED
                else "Đã ghi quyết định không công nhận.",
            )
    return _step_page(request, rec, form, "Quyết định công nhận")


@login_required
def recognition_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _recognition_or_404(request, pk, "recognition.decide")
    form = RevokeForm(request.POST or None, initial={"version": rec.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run_step(
            request, rec, form, services.revoke_recognition, reason=d["reason"], revoked_on=d["revoked_on"]
        ):
            return _done(request, rec, "Đã hủy công nhận.")
    return _step_page(request, rec, form, "Hủy công nhận")


@login_required
def recognition_evidence(request: HttpRequest, pk: int) -> FileResponse:
    result = get_object_or_404(
        RecognitionResult.objects.visible_to(request.user)
        .exclude(attachment="")
        .select_related("recognition__organisation"),
        pk=pk,
    )
    return stored_download(
        request,
        result.attachment,
        result.attachment_name,
        f"Minh chứng danh hiệu: {result.attachment_name}",
        result.recognition.organisation,
        content_type=result.attachment_type,
    )
