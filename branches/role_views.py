"""Roles: who holds which role where (an administrator grants and revokes them within their subtree), and
new accounts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import forms, services
from .models import ChangeRecord, Organisation, RoleAssignment, admin_q
from .policy import manages_roles
from .web import form_action


def _require_role_manager(request: HttpRequest) -> None:
    if not manages_roles(request.user):
        raise PermissionDenied


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    _require_role_manager(request)
    assignments = (
        RoleAssignment.objects.manageable_by(request.user)
        .select_related("user", "organisation")
        .order_by("organisation__path", "role")
    )
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
    # Revoked assignments are gone from the table; their record stays in the audit trail.
    history = (
        ChangeRecord.objects.filter(model="roleassignment")
        .filter(admin_q(request.user, "scope_path"))
        .select_related("actor")[:30]
    )
    return render(request, "branches/role_list.html", {"page": page, "history": history})


@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    _require_role_manager(request)
    return form_action(
        request,
        forms.AccountForm(request.POST or None),
        lambda username, full_name, password1, **_: services.create_account(
            username=username, full_name=full_name, password=password1, by=request.user
        ),
        title="Tạo tài khoản",
        back=reverse("branches:role-list"),
        done=lambda user: f"Đã tạo tài khoản {user.username}. Hãy cấp vai trò cho tài khoản này.",
        then=lambda user: f"{reverse('branches:role-grant')}?{urlencode({'username': user.username})}",
    )


@login_required
def role_grant(request: HttpRequest) -> HttpResponse:
    _require_role_manager(request)
    organisations = Organisation.objects.filter(admin_q(request.user, "path")).active()
    form = forms.RoleForm(
        request.POST or None,
        organisations=organisations,
        initial={"username": request.GET.get("username", "")},
    )
    return form_action(
        request,
        form,
        lambda username, **fields: services.grant_role(user=username, by=request.user, **fields),
        title="Cấp quyền",
        back=reverse("branches:role-list"),
        done="Đã cấp quyền.",
    )


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role_manager(request)
    assignment = get_object_or_404(
        RoleAssignment.objects.manageable_by(request.user).select_related("organisation", "user"), pk=pk
    )
    try:
        services.revoke_role(assignment=assignment, by=request.user)
    except ValidationError as error:  # their own administrator role
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Đã thu hồi quyền của {assignment.user.username}.")
    return redirect("branches:role-list")
