"""The member's own page, where a member with a login and no role lands: this year's
self-assessment and its deadline, the results of past years, the meetings attended or missed and
the tasks the minutes gave them, the dues of this year. Ratings sits above meetings, so it reads meetings' queries; the
home page (meetings) sends such a member here by URL name."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from branches.models import Member
from meetings import queries as meeting_queries
from meetings.dues import queries as dues_queries

from .. import queries


@login_required
def my_home(request: HttpRequest) -> HttpResponse:
    member = Member.objects.filter(account=request.user).select_related("organisation").first()
    if member is None:
        return render(request, "ratings/my_ratings.html", {"member": None})
    ratings = queries.my_ratings(member.pk)
    current = ratings[0] if ratings else None
    today = date.today()
    year = current.period.year if current else today.year
    days_left = (current.period.finish_by - today).days if current else 0
    return render(
        request,
        "ratings/my_ratings.html",
        {
            "member": member,
            "current": current,
            "past": ratings[1:],
            "can_assess": current is not None and current.status in queries.SELF_ASSESSABLE,
            "days_left": days_left,
            "days_overdue": -days_left,
            "year": year,
            "evidence": queries.evidence([member.pk], year, disciplines=False)[member.pk],
            "attendance": meeting_queries.attendance_of(member),
            "tasks": meeting_queries.tasks_of(member),
            # Their own dues: the months of this year as the secretary's book has them, what is owed.
            "dues": {"dues": dues_queries.this_year(member, today), "member": member, "own": True},
        },
    )
