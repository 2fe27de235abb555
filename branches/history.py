"""The change history pages of an organisation, a member and a meeting: one list, paginated,
read through the user's scope like everything else."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import ChangeRecord, ChangeRecordQuerySet

PAGE_SIZE = 25
ON_A_PAGE = 10  # the newest records shown on the object's own page, with a link to the rest


def scoped(request: HttpRequest) -> ChangeRecordQuerySet:
    return ChangeRecord.objects.visible_to(request.user).select_related("actor")


def history_page(
    request: HttpRequest,
    records: ChangeRecordQuerySet,
    *,
    title: str,
    back: str,
    back_label: str,
    show_subject: bool = False,
) -> HttpResponse:
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "branches/history.html",
        {
            "page": page,
            "history": page.object_list,
            "title": title,
            "back": back,
            "back_label": back_label,
            "show_subject": show_subject,
        },
    )
