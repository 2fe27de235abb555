"""Ratings' reminders (registered by RatingsConfig.ready into branches.reminders): the rating
year's steps for each chi bộ, from a number of days [U] before the year's deadline (`finish_by`)
until the files are sent up (`files_by`) or the step is done: members' self-assessments and the chi
bộ's proposal for its secretary, the decision for the committee that takes it (HD 43 Mục 3)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from branches.formatting import day
from branches.models import Organisation, paths_q
from branches.reminders.registry import Audience, Due, Source

from .models import MemberRating, RatingPeriod, Status
from .policy import decider_path

SELF_ASSESS, PROPOSE, DECIDE = "rating.self_assess", "rating.propose", "rating.decide"
# (kind, who, what the count of members is waiting for)
STEPS = {
    Status.PENDING: (SELF_ASSESS, Audience.SECRETARY, "đảng viên chưa tự đánh giá, xếp loại"),
    Status.SELF_ASSESSED: (PROPOSE, Audience.SECRETARY, "đảng viên chờ chi bộ đề xuất mức xếp loại"),
    Status.PROPOSED: (DECIDE, Audience.REVIEWER, "đảng viên chờ cấp trên quyết định xếp loại"),
}


def rating_steps(on: date, within: list[str] | None) -> list[Due]:
    lead = timedelta(days=settings.REMINDER_RATING_LEAD_DAYS)
    periods = RatingPeriod.objects.filter(finish_by__lte=on + lead, files_by__gte=on)
    counts = list(
        MemberRating.objects.current()
        .filter(period__in=periods, status__in=list(STEPS))
        .filter(paths_q(within, "organisation__path"))
        .values("organisation_id", "period__year", "period__finish_by", "status")
        .annotate(members=Count("pk"))
        .order_by("organisation_id", "period__year", "status")
    )
    orgs = Organisation.objects.select_related("parent").in_bulk({row["organisation_id"] for row in counts})
    found = []
    for row in counts:
        org, year, finish_by = orgs[row["organisation_id"]], row["period__year"], row["period__finish_by"]
        kind, audience, waiting = STEPS[row["status"]]
        title = f"{org.name}: {row['members']} {waiting} năm {year} (hạn {day(finish_by)})"
        url = reverse("ratings:org-year", args=[org.pk, year])
        reviewer_at = decider_path(org) if audience == Audience.REVIEWER else ""
        found.append(
            Due(kind, f"{year}:{org.pk}", org.pk, org.path, audience, title, url, finish_by, reviewer_at)
        )
    return found


SOURCES = (
    Source(
        {SELF_ASSESS: "Xếp loại đảng viên", PROPOSE: "Xếp loại đảng viên", DECIDE: "Xếp loại đảng viên"},
        rating_steps,
    ),
)
