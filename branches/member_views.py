"""Members' pages: the list with its filters, a member's record and history, admission and edits, the
lifecycle actions (each a form and a service), ending a post."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import forms, history, rules, services
from .models import Member, Organisation, Position
from .panels import member_panels
from .policy import can
from .services import accounts
from .web import attempt, edit_page, form_action, form_page, member_or_404, org_or_404, page_of, require

STATUS_FILTERS: dict[str, Callable] = {
    "official": lambda qs: qs.filter(status=Member.Status.OFFICIAL),
    "probationary": lambda qs: qs.filter(status=Member.Status.PROBATIONARY),
    "due": lambda qs: qs.due_for_recognition(date.today()),
    "exempt": lambda qs: qs.filter(is_exempt=True),
    "suspended": lambda qs: qs.filter(is_suspended=True),
    "temporary": lambda qs: qs.filter(temporary_organisation__isnull=False),
}

PAGE_SIZE = 25


def member_url(member: Member) -> str:
    return reverse("branches:member-detail", args=[member.pk])


def _filtered_members(request: HttpRequest, data: dict, scope: Organisation | None):
    qs = Member.objects.visible_to(request.user)
    status = data.get("status")
    if status == "left":
        qs = qs.exclude(status__in=Member.CURRENT_STATUSES)
    else:
        qs = STATUS_FILTERS.get(status, lambda q: q)(qs.current())
    if scope is not None:
        qs = qs.in_subtree(scope)
    if data.get("gender"):
        qs = qs.filter(gender=data["gender"])
    if data.get("ethnicity"):
        qs = qs.filter(ethnicity__iexact=data["ethnicity"].strip())
    if data.get("position"):
        qs = qs.filter(positions__title=data["position"], positions__ends_on__isnull=True).distinct()
    if data.get("q"):
        qs = qs.search(data["q"])
    return qs.in_name_order()


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    form = forms.MemberFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    scope = org_or_404(request, data["org"]) if data.get("org") else None
    qs = _filtered_members(request, data, scope).select_related(
        "organisation__parent", "temporary_organisation"
    )
    page = page_of(qs, PAGE_SIZE, request.GET.get("page"))
    template = "branches/includes/member_rows.html" if request.htmx else "branches/member_list.html"
    return render(request, template, {"form": form, "page": page, "scope": scope})


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_or_404(request, pk)
    recognition = None
    if member.status == Member.Status.PROBATIONARY:
        recognition = rules.RECOGNITION_STATE_LABELS.get(
            rules.recognition_state(member.ceremony_date, date.today())
        )
    may_act = can(request.user, "member.lifecycle", member)
    positions = list(member.positions.select_related("organisation"))
    for position in positions:
        position.can_end = not position.ends_on and can(
            request.user, "position.manage", position.organisation
        )
    return render(
        request,
        "branches/member_detail.html",
        {
            "member": member,
            "events": member.events.select_related("organisation", "recorded_by").order_by("-on", "-pk"),
            "history": history.scoped(request).about_member(member)[: history.ON_A_PAGE],
            "history_url": reverse("branches:member-history", args=[member.pk]),
            "show_subject": True,  # the member's record and their ratings, side by side
            "positions": positions,
            "transfers": member.transfers.select_related("from_organisation", "to_organisation"),
            "disciplines": member.disciplines.all(),
            "recognition": recognition,
            "actions": [(key, a.label) for key, a in MEMBER_ACTIONS.items() if a.available(member)]
            if may_act
            else [],
            "can_edit": can(request.user, "member.edit", member),
            "can_give_login": can(request.user, "member.login", member),
            "manages_login": member.account_id is not None
            and can(request.user, "account.manage", member.account),
            "panels": member_panels(request, member),  # what the apps above add (branches.panels)
        },
    )


@login_required
@never_cache
def member_login(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a member their own login; its temporary password is shown on the answer, once."""
    member = member_or_404(request, pk)
    require(request, "member.login", member)
    if member.account_id is not None:
        messages.info(request, f"{member.full_name} đã có tài khoản {member.account.username}.")
        return redirect(member_url(member))
    form = forms.MemberLoginForm(
        request.POST or None, initial={"username": accounts.free_login_name(member.full_name)}
    )
    if request.method == "POST" and form.is_valid():
        made = attempt(
            form,
            lambda: accounts.create_member_login(
                member=member, username=form.cleaned_data["username"], by=request.user
            ),
        )
        if made:
            user, temporary = made
            return render(
                request,
                "branches/account_password.html",
                {"account": user, "temporary": temporary, "member": member},
            )
    return form_page(request, form, f"Cấp tài khoản đăng nhập: {member.full_name}", member_url(member))


