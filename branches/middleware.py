"""A user whose password an administrator reset goes to the password change and nowhere else."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

# Set in the session by the login view (branches.account_views.LoginView), cleared by the change:
# the session already holds it, so no page pays a query for the check.
MUST_CHANGE_PASSWORD = "must_change_password"


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(MUST_CHANGE_PASSWORD) and request.path not in self.allowed():
            return redirect("branches:password-change")
        return self.get_response(request)

    @staticmethod
    def allowed() -> set[str]:
        return {reverse("branches:password-change"), reverse("logout")}
