"""An organisation's own rating: the committee's self-assessment, then the level above's appraisal,
decision and re-rating."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from branches.models import Organisation
from branches.params import int_param
from branches.web import attempt

from .. import services
from ..forms import (
    AssessmentForm,
    OrganisationDecisionForm,
    ProposalForm,
    RerateForm,
)
from ..models import OrganisationRating, RatingPeriod, Status
from ..rules.common import Regime
from .ratings import org_year_or_404, refused, year_url


def _own_or_404(org: Organisation, period: RatingPeriod) -> OrganisationRating:
    return get_object_or_404(
        OrganisationRating.objects.current().select_related("period", "organisation"),
        period=period,
        organisation=org,
    )


@login_required
def org_assess(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    org, period = org_year_or_404(request, pk, year, "rating.assess")
    rating = _own_or_404(org, period)
    scored = rating.period.regime == Regime.QD366
    if rating.status not in (Status.PENDING, Status.SELF_ASSESSED):
        messages.info(request, f"Đang ở bước “{rating.get_status_display()}”: không còn tự đánh giá được.")
        return redirect(year_url(org, year))
    initial = {f: getattr(rating, f) for f in AssessmentForm.base_fields}
    form = AssessmentForm(
        request.POST or None,
        initial=initial,
        scored=scored,
        given=rating.points,
        criteria=services.criteria_for(rating.period, services.ORGANISATION_SHEET),
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.self_assess_organisation(
                rating=rating,
                version=int_param(request.POST, "version", rating.version),
                score=form.cleaned_data.get("score"),
                tasks=form.tasks,
                self_level=form.cleaned_data["self_level"],
                points=form.points,
                texts=form.texts,
                by=request.user,
            ),
        )
        if saved:
            messages.success(request, f"Đã lưu bản tự đánh giá của {org.name}.")
            return redirect(year_url(org, year))
    return render(
        request, "ratings/org_assess.html", {"org": org, "rating": rating, "form": form, "scored": scored}
    )


def _org_step(
    request: HttpRequest, pk: int, year: int, form_class, run, done: str, action: str = "rating.decide"
) -> HttpResponse:
    """Propose, decide or re-rate an organisation's own rating from its year page: the level above
    proposes ("rating.appraise"); the deciding level decides and re-rates ("rating.decide"). On a
    valid form, `run(rating=…, version=…, by=…, **fields)` calls the step's service."""
    org, period = org_year_or_404(request, pk, year, action)
    rating = _own_or_404(org, period)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(year_url(org, year))
    version = int_param(request.POST, "version", rating.version)
    try:
        run(rating=rating, version=version, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return refused(request, error, org, period)
    messages.success(request, done.format(org=org.name))
    return redirect(year_url(org, year))


@login_required
@require_POST
def org_propose(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _org_step(
        request,
        pk,
        year,
        ProposalForm,
        services.propose_organisation,
        "Đã thẩm định, đề xuất xếp loại {org}; bước tiếp theo: quyết định xếp loại.",
        action="rating.appraise",
    )


@login_required
@require_POST
def org_decide(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _org_step(
        request,
        pk,
        year,
        OrganisationDecisionForm,
        services.decide_organisation,
        "Đã quyết định xếp loại {org}. Nếu bí thư còn chờ, quyết định xếp loại bí thư ở danh sách đảng viên.",
    )


@login_required
@require_POST
def org_rerate(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _org_step(
        request,
        pk,
        year,
        RerateForm,
        services.rerate_organisation,
        "Đã hủy kết quả cũ và xếp loại lại {org} (Mẫu 03).",
    )
