from __future__ import annotations

from datetime import date
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from . import forms, history, rules, services
from .models import Member, Organisation, Position, Reminder, Transfer
from .policy import can
from .queries import children, scope_roots, with_member_counts
from .web import edit_page, form_action, org_or_404, require

# Access helpers: everything is fetched through the user's scope, so an outsider gets 404.


def _org_url(org: Organisation) -> str:
    return reverse("branches:org-detail", args=[org.pk])


# Home -------------------------------------------------------------------------------------------


def home_context(request: HttpRequest) -> dict:
    """The branch panels of the home page: the user's reminders, scope, members due for
    recognition, transfers in."""
    today = date.today()
    probation = list(
        Member.objects.visible_to(request.user)
        .due_for_recognition(today)
        .select_related("organisation")
        .order_by("ceremony_date")[:20]
    )
    for member in probation:
        member.recognition = rules.recognition_state(member.ceremony_date, today)
        member.recognition_label = rules.RECOGNITION_STATE_LABELS.get(member.recognition, "")
    incoming = [
        t
        for t in Transfer.objects.incoming_for(request.user)
        .filter(status=Transfer.Status.PENDING)
        .select_related("member", "from_organisation", "to_organisation")[:20]
        if can(request.user, "transfer.confirm", t)
    ]
    return {
        "reminders": list(Reminder.objects.open_for(request.user)),
        "probation": probation,
        "incoming": incoming,
        "roots": with_member_counts(scope_roots(request.user)),
    }


# Organisation tree ------------------------------------------------------------------------------


@login_required
def org_tree(request: HttpRequest) -> HttpResponse:
    roots = scope_roots(request.user)
    if len(roots) == 1:
        # One root (the usual case below province level) is shown opened, its children inline.
        roots[0].loaded_children = children(roots[0])
        with_member_counts([*roots, *roots[0].loaded_children])
    else:
        with_member_counts(roots)
    return render(request, "branches/org_tree.html", {"nodes": roots})


@login_required
def org_children(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_or_404(request, pk)
    return render(request, "branches/includes/tree_nodes.html", {"nodes": with_member_counts(children(org))})


@login_required
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_or_404(request, pk)
    ancestors = (
        Organisation.objects.visible_to(request.user).filter(pk__in=org.ancestor_ids()).order_by("depth")
    )
    kids = children(org)
    with_member_counts([org, *kids])
    members = (
        list(
            Member.objects.current()
            .filter(organisation=org)
            .in_name_order()
            .select_related("temporary_organisation")
        )
        if org.is_branch
        else []
    )
    return render(
        request,
        "branches/org_detail.html",
        {
            "org": org,
            "ancestors": ancestors,
            "children": kids,
            "positions": Position.objects.filter(organisation=org, ends_on__isnull=True)
            .select_related("member")
            .by_rank(),
            "members": members,
            "hosted": Member.objects.current()
            .filter(temporary_organisation=org)
            .select_related("organisation"),
            "history": history.scoped(request).about(org)[: history.ON_A_PAGE],
            "history_url": reverse("branches:org-history", args=[org.pk]),
            "can_create": org.is_active and can(request.user, "org.create", org),
            "can_edit": can(request.user, "org.edit", org),
            "can_admit": org.is_branch and org.is_active and can(request.user, "member.admit", org),
            "can_import": can(request.user, "member.import", org),
            "structure": _structure_note(org, members),
        },
    )


@login_required
def org_history(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_or_404(request, pk)
    return history.history_page(
        request,
        history.scoped(request).within(org),
        title=f"Lịch sử thay đổi: {org.name}",
        back=_org_url(org),
        back_label=org.name,
        show_subject=True,
    )


def _structure_note(org: Organisation, members: list[Member]) -> str:
    """What the Party Charter says an organisation of this size elects or should be (§4.2)."""
    if org.is_branch:
        return rules.branch_structure(sum(m.status == Member.Status.OFFICIAL for m in members))
    grassroots = {Organisation.Kind.GRASSROOTS_COMMITTEE, Organisation.Kind.GRASSROOTS_CELL}
    if org.kind in grassroots and rules.grassroots_kind_for(org.member_count) != org.kind:
        expected = Organisation.Kind(rules.grassroots_kind_for(org.member_count)).label.lower()
        return f"Có {org.member_count} đảng viên: theo Điều lệ Đảng là mô hình {expected}; ngoại lệ cần cấp trên đồng ý."
    return ""


@login_required
def org_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = org_or_404(request, pk)
    require(request, "org.create", parent)
    return form_action(
        request,
        forms.OrganisationForm(request.POST or None, parent=parent),
        partial(services.create_organisation, parent=parent, by=request.user),
        title=f"Thêm tổ chức trực thuộc {parent.name}",
        back=_org_url(parent),
        done=lambda org: f"Đã thêm {org.name}.",
        then=_org_url,
    )


@login_required
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_or_404(request, pk)
    require(request, "org.edit", org)
    return edit_page(
        request,
        forms.OrganisationEditForm,
        org,
        partial(services.update_organisation, org=org),
        title=f"Sửa thông tin {org.name}",
        saved="Đã lưu.",
        back=_org_url(org),
    )


@login_required
def org_move(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_or_404(request, pk)
    require(request, "org.move", org)
    # The service also asks whether the user may place it there (403 through `attempt`).
    return form_action(
        request,
        forms.MoveForm(
            request.POST or None, org=org, candidates=Organisation.objects.visible_to(request.user)
        ),
        partial(services.move_organisation, org=org, by=request.user),
        title=f"Chuyển trực thuộc: {org.name}",
        back=_org_url(org),
        done=lambda moved: f"Đã chuyển {moved.name} về trực thuộc {moved.parent.name}.",
    )


@login_required
def org_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_or_404(request, pk)
    require(request, "org.dissolve", org)
    return form_action(
        request,
        forms.DissolveForm(request.POST or None),
        partial(services.dissolve_organisation, org=org, by=request.user),
        title=f"Giải thể {org.name}",
        back=_org_url(org),
        done=f"Đã ghi nhận giải thể {org.name}.",
        danger=True,
    )


# Members ----------------------------------------------------------------------------------------


# Transfers --------------------------------------------------------------------------------------


# Roles ------------------------------------------------------------------------------------------
