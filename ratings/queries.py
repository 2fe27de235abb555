"""Reads for the rating pages: the year's period, a chi bộ's sheet with each member's evidence,
the reviewer's queue, the distribution against last year and its outliers."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from statistics import median

from django.db.models import Count, F

from branches.models import BRANCH_KINDS, Discipline, Organisation
from meetings.models import Attendance, Meeting, Task

from .models import MemberRating, OrganisationRating, RatingPeriod, Status
from .reports import tables
from .reports.figures import LEVELS
from .rules.common import Level
from .rules.quota import GOOD, Quota


def period_for(org: Organisation, year: int) -> RatingPeriod | None:
    return RatingPeriod.objects.filter(province_id=org.province_id, year=year).first()


# A chi bộ's sheet ---------------------------------------------------------------------------------


@dataclass
class Evidence:
    """What the year's records say about a member, beside their self-assessment."""

    attendance: Counter = field(default_factory=Counter)  # Attendance.Status → count, finalised meetings
    tasks: Counter = field(default_factory=Counter)  # Task.Status → count, tasks given in the minutes
    disciplines: list[Discipline] = field(default_factory=list)  # decided in the year

    @property
    def meetings(self) -> int:
        return sum(self.attendance[s] for s in Attendance.COUNTED)

    @property
    def absences(self) -> int:
        return sum(self.attendance[s] for s in Attendance.ABSENT)

    @property
    def attendance_rate(self) -> int | None:
        return (
            round(100 * self.attendance[Attendance.Status.PRESENT] / self.meetings) if self.meetings else None
        )


