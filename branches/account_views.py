"""Logins: the password change every user makes, and what administrators do to the accounts and
login lockouts in their subtrees. The writes are in branches/services/accounts.py."""

from __future__ import annotations

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import INVALID_EMAIL
from .middleware import MUST_CHANGE_PASSWORD
from .models import Account, ChangeRecord
from .policy import manages_roles
from .queries import accounts_manageable_by
from .services import accounts as services


class LoginView(auth_views.LoginView):
    """Django's login, and then straight to the password change for a temporary password."""

    def form_valid(self, form):
        response = super().form_valid(form)
        if Account.objects.filter(user=form.get_user(), must_change_password=True).exists():
            self.request.session[MUST_CHANGE_PASSWORD] = True
            return redirect("branches:password-change")
        return response


class OwnPasswordForm(PasswordChangeForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") and cleaned.get("new_password1") == cleaned.get("old_password"):
            self.add_error("new_password1", "Mật khẩu mới phải khác mật khẩu hiện tại.")
        return cleaned


@login_required
@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_own_password(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)  # this session stays; the others end
        request.session.pop(MUST_CHANGE_PASSWORD, None)
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("home")
    return render(
        request,
        "registration/password_change_form.html",
        {
            "form": form,
            "must_change": bool(request.session.get(MUST_CHANGE_PASSWORD)),
        },
    )


# A forgotten password: a link mailed to the address the user gave on their account page ----------


class ResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Địa chỉ email",
        max_length=254,
        error_messages={"invalid": INVALID_EMAIL},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ForgottenPasswordForm(SetPasswordForm):
    def save(self, commit=True):
        services.reset_forgotten_password(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


@never_cache
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for the link; the answer is the same whether the address is known or not."""
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.mail_reset_link(form.cleaned_data["email"])
        return redirect("password-reset-sent")
    return render(request, "registration/password_reset_form.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ForgottenPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")

    def get_user(self, uidb64):
        """A disabled login's link no longer works, though it was mailed before the login was disabled."""
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None


# Administrators ---------------------------------------------------------------------------------


def _account_or_404(request: HttpRequest, pk: int):
    if not manages_roles(request.user):
        raise PermissionDenied
    return get_object_or_404(accounts_manageable_by(request.user).select_related("account_state"), pk=pk)


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_or_404(request, pk)
    return render(
        request,
        "branches/account_detail.html",
        {
            "account": account,
            "must_change": getattr(getattr(account, "account_state", None), "must_change_password", False),
            "roles": account.role_assignments.select_related("organisation").order_by("organisation__path"),
            "history": ChangeRecord.objects.filter(model="user", object_id=account.pk).select_related(
                "actor"
            )[:20],
            "is_self": account.pk == request.user.pk,
        },
    )


@login_required
@require_POST
@never_cache
def account_reset(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_or_404(request, pk)
    try:
        temporary = services.reset_password(user=account, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("branches:account-detail", pk=account.pk)
    # Shown in this one response and nowhere else: not in a message, the audit row or a log.
    return render(request, "branches/account_password.html", {"account": account, "temporary": temporary})


def _state_change(request: HttpRequest, pk: int, change, done: str) -> HttpResponse:
    account = _account_or_404(request, pk)
    try:
        change(user=account, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done.format(username=account.username))
    return redirect("branches:account-detail", pk=account.pk)


@login_required
@require_POST
def account_disable(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request,
        pk,
        services.disable_account,
        "Đã khóa tài khoản {username}; các phiên đăng nhập của tài khoản đã kết thúc.",
    )


@login_required
@require_POST
def account_enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, services.enable_account, "Đã mở lại tài khoản {username}.")


def _attempts_in_scope(request: HttpRequest):
    if not manages_roles(request.user):
        raise PermissionDenied
    usernames = accounts_manageable_by(request.user).values("username")
    return AccessAttempt.objects.filter(username__in=usernames)


@login_required
def lockout_list(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - get_cool_off(request)
    locked = (
        _attempts_in_scope(request)
        .filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since)
        .order_by("-attempt_time")
    )
    return render(
        request, "branches/lockout_list.html", {"locked": locked, "limit": settings.AXES_FAILURE_LIMIT}
    )


@login_required
@require_POST
def lockout_lift(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = get_object_or_404(_attempts_in_scope(request), pk=pk)
    services.lift_lockout(attempt=attempt, by=request.user)
    messages.success(request, f"Đã gỡ khóa đăng nhập của {attempt.username} từ địa chỉ {attempt.ip_address}.")
    return redirect("branches:lockout-list")
