"""Reads for the compliance calendar, the watch lists and the secretary's dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.db.models import Case, Count, ExpressionWrapper, F, IntegerField, Q, Sum, Value, When, Window
from django.utils import timezone

from branches.models import BRANCH_KINDS, Member, Organisation
from branches.queries import unit_path

from . import rules
from .models import Attendance, Guest, Meeting, Task

DRAFT_DAYS = 7  # minutes still a draft this long after the meeting are flagged


class Cell(NamedTuple):
    """One chi bộ-month. A tuple, not a dataclass: a province grid has 28,000 of them."""

    state: str  # held | draft | planned | missing | upcoming
    level: str = ""
    meeting_id: int | None = None


class Branch(NamedTuple):
    pk: int
    name: str
    parent_name: str


MISSING, UPCOMING = Cell("missing"), Cell("upcoming")
CELL_STATE = {"finalised": "held", "draft": "draft", "planned": "planned"}


@dataclass
class Row:
    org: Branch
    cells: list[Cell]
    thematic_quarters: set[int] = field(default_factory=set)
    late_quarters: list[int] = field(default_factory=list)

    @property
    def held(self) -> int:
        return sum(c.state == "held" for c in self.cells)

    @property
    def missing(self) -> int:
        return sum(c.state == "missing" for c in self.cells)

    @property
    def has_problem(self) -> bool:
        return bool(self.missing or self.late_quarters or any(c.state == "draft" for c in self.cells))


@dataclass
class Grid:
    year: int
    rows: list[Row]
    held_by_month: list[int]
    missing_by_month: list[int]
    through_month: int  # months after this one have not ended yet


def months_ended(year: int, today: date) -> int:
    """How many months of `year` are over by `today` (a month's meeting is due within it)."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month - 1


def branches_in(scope: Organisation, year: int) -> list[Branch]:
    """The chi bộ of the subtree that existed at some point in the year."""
    rows = (
        Organisation.objects.filter(path__startswith=scope.path, kind__in=BRANCH_KINDS)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date(year, 1, 1)))
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=date(year, 12, 31)))
        .order_by("parent__name", "name")
        .values_list("pk", "name", "parent__name")
    )
    return [Branch(*row) for row in rows]


def compliance_grid(scope: Organisation, year: int, today: date) -> Grid:
    """Each chi bộ × month of the year: held (with its quality level), draft, planned or missing,
    and the quarters that ended without a thematic meeting (CT 50)."""
    through = months_ended(year, today)
    meetings = (
        Meeting.objects.in_subtree(scope)
        .filter(year=year)
        .values_list("organisation_id", "month", "kind", "status", "level", "pk")
    )
    monthly: dict[tuple[int, int], Cell] = {}
    thematic: dict[int, set[int]] = {}
    for org_id, month, kind, status, level, pk in meetings:
        if kind in Meeting.MONTHLY_KINDS:
            monthly[(org_id, month)] = Cell(CELL_STATE[status], level, pk)
        if kind in Meeting.THEMATIC_KINDS and status != Meeting.Status.PLANNED:
            thematic.setdefault(org_id, set()).add(month)

    empty = [MISSING if month <= through else UPCOMING for month in range(1, 13)]
    rows = []
    for org in branches_in(scope, year):
        cells = [monthly.get((org.pk, month), empty[month - 1]) for month in range(1, 13)]
        months = thematic.get(org.pk, set())
        rows.append(Row(org, cells, {(m - 1) // 3 + 1 for m in months}, rules.quarters_without_thematic(months, through)))
    return Grid(
        year=year,
        rows=rows,
        held_by_month=[sum(r.cells[m].state == "held" for r in rows) for m in range(12)],
        missing_by_month=[sum(r.cells[m].state == "missing" for r in rows) for m in range(12)],
        through_month=through,
    )


# Above the grassroots: a row per unit below the scope --------------------------------------------
# A province has 2,000 chi bộ: its calendar and watch lists count them per unit below (a commune, a
# bloc) in SQL and drill down, as the rating queue does, instead of building every chi bộ-month.


def by_unit(scope: Organisation) -> bool:
    """Whether the scope's pages list the units below it rather than each chi bộ."""
    return scope.kind == Organisation.Kind.PROVINCE


@dataclass
class UnitRow:
    org: Organisation
    branches: int = 0
    held: list[int] = field(default_factory=lambda: [0] * 12)  # chi bộ whose month's meeting is finalised
    missing: list[int] = field(default_factory=lambda: [0] * 12)  # chi bộ with no meeting in a month ended
    missed_branches: int = 0  # chi bộ with a month ended without its regular meeting
    missed_months: int = 0
    late_branches: int = 0  # chi bộ with a quarter ended without a thematic meeting
    late_quarters: int = 0
    problem_branches: int = 0  # either of these, or a draft

    @property
    def has_problem(self) -> bool:
        return self.problem_branches > 0

    @property
    def held_total(self) -> int:
        """Regular meetings held in the year (one a month per chi bộ, by constraint)."""
        return sum(self.held)


@dataclass
class UnitGrid:
    year: int
    rows: list[UnitRow]
    held_by_month: list[int]
    missing_by_month: list[int]
    through_month: int
    branches: int

    @property
    def held_total(self) -> int:
        return sum(self.held_by_month)

    @property
    def missed_branches(self) -> int:
        return sum(r.missed_branches for r in self.rows)

    @property
    def late_branches(self) -> int:
        return sum(r.late_branches for r in self.rows)


def units_below(scope: Organisation, year: int) -> list[Organisation]:
    """The scope's children that existed in the year (tổ đảng aside), by name."""
    return list(
        scope.children.exclude(kind=Organisation.Kind.GROUP)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date(year, 1, 1)))
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=date(year, 12, 31)))
        .order_by("name")
    )


