"""A member's dues pages: the year's lines and what is owed, the card on the member's page, the basis
of the year, a payment between meetings, a reason for not paying."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from branches.models import Member
from branches.panels import Panel
from branches.params import year_param
from branches.policy import can
from branches.web import form_action, member_or_404, require

from . import queries, services
from .forms import BasisForm, ExcuseForm, PaymentForm
from .services import month_label, paying_branch
from .views import period_or_404


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


def _member_url(person: Member) -> str:
    return reverse("meetings:dues-member", args=[person.pk])


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
    return form_action(
        request,
        BasisForm(request.POST or None, initial=initial),
        partial(services.set_basis, member=person, year=year, by=request.user),
        title=f"Mức đóng đảng phí năm {year} — {person.full_name}",
        back=_member_url(person),
        done=f"Đã lưu mức đóng đảng phí năm {year}.",
        then=f"{_member_url(person)}?year={year}",
    )


@login_required
def payment(request: HttpRequest, pk: int) -> HttpResponse:
    person = member_or_404(request, pk)
    require(request, "dues.collect", paying_branch(person))
    return form_action(
        request,
        PaymentForm(request.POST or None),
        partial(services.record_payment, member=person, by=request.user),
        title=f"Ghi nhận nộp đảng phí — {person.full_name}",
        back=_member_url(person),
        done="Đã ghi nhận khoản nộp đảng phí.",
    )


@login_required
def excuse(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    person = member_or_404(request, pk)
    period = period_or_404(year, month)
    require(request, "dues.collect", paying_branch(person))
    line = get_object_or_404(person.dues.all(), period=period)
    return form_action(
        request,
        ExcuseForm(request.POST or None, initial={"reason": line.reason}),
        partial(services.excuse_month, member=person, period=period, by=request.user),
        title=f"Lý do chưa nộp đảng phí {month_label(period)} — {person.full_name}",
        back=_member_url(person),
        done=f"Đã ghi lý do {month_label(period)}.",
    )
