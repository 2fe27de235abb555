"""Rating score sheets (administrators): the national defaults and the province's own copies,
copied for a year and edited until a self-assessment is scored on them."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from branches.models import Organisation
from branches.policy import can
from branches.web import attempt

from .. import services
from ..forms import CopyRatingSheetForm, RatingCriteriaFormSet, RatingSheetForm
from ..models import RatingSheet


def managed_provinces(user) -> QuerySet[Organisation]:
    """The provinces whose rating parameters, sheets included, this user sets."""
    provinces = Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.PROVINCE)
    return Organisation.objects.filter(pk__in=[p.pk for p in provinces if can(user, "rating.open", p)])


def _require_manager(request: HttpRequest) -> QuerySet[Organisation]:
    provinces = managed_provinces(request.user)
    if not request.user.is_superuser and not provinces.exists():
        raise PermissionDenied
    return provinces


def _sheet_or_404(request: HttpRequest, pk: int, editable: bool = False) -> RatingSheet:
    provinces = _require_manager(request)
    sheets = RatingSheet.objects.all() if request.user.is_superuser else RatingSheet.objects.for_provinces(provinces)
    sheet = get_object_or_404(sheets.select_related("province"), pk=pk)
    # National defaults are read by every province and changed by nobody below the superuser.
    if editable and sheet.province is None and not request.user.is_superuser:
        raise PermissionDenied
    return sheet


@login_required
def sheet_list(request: HttpRequest) -> HttpResponse:
    provinces = _require_manager(request)
    return render(request, "ratings/sheets/sheet_list.html", {"sheets": RatingSheet.objects.for_provinces(provinces)})


@login_required
def sheet_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = _sheet_or_404(request, pk)
    form = CopyRatingSheetForm(request.POST or None, provinces=managed_provinces(request.user),
                               initial={"year": date.today().year + 1})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        sheet = attempt(form, lambda: services.copy_rating_sheet(source=source, province=d["province"], year=d["year"],
                                                                 by=request.user))
        if sheet:
            messages.success(request, "Đã tạo phiếu chấm điểm của tỉnh; hãy cụ thể hóa các tiêu chí.")
            return redirect("ratings:sheet-edit", sheet.pk)
    return render(request, "branches/form.html", {
        "form": form, "title": f"Tạo phiếu từ: {source.name}", "back": reverse("ratings:sheet-list"),
    })


@login_required
def sheet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet_or_404(request, pk, editable=True)
    form = RatingSheetForm(request.POST or None, initial={"name": sheet.name})
    criteria = RatingCriteriaFormSet(
        request.POST or None, initial=list(sheet.criteria.values("group", "label", "max_points")),
    )
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        rows = [
            {name: c.cleaned_data[name] for name in ("group", "label", "max_points")}
            for c in criteria if c.cleaned_data and not c.cleaned_data.get("DELETE")
        ]
        if attempt(form, lambda: services.update_rating_sheet(sheet=sheet, name=form.cleaned_data["name"], criteria=rows,
                                                              by=request.user)):
            messages.success(request, "Đã lưu phiếu chấm điểm.")
            return redirect("ratings:sheet-list")
    return render(request, "ratings/sheets/sheet_edit.html", {
        "sheet": sheet, "form": form, "criteria": criteria, "frozen": services.sheet_in_use(sheet),
    })
