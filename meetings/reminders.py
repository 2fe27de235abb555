"""Meetings' reminders (registered by MeetingsConfig.ready into branches.reminders): the month's
minutes not finalised by day N of the next month, a planned meeting today or tomorrow, members who
have not paid last month's dues. Each reads a day's due things under some subtrees (None:
everywhere) with a fixed number of queries."""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from branches.formatting import day
from branches.models import BRANCH_KINDS, Organisation, paths_q
from branches.reminders.registry import Audience, Due, Source
from branches.rules import add_months

from .dues.models import DuesEntry
from .enums import State
from .models import Meeting

UNRECORDED, UNRECORDED_ABOVE = "meeting.unrecorded", "unit.meeting_unrecorded"
TOMORROW, UNPAID = "meeting.tomorrow", "dues.unpaid"


def record_deadline(on: date) -> date:
    """Day N [U] of the month of `on`: last month's minutes are finalised by then."""
    last_day = calendar.monthrange(on.year, on.month)[1]
    return on.replace(day=min(settings.REMINDER_RECORD_BY_DAY, last_day))


def unrecorded_months(on: date, within: list[str] | None) -> list[Due]:
    """Last month's regular meeting not finalised: the secretary from the first of this month, the
    committee above once day N has passed; both until the minutes are finalised or the month ends."""
    last = add_months(on.replace(day=1), -1)
    deadline = record_deadline(on)
    branches = (
        Organisation.objects.filter(kind__in=BRANCH_KINDS)
        .active()
        .exclude(founded_on__gt=on.replace(day=1) - timedelta(days=1))
        .filter(paths_q(within, "path"))
        .order_by("pk")
    )
    meetings = {
        m.organisation_id: m
        for m in Meeting.objects.monthly()
        .filter(year=last.year, month=last.month, organisation__in=branches)
        .only("pk", "organisation_id", "status")
    }
    month = f"{last.month}/{last.year}"
    found = []
    for org in branches:
        meeting = meetings.get(org.pk)
        if meeting and meeting.status == Meeting.Status.FINALISED:
            continue
        key = f"{last:%Y-%m}:{org.pk}"
        if meeting and meeting.status == Meeting.Status.DRAFT:
            url = reverse("meetings:meeting-edit", args=[meeting.pk])
            title = f"{org.name}: hoàn tất biên bản sinh hoạt tháng {month} (đang là bản nháp), hạn ngày {day(deadline)}"
        else:
            url = reverse("meetings:meeting-record", args=[org.pk]) + f"?month={last.year}-{last.month}"
            title = f"{org.name}: ghi biên bản sinh hoạt tháng {month}, hạn ngày {day(deadline)}"
        found.append(Due(UNRECORDED, key, org.pk, org.path, Audience.SECRETARY, title, url, deadline))
        if on > deadline:
            title = f"{org.name} chưa có biên bản sinh hoạt tháng {month} (quá hạn ngày {day(deadline)})"
            url = reverse("meetings:branch-meetings", args=[org.pk])
            found.append(
                Due(UNRECORDED_ABOVE, key, org.pk, org.path, Audience.REVIEWER, title, url, deadline)
            )
    return found


def planned_soon(on: date, within: list[str] | None) -> list[Due]:
    """A planned meeting tomorrow (and, that day, today): prepare the materials and the room."""
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.PLANNED, day__in=[on, on + timedelta(days=1)])
        .filter(paths_q(within, "organisation__path"))
        .select_related("organisation")
        .order_by("pk")
    )
    found = []
    for meeting in meetings:
        org = meeting.organisation
        when = "Hôm nay" if meeting.day == on else "Ngày mai"
        start = timezone.localtime(meeting.planned_start) if meeting.planned_start else None
        at = f" lúc {start:%H:%M}" if start else ""
        title = f"{when} ({day(meeting.day)}){at}: {meeting.get_kind_display().lower()} — {org.name}"
        url = reverse("meetings:meeting-detail", args=[meeting.pk])
        found.append(
            Due(TOMORROW, str(meeting.pk), org.pk, org.path, Audience.SECRETARY, title, url, meeting.day)
        )
    return found


def unpaid_dues(on: date, within: list[str] | None) -> list[Due]:
    """Members whose line of last month's book says unpaid (or partly paid) and who have not made it
    up in this month's book since; an excused month is not counted."""
    this_month = on.replace(day=1)
    last = add_months(this_month, -1)
    lines = DuesEntry.objects.filter(paths_q(within, "organisation__path"))
    owed = {
        member_id: organisation_id
        for member_id, organisation_id in lines.filter(
            period=last, state__in=[State.UNPAID, State.PARTIAL]
        ).values_list("member_id", "organisation_id")
    }
    # Arrears paid this month: this month's line covers what was carried into it.
    for member_id, opening, cash, portal in lines.filter(period=this_month, opening__gt=0).values_list(
        "member_id", "opening", "paid_cash", "paid_portal"
    ):
        if cash + portal >= opening:
            owed.pop(member_id, None)
    counts = Counter(owed.values())
    orgs = Organisation.objects.filter(pk__in=list(counts)).only("pk", "name", "path").order_by("pk")
    found = []
    for org in orgs:
        title = f"{org.name}: {counts[org.pk]} đảng viên chưa nộp đủ đảng phí tháng {last.month}/{last.year}"
        url = reverse("meetings:dues-month", args=[org.pk, last.year, last.month])
        found.append(Due(UNPAID, f"{last:%Y-%m}:{org.pk}", org.pk, org.path, Audience.SECRETARY, title, url))
    return found


SOURCES = (
    Source({UNRECORDED: "Biên bản sinh hoạt", UNRECORDED_ABOVE: "Biên bản sinh hoạt"}, unrecorded_months),
    Source({TOMORROW: "Buổi sinh hoạt"}, planned_soon),
    Source({UNPAID: "Đảng phí"}, unpaid_dues),
)
