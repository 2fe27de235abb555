"""Nothing an authenticated user is shown may be kept by a browser or a proxy cache.

Pages and downloads carry member data (dossiers, ratings, minutes): on a shared computer the back
button or the disk cache would show them to the next person, and a proxy must never serve one
person's page to another. One middleware rather than a decorator on each view, so a new view cannot
forget it. Static files are public and stay cacheable (whitenoise answers them before this runs)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    """Place it after AuthenticationMiddleware, so it knows who asked."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.static_prefix):
            patch_cache_control(response, private=True, no_store=True)
        return response
