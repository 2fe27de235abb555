"""Measures read from finalised meetings: regular and thematic sittings held, thematic quarters, the
share of sittings rated good, and attendance at the regular ones."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from django.db.models import Count, Q

from branches.models import Organisation
from meetings.models import Attendance, Meeting

from ..rules.recognition import Fact
from .common import Key, share_facts


def _finalised_meetings(orgs: list[Organisation], years: list[int], kinds) -> Q:
    return Q(
        organisation_id__in=[o.pk for o in orgs],
        year__in=years,
        status=Meeting.Status.FINALISED,
        kind__in=kinds,
    )


def _meeting_months(orgs: list[Organisation], years: list[int], kinds) -> dict[Key, set[int]]:
    rows = (
        Meeting.objects.filter(_finalised_meetings(orgs, years, kinds))
        .order_by()
        .values_list("organisation_id", "year", "month")
        .distinct()
    )
    months: dict[Key, set[int]] = defaultdict(set)
    for org_id, year, month in rows:
        months[(org_id, year)].add(month)
    return months


def regular_meetings(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    months = _meeting_months(orgs, years, Meeting.MONTHLY_KINDS)
    return {
        (o.pk, y): Fact(
            Fraction(len(months[(o.pk, y)])),
            f"{len(months[(o.pk, y)])}/12 kỳ sinh hoạt thường kỳ đã hoàn tất biên bản.",
        )
        for o in orgs
        for y in years
    }


def thematic_meetings(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    rows = (
        Meeting.objects.filter(_finalised_meetings(orgs, years, Meeting.THEMATIC_KINDS))
        .values_list("organisation_id", "year")
        .annotate(n=Count("pk"))
    )
    counts = {(org_id, year): n for org_id, year, n in rows}
    return {
        (o.pk, y): Fact(
            Fraction(counts.get((o.pk, y), 0)), f"{counts.get((o.pk, y), 0)} buổi sinh hoạt chuyên đề."
        )
        for o in orgs
        for y in years
    }


def thematic_quarters(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    months = _meeting_months(orgs, years, Meeting.THEMATIC_KINDS)
    facts = {}
    for org in orgs:
        for year in years:
            quarters = sorted({(m - 1) // 3 + 1 for m in months[(org.pk, year)]})
            listed = f" (quý {', '.join(map(str, quarters))})" if quarters else ""
            facts[(org.pk, year)] = Fact(
                Fraction(len(quarters)), f"{len(quarters)}/4 quý có sinh hoạt chuyên đề{listed}."
            )
    return facts


def good_meeting_share(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    kinds = (*Meeting.MONTHLY_KINDS, Meeting.Kind.THEMATIC)
    rows = (
        Meeting.objects.filter(_finalised_meetings(orgs, years, kinds))
        .exclude(level="")
        .values_list("organisation_id", "year")
        .annotate(total=Count("pk"), good=Count("pk", filter=Q(level=Meeting.Level.GOOD)))
    )
    counts = {(org_id, year): (good, total) for org_id, year, total, good in rows}
    return share_facts(
        orgs,
        years,
        counts,
        "buổi sinh hoạt xếp loại Tốt",
        "Năm {year} chưa có buổi sinh hoạt nào được xếp loại chất lượng.",
    )


def attendance_share(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    rows = (
        Attendance.objects.filter(
            meeting__organisation_id__in=[o.pk for o in orgs],
            meeting__year__in=years,
            meeting__status=Meeting.Status.FINALISED,
            meeting__kind__in=Meeting.MONTHLY_KINDS,
            status__in=Attendance.COUNTED,
        )
        .values_list("meeting__organisation_id", "meeting__year")
        .annotate(total=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)))
    )
    counts = {(org_id, year): (present, total) for org_id, year, total, present in rows}
    return share_facts(
        orgs, years, counts, "lượt có mặt", "Năm {year} chưa có buổi sinh hoạt thường kỳ nào hoàn tất."
    )
