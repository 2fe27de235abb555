"""The Vietnamese error pages, also while DEBUG is on.

With DEBUG on Django answers a missing page, a bad request and a crash with its English technical
pages. `make run` runs with DEBUG on, and the people trying the demo are party secretaries, not
developers: they get the same pages as production. The traceback of a crash still goes to the
console through the django.request logger, and the test client still re-raises it.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signals
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver, get_urlconf
from django.utils.log import log_response


def _error_page(request: HttpRequest, status: int, exception: Exception) -> HttpResponse:
    handler = get_resolver(get_urlconf()).resolve_error_handler(status)
    return handler(request) if status == 500 else handler(request, exception=exception)


class ErrorPagesMiddleware:
    """Place it after CSPMiddleware, so the pages it renders carry the same security headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No URL matched: Django answered before any view ran, so process_exception never saw it.
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            response = _error_page(request, 404, Resolver404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG:
            return None  # Django's own handling renders the same templates
        if isinstance(exception, Http404):
            return _error_page(request, 404, exception)
        if isinstance(exception, PermissionDenied):
            return None  # rendered from 403.html whatever DEBUG says
        if isinstance(exception, BadRequest | SuspiciousOperation):
            if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
                request._mark_post_parse_error()  # as Django does: the body cannot be read again
            response = _error_page(request, 400, exception)
            log_response(
                "%s: %s",
                str(exception),
                request.path,
                response=response,
                request=request,
                exception=exception,
            )
            return response
        signals.got_request_exception.send(sender=None, request=request)
        response = _error_page(request, 500, exception)
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response
