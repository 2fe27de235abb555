"""The dues pages: a chi bộ's year and month books, collecting at the meeting, a member's dues, the
level above's collection rates, a portal statement, the province's parameters."""

from __future__ import annotations

import uuid
from calendar import monthrange
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from branches.models import Member, Organisation
from branches.panels import Panel
from branches.params import month_param, year_or_404, year_param
from branches.policy import can
from branches.web import attempt, log_download, member_or_404, org_or_404, require

from ..calendar_grid import by_unit
from ..models import Meeting
from . import configure, documents, excel, parameters, queries, rules, services, statements
from .forms import BasisForm, CollectForm, ExcuseForm, ParametersForm, PaymentForm, StatementForm
from .services import month_label, paying_branch


def _branch_or_404(request: HttpRequest, pk: int) -> Organisation:
    org = org_or_404(request, pk)
    if not org.is_branch:
        raise Http404
    return org


def _period_or_404(year: int, month: int) -> date:
    year_or_404(year)
    if not 1 <= month <= 12:
        raise Http404
    return date(year, month, 1)


def last_month(today: date) -> date:
    return rules.add_months(rules.first_of(today), -1)


# A chi bộ's year and month -----------------------------------------------------------------------


@login_required
def branch(request: HttpRequest, pk: int) -> HttpResponse:
    org = _branch_or_404(request, pk)
    today = timezone.localdate()
    year = year_param(request.GET, today.year)
    books = queries.months_of(org, year)
    current = rules.first_of(today)
    months = [(date(year, m, 1), books.get(m)) for m in range(12, 0, -1) if date(year, m, 1) <= current]
    # Last month's book until it is written, then this month's.
    previous = last_month(today)
    written = org.dues_months.filter(period=previous, closed=True).exists()
    return render(
        request,
        "meetings/dues/branch.html",
        {
            "org": org,
            "year": year,
            "months": months,
            "to_collect": current if written else previous,
            "current": current,
            "can_collect": org.is_active and can(request.user, "dues.collect", org),
            "collected": sum(b.collected for b in books.values()),
            "handed_up": sum(b.handed_up for b in books.values()),
        },
    )