def unit_grid(scope: Organisation, year: int, today: date) -> UnitGrid:
    """The compliance calendar counted per unit below the scope: for each month how many of its chi
    bộ held the regular meeting and how many missed it, and how many chi bộ have a problem (a missed
    month, a quarter without a thematic meeting, a draft). Four queries whatever the size."""
    through = months_ended(year, today)
    quarters = through // 3
    rows = {u.path: UnitRow(u) for u in units_below(scope, year)}
    unit = unit_path(scope)
    existing = (
        Organisation.objects.filter(path__startswith=scope.path, kind__in=BRANCH_KINDS)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date(year, 1, 1)))
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=date(year, 12, 31)))
        .annotate(unit=unit_path(scope, "path")).values_list("unit").annotate(n=Count("pk")).order_by()
    )
    for path, n in existing:
        if path in rows:
            rows[path].branches = n
    meetings = Meeting.objects.in_subtree(scope).filter(year=year, organisation__kind__in=BRANCH_KINDS).annotate(unit=unit)
    monthly = Q(kind__in=Meeting.MONTHLY_KINDS)
    per_month = (
        meetings.filter(monthly).values_list("unit", "month")
        .annotate(met=Count("organisation", distinct=True),
                  held=Count("organisation", distinct=True, filter=Q(status=Meeting.Status.FINALISED)))
        .order_by()
    )
    for path, month, met, held in per_month:
        if path in rows:
            rows[path].held[month - 1] = held
            rows[path].missing[month - 1] = -met  # the chi bộ that met, subtracted from all below
    quarter = ExpressionWrapper((F("month") - 1) / 3, output_field=IntegerField())
    per_branch = (
        meetings.values_list("unit", "organisation_id")
        .annotate(
            months=Count("month", distinct=True, filter=monthly & Q(month__lte=through)),
            drafts=Count("month", filter=monthly & Q(status=Meeting.Status.DRAFT)),
            quarters=Count(quarter, distinct=True, filter=Q(kind__in=Meeting.THEMATIC_KINDS, month__lte=quarters * 3)
                           & ~Q(status=Meeting.Status.PLANNED)),
        )
        .order_by()
    )
    active: dict[str, int] = {}
    for path, _, months, drafts, thematic in per_branch:
        row = rows.get(path)
        if row is None:
            continue
        active[path] = active.get(path, 0) + 1
        missed, late = through - months, quarters - thematic
        row.missed_branches += missed > 0
        row.missed_months += missed
        row.late_branches += late > 0
        row.late_quarters += late
        row.problem_branches += bool(missed or late or drafts)
    for path, row in rows.items():
        silent = row.branches - active.get(path, 0)  # chi bộ with no meeting at all this year
        if through:
            row.missed_branches += silent
            row.missed_months += silent * through
            row.problem_branches += silent
        if quarters:
            row.late_branches += silent
            row.late_quarters += silent * quarters
        row.missing = [row.branches + n if m < through else 0 for m, n in enumerate(row.missing)]
    units = list(rows.values())
    return UnitGrid(
        year=year,
        rows=units,
        held_by_month=[sum(r.held[m] for r in units) for m in range(12)],
        missing_by_month=[sum(r.missing[m] for r in units) for m in range(12)],
        through_month=through,
        branches=sum(r.branches for r in units),
    )


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
        rows.filter(status__in=Attendance.ABSENT).values("member_id")
        .annotate(n=Count("pk"), unexcused=Count("pk", filter=Q(status=Attendance.Status.UNEXCUSED)))
        .filter(Q(n__gt=rules.MAX_CONSECUTIVE_ABSENCES) | Q(unexcused__gte=rules.UNEXCUSED_XOA_TEN))
        .values_list("member_id", "n", "unexcused")
    )
    candidates = {m: u for m, _, u in absences}
    unexcused = {m: u for m, u in candidates.items() if u >= rules.UNEXCUSED_XOA_TEN}
    # Presences counted from the latest meeting backwards: rows before the first presence are
    # the current run of absences.
    presents_since = Window(
        Sum(Case(When(status=Attendance.Status.PRESENT, then=Value(1)), default=Value(0), output_field=IntegerField())),
        partition_by=F("member_id"),
        order_by=F("meeting__started_at").desc(),
    )
    leading = (
        rows.filter(member_id__in=list(candidates)).annotate(presents=presents_since)
        .filter(presents=0).values_list("member_id", flat=True)
    )
    streaks: dict[int, int] = {}
    for member_id in leading:
        streaks[member_id] = streaks.get(member_id, 0) + 1
    return {m: n for m, n in streaks.items() if n > rules.MAX_CONSECUTIVE_ABSENCES}, unexcused