@login_required
def member_history(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_or_404(request, pk)
    return history.history_page(
        request,
        history.scoped(request).about_member(member),
        title=f"Lịch sử thay đổi: {member.full_name}",
        back=member_url(member),
        back_label=member.full_name,
        show_subject=True,
    )


def _admit(form: forms.AdmitForm, org: Organisation, user) -> Member | None:
    try:
        return services.admit_member(organisation=org, by=user, **form.member_fields())
    except services.SamePerson as question:  # not a refusal: the page asks to confirm
        form.ask_same_person(question)
        return None


@login_required
def member_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_or_404(request, pk)
    require(request, "member.admit", org)
    form = forms.AdmitForm(request.POST or None)
    return form_action(
        request,
        form,
        lambda **_: _admit(form, org, request.user),
        title=f"Thêm đảng viên — {org.name}",
        back=reverse("branches:org-detail", args=[org.pk]),
        done=lambda member: f"Đã thêm đảng viên {member.full_name}.",
        then=member_url,
    )


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_or_404(request, pk)
    require(request, "member.edit", member)
    return edit_page(
        request,
        forms.MemberEditForm,
        member,
        partial(services.update_member, member=member),
        title=f"Sửa hồ sơ: {member.full_name}",
        saved="Đã lưu hồ sơ.",
        back=member_url(member),
    )


@dataclass(frozen=True)
class MemberAction:
    label: str
    form: type
    service: Callable
    # Shows the action in the menu; the service remains the judge when it is submitted.
    available: Callable[[Member], bool]
    danger: bool = False


def _current(member: Member) -> bool:
    return member.is_current


MEMBER_ACTIONS: dict[str, MemberAction] = {
    "recognise": MemberAction(
        "Công nhận chính thức",
        forms.RecogniseForm,
        services.recognise_official,
        lambda m: m.status == Member.Status.PROBATIONARY,
    ),
    "position": MemberAction("Giao chức vụ", forms.PositionForm, services.add_position, _current),
    "exempt": MemberAction(
        "Miễn công tác và sinh hoạt",
        forms.ExemptForm,
        services.exempt_member,
        lambda m: m.is_current and not m.is_exempt,
    ),
    "end-exemption": MemberAction(
        "Thôi miễn sinh hoạt", forms.DateOnlyForm, services.end_exemption, lambda m: m.is_exempt
    ),
    "suspend": MemberAction(
        "Đình chỉ sinh hoạt",
        forms.SuspendForm,
        services.suspend_member,
        lambda m: m.is_current and not m.is_suspended,
        danger=True,
    ),
    "end-suspension": MemberAction(
        "Hết đình chỉ sinh hoạt", forms.DateOnlyForm, services.end_suspension, lambda m: m.is_suspended
    ),
    "transfer": MemberAction("Chuyển sinh hoạt", forms.TransferForm, services.request_transfer, _current),
    "discipline": MemberAction(
        "Kỷ luật", forms.DisciplineForm, services.discipline_member, _current, danger=True
    ),
    "leave": MemberAction(
        "Ra khỏi Đảng / từ trần", forms.LeaveForm, services.record_leaving, _current, danger=True
    ),
}


def _post_organisations(request: HttpRequest, member: Member):
    """The member's chi bộ and the committees above it where this user may record posts."""
    ids = [*member.organisation.ancestor_ids(), member.organisation_id]
    allowed = [
        o.pk for o in Organisation.objects.filter(pk__in=ids) if can(request.user, "position.manage", o)
    ]
    return Organisation.objects.filter(pk__in=allowed)


@login_required
def member_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    member = member_or_404(request, pk)
    spec = MEMBER_ACTIONS.get(action)
    if spec is None:
        raise Http404
    require(request, "member.lifecycle", member)
    extra = {"organisations": _post_organisations(request, member)} if action == "position" else {}
    form = spec.form(request.POST or None, **extra)
    title = f"{spec.label}: {member.full_name}"
    if not spec.available(member):
        form.add_error(None, f"Không thể “{spec.label.lower()}” với đảng viên này ở trạng thái hiện tại.")
        return form_page(request, form, title, member_url(member), spec.danger)
    return form_action(
        request,
        form,
        partial(spec.service, member=member, by=request.user),
        title=title,
        back=member_url(member),
        done=f"Đã ghi nhận: {spec.label.lower()} — {member.full_name}.",
        danger=spec.danger,
    )


@login_required
@require_POST
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(
        Position.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    require(request, "position.manage", position.organisation)
    form = forms.DateOnlyForm(request.POST)
    if form.is_valid() and attempt(
        form, lambda: services.end_position(position=position, on=form.cleaned_data["on"], by=request.user)
    ):
        messages.success(request, f"Đã ghi nhận thôi chức vụ {position.get_title_display().lower()}.")
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(reverse("branches:member-detail", args=[position.member_id]))
