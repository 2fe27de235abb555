"""The reviewers' pages: the compliance calendar and the watch lists, per chi bộ for a commune, per unit
below for the province."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from branches.params import year_param
from branches.summaries import summary
from branches.web import org_or_404, pk_link

from . import calendar_grid, watch
from .dues import queries as dues_queries

WATCH_ROWS = 50


@login_required
def compliance(request: HttpRequest, pk: int) -> HttpResponse:
    scope = org_or_404(request, pk)
    today = date.today()
    year = year_param(request.GET, today.year)
    per_unit = calendar_grid.by_unit(scope)
    grid = (
        calendar_grid.unit_grid(scope, year, today)
        if per_unit
        else calendar_grid.compliance_grid(scope, year, today)
    )
    problems_only = request.GET.get("problems") == "1"
    rows = [r for r in grid.rows if r.has_problem] if problems_only else grid.rows
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/compliance_units.html" if per_unit else "meetings/compliance.html",
        {
            "scope": scope,
            "grid": grid,
            "page": page,
            "problems_only": problems_only,
            "year": year,
            "months": range(1, 13),
            "problem_rows": sum(r.has_problem for r in grid.rows),
            "meeting_link": pk_link("meetings:meeting-detail"),
        },
    )


def _unit_watch(scope, year: int, today: date) -> dict:
    grid = calendar_grid.unit_grid(scope, year, today, by_month=False)
    members = watch.members_to_watch_by_unit(scope, today)
    followed = watch.followed_by_unit(scope, year)
    return {
        "grid": grid,
        "units": [(row, members.get(row.org.path, 0), followed.get(row.org.path, 0)) for row in grid.rows],
        "member_total": sum(members.values()),
        "followed_total": sum(followed.values()),
    }


@login_required
def watchlist(request: HttpRequest, pk: int) -> HttpResponse:
    scope = org_or_404(request, pk)
    today = date.today()
    year = year_param(request.GET, today.year)
    drafts = watch.stale_drafts(scope, timezone.now())
    context = {
        "scope": scope,
        "year": year,
        "shown": WATCH_ROWS,
        "draft_days": watch.DRAFT_DAYS,
        "drafts": drafts[:WATCH_ROWS],
        "draft_total": drafts.count(),
    }
    if calendar_grid.by_unit(scope):
        # Counted per unit below, each linking to its own lists; kept for a few minutes.
        units, freshness = summary(
            "watchlist", scope.pk, scope.path, year, today, compute=lambda: _unit_watch(scope, year, today)
        )
        context |= units | {"freshness": freshness}
        return render(request, "meetings/watchlist_units.html", context)
    grid = calendar_grid.compliance_grid(scope, year, today)
    # Each list shows its first rows and says how many there are: a commune may have many.
    return render(
        request,
        "meetings/watchlist.html",
        context
        | {
            "missed": [r for r in grid.rows if r.missing],
            "no_thematic": [r for r in grid.rows if r.late_quarters],
            "members": watch.members_to_watch(scope, today),
            "following": watch.following_member_attendance(scope, year)[:WATCH_ROWS],
            "strike_off": dues_queries.to_strike_off(scope, today),  # three months of dues unpaid, no reason
        },
    )
