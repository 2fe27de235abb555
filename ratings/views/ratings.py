"""Rating pages: an organisation's year (its members' sheet with their evidence, the proposal and
the decision of the list, its own rating), self-assessment, a rating's history and re-rating, the
reviewer's queue, the distribution against last year, a member's own results, the years."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from branches.formatting import day
from branches.models import BRANCH_KINDS, ChangeRecord, Organisation
from branches.params import int_param
from branches.policy import can
from branches.queries import scope_roots
from branches.web import attempt, org_or_404, require

from .. import queries, services
from ..forms import (
    CommentForm,
    DecisionForm,
    OpenPeriodForm,
    OrganisationDecisionForm,
    PeriodForm,
    ProposalForm,
    ProposalVotesForm,
)
from ..models import IN_FORCE, MemberRating, OrganisationRating, RatingPeriod, Status
from ..rules.common import Level, Regime


def org_year_or_404(
    request: HttpRequest, pk: int, year: int, action: str | None = None
) -> tuple[Organisation, RatingPeriod]:
    """The organisation of a year's page (in the user's scope, else 404), the user's right to
    `action` there when the page is a step (else 403), and its rating year (404 until opened)."""
    org = org_or_404(request, pk)
    if action is not None:
        require(request, action, org)
    period = queries.period_for(org, year)
    if period is None:
        raise Http404(f"Năm {year} chưa được mở đánh giá, xếp loại.")
    return org, period


def year_url(org: Organisation, year: int) -> str:
    return reverse("ratings:org-year", args=[org.pk, year])


# The years ------------------------------------------------------------------------------------------


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    roots = scope_roots(request.user)
    if not roots:  # a member's own login: their results are all there is to see
        return redirect("ratings:my-ratings")
    provinces = {r.province_id for r in roots}
    periods = RatingPeriod.objects.filter(province_id__in=provinces).select_related("province")
    administered = [
        r for r in roots if r.kind == Organisation.Kind.PROVINCE and can(request.user, "rating.open", r)
    ]
    return render(
        request,
        "ratings/period_list.html",
        {
            "roots": roots,
            "periods": periods,
            "administered": administered,
            "open_form": OpenPeriodForm(),
            "today": date.today(),
        },
    )


@login_required
@require_POST
def period_open(request: HttpRequest, pk: int) -> HttpResponse:
    province = org_or_404(request, pk)
    require(request, "rating.open", province)
    form = OpenPeriodForm(request.POST)
    period = form.is_valid() and attempt(
        form, lambda: services.open_period(province=province, year=form.cleaned_data["year"], by=request.user)
    )
    if not period:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("ratings:period-list")
    messages.success(request, f"Đã mở đánh giá, xếp loại năm {period.year}.")
    return redirect("ratings:period-edit", period.pk)


@login_required
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(RatingPeriod.objects.select_related("province"), pk=pk)
    province = org_or_404(request, period.province_id)
    require(request, "rating.open", province)
    # An unbound copy: the form must not write the posted values onto the page's `period`.
    form = PeriodForm(
        request.POST or None,
        instance=RatingPeriod.objects.get(pk=period.pk),
        needs_reason=services.has_decisions(period),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        if attempt(
            form, lambda: services.update_period(period=period, by=request.user, reason=reason, **data)
        ):
            messages.success(request, "Đã lưu các tham số của năm đánh giá.")
            return redirect("ratings:period-list")
    history = ChangeRecord.objects.filter(model="ratingperiod", object_id=period.pk).select_related("actor")[
        :20
    ]
    return render(request, "ratings/period_edit.html", {"period": period, "form": form, "history": history})


# An organisation's year -----------------------------------------------------------------------------


def _tally(levels) -> list[tuple[str, int]]:
    counted = Counter(levels)
    return [(level, counted[level]) for level in queries.LEVELS if counted[level]]


def _default_level(row: MemberRating, cap: str = "") -> str:
    """What the form offers first: the proposal when deciding (a head: not above the collective's
    `cap`); else the member's own level, but not above what the rules allow."""
    if row.proposed_level:
        return cap if cap and Level(row.proposed_level).rank > Level(cap).rank else row.proposed_level
    if row.allowed and row.self_level and Level(row.self_level).rank > row.allowed.level.rank:
        return row.allowed.level
    return row.self_level


