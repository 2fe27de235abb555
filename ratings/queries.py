"""Reads for the rating pages: the year's period, a chi bộ's sheet with each member's evidence,
the reviewer's queue, the distribution against last year and its outliers."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from statistics import median

from django.db.models import Count, F

from branches.models import BRANCH_KINDS, Discipline, Organisation
from meetings.models import Attendance, Meeting, Task

from .models import MemberRating, OrganisationRating, RatingPeriod, Status
from .rules.common import ORDER, Level
from .rules.quota import max_excellent

DONE = (Status.DECIDED, Status.PUBLISHED)
LEVELS = [level.value for level in reversed(ORDER)]  # HTXSNV first


def province_of(org: Organisation) -> int:
    """The id of the province the organisation belongs to: the root of its path."""
    return int(org.path.strip("/").split("/")[0])


def period_for(org: Organisation, year: int) -> RatingPeriod | None:
    return RatingPeriod.objects.filter(province_id=province_of(org), year=year).first()


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
        return round(100 * self.attendance[Attendance.Status.PRESENT] / self.meetings) if self.meetings else None


def evidence(member_ids: list[int], year: int, disciplines: bool = True) -> dict[int, Evidence]:
    """Attendance, tasks from the minutes and (unless the caller has them) discipline in `year`
    for each member: three queries."""
    found: dict[int, Evidence] = defaultdict(Evidence)
    attendance = (
        Attendance.objects.filter(member_id__in=member_ids, meeting__year=year, meeting__status=Meeting.Status.FINALISED)
        .values_list("member_id", "status").annotate(n=Count("pk")).order_by()
    )
    for member_id, status, n in attendance:
        found[member_id].attendance[status] = n
    tasks = Task.objects.filter(member_id__in=member_ids, meeting__year=year).values_list("member_id", "status").annotate(n=Count("pk")).order_by()
    for member_id, status, n in tasks:
        found[member_id].tasks[status] = n
    if disciplines:
        for discipline in Discipline.objects.filter(member_id__in=member_ids, decided_on__year=year).order_by("decided_on"):
            found[discipline.member_id].disciplines.append(discipline)
    return found


def sheet(org: Organisation, period: RatingPeriod) -> list[MemberRating]:
    """The chi bộ's members for the year in name order, each with `.evidence`."""
    rows = list(
        MemberRating.objects.current().filter(period=period, organisation=org)
        .select_related("member").prefetch_related("member__disciplines")
        .order_by("member__sort_key")
    )
    found = evidence([r.member_id for r in rows], period.year, disciplines=False)
    for row in rows:
        row.period = period  # the rules read the period's parameters for every row
        row.evidence = found[row.member_id]
        # All the member's disciplines come prefetched for the rules; the sheet shows the year's.
        row.evidence.disciplines = [d for d in row.member.disciplines.all() if d.decided_on.year == period.year]
    return rows


@dataclass(frozen=True)
class Quota:
    good: int  # rated (or proposed) HTTNV or better
    excellent: int
    allowed: int

    @property
    def exceeded(self) -> bool:
        return self.excellent > self.allowed


def quota_of(levels: list[str], period: RatingPeriod) -> Quota:
    good = sum(level in (Level.HTXSNV, Level.HTTNV) for level in levels)
    return Quota(good, levels.count(Level.HTXSNV), max_excellent(good, Fraction(str(period.quota_share)), period.small_group_minimum))


def awaiting_comment(org: Organisation, period: RatingPeriod) -> list[MemberRating]:
    """Ratings elsewhere that wait for this chi bộ's comment (a member hosted here, or who left it)."""
    waiting = MemberRating.objects.current().filter(period=period).exclude(waiting_for=[]).select_related("member", "organisation")
    return [r for r in waiting if any(w["organisation_id"] == org.pk for w in r.waiting_for)]


# The reviewer's queue ------------------------------------------------------------------------------


@dataclass
class Progress:
    org: Organisation
    counts: Counter  # member rating status → count
    own: OrganisationRating | None

    @property
    def rated(self) -> int:
        return sum(n for status, n in self.counts.items() if status != Status.EXCLUDED)

    @property
    def awaiting_decision(self) -> int:
        return self.counts[Status.PROPOSED]

    @property
    def done(self) -> int:
        return self.counts[Status.DECIDED] + self.counts[Status.PUBLISHED]


def progress(scope: Organisation, period: RatingPeriod) -> list[Progress]:
    """Every rated organisation of the subtree with its members' progress and its own rating:
    three queries whatever the size."""
    orgs = {
        o.pk: o for o in Organisation.objects.filter(path__startswith=scope.path, dissolved_on__isnull=True)
        .exclude(kind__in=[Organisation.Kind.PROVINCE, Organisation.Kind.GROUP]).select_related("parent").order_by("path")
    }
    counts: dict[int, Counter] = defaultdict(Counter)
    member_rows = (
        MemberRating.objects.current().filter(period=period, organisation__path__startswith=scope.path)
        .values_list("organisation_id", "status").annotate(n=Count("pk")).order_by()
    )
    for org_id, status, n in member_rows:
        counts[org_id][status] = n
    own = {
        r.organisation_id: r for r in
        OrganisationRating.objects.current().filter(period=period, organisation__path__startswith=scope.path)
    }
    return [Progress(org, counts[pk], own.get(pk)) for pk, org in orgs.items()]


def queue(rows: list[Progress]) -> tuple[list[Progress], list[Progress]]:
    """(chi bộ whose member lists await a decision, organisations whose own rating awaits one)."""
    members = [p for p in rows if p.awaiting_decision]
    organisations = [p for p in rows if p.own and p.own.status == Status.PROPOSED]
    return members, organisations


# Distribution ----------------------------------------------------------------------------------------