def evidence(member_ids: list[int], year: int, disciplines: bool = True) -> dict[int, Evidence]:
    """Attendance, tasks from the minutes and (unless the caller has them) discipline in `year`
    for each member: three queries."""
    found: dict[int, Evidence] = defaultdict(Evidence)
    attendance = (
        Attendance.objects.filter(
            member_id__in=member_ids, meeting__year=year, meeting__status=Meeting.Status.FINALISED
        )
        .values_list("member_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for member_id, status, n in attendance:
        found[member_id].attendance[status] = n
    tasks = (
        Task.objects.filter(member_id__in=member_ids, meeting__year=year)
        .values_list("member_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for member_id, status, n in tasks:
        found[member_id].tasks[status] = n
    if disciplines:
        for discipline in Discipline.objects.filter(member_id__in=member_ids, decided_on__year=year).order_by(
            "decided_on"
        ):
            found[discipline.member_id].disciplines.append(discipline)
    return found


def sheet(org: Organisation, period: RatingPeriod) -> list[MemberRating]:
    """The chi bộ's members for the year in name order, each with `.evidence`."""
    rows = list(
        MemberRating.objects.current()
        .filter(period=period, organisation=org)
        .select_related("member")
        .prefetch_related("member__disciplines")
        .order_by("member__sort_key")
    )
    found = evidence([r.member_id for r in rows], period.year, disciplines=False)
    for row in rows:
        row.period = period  # the rules read the period's parameters for every row
        row.evidence = found[row.member_id]
        # All the member's disciplines come prefetched for the rules; the sheet shows the year's.
        row.evidence.disciplines = [
            d for d in row.member.disciplines.all() if d.decided_on.year == period.year
        ]
    return rows


def quota_of(levels: list[str], period: RatingPeriod) -> Quota:
    return Quota.of(levels, Fraction(str(period.quota_share)), period.small_group_minimum)


def awaiting_comment(org: Organisation, period: RatingPeriod) -> list[MemberRating]:
    """Ratings elsewhere that wait for this chi bộ's comment (a member hosted here, or who left it)."""
    waiting = (
        MemberRating.objects.current()
        .filter(period=period)
        .exclude(waiting_for=[])
        .select_related("member", "organisation")
    )
    return [r for r in waiting if any(w["organisation_id"] == org.pk for w in r.waiting_for)]


# The reviewer's queue ------------------------------------------------------------------------------


@dataclass
class Progress:
    """An organisation's progress: its members' ratings by status and its own rating; for a row of
    the queue's table, the counts cover the organisation's whole subtree."""

    org: Organisation
    counts: Counter  # member rating status → count
    own: OrganisationRating | None
    proposed_organisations: int = 0  # organisations of the subtree whose own rating awaits a decision

    @property
    def rated(self) -> int:
        return sum(n for status, n in self.counts.items() if status != Status.EXCLUDED)

    @property
    def awaiting_decision(self) -> int:
        return self.counts[Status.PROPOSED]

    @property
    def done(self) -> int:
        return self.counts[Status.DECIDED] + self.counts[Status.PUBLISHED]

    @property
    def leaf(self) -> bool:
        """A chi bộ: nothing below it to drill down into."""
        return self.org.kind in BRANCH_KINDS


def _child_path(path: str, depth: int) -> str:
    """The path of the ancestor of `path` (or itself) `depth` segments deep."""
    return "/" + "/".join(path.strip("/").split("/")[:depth]) + "/"


def progress(scope: Organisation, period: RatingPeriod) -> list[Progress]:
    """The level directly below the scope, each active organisation with its subtree's members'
    progress, its own rating and how many of its subtree's organisations await a decision: four
    queries whatever the size, and one row per child rather than one per organisation."""
    children = {
        o.path: o
        for o in Organisation.objects.filter(parent=scope, dissolved_on__isnull=True)
        .exclude(kind=Organisation.Kind.GROUP)
        .order_by("path")
    }
    depth = len(scope.path.strip("/").split("/")) + 1
    counts: dict[str, Counter] = defaultdict(Counter)
    member_rows = (
        MemberRating.objects.current()
        .in_subtree(scope)
        .filter(period=period)
        .exclude(organisation=scope)
        .values_list("organisation__path", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for path, status, n in member_rows:
        counts[_child_path(path, depth)][status] += n
    proposed: Counter = Counter()
    organisations = (
        OrganisationRating.objects.current()
        .filter(period=period, organisation__path__startswith=scope.path, status=Status.PROPOSED)
        .exclude(organisation=scope)
        .values_list("organisation__path", flat=True)
    )
    for path in organisations:
        proposed[_child_path(path, depth)] += 1
    own = {
        r.organisation_id: r
        for r in OrganisationRating.objects.current().filter(
            period=period, organisation__in=children.values()
        )
    }
    return [Progress(org, counts[path], own.get(org.pk), proposed[path]) for path, org in children.items()]


def queue(
    scope: Organisation, period: RatingPeriod, rows: list[Progress]
) -> tuple[list[Progress], list[Progress]]:
    """(chi bộ whose member lists await a decision, organisations whose own rating awaits one).

    A commune (or anything below the province) lists them all, as it decides them; the province
    decides neither chi bộ lists nor grassroots organisations, so there the lists stay at the level
    below: `rows` (the communes, counts over their subtree) with members or an own rating waiting."""
    if scope.kind == Organisation.Kind.PROVINCE:
        return [p for p in rows if p.awaiting_decision], [
            p for p in rows if p.own and p.own.status == Status.PROPOSED
        ]
    waiting = (
        MemberRating.objects.current()
        .in_subtree(scope)
        .filter(period=period, status=Status.PROPOSED)
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    waiting = dict(waiting)
    orgs = Organisation.objects.filter(pk__in=waiting).order_by("path")
    members = [Progress(o, Counter({Status.PROPOSED: waiting[o.pk]}), None) for o in orgs]
    proposed = (
        OrganisationRating.objects.current()
        .filter(period=period, organisation__path__startswith=scope.path, status=Status.PROPOSED)
        .select_related("organisation")
        .order_by("organisation__path")
    )
    return members, [Progress(r.organisation, Counter(), r) for r in proposed]


# Distribution ----------------------------------------------------------------------------------------


@dataclass
class Part:
    """One organisation below the scope: its members' and organisations' levels this year and
    last (the report's tables B and A), and what deserves a look."""

    members: tables.MemberRow
    organisations: tables.OrganisationRow
    quota_breaches: int = 0  # quota groups whose decided HTXSNV exceed the quota
    changed: int = 0  # decisions that differ from the proposal
    outlier: bool = False

    @property
    def org(self) -> Organisation | None:
        return self.members.unit

    @property
    def member_cells(self) -> list[tuple[int, Decimal | None, Decimal | None]]:
        """Per level: this year's count and share, and last year's share."""
        now, before = self.members.levels, self.members.before
        return [(now.counts[level], now.share(level), before.share(level)) for level in LEVELS]


# The quota keeps HTXSNV near 10–12 % of the rated members, so "far above its peers" is a few
# points: this many above the peers' median, and 30 % more than it.
OUTLIER_POINTS = 3
OUTLIER_FACTOR = Decimal("1.3")


def distribution(
    scope: Organisation, period: RatingPeriod, before: RatingPeriod | None
) -> tuple[list[Part], Part]:
    """Per organisation below the scope: the report's member and organisation tables, plus quota
    breaches, decisions that differ from the proposal, and whether its HTXSNV share stands out."""
    unit_list = tables.units(scope)
    member_rows, member_total = tables.members(scope, period, before, unit_list)
    organisation_rows, organisation_total = tables.organisations(scope, period, before, unit_list)
    parts = {
        row.unit.pk: Part(row, organisation_row)
        for row, organisation_row in zip(member_rows, organisation_rows, strict=True)
    }
    rows = tables.Rows([p.org for p in parts.values()])
    groups: dict[tuple, list[int]] = {}  # quota group → [rated HTTNV or better, HTXSNV, its unit]
    decided = (
        MemberRating.objects.in_force()
        .in_subtree(scope)
        .filter(period=period)
        .values_list("organisation__path", "sheet", "level", "proposed_level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    unit_of: dict[str, Organisation | None] = {}
    for path, sheet, level, proposed, n in decided:
        unit = unit_of[path] if path in unit_of else unit_of.setdefault(path, rows.unit(path))
        if unit is None:
            continue
        group = groups.setdefault(period.quota_key(path, sheet), [0, 0, unit.pk])
        if level in GOOD:
            group[0] += n
            group[1] += n if level == Level.HTXSNV else 0
        if proposed and proposed != level:
            parts[unit.pk].changed += n
    share = Fraction(str(period.quota_share))
    for good, excellent, unit_pk in groups.values():
        if Quota.counted(good, excellent, share, period.small_group_minimum).exceeded:
            parts[unit_pk].quota_breaches += 1

    result = list(parts.values())
    shares = [p.members.levels.share(Level.HTXSNV) for p in result if p.members.levels.rated]
    if len(shares) >= 3:
        typical = median(shares)
        for p in result:
            share = p.members.levels.share(Level.HTXSNV)
            p.outlier = (
                share is not None and share >= typical + OUTLIER_POINTS and share >= OUTLIER_FACTOR * typical
            )
    total = Part(
        member_total,
        organisation_total,
        sum(p.quota_breaches for p in result),
        sum(p.changed for p in result),
    )
    return result, total


def changed_decisions(scope: Organisation, period: RatingPeriod, limit: int = 20) -> list[MemberRating]:
    """Decisions that differ from the chi bộ's proposal, most recent first."""
    return list(
        MemberRating.objects.in_force()
        .in_subtree(scope)
        .filter(period=period)
        .exclude(proposed_level="")
        .exclude(level=F("proposed_level"))
        .select_related("member", "organisation")
        .order_by("-decided_on", "pk")[:limit]
    )


def my_ratings(member_id: int) -> list[MemberRating]:
    return list(
        MemberRating.objects.filter(member_id=member_id)
        .exclude(status=Status.CANCELLED)
        .select_related("period", "organisation")
        .order_by("-period__year")
    )


# While a rating is in one of these, its member may still enter or correct the self-assessment.
SELF_ASSESSABLE = (Status.PENDING, Status.SELF_ASSESSED)