def _own_offer(own: OrganisationRating | None, verdict) -> str:
    """The collective's level offered first for the proposal: its own, not above what the rules allow."""
    if own is None or not own.self_level:
        return ""
    if verdict is not None and Level(own.self_level).rank > verdict.level.rank:
        return verdict.level
    return own.self_level


def _year_page(
    request: HttpRequest,
    org: Organisation,
    period: RatingPeriod,
    posted=None,
    decision_form=None,
    votes_form=None,
) -> HttpResponse:
    user = request.user
    rows = queries.sheet(org, period) if org.kind in BRANCH_KINDS else []
    posted = posted or {}
    own = services.collective_of(period, org)
    if own:
        own.period, own.organisation = period, org
    waiting_heads = services.heads_waiting(period, org, own) if rows else set()
    # Once the collective is decided its head is offered no more than its level (HD 21; QĐ 366).
    collective_level = (
        own.level if own and own.level and period.head_not_above_collective and not waiting_heads else ""
    )
    heads = services.heads_of(org) if collective_level and rows else set()
    for row in rows:
        # What the rules allow, once there is a self-assessment to judge.
        row.allowed = (
            services.verdict_for(row) if row.status not in (Status.EXCLUDED, Status.PENDING) else None
        )
        row.choice = posted.get(f"level-{row.pk}") or _default_level(
            row, collective_level if row.member_id in heads else ""
        )
        row.override = posted.get(f"override-{row.pk}", "")
        row.after_collective = row.member_id in waiting_heads
    assess, decide = can(user, "rating.assess", org), can(user, "rating.decide", org)
    propose_own = can(user, "rating.appraise", org)
    proposing = assess and any(r.status == Status.SELF_ASSESSED and not r.waiting_for for r in rows)
    deciding = decide and any(r.status == Status.PROPOSED and not r.after_collective for r in rows)
    children = queries.progress(org, period) if org.kind not in BRANCH_KINDS else []
    own_verdict = (
        services.organisation_verdict(own)
        if propose_own and own and own.status == Status.SELF_ASSESSED
        else None
    )
    levels_now = [r.level or r.proposed_level for r in rows if r.status in (Status.PROPOSED, *IN_FORCE)]
    # One decision usually covers the list, the collective and its head: the next step offers it again.
    decided = max((r for r in rows if r.decided_on), key=lambda r: (r.decided_on, r.pk), default=None)
    last_decision = (
        {"decision_number": decided.decision_number, "decided_on": day(decided.decided_on)} if decided else {}
    )
    return render(
        request,
        "ratings/org_year.html",
        {
            "org": org,
            "period": period,
            "year": period.year,
            "rows": rows,
            "own": own,
            # The rules' verdict on the organisation itself, for whoever proposes its level.
            "own_verdict": own_verdict,
            "own_choice": _own_offer(own, own_verdict),
            "children": children,
            "can_assess": assess,
            "can_decide": decide,
            "can_propose_own": propose_own,
            # Deadlines warn, they do not lock (HD 43 Mục 4): late work is still entered.
            "overdue": date.today() > period.finish_by
            and (
                any(r.status not in (Status.EXCLUDED, *IN_FORCE) for r in rows)
                or (own and own.status not in (Status.EXCLUDED, *IN_FORCE))
            ),
            "proposing": proposing,
            "deciding": deciding,
            "publishing": decide and any(r.status == Status.DECIDED for r in rows),
            "quota": queries.quota_of(levels_now, period)
            if period.quota_group == RatingPeriod.QuotaGroup.BRANCH
            else None,
            # Before anything is proposed: the most HTXSNV the chi bộ could have if all its rated
            # members were HTTNV or better (QĐ 366: X ≤ p·G/(1+p)).
            "quota_percent": round(period.quota_share * 100),
            "quota_ceiling": queries.quota_of(
                [Level.HTTNV] * sum(r.status != Status.EXCLUDED for r in rows), period
            ).allowed,
            "awaiting_comment": queries.awaiting_comment(org, period)
            if assess and org.kind in BRANCH_KINDS
            else [],
            "levels": list(Level),
            "scored": period.regime == Regime.QD366,
            "decision_form": decision_form or DecisionForm(initial=last_decision),
            "last_decision": last_decision,
            "votes_form": votes_form or ProposalVotesForm(),
            "proposal_form": ProposalForm(),
            "org_decision_form": OrganisationDecisionForm(),
            "comment_form": CommentForm(),
            "decided": _tally(r.level for r in rows if r.status in IN_FORCE),
        },
    )


