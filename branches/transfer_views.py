"""Transfers between chi bộ (chuyển sinh hoạt đảng): the list of letters in and out, confirming arrival,
ending a temporary stay, cancelling."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import forms, services
from .models import Transfer
from .policy import can
from .web import form_action, require


def _transfer_or_404(request: HttpRequest, pk: int, side: str) -> Transfer:
    qs = (
        Transfer.objects.incoming_for(request.user)
        if side == "to"
        else Transfer.objects.outgoing_for(request.user)
    )
    return get_object_or_404(
        qs.select_related("member__organisation", "from_organisation", "to_organisation"), pk=pk
    )


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    related = ("member__organisation", "from_organisation", "to_organisation")
    incoming = list(Transfer.objects.incoming_for(user).open().select_related(*related)[:100])
    outgoing = list(Transfer.objects.outgoing_for(user).open().select_related(*related)[:100])
    for t in incoming:
        t.can_confirm = t.status == Transfer.Status.PENDING and can(user, "transfer.confirm", t)
    for t in outgoing:
        t.can_manage = can(user, "member.lifecycle", t.member)
    return render(request, "branches/transfer_list.html", {"incoming": incoming, "outgoing": outgoing})


@login_required
def transfer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_or_404(request, pk, "to")
    require(request, "transfer.confirm", transfer)
    return form_action(
        request,
        forms.DateOnlyForm(request.POST or None, initial={"on": date.today()}),
        partial(services.confirm_transfer, transfer=transfer, by=request.user),
        title=f"Tiếp nhận {transfer.member.label} từ {transfer.from_organisation.name}",
        back=reverse("branches:transfer-list"),
        done=f"Đã tiếp nhận {transfer.member.full_name}.",
    )


@login_required
def transfer_end(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_or_404(request, pk, "from")
    require(request, "member.lifecycle", transfer.member)
    return form_action(
        request,
        forms.DateOnlyForm(request.POST or None),
        partial(services.end_temporary, transfer=transfer, by=request.user),
        title=f"Kết thúc sinh hoạt tạm thời: {transfer.member.full_name}",
        back=reverse("branches:transfer-list"),
        done=f"{transfer.member.full_name} đã trở lại sinh hoạt tại chi bộ.",
        then=reverse("branches:member-detail", args=[transfer.member.pk]),
    )


@login_required
@require_POST
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_or_404(request, pk, "from")
    require(request, "member.lifecycle", transfer.member)
    try:
        services.cancel_transfer(transfer=transfer, on=date.today(), by=request.user)
        messages.success(request, "Đã hủy đề nghị chuyển sinh hoạt.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("branches:transfer-list")
