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
from .web import attempt, form_page


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
    form = forms.AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = attempt(
            form,
            lambda: services.create_account(
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                by=request.user,
            ),
        )
        if user:
            messages.success(request, f"Đã tạo tài khoản {user.username}. Hãy cấp vai trò cho tài khoản này.")
            return redirect(f"{reverse('branches:role-grant')}?{urlencode({'username': user.username})}")
    return form_page(request, form, "Tạo tài khoản", reverse("branches:role-list"))


@login_required
def role_grant(request: HttpRequest) -> HttpResponse:
    _require_role_manager(request)
    organisations = Organisation.objects.filter(admin_q(request.user, "path")).active()
    form = forms.RoleForm(
        request.POST or None,
        organisations=organisations,
        initial={"username": request.GET.get("username", "")},
    )
    if request.method == "POST" and form.is_valid():
        org, user, role = (
            form.cleaned_data["organisation"],
            form.cleaned_data["username"],
            form.cleaned_data["role"],
        )
        if attempt(
            form, lambda: services.grant_role(user=user, organisation=org, role=role, by=request.user)
        ):
            messages.success(request, "Đã cấp quyền.")
            return redirect("branches:role-list")
    return form_page(request, form, "Cấp quyền", reverse("branches:role-list"))


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