@login_required
def org_year(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _year_page(request, *org_year_or_404(request, pk, year))


def _listed(request: HttpRequest, org: Organisation, period: RatingPeriod, status: str) -> list[MemberRating]:
    """The ratings a bulk form posted: those of this chi bộ at `status` that carry a level field."""
    rows = (
        MemberRating.objects.current()
        .filter(period=period, organisation=org, status=status)
        .select_related("member")
    )
    return [r for r in rows if request.POST.get(f"level-{r.pk}")]


def _posted(request: HttpRequest, ratings: list[MemberRating]) -> dict[str, dict[int, object]]:
    """What the sheet sent for each listed rating: the level chosen and the version the page showed."""
    return {
        "levels": {r.pk: request.POST[f"level-{r.pk}"] for r in ratings},
        "versions": {r.pk: int_param(request.POST, f"version-{r.pk}", r.version) for r in ratings},
    }


def refused(request: HttpRequest, error: ValidationError, org, period, **forms) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return _year_page(request, org, period, posted=request.POST, **forms)


@login_required
@require_POST
def members_propose(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    org, period = org_year_or_404(request, pk, year, "rating.assess")
    votes = ProposalVotesForm(request.POST)
    ratings = _listed(request, org, period, Status.SELF_ASSESSED)
    if not votes.is_valid() or not ratings:
        messages.error(
            request,
            "Chọn mức đề xuất cho ít nhất một đảng viên."
            if votes.is_valid()
            else votes.non_field_errors()[0],
        )
        return _year_page(request, org, period, posted=request.POST, votes_form=votes)
    try:
        services.propose(ratings=ratings, **_posted(request, ratings), **votes.cleaned_data, by=request.user)
    except ValidationError as error:
        return refused(request, error, org, period, votes_form=votes)
    messages.success(
        request, f"Chi bộ đã đề xuất xếp loại {len(ratings)} đảng viên; chờ cấp trên quyết định."
    )
    return redirect(year_url(org, year))


@login_required
@require_POST
def members_decide(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    org, period = org_year_or_404(request, pk, year, "rating.decide")
    form = DecisionForm(request.POST)
    # The head is decided after the collective (HD 43): the list goes ahead without them.
    waiting_heads = services.heads_waiting(period, org, services.collective_of(period, org))
    ratings = [r for r in _listed(request, org, period, Status.PROPOSED) if r.member_id not in waiting_heads]
    held = list(
        MemberRating.objects.current()
        .filter(period=period, organisation=org, status=Status.PROPOSED, member_id__in=waiting_heads)
        .select_related("member")
    )
    if not form.is_valid() or not ratings:
        if form.is_valid():
            messages.error(
                request, _after_collective(held, org) if held else "Không có đảng viên nào chờ quyết định."
            )
        return _year_page(request, org, period, posted=request.POST, decision_form=form)
    try:
        services.decide(
            ratings=ratings,
            **_posted(request, ratings),
            **form.cleaned_data,  # the decision's number and day, the exceptional quota
            overrides={r.pk: request.POST.get(f"override-{r.pk}", "") for r in ratings},
            by=request.user,
        )
    except ValidationError as error:
        return refused(request, error, org, period, decision_form=form)
    messages.success(
        request, f"Đã quyết định xếp loại {len(ratings)} đảng viên ({form.cleaned_data['decision_number']})."
    )
    if held:
        messages.info(request, _after_collective(held, org))
    return redirect(year_url(org, year))


def _after_collective(held: list[MemberRating], org: Organisation) -> str:
    names = ", ".join(r.member.full_name for r in held)
    return (
        f"Đồng chí {names} (bí thư) được quyết định sau khi xếp loại tập thể {org.name}: "
        "bước tiếp theo là thẩm định, quyết định xếp loại tập thể ở mục bên dưới, rồi quyết định xếp loại bí thư."
    )


@login_required
@require_POST
def members_publish(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    org, period = org_year_or_404(request, pk, year, "rating.decide")
    ratings = list(
        MemberRating.objects.current().filter(period=period, organisation=org, status=Status.DECIDED)
    )
    services.publish(ratings=ratings, by=request.user)
    messages.success(request, f"Đã công bố kết quả xếp loại của {len(ratings)} đảng viên.")
    return redirect(year_url(org, year))


# One member's rating -----------------------------------------------------------------------------


# An organisation's own rating ---------------------------------------------------------------------


# The reviewer's views -------------------------------------------------------------------------------
