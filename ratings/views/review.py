"""The reviewer's views of a year: the queue of lists and organisations awaiting a decision, drilling down
from the province, and the distribution against last year with its outliers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from branches.models import Organisation
from branches.summaries import summary

from .. import queries
from ..rules.common import Level
from .ratings import org_year_or_404


@login_required
def queue(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    scope, period = org_year_or_404(request, pk, year)
    rows = queries.progress(scope, period)
    waiting_members, waiting_organisations = queries.queue(scope, period, rows)
    return render(
        request,
        "ratings/queue.html",
        {
            "scope": scope,
            "period": period,
            "year": year,
            "rows": rows,
            # The province sees the communes' counts and drills down; a commune sees its chi bộ.
            "by_unit": scope.kind == Organisation.Kind.PROVINCE,
            "waiting_members": waiting_members,
            "waiting_organisations": waiting_organisations,
        },
    )


@login_required
def distribution(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    scope, period = org_year_or_404(request, pk, year)
    before = queries.period_for(scope, year - 1)

    def figures() -> dict:
        parts, total = queries.distribution(scope, period, before)
        return {"parts": parts, "total": total, "changed": queries.changed_decisions(scope, period)}

    context = {"scope": scope, "period": period, "year": year, "before": before, "levels": list(Level)}
    if scope.kind == Organisation.Kind.PROVINCE:
        # Read over the whole province and decided below it: kept for a few minutes.
        kept, freshness = summary(
            "distribution", scope.pk, scope.path, period.pk, before and before.pk, compute=figures
        )
        context |= kept | {"freshness": freshness}
    else:
        context |= figures()
    return render(request, "ratings/distribution.html", context)
