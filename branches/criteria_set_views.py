"""The pages of every kind of criteria set (branches.criteria_sets): a kind's versions, a province's
copy, the edit. For the administrators the kind's policy action names; a version outside their
provinces answers 404, a national default they may read but not change 403."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .criteria_sets import CriteriaSetKind, kind_named, managed_provinces, may_edit
from .forms import CopyCriteriaSetForm
from .models import Organisation
from .services.criteria_sets import copy_criteria_set, update_criteria_set
from .web import attempt, form_action


def _kind_or_404(slug: str) -> CriteriaSetKind:
    kind = kind_named(slug)
    if kind is None:
        raise Http404
    return kind


def _provinces(request: HttpRequest, kind: CriteriaSetKind) -> QuerySet[Organisation]:
    """The provinces whose versions of the kind this user sets; refused when there are none."""
    provinces = managed_provinces(request.user, kind.action)
    if not request.user.is_superuser and not provinces.exists():
        raise PermissionDenied
    return provinces


def _criteria_set_or_404(
    request: HttpRequest, kind: CriteriaSetKind, provinces, pk: int, editable: bool = False
):
    rows = kind.rows() if request.user.is_superuser else kind.rows().for_provinces(provinces)
    found = get_object_or_404(rows.select_related("province"), pk=pk)
    if editable and not may_edit(request.user, found):
        raise PermissionDenied
    return found


@login_required
def criteria_list(request: HttpRequest, kind: str) -> HttpResponse:
    kind = _kind_or_404(kind)
    if not kind.list_template:
        raise Http404  # the kind lists its versions on a page of its own
    versions = kind.rows().for_provinces(_provinces(request, kind)).prefetch_related("criteria")
    return render(request, kind.list_template, {"kind": kind, "criteria_sets": versions})


@login_required
def criteria_copy(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    kind = _kind_or_404(kind)
    provinces = _provinces(request, kind)
    source = _criteria_set_or_404(request, kind, provinces, pk)
    form = CopyCriteriaSetForm(
        request.POST or None,
        provinces=provinces,
        first_year=kind.first_year if kind.per_year else None,
        initial={"year": date.today().year + 1},
    )
    return form_action(
        request,
        form,
        lambda province, year=None: copy_criteria_set(
            source=source, province=province, year=year, by=request.user
        ),
        title=kind.copy_title.format(name=source.name),
        back=kind.page_after(source),
        done=kind.copied_message,
        then=lambda made: reverse("branches:criteria-edit", args=[kind.slug, made.pk]),
    )


@login_required
def criteria_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    kind = _kind_or_404(kind)
    found = _criteria_set_or_404(request, kind, _provinces(request, kind), pk, editable=True)
    form = kind.form_class(
        request.POST or None, instance=found, initial={"version": getattr(found, "version", None)}
    )
    row_fields = kind.criteria_formset.form._meta.fields
    criteria = kind.criteria_formset(request.POST or None, initial=list(found.criteria.values(*row_fields)))
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        rows = [
            {name: c.cleaned_data[name] for name in row_fields}
            for c in criteria
            if c.cleaned_data and not c.cleaned_data.get("DELETE")
        ]
        if attempt(
            form,
            lambda: update_criteria_set(
                criteria_set=found,
                fields=fields,
                criteria=rows,
                version=form.cleaned_data.get("version"),
                by=request.user,
            ),
        ):
            messages.success(request, kind.saved_message)
            return redirect(kind.page_after(found))
    return render(
        request,
        kind.edit_template,
        {
            "kind": kind,
            "criteria_set": found,
            "form": form,
            "criteria": criteria,
            "frozen": kind.in_use(found),
            "back": kind.page_after(found),
        },
    )
