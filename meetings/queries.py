"""Reads for the secretary's dashboard and a member's own record."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.db.models import Count, Q

from branches.models import Member, Organisation

from .models import Attendance, Meeting, Task


def open_tasks(org: Organisation):
    return Task.objects.filter(meeting__organisation=org, status=Task.Status.OPEN).select_related(
        "member", "meeting"
    )


def next_planned(org: Organisation, now: datetime) -> Meeting | None:
    return (
        Meeting.objects.filter(organisation=org, status=Meeting.Status.PLANNED, planned_start__gte=now)
        .order_by("planned_start")
        .first()
    )


class Month(NamedTuple):
    month: int
    attendance: float | None  # share present of those expected, in percent, at the month's regular meeting
    score: int | None  # its quality score
    level: str  # its quality level


def months_of(org: Organisation, year: int) -> list[Month]:
    """The chi bộ's regular meetings of the year, month by month: attendance and quality (the
    secretary's dashboard). One query."""
    held = {
        m["month"]: m
        for m in Meeting.objects.monthly()
        .filter(organisation=org, year=year, status=Meeting.Status.FINALISED)
        .values("month", "score", "level")
        .annotate(
            present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)),
            counted=Count("attendance", filter=Q(attendance__status__in=Attendance.COUNTED)),
        )
        .order_by("month")
    }
    rows = []
    for month in range(1, 13):
        m = held.get(month)
        rate = round(100 * m["present"] / m["counted"], 1) if m and m["counted"] else None
        rows.append(Month(month, rate, m["score"] if m else None, m["level"] if m else ""))
    return rows


# A member's own record ----------------------------------------------------------------------------


def attendance_of(member: Member, limit: int = 12) -> list[Attendance]:
    """The member's last finalised meetings, newest first, with what the minutes say of them
    (present, excused, absent, not counted): the member's own page. One query."""
    return list(
        Attendance.objects.filter(member=member, meeting__status=Meeting.Status.FINALISED)
        .select_related("meeting__organisation")
        .order_by("-meeting__started_at", "-meeting__pk")[:limit]
    )


def tasks_of(member: Member) -> list[Task]:
    """Tasks the minutes gave the member that are still open, soonest deadline first."""
    return list(
        Task.objects.filter(member=member, status=Task.Status.OPEN)
        .select_related("meeting")
        .order_by("deadline", "pk")
    )