@login_required
def month(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    org = _branch_or_404(request, pk)
    period = _period_or_404(year, month)
    book = queries.book(org, period)
    return render(
        request,
        "meetings/dues/month.html",
        {
            "org": org,
            "book": book,
            "period": period,
            "figures": documents.summary(book),
            "can_collect": org.is_active
            and period <= rules.first_of(timezone.localdate())
            and can(request.user, "dues.collect", org),
        },
    )


def _collection_day(org: Organisation, period: date, today: date) -> date:
    """When the month's dues were collected, most likely: at its regular meeting, else today (or the
    month's last day, for a month gone by)."""
    meeting = (
        Meeting.objects.monthly()
        .filter(organisation=org, year=period.year, month=period.month)
        .exclude(status=Meeting.Status.PLANNED)
        .values_list("day", flat=True)
        .first()
    )
    if meeting and meeting <= today:
        return meeting
    return min(today, period.replace(day=monthrange(period.year, period.month)[1]))


def _already_saved(request: HttpRequest, org: Organisation, period: date) -> HttpResponse | None:
    """The same form sent again (a double tap, back and resubmit): show the book the first one
    wrote instead of writing it twice."""
    try:
        token = uuid.UUID(request.POST.get("submission") or "")
    except ValueError:
        return None
    if not org.dues_months.filter(submission=token).exists():
        return None
    messages.info(request, services.RESUBMITTED)
    return redirect("meetings:dues-month", org.pk, period.year, period.month)


@login_required
def collect(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    org = _branch_or_404(request, pk)
    require(request, "dues.collect", org)
    period = _period_or_404(year, month)
    today = timezone.localdate()
    if not org.is_active or period > rules.first_of(today):
        raise Http404
    if request.method == "POST" and (done := _already_saved(request, org, period)):
        return done
    book = queries.book(org, period)
    initial = {
        "on": _collection_day(org, period, today),
        "version": book.month.version if book.month else 0,
        "submission": uuid.uuid4(),
    }
    form = CollectForm(request.POST or None, initial=initial, book=book)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        written = attempt(
            form,
            lambda: services.collect_month(
                organisation=org,
                period=period,
                rows=form.collected(),
                on=d["on"],
                version=d["version"],
                submission=d["submission"],
                reason=d.get("reason", ""),
                by=request.user,
            ),
        )
        if written:
            messages.success(
                request,
                f"Đã ghi sổ đảng phí {month_label(period)}: {written.members_paid}/"
                f"{written.members_due} đảng viên đã nộp.",
            )
            return redirect("meetings:dues-month", org.pk, period.year, period.month)
        if done := _already_saved(request, org, period):  # a twin of this request wrote it meanwhile
            return done
    return render(
        request,
        "meetings/dues/collect.html",
        {
            "org": org,
            "book": book,
            "period": period,
            "form": form,
            "summary": form.error_summary(),
        },
    )


def _book_with_rows(request: HttpRequest, pk: int, year: int, month: int) -> queries.Book:
    org = _branch_or_404(request, pk)
    book = queries.book(org, _period_or_404(year, month))
    if book.month is None:
        raise Http404  # nothing written for the month yet: no book to print
    return book


@login_required
def book_pdf(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    book = _book_with_rows(request, pk, year, month)
    name = f"so-dang-phi-{book.org.code}-{year}-{month:02d}.pdf"
    log_download(request, f"Sổ thu, nộp đảng phí {month}/{year} ({name})", book.org)
    response = HttpResponse(documents.render_book(book), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def book_xlsx(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    book = _book_with_rows(request, pk, year, month)
    name = f"so-dang-phi-{book.org.code}-{year}-{month:02d}.xlsx"
    log_download(request, f"Sổ thu, nộp đảng phí {month}/{year} ({name})", book.org)
    response = HttpResponse(
        excel.workbook(book), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# A member's dues ---------------------------------------------------------------------------------


@login_required
def member(request: HttpRequest, pk: int) -> HttpResponse:
    person = member_or_404(request, pk)
    today = timezone.localdate()
    year = year_param(request.GET, today.year)
    return render(
        request,
        "meetings/dues/member.html",
        {
            "member": person,
            "year": year,
            "dues": queries.member_year(person, year, today),
            "can_collect": person.is_current and can(request.user, "dues.collect", paying_branch(person)),
        },
    )


def member_panel(request: HttpRequest, person: Member) -> Panel:
    """The dues card of the member's page (branches' member_detail): this year's months, what is
    owed, and the xóa tên flag."""
    dues = queries.this_year(person, timezone.localdate())
    return Panel("meetings/dues/member_panel.html", {"dues": dues, "member": person})


def _member_form_page(request, person: Member, form, title: str) -> HttpResponse:
    return render(
        request,
        "branches/form.html",
        {
            "form": form,
            "title": title,
            "back": reverse("meetings:dues-member", args=[person.pk]),
        },
    )


@login_required
def basis(request: HttpRequest, pk: int) -> HttpResponse:
    person = member_or_404(request, pk)
    require(request, "dues.collect", paying_branch(person))
    year = year_param(request.GET, timezone.localdate().year)
    current = queries.bases([person.pk], year).get(person.pk)
    initial = (
        {
            "category": current.category,
            "amount": current.amount,
            "note": current.note,
            "version": current.version,
        }
        if current
        else {"version": 0}
    )
    form = BasisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if attempt(
            form,
            lambda: services.set_basis(
                member=person,
                year=year,
                category=d["category"],
                amount=d["amount"],
                note=d["note"],
                version=d["version"],
                by=request.user,
            ),
        ):
            messages.success(request, f"Đã lưu mức đóng đảng phí năm {year}.")
            return redirect(f"{reverse('meetings:dues-member', args=[person.pk])}?year={year}")
    return _member_form_page(request, person, form, f"Mức đóng đảng phí năm {year} — {person.full_name}")


@login_required
def payment(request: HttpRequest, pk: int) -> HttpResponse:
    person = member_or_404(request, pk)
    require(request, "dues.collect", paying_branch(person))
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if attempt(
            form,
            lambda: services.record_payment(
                member=person,
                amount=d["amount"],
                on=d["on"],
                method=d["method"],
                reference=d["reference"],
                reason=d["reason"],
                by=request.user,
            ),
        ):
            messages.success(request, "Đã ghi nhận khoản nộp đảng phí.")
            return redirect("meetings:dues-member", person.pk)
    return _member_form_page(request, person, form, f"Ghi nhận nộp đảng phí — {person.full_name}")


@login_required
def excuse(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    person = member_or_404(request, pk)
    period = _period_or_404(year, month)
    require(request, "dues.collect", paying_branch(person))
    line = get_object_or_404(person.dues.all(), period=period)
    form = ExcuseForm(request.POST or None, initial={"reason": line.reason})
    if request.method == "POST" and form.is_valid():
        if attempt(
            form,
            lambda: services.excuse_month(
                member=person, period=period, reason=form.cleaned_data["reason"], by=request.user
            ),
        ):
            messages.success(request, f"Đã ghi lý do {month_label(period)}.")
            return redirect("meetings:dues-member", person.pk)
    return _member_form_page(
        request, person, form, f"Lý do chưa nộp đảng phí {month_label(period)} — {person.full_name}"
    )


# The level above ---------------------------------------------------------------------------------


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
        d = form.cleaned_data
        written = attempt(
            form,
            lambda: configure.update_parameters(
                province=province,
                effective_from=d["effective_from"],
                rates=form.rates(),
                kept=form.kept(),
                window=d["window"],
                by=request.user,
            ),
        )
        if written is not None:
            messages.success(
                request,
                f"Đã lưu {len(written)} tham số đảng phí." if written else "Không có tham số nào thay đổi.",
            )
            return redirect("meetings:dues-parameters")
    return render(request, "meetings/dues/parameters.html", {"province": province, "form": form, "on": on})
