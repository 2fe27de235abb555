"""The dues pages of a chi bộ: its year, the month's book (on screen, as PDF and Excel) and collecting
at the meeting. A member's dues are member_views.py's; the level above's, overview_views.py's."""

from __future__ import annotations

import uuid
from calendar import monthrange
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from branches.models import Organisation
from branches.params import year_or_404, year_param
from branches.policy import can
from branches.web import attempt, file_download, org_or_404, require

from ..models import Meeting
from . import documents, excel, queries, rules, services
from .forms import CollectForm
from .services import month_label
from .values import Book


def branch_or_404(request: HttpRequest, pk: int) -> Organisation:
    org = org_or_404(request, pk)
    if not org.is_branch:
        raise Http404
    return org


def period_or_404(year: int, month: int) -> date:
    year_or_404(year)
    if not 1 <= month <= 12:
        raise Http404
    return date(year, month, 1)


def last_month(today: date) -> date:
    return rules.add_months(rules.first_of(today), -1)


# A chi bộ's year and month -----------------------------------------------------------------------


@login_required
def branch(request: HttpRequest, pk: int) -> HttpResponse:
    org = branch_or_404(request, pk)
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
    org = branch_or_404(request, pk)
    period = period_or_404(year, month)
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
    org = branch_or_404(request, pk)
    require(request, "dues.collect", org)
    period = period_or_404(year, month)
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
        written = attempt(
            form,
            lambda: services.collect_month(
                organisation=org, period=period, by=request.user, **form.collection()
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


def _book_with_rows(request: HttpRequest, pk: int, year: int, month: int) -> Book:
    org = branch_or_404(request, pk)
    book = queries.book(org, period_or_404(year, month))
    if book.month is None:
        raise Http404  # nothing written for the month yet: no book to print
    return book


def _book_file(request: HttpRequest, book: Book, content: bytes, extension: str) -> HttpResponse:
    period = book.period
    name = f"so-dang-phi-{book.org.code}-{period.year}-{period.month:02d}.{extension}"
    what = f"Sổ thu, nộp đảng phí {period.month}/{period.year} ({name})"
    return file_download(request, content, name, what, book.org)


@login_required
def book_pdf(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    book = _book_with_rows(request, pk, year, month)
    return _book_file(request, book, documents.render_book(book), "pdf")


@login_required
def book_xlsx(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    book = _book_with_rows(request, pk, year, month)
    return _book_file(request, book, excel.workbook(book), "xlsx")
