"""The annual report's tables (domain-rules §8) for any scope: one row per organisation directly
below it and a total. The PDF, the Excel export, the distribution page and the dashboards all
read their numbers here, so they cannot disagree. A handful of grouped queries per table,
whatever the size of the scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q

from branches import queries
from branches.models import BRANCH_KINDS, Discipline, Member, Organisation
from meetings.models import Meeting

from ..models import IN_FORCE, MemberRating, OrganisationRating, RatingPeriod, Status
from .figures import Levels, change, rate

REGULAR_MEETINGS = 12  # CT 50 / HD 12: a regular meeting every month
THEMATIC_MEETINGS = 4  # one a quarter


def units(scope: Organisation) -> list[Organisation]:
    """The rows of a report on `scope`: its active children, or the scope itself for a chi bộ."""
    children = list(Organisation.objects.filter(parent=scope, dissolved_on__isnull=True).order_by("name"))
    return children if children and scope.kind not in BRANCH_KINDS else [scope]


class Rows:
    """Routes an organisation path to the report row (unit) whose subtree holds it."""

    def __init__(self, unit_list: list[Organisation]):
        self.by_path = {u.path: u for u in unit_list}

    def unit(self, path: str) -> Organisation | None:
        parts = path.strip("/").split("/")
        for end in range(1, len(parts) + 1):
            found = self.by_path.get("/" + "/".join(parts[:end]) + "/")
            if found is not None:
                return found
        return None


def unit_path(scope: Organisation, unit_list: list[Organisation], field: str = "organisation__path"):
    """The report row's path (`branches.queries.unit_path`); for a chi bộ's own report (its only
    unit is itself) the organisation's path."""
    return F(field) if unit_list == [scope] else queries.unit_path(scope, field)


def _this_year(table: dict, rows: Rows, counted, period: RatingPeriod, before: RatingPeriod | None):
    """Route the grouped counts `counted(period)` and `counted(before)`, rows of (path, status, level,
    n, …), to their unit's row: last year's decided levels go to `row.before` here; this year's
    are yielded as (row, status, level, n, …) for the table to count."""
    for source in (period, before):
        if source is None:
            continue
        for path, status, level, *rest in counted(source):
            unit = rows.unit(path)
            if unit is None:
                continue
            row = table[unit.pk]
            if source is period:
                yield row, status, level, *rest
            elif status in IN_FORCE:
                row.before.add(level, rest[0])


def _count(row, status: str, level: str, n: int, excluded: str | None) -> None:
    """Count `n` ratings of this year in a table's row: all in its total; those not rated in the
    column `excluded` (None: in no column of their own), the decided by level, the rest pending."""
    row.total += n
    if status == Status.EXCLUDED:
        if excluded:
            setattr(row, excluded, getattr(row, excluded) + n)
    elif status in IN_FORCE:
        row.levels.add(level, n)
    else:
        row.pending += n


# Table A: party organisations ----------------------------------------------------------------------


@dataclass
class OrganisationRow:
    unit: Organisation | None
    total: int = 0
    not_rated: int = 0  # founded less than 6 months before the review
    pending: int = 0  # rated but not decided yet
    levels: Levels = field(default_factory=Levels)
    before: Levels = field(default_factory=Levels)

    @property
    def good_change(self) -> Decimal | None:
        return change(self.levels.good_share, self.before.good_share)

    def __iadd__(self, other: OrganisationRow) -> OrganisationRow:
        self.total += other.total
        self.not_rated += other.not_rated
        self.pending += other.pending
        self.levels += other.levels
        self.before += other.before
        return self


def organisations(
    scope: Organisation,
    period: RatingPeriod,
    before: RatingPeriod | None,
    unit_list: list[Organisation] | None = None,
) -> tuple[list[OrganisationRow], OrganisationRow]:
    unit_list = unit_list or units(scope)
    rows = Rows(unit_list)
    table = {u.pk: OrganisationRow(u) for u in unit_list}

    def counted(source):
        return (
            OrganisationRating.objects.current()
            .filter(period=source, organisation__path__startswith=scope.path)
            .exclude(organisation=scope)
            .annotate(unit=unit_path(scope, unit_list))
            .values_list("unit", "status", "level")
            .annotate(n=Count("pk"))
            .order_by()
        )

    for row, status, level, n in _this_year(table, rows, counted, period, before):
        _count(row, status, level, n, "not_rated")
    return _with_total(table, OrganisationRow)


