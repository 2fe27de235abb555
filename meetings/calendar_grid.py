"""The compliance calendar's grid: which chi bộ held each month's regular meeting (and how well), which
quarter lacked a thematic one; per chi bộ for a commune, per unit below for the province."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q

from branches.models import BRANCH_KINDS, Organisation
from branches.queries import unit_path

from . import rules
from .models import Meeting


class Cell(NamedTuple):
    """One chi bộ-month. A tuple, not a dataclass: a province grid has 28,000 of them."""

    state: str  # held | draft | planned | missing | upcoming
    level: str = ""
    meeting_id: int | None = None

    @property
    def mark(self) -> str:
        """What the calendar shows in the cell (its legend explains the marks)."""
        return LEVEL_MARKS.get(self.level, "✓") if self.state == "held" else STATE_MARKS[self.state]

    @property
    def what(self) -> str:
        return STATE_WORDS[self.state]


LEVEL_MARKS = {
    Meeting.Level.GOOD: "T",
    Meeting.Level.FAIR: "K",
    Meeting.Level.AVERAGE: "TB",
    Meeting.Level.POOR: "Y",
}
STATE_MARKS = {"draft": "N", "planned": "KH", "missing": "✗", "upcoming": "·"}
STATE_WORDS = {
    "held": "đã họp",
    "draft": "bản nháp",
    "planned": "kế hoạch",
    "missing": "không họp",
    "upcoming": "chưa đến hạn",
}


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
        .existing_in(year)
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
        rows.append(
            Row(
                org,
                cells,
                {(m - 1) // 3 + 1 for m in months},
                rules.quarters_without_thematic(months, through),
            )
        )
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
    held_total: int = 0  # regular meetings held in the year (finalised)

    @property
    def has_problem(self) -> bool:
        return self.problem_branches > 0


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
        return sum(r.held_total for r in self.rows)

    @property
    def missed_branches(self) -> int:
        return sum(r.missed_branches for r in self.rows)

    @property
    def late_branches(self) -> int:
        return sum(r.late_branches for r in self.rows)


def units_below(scope: Organisation, year: int) -> list[Organisation]:
    """The scope's children that existed in the year (tổ đảng aside), by name."""
    return list(scope.children.exclude(kind=Organisation.Kind.GROUP).existing_in(year).order_by("name"))


def unit_grid(scope: Organisation, year: int, today: date, by_month: bool = True) -> UnitGrid:
    """The compliance calendar counted per unit below the scope: for each month how many of its chi
    bộ held the regular meeting and how many missed it (`by_month`: the watch lists need only the
    year's totals), and how many chi bộ have a problem (a missed month, a quarter without a thematic
    meeting, a draft). Three or four queries whatever the size."""
    through = months_ended(year, today)
    quarters = through // 3
    rows = {u.path: UnitRow(u) for u in units_below(scope, year)}
    unit = unit_path(scope)
    existing = (
        Organisation.objects.filter(path__startswith=scope.path, kind__in=BRANCH_KINDS)
        .existing_in(year)
        .annotate(unit=unit_path(scope, "path"))
        .values_list("unit")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for path, n in existing:
        if path in rows:
            rows[path].branches = n
    meetings = (
        Meeting.objects.in_subtree(scope)
        .filter(year=year, organisation__kind__in=BRANCH_KINDS)
        .annotate(unit=unit)
    )
    monthly = Q(kind__in=Meeting.MONTHLY_KINDS)
    per_month = (
        meetings.filter(monthly)
        .values_list("unit", "month")
        .annotate(
            met=Count("organisation", distinct=True),
            held=Count("organisation", distinct=True, filter=Q(status=Meeting.Status.FINALISED)),
        )
        .order_by()
    )
    for path, month, met, held in per_month if by_month else ():
        if path in rows:
            rows[path].held[month - 1] = held
            rows[path].missing[month - 1] = -met  # the chi bộ that met, subtracted from all below
    quarter = ExpressionWrapper((F("month") - 1) / 3, output_field=IntegerField())
    per_branch = (
        meetings.values_list("unit", "organisation_id")
        .annotate(
            months=Count("month", distinct=True, filter=monthly & Q(month__lte=through)),
            drafts=Count("month", filter=monthly & Q(status=Meeting.Status.DRAFT)),
            held=Count("month", distinct=True, filter=monthly & Q(status=Meeting.Status.FINALISED)),
            quarters=Count(
                quarter,
                distinct=True,
                filter=Q(kind__in=Meeting.THEMATIC_KINDS, month__lte=quarters * 3)
                & ~Q(status=Meeting.Status.PLANNED),
            ),
        )
        .order_by()
    )
    active: dict[str, int] = {}
    for path, _, months, drafts, held, thematic in per_branch:
        row = rows.get(path)
        if row is None:
            continue
        active[path] = active.get(path, 0) + 1
        row.held_total += held
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