def members_to_watch(scope: Organisation, today: date) -> list[Watch]:
    """The members on the watch list (`_absentees`), by name."""
    streaks, unexcused = _absentees(scope, today)
    members = Member.objects.filter(pk__in=set(streaks) | set(unexcused)).select_related("organisation").in_name_order()
    return [Watch(m, streaks.get(m.pk, 0), unexcused.get(m.pk, 0)) for m in members]


def members_to_watch_by_unit(scope: Organisation, today: date) -> dict[str, int]:
    """Unit path → how many of its members are on the watch list."""
    streaks, unexcused = _absentees(scope, today)
    return dict(
        Member.objects.filter(pk__in=set(streaks) | set(unexcused)).annotate(unit=unit_path(scope))
        .values_list("unit").annotate(n=Count("pk")).order_by()
    )


def followed_by_unit(scope: Organisation, year: int) -> dict[str, int]:
    """Unit path → the regular meetings of its chi bộ that the superior's assigned member attended
    (read from the few guest rows, not the year's meetings)."""
    return dict(
        Guest.objects.filter(
            is_following_member=True, meeting__organisation__path__startswith=scope.path, meeting__year=year,
            meeting__kind__in=Meeting.MONTHLY_KINDS, meeting__status=Meeting.Status.FINALISED,
        )
        .annotate(unit=unit_path(scope, "meeting__organisation__path")).values_list("unit")
        .annotate(n=Count("meeting", distinct=True)).order_by()
    )


def following_member_attendance(scope: Organisation, year: int):
    """Per chi bộ: regular meetings held, and how many the superior's assigned member attended."""
    return (
        Meeting.objects.in_subtree(scope).monthly()
        .filter(year=year, status=Meeting.Status.FINALISED)
        .values("organisation_id", "organisation__name", "organisation__parent__name")
        .annotate(
            held=Count("pk", distinct=True),
            followed=Count("pk", filter=Q(guests__is_following_member=True), distinct=True),
        )
        .order_by("followed", "organisation__name")
    )


def open_tasks(org: Organisation):
    return Task.objects.filter(meeting__organisation=org, status=Task.Status.OPEN).select_related("member", "meeting")


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
        m["month"]: m for m in
        Meeting.objects.monthly().filter(organisation=org, year=year, status=Meeting.Status.FINALISED)
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
    return list(Task.objects.filter(member=member, status=Task.Status.OPEN).select_related("meeting").order_by("deadline", "pk"))