@dataclass
class Share:
    """Levels counted over a part of the tree."""

    levels: Counter = field(default_factory=Counter)
    excluded: int = 0

    @property
    def rated(self) -> int:
        return sum(self.levels[level] for level in LEVELS)

    def percent(self, level: str) -> float | None:
        return 100 * self.levels[level] / self.rated if self.rated else None

    @property
    def excellent_share(self) -> float | None:
        return self.percent(Level.HTXSNV)

    def cells(self) -> list[tuple[int, float | None]]:
        return [(self.levels[level], self.percent(level)) for level in LEVELS]


@dataclass
class Part:
    org: Organisation
    members: Share
    members_before: Share
    organisations: Share
    organisations_before: Share
    quota_breaches: int = 0
    changed: int = 0  # decisions that differ from the proposal
    outlier: bool = False

    @property
    def member_cells(self) -> list[tuple[int, float | None, float | None]]:
        """Per level: this year's count and share, and last year's share."""
        return [(n, pct, before) for (n, pct), (_, before) in zip(self.members.cells(), self.members_before.cells(), strict=True)]


def _child_of(children: dict[str, Organisation], path: str) -> Organisation | None:
    """The child of the scope whose subtree holds `path`."""
    parts = path.strip("/").split("/")
    for end in range(1, len(parts) + 1):
        child = children.get("/" + "/".join(parts[:end]) + "/")
        if child is not None:
            return child
    return None


def _member_levels(scope: Organisation, period: RatingPeriod | None):
    if period is None:
        return []
    return (
        MemberRating.objects.current().filter(period=period, organisation__path__startswith=scope.path)
        .values_list("organisation__path", "sheet", "status", "level", "proposed_level").annotate(n=Count("pk")).order_by()
    )


def _organisation_levels(scope: Organisation, period: RatingPeriod | None):
    if period is None:
        return []
    return (
        OrganisationRating.objects.current().filter(period=period, organisation__path__startswith=scope.path)
        .exclude(organisation=scope).values_list("organisation__path", "status", "level").annotate(n=Count("pk")).order_by()
    )


def _quota_key(period: RatingPeriod, path: str, sheet: str) -> tuple:
    if period.quota_group == RatingPeriod.QuotaGroup.BRANCH:
        return (path,)
    grassroots = "/".join(path.split("/")[:4]) + "/"
    return (grassroots, sheet) if period.quota_group == RatingPeriod.QuotaGroup.SHEET else (grassroots,)


OUTLIER_POINTS = 10  # an HTXSNV share this many points above the peers' median …
OUTLIER_FACTOR = 1.5  # … and half as large again is worth a look


def distribution(scope: Organisation, period: RatingPeriod, before: RatingPeriod | None) -> list[Part]:
    """Per child of the scope: members and organisations by level this year and last, quota
    breaches, decisions that differ from the proposal, and whether its HTXSNV share stands out."""
    kids = list(Organisation.objects.filter(parent=scope, dissolved_on__isnull=True).order_by("name"))
    if scope.kind in BRANCH_KINDS or not kids:
        kids = [scope]
    children = {c.path: c for c in kids}
    parts = {c.pk: Part(c, Share(), Share(), Share(), Share()) for c in kids}

    groups: dict[tuple, list[str]] = defaultdict(list)
    group_child: dict[tuple, Organisation] = {}
    for source, attr in ((period, "members"), (before, "members_before")):
        for path, sheet, status, level, proposed, n in _member_levels(scope, source):
            child = _child_of(children, path)
            if child is None:
                continue
            share = getattr(parts[child.pk], attr)
            if status == Status.EXCLUDED:
                share.excluded += n
            elif status in DONE:
                share.levels[level] += n
                if source is period:
                    key = _quota_key(period, path, sheet)
                    groups[key] += [level] * n
                    group_child[key] = child
                    if proposed and proposed != level:
                        parts[child.pk].changed += n
    for key, levels in groups.items():
        if quota_of(levels, period).exceeded:
            parts[group_child[key].pk].quota_breaches += 1
    for source, attr in ((period, "organisations"), (before, "organisations_before")):
        for path, status, level, n in _organisation_levels(scope, source):
            child = _child_of(children, path)
            if child is not None and status in DONE:
                getattr(parts[child.pk], attr).levels[level] += n

    result = list(parts.values())
    shares = [p.members.excellent_share for p in result if p.members.rated]
    if len(shares) >= 3:
        typical = median(shares)
        for p in result:
            share = p.members.excellent_share
            p.outlier = share is not None and share >= typical + OUTLIER_POINTS and share >= OUTLIER_FACTOR * typical
    return result


def total(parts: list[Part]) -> Part:
    whole = Part(None, Share(), Share(), Share(), Share())
    for p in parts:
        for attr in ("members", "members_before", "organisations", "organisations_before"):
            getattr(whole, attr).levels.update(getattr(p, attr).levels)
            getattr(whole, attr).excluded += getattr(p, attr).excluded
        whole.quota_breaches += p.quota_breaches
        whole.changed += p.changed
    return whole


def changed_decisions(scope: Organisation, period: RatingPeriod, limit: int = 20) -> list[MemberRating]:
    """Decisions that differ from the chi bộ's proposal, most recent first."""
    return list(
        MemberRating.objects.current().filter(period=period, organisation__path__startswith=scope.path, status__in=DONE)
        .exclude(proposed_level="").exclude(level=F("proposed_level"))
        .select_related("member", "organisation").order_by("-decided_on", "pk")[:limit]
    )


def my_ratings(member_id: int) -> list[MemberRating]:
    return list(
        MemberRating.objects.filter(member_id=member_id).exclude(status=Status.CANCELLED)
        .select_related("period", "organisation").order_by("-period__year")
    )

