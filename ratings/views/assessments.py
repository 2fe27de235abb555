"""One member's rating: the self-assessment (by the member or the secretary) and its Mẫu 2 PDF, the
rating's page with its history and re-rating, a comment from another chi bộ."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from branches.params import int_param
from branches.policy import can
from branches.services.common import STALE_MESSAGE
from branches.web import attempt, file_download, org_or_404, require

from .. import queries, services
from ..documents import render_self_review
from ..forms import (
    CommentForm,
    MemberAssessmentForm,
    RerateForm,
)
from ..models import IN_FORCE, MemberRating, Status
from ..rules.common import Regime
from .ratings import year_url


def _rating_or_404(request: HttpRequest, pk: int) -> MemberRating:
    """A rating in the user's scope, or the member's own."""
    qs = MemberRating.objects.select_related("member", "organisation__parent", "period", "replaced_by")
    rating = get_object_or_404(qs, pk=pk)
    own = rating.member.account_id is not None and rating.member.account_id == request.user.pk
    if not own and not MemberRating.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    rating.own = own
    return rating


@login_required
def member_assess(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _rating_or_404(request, pk)
    require(request, "rating.self_assess", rating)
    if rating.status not in (Status.PENDING, Status.SELF_ASSESSED):
        messages.info(
            request, f"Phiếu đang ở bước “{rating.get_status_display()}”: không còn tự đánh giá được."
        )
        return redirect("ratings:member-rating", rating.pk)
    scored = rating.period.regime == Regime.QD366
    initial = {f: getattr(rating, f) for f in MemberAssessmentForm.base_fields if hasattr(rating, f)}
    form = MemberAssessmentForm(
        request.POST or None,
        initial=initial,
        scored=scored,
        criteria=services.criteria_for(rating.period, rating.sheet),
        given=rating.points,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = attempt(
            form,
            lambda: services.self_assess(
                rating=rating,
                version=int_param(request.POST, "version", rating.version),
                score=d.get("score"),
                tasks=form.tasks,
                shortcomings_pointed=d["shortcomings_pointed"],
                shortcomings_remedied=d["shortcomings_remedied"],
                self_level=d["self_level"],
                points=form.points,
                texts=form.texts,
                by=request.user,
            ),
        )
        if saved:
            messages.success(request, f"Đã lưu bản tự đánh giá của {rating.member.full_name}.")
            return redirect(
                "ratings:my-ratings" if rating.own else "ratings:org-year",
                *([] if rating.own else [rating.organisation_id, rating.period.year]),
            )
    return render(request, "ratings/member_assess.html", {"rating": rating, "form": form, "scored": scored})


@login_required
def member_self_review_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's self-review on the form of HD 43 (Mẫu 2A/2B/2C), to sign and file."""
    rating = _rating_or_404(request, pk)
    if rating.status in (Status.EXCLUDED, Status.PENDING):
        raise Http404("Chưa có bản tự đánh giá để in.")
    name = f"ban-kiem-diem-{rating.period.year}-{rating.member_id}.pdf"
    what = f"Bản kiểm điểm năm {rating.period.year} của {rating.member.full_name}"
    return file_download(request, render_self_review(rating, date.today()), name, what, rating.organisation)


@login_required
def member_rating(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _rating_or_404(request, pk)
    found = queries.evidence([rating.member_id], rating.period.year)[rating.member_id]
    decider = not rating.own and can(request.user, "rating.decide", rating.organisation)
    form = RerateForm(request.POST or None) if decider and rating.status in IN_FORCE else None
    replaced_by = getattr(rating, "replaced_by", None)
    if request.method == "POST":
        if not decider:
            raise PermissionDenied
        if form is None:
            # Re-rated by someone else since this page was shown: theirs stays, this one is told.
            messages.error(request, STALE_MESSAGE)
            return redirect("ratings:member-rating", (replaced_by or rating).pk)
        if form.is_valid():
            version = int_param(request.POST, "version", rating.version)
            new = attempt(
                form,
                lambda: services.rerate(rating=rating, version=version, by=request.user, **form.cleaned_data),
            )
            if new:
                messages.success(request, "Đã hủy kết quả cũ và xếp loại lại (Mẫu 03).")
                return redirect("ratings:member-rating", new.pk)
    history = [rating.replaces] if rating.replaces_id else []
    return render(
        request,
        "ratings/member_rating.html",
        {
            "rating": rating,
            "evidence": found,
            "form": form,
            "allowed": services.verdict_for(rating),
            "transitions": rating.transitions.select_related("by"),
            "comments": rating.comments.select_related("from_organisation"),
            "history": history,
            "replaced_by": replaced_by,
            "can_assess": rating.own or can(request.user, "rating.assess", rating.organisation),
            "points": services.points_shown(rating),
        },
    )


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int, rating_pk: int) -> HttpResponse:
    """The host (or former) chi bộ `pk`'s comment on a member rated elsewhere."""
    source = org_or_404(request, pk)
    require(request, "rating.assess", source)
    rating = get_object_or_404(
        MemberRating.objects.current().exclude(waiting_for=[]).select_related("member", "period"),
        pk=rating_pk,
    )
    if not any(w["organisation_id"] == source.pk for w in rating.waiting_for):
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.record_comment(
            rating=rating, from_organisation=source, text=form.cleaned_data["text"], by=request.user
        ),
    ):
        messages.success(request, f"Đã gửi nhận xét về đồng chí {rating.member.full_name}.")
    else:
        messages.error(request, "Hãy ghi nội dung nhận xét.")
    return redirect(year_url(source, rating.period.year))
