"""Helpers every app's views use: scoped fetching, the one-form page, turning a refusal into form errors,
and logged downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from .models import DownloadLog, Member, Organisation
from .policy import Refused, can


def org_or_404(request: HttpRequest, pk: int) -> Organisation:
    """An organisation in the user's scope; anything else answers 404."""
    return get_object_or_404(Organisation.objects.visible_to(request.user).select_related("parent"), pk=pk)


def form_page(request: HttpRequest, form, title: str, back: str, danger: bool = False) -> HttpResponse:
    """The one-form page of a simple action: the form, its title, the way back."""
    return render(
        request, "branches/form.html", {"form": form, "title": title, "back": back, "danger": danger}
    )


def page_of(qs, per_page: int, number) -> Page:
    """A page of a long ordered queryset: the page's keys are sorted and sliced alone, then only its
    rows are read whole (a province's last page of members otherwise sorts 46,000 wide rows on disk)."""
    page = Paginator(qs.values_list("pk", flat=True), per_page).get_page(number)
    rows = qs.in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list]
    return page


def member_or_404(request: HttpRequest, pk: int) -> Member:
    """A member of the user's scope (or hosted there); anything else answers 404."""
    qs = Member.objects.visible_to(request.user).select_related(
        "organisation__parent", "temporary_organisation"
    )
    return get_object_or_404(qs, pk=pk)


def require(request: HttpRequest, action: str, obj) -> None:
    if not can(request.user, action, obj):
        raise PermissionDenied


def on_fields(call, aliases: dict[str, str]):
    """`call`, with a refusal's field names turned into the form's (started_at → day)."""

    def run(**fields):
        try:
            return call(**fields)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise ValidationError({aliases.get(k, k): v for k, v in error.error_dict.items()}) from None
            raise

    return run


def attempt(form, call: Callable[[], object]):
    """Run a service; a refusal becomes form errors (next to the field when it names one), except
    the policy's: the user may not do this at all, which answers 403."""
    try:
        return call()
    except Refused:
        raise
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def form_action(
    request: HttpRequest,
    form,
    run: Callable,
    *,
    title: str,
    back: str,
    done: str | Callable[[object], str],
    then: str | Callable[[object], str] | None = None,
    danger: bool = False,
) -> HttpResponse:
    """The one-form page of a simple action. On a valid POST, `run(**cleaned_data)` calls the service
    (a refusal becomes form errors); then the message `done` and a redirect to `then` (`back` when
    not given). Either may be a function of what the service returned."""
    if request.method == "POST" and form.is_valid():
        result = attempt(form, lambda: run(**form.cleaned_data))
        if result:
            messages.success(request, done(result) if callable(done) else done)
            target = then or back
            return redirect(target(result) if callable(target) else target)
    return form_page(request, form, title, back, danger)


def edit_page(request: HttpRequest, form_class, obj, save: Callable, *, title: str, saved: str, back: str):
    """The edit page of a versioned row: the form starts from the row and its version; on a valid
    POST, `save(version=…, by=…, **fields)` runs (a refusal or a stale version becomes form errors),
    then back to `back`."""
    form = form_class(request.POST or None, instance=obj, initial={"version": obj.version})
    return form_action(
        request, form, lambda **fields: save(by=request.user, **fields), title=title, back=back, done=saved
    )


class PkLink(NamedTuple):
    """The address of one kind of page for any pk, reversed once: a grid of hundreds of links (the
    compliance calendar's cells) pays one reverse() for all, written {{ link.head }}{{ pk }}{{ link.tail }}."""

    head: str
    tail: str


def pk_link(name: str) -> PkLink:
    marker = "2147483647"
    head, _, tail = reverse(name, args=[int(marker)]).partition(marker)
    return PkLink(head, tail)


def log_download(request: HttpRequest, what: str, organisation: Organisation) -> None:
    """Every download and export leaves a row: who, what, when, about which organisation."""
    DownloadLog.objects.create(user=request.user, what=what[:300], scope_path=organisation.path)


FILE_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_download(
    request: HttpRequest, content: bytes, name: str, what: str, organisation: Organisation
) -> HttpResponse:
    """A file made for this request (a PDF, a workbook) served to be saved as `name`, the download
    logged."""
    log_download(request, what, organisation)
    response = HttpResponse(content, content_type=FILE_TYPES[name.rpartition(".")[2]])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def stored_download(
    request: HttpRequest,
    file: FieldFile,
    name: str,
    what: str,
    organisation: Organisation,
    *,
    content_type: str,
) -> FileResponse:
    """A stored file (an attachment, a scan of evidence) served to be saved as `name`, the download
    logged."""
    log_download(request, what, organisation)
    return FileResponse(file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
