"""The dues pages of the level above: collection rates of its chi bộ or units, a portal statement to
import, and the province's parameters."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from branches.models import Organisation
from branches.params import month_param
from branches.policy import can
from branches.web import attempt, org_or_404, require

from ..calendar_grid import by_unit
from . import configure, parameters, queries, rules, statements
from .forms import ParametersForm, StatementForm
from .views import last_month


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    scope = org_or_404(request, pk)
    today = timezone.localdate()
    chosen = month_param(request.GET)
    period = date(*chosen, 1) if chosen else last_month(today)
    per_unit = by_unit(scope)
    rows = queries.unit_collection(scope, period) if per_unit else queries.branch_collection(scope, period)
    total = queries.total_of(scope, rows)
    return render(
        request,
        "meetings/dues/overview.html",
        {
            "scope": scope,
            "period": period,
            "rows": rows,
            "total": total,
            "per_unit": per_unit,
            "previous": rules.add_months(period, -1),
            "next": rules.add_months(period, 1) if period < last_month(today) else None,
            "year": queries.year_collected(scope, period.year),
            "strike_off": None if per_unit else queries.to_strike_off(scope, today),
            "can_import": can(request.user, "dues.collect", scope),
        },
    )


COLUMNS_FROM_FORM = ("identifier", "identifier_kind", "amount", "day", "reference", "month", "first_row")


@login_required
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    """A portal statement: upload with its columns, see each line matched, then confirm."""
    scope = org_or_404(request, pk)
    require(request, "dues.collect", scope)
    today = timezone.localdate()
    form = StatementForm(request.POST or None, request.FILES or None)
    matches, token = None, ""
    if request.method == "POST" and request.POST.get("token"):
        try:
            entered = statements.import_statement(
                scope=scope,
                token=request.POST["token"],
                source_name=request.POST.get("source", ""),
                by=request.user,
                today=today,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("meetings:dues-import", scope.pk)
        messages.success(request, f"Đã ghi nhận {entered} khoản nộp qua Cổng Dịch vụ công.")
        return redirect("meetings:dues-overview", scope.pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        lines = attempt(form, lambda: statements.read(upload.read(), upload.name, form.columns(), today))
        if lines is not None:
            matches = statements.match(scope, lines, form.cleaned_data["identifier_kind"])
            token = statements.sign([m.line for m in matches], form.columns())
    return render(
        request,
        "meetings/dues/statement.html",
        {
            "scope": scope,
            "form": form,
            "matches": matches,
            "token": token,
            "source": form.cleaned_data["file"].name if matches is not None else "",
            "ready": sum(1 for m in matches or [] if not m.problem),
        },
    )


# The province's parameters ---------------------------------------------------------------------


def _province_or_403(request: HttpRequest) -> Organisation:
    provinces = [
        p
        for p in Organisation.objects.visible_to(request.user).filter(kind=Organisation.Kind.PROVINCE)
        if can(request.user, "dues.configure", p)
    ]
    if not provinces:
        raise PermissionDenied
    return provinces[0]


@login_required
def parameters_page(request: HttpRequest) -> HttpResponse:
    province = _province_or_403(request)
    # The page shows the values in force next month, the first a change could apply to.
    on = configure.next_month(timezone.localdate())
    rates = [
        (r.category, r.label, r.percent, r.amount, r.source) for r in configure.editable_rates(province, on)
    ]
    kinds = configure.current_split(province, on)
    form = ParametersForm(
        request.POST or None,
        rates=rates,
        kinds=kinds,
        initial={"effective_from": on, "window": parameters.window(province.pk, on)},
    )
    if request.method == "POST" and form.is_valid():
        written = attempt(
            form, lambda: configure.update_parameters(province=province, by=request.user, **form.parameters())
        )
        if written is not None:
            messages.success(
                request,
                f"Đã lưu {len(written)} tham số đảng phí." if written else "Không có tham số nào thay đổi.",
            )
            return redirect("meetings:dues-parameters")
    return render(
        request,
        "meetings/dues/parameters.html",
        {"province": province, "form": form, "on": on, "back": reverse("home")},
    )
