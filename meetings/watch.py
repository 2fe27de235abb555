"""The watch lists: minutes left as drafts, members absent too often, the superior's assigned member at
the chi bộ's meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When, Window
from django.utils import timezone

from branches.models import Member, Organisation
from branches.queries import unit_path

from . import rules
from .models import Attendance, Guest, Meeting

DRAFT_DAYS = 7  # minutes still a draft this long after the meeting are flagged


def stale_drafts(scope: Organisation, now: datetime):
    return (
        Meeting.objects.in_subtree(scope)
        .filter(status=Meeting.Status.DRAFT, started_at__lt=now - timedelta(days=DRAFT_DAYS))
        .select_related("organisation")
        .order_by("started_at")
    )


@dataclass(frozen=True)
class Watch:
    member: Member
    streak: int  # consecutive absences up to the latest meeting
    unexcused: int  # in the last 12 months


def _absentees(scope: Organisation, today: date) -> tuple[dict[int, int], dict[int, int]]:
    """(member → current run of absences, member → unexcused absences in the last 12 months) of
    the members on the watch list: absent more than 3 times in a row (HD 12), or absent without
    reason 3 times in 12 months (Điều lệ Đ.8: consider xóa tên)."""
    since = timezone.make_aware(datetime(today.year - 1, today.month, 1))
    rows = Attendance.objects.filter(
        meeting__organisation__path__startswith=scope.path,
        meeting__kind__in=Meeting.MONTHLY_KINDS,
        meeting__status=Meeting.Status.FINALISED,
        meeting__started_at__gte=since,
        status__in=Attendance.COUNTED,
    )
    # Only a member absent more than 3 times, or 3 times without reason, can be on the list; absences
    # are a tenth of the rows and a partial index serves them, so narrow to those members first.
    absences = (
        rows.filter(status__in=Attendance.ABSENT)
        .values("member_id")
        .annotate(
            n=Count("member_id"), unexcused=Count("member_id", filter=Q(status=Attendance.Status.UNEXCUSED))
        )
        .filter(Q(n__gt=rules.MAX_CONSECUTIVE_ABSENCES) | Q(unexcused__gte=rules.UNEXCUSED_XOA_TEN))
        .values_list("member_id", "n", "unexcused")
    )
    candidates = {m: u for m, _, u in absences}
    unexcused = {m: u for m, u in candidates.items() if u >= rules.UNEXCUSED_XOA_TEN}
    # Presences counted from the latest meeting backwards: rows before the first presence are
    # the current run of absences.
    presents_since = Window(
        Sum(
            Case(
                When(status=Attendance.Status.PRESENT, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        ),
        partition_by=F("member_id"),
        order_by=F("meeting__started_at").desc(),
    )
    leading = (
        rows.filter(member_id__in=list(candidates))
        .annotate(presents=presents_since)
        .filter(presents=0)
        .values_list("member_id", flat=True)
    )
    streaks: dict[int, int] = {}
    for member_id in leading:
        streaks[member_id] = streaks.get(member_id, 0) + 1
    return {m: n for m, n in streaks.items() if n > rules.MAX_CONSECUTIVE_ABSENCES}, unexcused


def members_to_watch(scope: Organisation, today: date) -> list[Watch]:
    """The members on the watch list (`_absentees`), by name."""
    streaks, unexcused = _absentees(scope, today)
    members = (
        Member.objects.filter(pk__in=set(streaks) | set(unexcused))
        .select_related("organisation")
        .in_name_order()
    )
    return [Watch(m, streaks.get(m.pk, 0), unexcused.get(m.pk, 0)) for m in members]


def members_to_watch_by_unit(scope: Organisation, today: date) -> dict[str, int]:
    """Unit path → how many of its members are on the watch list."""
    streaks, unexcused = _absentees(scope, today)
    return dict(
        Member.objects.filter(pk__in=set(streaks) | set(unexcused))
        .annotate(unit=unit_path(scope))
        .values_list("unit")
        .annotate(n=Count("pk"))
        .order_by()
    )


def followed_by_unit(scope: Organisation, year: int) -> dict[str, int]:
    """Unit path → the regular meetings of its chi bộ that the superior's assigned member attended
    (read from the few guest rows, not the year's meetings)."""
    return dict(
        Guest.objects.filter(
            is_following_member=True,
            meeting__organisation__path__startswith=scope.path,
            meeting__year=year,
            meeting__kind__in=Meeting.MONTHLY_KINDS,
            meeting__status=Meeting.Status.FINALISED,
        )
        .annotate(unit=unit_path(scope, "meeting__organisation__path"))
        .values_list("unit")
        .annotate(n=Count("meeting", distinct=True))
        .order_by()
    )


def following_member_attendance(scope: Organisation, year: int):
    """Per chi bộ: regular meetings held, and how many the superior's assigned member attended."""
    return (
        Meeting.objects.in_subtree(scope)
        .monthly()
        .filter(year=year, status=Meeting.Status.FINALISED)
        .values("organisation_id", "organisation__name", "organisation__parent__name")
        .annotate(
            held=Count("pk", distinct=True),
            followed=Count("pk", filter=Q(guests__is_following_member=True), distinct=True),
        )
        .order_by("followed", "organisation__name")
    )
