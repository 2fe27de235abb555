from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import forms, rules, services
from .models import (
    ChangeRecord,
    Member,
    Organisation,
    Position,
    RoleAssignment,
    Transfer,
    scope_paths,
    scope_q,
)
from .policy import can

PAGE_SIZE = 25


# Access helpers: everything is fetched through the user's scope, so an outsider gets 404.


def _org_or_404(request: HttpRequest, pk: int) -> Organisation:
    return get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("parent"), pk=pk
    )


def _member_or_404(request: HttpRequest, pk: int) -> Member:
    qs = Member.objects.visible_to(request.user).select_related(
        "organisation__parent", "temporary_organisation"
    )
    return get_object_or_404(qs, pk=pk)


def _require(request: HttpRequest, action: str, obj) -> None:
    if not can(request.user, action, obj):
        raise PermissionDenied


def _attempt(form, call: Callable[[], object]):
    """Run a service; a refusal becomes form errors (next to the field when it names one)."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def with_member_counts(nodes: list[Organisation]) -> list[Organisation]:
    """Set `member_count` (current members in each node's whole subtree) with one query."""
    if not nodes:
        return nodes
    by_path = {node.path: node for node in nodes}
    for node in nodes:
        node.member_count = 0
    q = Q(pk__in=[])
    for node in nodes:
        q |= Q(organisation__path__startswith=node.path)
    rows = (
        Member.objects.current()
        .filter(q)
        .order_by()
        .values_list("organisation__path")
        .annotate(n=Count("pk"))
    )
    for path, count in rows:
        parts = path.strip("/").split("/")
        for end in range(1, len(parts) + 1):
            node = by_path.get("/" + "/".join(parts[:end]) + "/")
            if node is not None:
                node.member_count += count
    return nodes


def _with_child_counts(qs):
    return qs.annotate(
        child_count=Count("children", filter=Q(children__dissolved_on__isnull=True))
    )


def _children(org: Organisation) -> list[Organisation]:
    """Active children first, each with its count of active sub-organisations."""
    return list(_with_child_counts(org.children.all()).order_by("dissolved_on", "name"))


# Home -------------------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = date.today()
    members = Member.objects.visible_to(request.user)
    probation = list(
        members.due_for_recognition(today)
        .select_related("organisation")
        .order_by("ceremony_date")[:20]
    )
    for member in probation:
        member.recognition = rules.RECOGNITION_STATE_LABELS.get(
            rules.recognition_state(member.ceremony_date, today), ""
        )
    incoming = (
        Transfer.objects.filter(status=Transfer.Status.PENDING)
        .filter(scope_q(request.user, "to_organisation__path"))
        .select_related("member", "from_organisation", "to_organisation")[:20]
    )
    roots = _scope_roots(request.user)
    return render(
        request,
        "branches/home.html",
        {"probation": probation, "incoming": incoming, "roots": with_member_counts(roots)},
    )


def _scope_roots(user) -> list[Organisation]:
    paths = scope_paths(user)
    qs = Organisation.objects.all() if paths is None else Organisation.objects.filter(path__in=paths)
    if paths is None:
        qs = qs.filter(parent__isnull=True)
    # A role held inside another role's subtree adds nothing to show at the top.
    nodes = list(_with_child_counts(qs.select_related("parent")).order_by("path"))
    return [n for n in nodes if not any(n.path != o.path and n.path.startswith(o.path) for o in nodes)]


# Organisation tree ------------------------------------------------------------------------------


@login_required
def org_tree(request: HttpRequest) -> HttpResponse:
    roots = _scope_roots(request.user)
    if len(roots) == 1:
        # One root (the usual case below province level) is shown opened, its children inline.
        children = roots[0].loaded_children = _children(roots[0])
        with_member_counts([*roots, *children])
    else:
        with_member_counts(roots)
    return render(request, "branches/org_tree.html", {"nodes": roots})


@login_required
def org_children(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_or_404(request, pk)
    return render(request, "branches/includes/tree_nodes.html", {"nodes": with_member_counts(_children(org))})


@login_required
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_or_404(request, pk)
    ancestors = list(
        Organisation.objects.visible_to(request.user).filter(pk__in=org.ancestor_ids()).order_by("depth")
    )
    children = _children(org)
    with_member_counts([org, *children])
    positions = (
        Position.objects.filter(organisation=org, ends_on__isnull=True).select_related("member").by_rank()
    )
    members = (
        Member.objects.current().filter(organisation=org).in_name_order().select_related("temporary_organisation")
        if org.is_branch
        else Member.objects.none()
    )
    hosted = Member.objects.current().filter(temporary_organisation=org).select_related("organisation")
    history = ChangeRecord.objects.filter(model="organisation", object_id=org.pk).select_related("actor")[:20]
    return render(
        request,
        "branches/org_detail.html",
        {
            "org": org,
            "ancestors": ancestors,
            "children": children,
            "positions": positions,
            "members": members,
            "hosted": hosted,
            "history": history,
            "can_create": can(request.user, "org.create", org) and bool(org.is_active),
            "can_edit": can(request.user, "org.edit", org),
            "can_admit": org.is_branch and org.is_active and can(request.user, "member.admit", org),
        },
    )


@login_required
def org_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _org_or_404(request, pk)
    _require(request, "org.create", parent)
    form = forms.OrganisationForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        org = _attempt(form, lambda: services.create_organisation(parent=parent, by=request.user, **form.cleaned_data))
        if org:
            messages.success(request, f"Đã thêm {org.name}.")
            return redirect("branches:org-detail", org.pk)
    return render(request, "branches/form.html", {"form": form, "title": f"Thêm tổ chức trực thuộc {parent.name}", "back": parent})


@login_required
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_or_404(request, pk)
    _require(request, "org.edit", org)
    form = forms.OrganisationEditForm(request.POST or None, instance=org, initial={"version": org.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        # The ModelForm has already set the new values on `org`; the service works from the row.
        saved = _attempt(form, lambda: services.update_organisation(org=org, version=version, by=request.user, **data))
        if saved:
            messages.success(request, "Đã lưu.")
            return redirect("branches:org-detail", org.pk)
    return render(request, "branches/form.html", {"form": form, "title": f"Sửa thông tin {org.name}", "back": org})


@login_required
def org_move(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_or_404(request, pk)
    _require(request, "org.move", org)
    candidates = Organisation.objects.visible_to(request.user)
    form = forms.MoveForm(request.POST or None, org=org, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        new_parent = form.cleaned_data["new_parent"]
        if not can(request.user, "org.create", new_parent):
            raise PermissionDenied
        moved = _attempt(form, lambda: services.move_organisation(org=org, new_parent=new_parent, by=request.user))
        if moved:
            messages.success(request, f"Đã chuyển {org.name} về trực thuộc {new_parent.name}.")
            return redirect("branches:org-detail", org.pk)
    return render(request, "branches/form.html", {"form": form, "title": f"Chuyển trực thuộc: {org.name}", "back": org})


@login_required
def org_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_or_404(request, pk)
    _require(request, "org.dissolve", org)
    form = forms.DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(form, lambda: services.dissolve_organisation(org=org, on=form.cleaned_data["on"], by=request.user))
        if done:
            messages.success(request, f"Đã ghi nhận giải thể {org.name}.")
            return redirect("branches:org-detail", org.pk)
    return render(request, "branches/form.html", {"form": form, "title": f"Giải thể {org.name}", "back": org, "danger": True})


# Members ----------------------------------------------------------------------------------------


def _filtered_members(request: HttpRequest, form: forms.MemberFilterForm):
    qs = Member.objects.visible_to(request.user)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status")
    if status == "left":
        qs = qs.exclude(status__in=Member.CURRENT_STATUSES)
    else:
        qs = qs.current()
        qs = {
            "official": qs.filter(status=Member.Status.OFFICIAL),
            "probationary": qs.filter(status=Member.Status.PROBATIONARY),
            "due": qs.due_for_recognition(date.today()),
            "exempt": qs.filter(is_exempt=True),
            "suspended": qs.filter(is_suspended=True),
            "temporary": qs.filter(temporary_organisation__isnull=False),
        }.get(status, qs)
    if data.get("org"):
        scope = _org_or_404(request, data["org"])
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
    qs = _filtered_members(request, form).select_related("organisation__parent", "temporary_organisation")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    scope = None
    if form.is_valid() and form.cleaned_data.get("org"):
        scope = _org_or_404(request, form.cleaned_data["org"])
    query = request.GET.copy()
    query.pop("page", None)
    template = "branches/includes/member_rows.html" if request.htmx else "branches/member_list.html"
    return render(request, template, {"form": form, "page": page, "scope": scope, "query": query.urlencode()})


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(request, pk)
    history = ChangeRecord.objects.filter(model="member", object_id=member.pk).select_related("actor")[:50]
    events = member.events.select_related("organisation", "recorded_by").order_by("-on", "-pk")
    recognition = None
    if member.status == Member.Status.PROBATIONARY:
        recognition = rules.RECOGNITION_STATE_LABELS.get(rules.recognition_state(member.ceremony_date, date.today()))
    may_act = can(request.user, "member.lifecycle", member)
    return render(
        request,
        "branches/member_detail.html",
        {
            "member": member,
            "events": events,
            "history": history,
            "positions": member.positions.select_related("organisation"),
            "transfers": member.transfers.select_related("from_organisation", "to_organisation"),
            "disciplines": member.disciplines.all(),
            "recognition": recognition,
            "actions": [(key, a.label) for key, a in MEMBER_ACTIONS.items() if a.available(member)] if may_act else [],
            "can_edit": can(request.user, "member.edit", member),
        },
    )


@login_required
def member_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org_or_404(request, pk)
    _require(request, "member.admit", org)
    form = forms.MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # A member already admitted before the branch used the app comes with an official date.
        service = services.register_member if data.get("official_date") else services.admit_member
        member = _attempt(form, lambda: service(organisation=org, by=request.user, **data))
        if member:
            messages.success(request, f"Đã thêm đảng viên {member.full_name}.")
            return redirect("branches:member-detail", member.pk)
    return render(request, "branches/form.html", {"form": form, "title": f"Thêm đảng viên — {org.name}", "back": org})


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(request, pk)
    _require(request, "member.edit", member)
    form = forms.MemberEditForm(request.POST or None, instance=member, initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        saved = _attempt(form, lambda: services.update_member(member=member, version=version, by=request.user, **data))
        if saved:
            messages.success(request, "Đã lưu hồ sơ.")
            return redirect("branches:member-detail", member.pk)
    return render(request, "branches/form.html", {"form": form, "title": f"Sửa hồ sơ: {member.full_name}", "back": member})


@dataclass(frozen=True)
class MemberAction:
    label: str
    form: type
    service: Callable
    available: Callable[[Member], bool]
    danger: bool = False


def _current(member: Member) -> bool:
    return member.is_current


MEMBER_ACTIONS: dict[str, MemberAction] = {
    "recognise": MemberAction(
        "Công nhận chính thức", forms.RecogniseForm, services.recognise_official,
        lambda m: m.status == Member.Status.PROBATIONARY,
    ),
    "position": MemberAction("Giao chức vụ", forms.PositionForm, services.add_position, _current),
    "exempt": MemberAction(
        "Miễn công tác và sinh hoạt", forms.ExemptForm, services.exempt_member,
        lambda m: m.is_current and not m.is_exempt,
    ),
    "end-exemption": MemberAction("Thôi miễn sinh hoạt", forms.DateOnlyForm, services.end_exemption, lambda m: m.is_exempt),
    "suspend": MemberAction(
        "Đình chỉ sinh hoạt", forms.SuspendForm, services.suspend_member,
        lambda m: m.is_current and not m.is_suspended, danger=True,
    ),
    "end-suspension": MemberAction("Hết đình chỉ sinh hoạt", forms.DateOnlyForm, services.end_suspension, lambda m: m.is_suspended),
    "transfer": MemberAction("Chuyển sinh hoạt", forms.TransferForm, services.request_transfer, _current),
    "discipline": MemberAction("Kỷ luật", forms.DisciplineForm, services.discipline_member, _current, danger=True),
    "leave": MemberAction("Ra khỏi Đảng / từ trần", forms.LeaveForm, services.record_leaving, _current, danger=True),
}


@login_required
def member_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    member = _member_or_404(request, pk)
    spec = MEMBER_ACTIONS.get(action)
    if spec is None:
        raise Http404
    _require(request, "member.lifecycle", member)
    extra = {"member": member} if spec.form is forms.PositionForm else {}
    form = spec.form(request.POST or None, **extra)
    if not spec.available(member):
        form.add_error(None, f"Không thể “{spec.label.lower()}” với đảng viên này ở trạng thái hiện tại.")
    elif request.method == "POST" and form.is_valid():
        done = _attempt(form, lambda: spec.service(member=member, by=request.user, **form.cleaned_data))
        if done:
            messages.success(request, f"Đã ghi nhận: {spec.label.lower()} — {member.full_name}.")
            return redirect("branches:member-detail", member.pk)
    return render(
        request,
        "branches/form.html",
        {"form": form, "title": f"{spec.label}: {member.full_name}", "back": member, "danger": spec.danger},
    )


@login_required
@require_POST
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(
        Position.objects.filter(member__in=Member.objects.visible_to(request.user)).select_related("member__organisation"),
        pk=pk,
    )
    _require(request, "member.lifecycle", position.member)
    form = forms.DateOnlyForm(request.POST)
    if form.is_valid() and _attempt(form, lambda: services.end_position(position=position, on=form.cleaned_data["on"], by=request.user)):
        messages.success(request, f"Đã ghi nhận thôi chức vụ {position.get_title_display().lower()}.")
    else:
        messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
    return redirect("branches:member-detail", position.member_id)


# Transfers --------------------------------------------------------------------------------------


def _transfer_or_404(request: HttpRequest, pk: int, side: str) -> Transfer:
    field = "to_organisation__path" if side == "to" else "from_organisation__path"
    qs = Transfer.objects.filter(scope_q(request.user, field)).select_related(
        "member__organisation", "from_organisation", "to_organisation"
    )
    return get_object_or_404(qs, pk=pk)


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    base = Transfer.objects.select_related("member", "from_organisation", "to_organisation")
    incoming = base.filter(scope_q(request.user, "to_organisation__path")).filter(
        status__in=[Transfer.Status.PENDING, Transfer.Status.CONFIRMED]
    )
    outgoing = base.filter(scope_q(request.user, "from_organisation__path")).filter(
        status__in=[Transfer.Status.PENDING, Transfer.Status.CONFIRMED]
    )
    return render(request, "branches/transfer_list.html", {"incoming": incoming[:100], "outgoing": outgoing[:100]})


@login_required
def transfer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_or_404(request, pk, "to")
    _require(request, "transfer.confirm", transfer)
    form = forms.DateOnlyForm(request.POST or None, initial={"on": date.today()})
    if request.method == "POST" and form.is_valid():
        done = _attempt(form, lambda: services.confirm_transfer(transfer=transfer, on=form.cleaned_data["on"], by=request.user))
        if done:
            messages.success(request, f"Đã tiếp nhận {transfer.member.full_name}.")
            return redirect("branches:transfer-list")
    title = f"Tiếp nhận {transfer.member.full_name} từ {transfer.from_organisation.name}"
    return render(request, "branches/form.html", {"form": form, "title": title, "back_url": "branches:transfer-list"})


@login_required
def transfer_end(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_or_404(request, pk, "from")
    _require(request, "member.lifecycle", transfer.member)
    form = forms.DateOnlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(form, lambda: services.end_temporary(transfer=transfer, on=form.cleaned_data["on"], by=request.user))
        if done:
            messages.success(request, f"{transfer.member.full_name} đã trở lại sinh hoạt tại chi bộ.")
            return redirect("branches:member-detail", transfer.member_id)
    title = f"Kết thúc sinh hoạt tạm thời: {transfer.member.full_name}"
    return render(request, "branches/form.html", {"form": form, "title": title, "back_url": "branches:transfer-list"})


@login_required
@require_POST
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_or_404(request, pk, "from")
    _require(request, "member.lifecycle", transfer.member)
    try:
        services.cancel_transfer(transfer=transfer, by=request.user)
        messages.success(request, "Đã hủy đề nghị chuyển sinh hoạt.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("branches:transfer-list")


# Roles ------------------------------------------------------------------------------------------


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    _require_role_manager(request)
    assignments = (
        RoleAssignment.objects.filter(scope_q(request.user, "organisation__path"))
        .select_related("user", "organisation")
        .order_by("organisation__path", "role")
    )
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    # Revoked assignments are gone from the table; their record stays in the audit trail.
    history = ChangeRecord.objects.filter(model="roleassignment").select_related("actor")[:30]
    return render(request, "branches/role_list.html", {"page": page, "history": history})


def _require_role_manager(request: HttpRequest) -> None:
    if not any(can(request.user, "role.manage", root) for root in _scope_roots(request.user)):
        raise PermissionDenied


@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    _require_role_manager(request)
    form = forms.AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _attempt(form, lambda: services.create_account(
            username=form.cleaned_data["username"], full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"], by=request.user,
        ))
        if user:
            messages.success(request, f"Đã tạo tài khoản {user.username}. Hãy cấp vai trò cho tài khoản này.")
            return redirect(f"{reverse('branches:role-grant')}?username={user.username}")
    return render(request, "branches/form.html", {"form": form, "title": "Tạo tài khoản", "back_url": "branches:role-list"})


@login_required
def role_grant(request: HttpRequest) -> HttpResponse:
    _require_role_manager(request)
    organisations = Organisation.objects.visible_to(request.user).active()
    form = forms.RoleForm(request.POST or None, organisations=organisations, initial={"username": request.GET.get("username", "")})
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data["organisation"]
        _require(request, "role.manage", org)
        done = _attempt(
            form,
            lambda: services.grant_role(user=form.cleaned_data["username"], organisation=org, role=form.cleaned_data["role"], by=request.user),
        )
        if done:
            messages.success(request, "Đã cấp quyền.")
            return redirect("branches:role-list")
    return render(request, "branches/form.html", {"form": form, "title": "Cấp quyền", "back_url": "branches:role-list"})


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        RoleAssignment.objects.filter(scope_q(request.user, "organisation__path")).select_related("organisation", "user"),
        pk=pk,
    )
    _require(request, "role.manage", assignment.organisation)
    if assignment.user_id == request.user.pk and assignment.role == RoleAssignment.Role.ADMIN:
        messages.error(request, "Không thể tự thu hồi quyền quản trị của chính mình.")
    else:
        services.revoke_role(assignment=assignment, by=request.user)
        messages.success(request, f"Đã thu hồi quyền của {assignment.user.username}.")
    return redirect("branches:role-list")