# Table B: party members ----------------------------------------------------------------------------


@dataclass
class MemberRow:
    unit: Organisation | None
    total: int = 0
    exempt: int = 0
    suspended: int = 0
    new: int = 0  # admitted less than 6 months before the review
    pending: int = 0
    disciplined: int = 0  # of those rated, disciplined in the year
    levels: Levels = field(default_factory=Levels)
    before: Levels = field(default_factory=Levels)

    @property
    def subject(self) -> int:
        """Those the review covers (thuộc diện đánh giá)."""
        return self.total - self.exempt - self.suspended - self.new

    @property
    def good_change(self) -> Decimal | None:
        return change(self.levels.good_share, self.before.good_share)

    def __iadd__(self, other: MemberRow) -> MemberRow:
        for name in ("total", "exempt", "suspended", "new", "pending", "disciplined"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.levels += other.levels
        self.before += other.before
        return self


EXCLUDED_COLUMNS = {"exempt": "exempt", "suspended": "suspended", "new": "new"}


def members(
    scope: Organisation,
    period: RatingPeriod,
    before: RatingPeriod | None,
    unit_list: list[Organisation] | None = None,
) -> tuple[list[MemberRow], MemberRow]:
    unit_list = unit_list or units(scope)
    rows = Rows(unit_list)
    table = {u.pk: MemberRow(u) for u in unit_list}
    disciplined_ids = Discipline.objects.filter(decided_on__year=period.year).values("member_id")

    def counted(source):
        grouped = (
            MemberRating.objects.current()
            .in_subtree(scope)
            .filter(period=source)
            .annotate(unit=unit_path(scope, unit_list))
            .values_list("unit", "status", "level", "excluded_column")
            .annotate(n=Count("pk"), disciplined=Count("pk", filter=Q(member_id__in=disciplined_ids)))
            .order_by()
        )
        return (
            (path, status, level, n, column, disciplined)
            for path, status, level, column, n, disciplined in grouped
        )

    for row, status, level, n, column, disciplined in _this_year(table, rows, counted, period, before):
        if column == "left":  # left the Party or the province during the year: not on its roll
            continue
        _count(row, status, level, n, EXCLUDED_COLUMNS.get(column))
        if status in IN_FORCE:
            row.disciplined += disciplined
    return _with_total(table, MemberRow)


# Table C: meetings ---------------------------------------------------------------------------------


@dataclass
class MeetingRow:
    unit: Organisation | None
    branches: int = 0
    full_regular: int = 0  # chi bộ with 12/12 regular meetings
    enough_thematic: int = 0  # chi bộ with ≥ 4 thematic meetings
    held: int = 0
    good: int = 0  # meetings rated Tốt

    @property
    def good_share(self) -> Decimal | None:
        return rate(self.good, self.held)

    def __iadd__(self, other: MeetingRow) -> MeetingRow:
        for name in ("branches", "full_regular", "enough_thematic", "held", "good"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def meetings(
    scope: Organisation, year: int, unit_list: list[Organisation] | None = None
) -> tuple[list[MeetingRow], MeetingRow]:
    unit_list = unit_list or units(scope)
    rows = Rows(unit_list)
    table = {u.pk: MeetingRow(u) for u in unit_list}
    branches = Organisation.objects.filter(
        path__startswith=scope.path, kind__in=BRANCH_KINDS, dissolved_on__isnull=True
    )
    per_branch = {
        path: [0, 0, 0, 0] for path in branches.values_list("path", flat=True)
    }  # regular, thematic, held, good
    held = (
        Meeting.objects.in_subtree(scope)
        .filter(year=year, status=Meeting.Status.FINALISED)
        .values_list("organisation__path")
        .annotate(
            regular=Count("month", filter=Q(kind__in=Meeting.MONTHLY_KINDS), distinct=True),
            thematic=Count("pk", filter=Q(kind__in=Meeting.THEMATIC_KINDS)),
            held=Count("pk"),
            good=Count("pk", filter=Q(level=Meeting.Level.GOOD)),
        )
        .order_by()
    )
    for path, regular, thematic, n, good in held:
        if path in per_branch:
            per_branch[path] = [regular, thematic, n, good]
    for path, (regular, thematic, n, good) in per_branch.items():
        unit = rows.unit(path)
        if unit is None:
            continue
        row = table[unit.pk]
        row.branches += 1
        row.full_regular += regular >= REGULAR_MEETINGS
        row.enough_thematic += thematic >= THEMATIC_MEETINGS
        row.held += n
        row.good += good
    return _with_total(table, MeetingRow)


# Table D: recognitions -----------------------------------------------------------------------------


@dataclass
class RecognitionRow:
    unit: Organisation | None
    schemes: dict[int, int] = field(default_factory=dict)  # scheme id → organisations recognised in the year
    members_excellent: int = 0  # members HTXSNV this year
    members_excellent_running: int = 0  # … and the year before too

    def cells(self, schemes: list) -> list[int]:
        return [self.schemes.get(s.pk, 0) for s in schemes]

    def __iadd__(self, other: RecognitionRow) -> RecognitionRow:
        for pk, n in other.schemes.items():
            self.schemes[pk] = self.schemes.get(pk, 0) + n
        self.members_excellent += other.members_excellent
        self.members_excellent_running += other.members_excellent_running
        return self


def recognitions(
    scope: Organisation,
    period: RatingPeriod,
    before: RatingPeriod | None,
    unit_list: list[Organisation] | None = None,
) -> tuple[list[RecognitionRow], RecognitionRow, list]:
    """Organisations recognised in the year per scheme (revoked ones no longer count), and members
    rated HTXSNV this year and two years running."""
    from ..models import Recognition, RecognitionScheme

    unit_list = unit_list or units(scope)
    rows = Rows(unit_list)
    table = {u.pk: RecognitionRow(u) for u in unit_list}
    granted = (
        Recognition.objects.in_subtree(scope)
        .filter(year=period.year, status=Recognition.Status.RECOGNISED)
        .values_list("organisation__path", "scheme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for path, scheme_id, n in granted:
        unit = rows.unit(path)
        if unit is not None:
            table[unit.pk].schemes[scheme_id] = table[unit.pk].schemes.get(scheme_id, 0) + n
    earlier = (
        MemberRating.objects.in_force().filter(period=before, level="HTXSNV").values("member_id")
        if before
        else MemberRating.objects.none().values("member_id")
    )
    excellent = (
        MemberRating.objects.in_force()
        .in_subtree(scope)
        .filter(period=period, level="HTXSNV")
        .values_list("organisation__path")
        .annotate(n=Count("pk"), running=Count("pk", filter=Q(member_id__in=earlier)))
        .order_by()
    )
    for path, n, running in excellent:
        unit = rows.unit(path)
        if unit is not None:
            table[unit.pk].members_excellent += n
            table[unit.pk].members_excellent_running += running
    schemes = list(
        RecognitionScheme.objects.filter(
            pk__in={pk for row in table.values() for pk in row.schemes}
        ).order_by("name")
    )
    result, total = _with_total(table, RecognitionRow)
    return result, total, schemes


# Member composition (the Trà Vinh seed's figures) ---------------------------------------------------


@dataclass
class Composition:
    members: int
    women: int
    ethnic: dict[str, int]  # other than Kinh, largest first
    exempt: int
    probationary: int

    def share(self, n: int) -> Decimal | None:
        return rate(n, self.members)

    @property
    def women_share(self) -> Decimal | None:
        return self.share(self.women)

    @property
    def exempt_share(self) -> Decimal | None:
        return self.share(self.exempt)

    @property
    def ethnic_shares(self) -> list[tuple[str, int, Decimal | None]]:
        return [(name, n, self.share(n)) for name, n in self.ethnic.items()]


def composition(scope: Organisation) -> Composition:
    current = Member.objects.current().filter(organisation__path__startswith=scope.path)
    figures = current.aggregate(
        members=Count("pk"),
        women=Count("pk", filter=Q(gender="F")),
        exempt=Count("pk", filter=Q(is_exempt=True)),
        probationary=Count("pk", filter=Q(status=Member.Status.PROBATIONARY)),
    )
    ethnic = dict(
        current.exclude(ethnicity="Kinh")
        .values_list("ethnicity")
        .annotate(n=Count("pk"))
        .order_by("-n", "ethnicity")
    )
    return Composition(ethnic=ethnic, **figures)


def _with_total(table: dict, row_type: type) -> tuple[list, object]:
    """A table's rows, in the order of its units, and the row that adds them up."""
    rows, total = list(table.values()), row_type(None)
    for row in rows:
        total += row
    return rows, total
