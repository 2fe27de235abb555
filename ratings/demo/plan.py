"""What the demo's rating years look like: the years and their calendars, how far each chi bộ has got in
the open year, how many disciplines and re-ratings, the units and people the builder works on."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from branches.models import Organisation, RoleAssignment

from ..models import MemberRating, OrganisationRating, RatingPeriod, Status
from ..rules.common import Level
from .levels import Plan

FULL_YEARS, OPEN_YEAR = (2024, 2025), 2026


Role = RoleAssignment.Role


OVER_PROPOSED = 0.04  # chi bộ proposing one HTXSNV more than the quota (trimmed at the decision)


OUTLIER_COMMUNES = 4  # at province scale; the commune demo's second commune is its outlier


DISCIPLINED = {"duty": 20, "other": 14, "committee": 3}  # a province year; the commune gets one a year


RERATINGS = 20  # 2025 results re-rated at province scale (3 in the commune)


# The open year, per chi bộ: nobody self-assessed yet, some, all, the list proposed, decided.
OPEN_STAGES = [("pending", 12), ("partial", 25), ("assessed", 33), ("proposed", 20), ("decided", 10)]


STEPS = [Status.PENDING, Status.SELF_ASSESSED, Status.PROPOSED, Status.DECIDED, Status.PUBLISHED]


@dataclass
class Unit:
    """A rated party organisation and what the demo needs to rate it."""

    org: Organisation
    decider: Organisation | None
    merit: float
    outlier: bool = False
    head: int | None = None  # member id of the sitting bí thư
    committee: set[int] = field(default_factory=set)  # members holding a post in it now
    children: list[Unit] = field(default_factory=list)


@dataclass
class Figures:
    members: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    organisations: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    transitions: int = 0
    reratings: int = 0
    disciplines: int = 0

    def line(self, year: int) -> str:
        def shown(counts: Counter) -> str:
            levels = " ".join(f"{lv} {counts[lv]}" for lv in Level if counts[lv])
            steps = ", ".join(f"{Status(s).label.lower()} {counts[s]}" for s in Status if counts[s])
            return f"{levels}; {steps}" if levels else steps

        return (
            f"{year}: đảng viên {shown(self.members[year])} — tổ chức đảng {shown(self.organisations[year])}"
        )


@dataclass(frozen=True)
class Person:
    organisation_id: int
    official: bool
    political: bool  # works in the political system: a violation may be duty-related
    account_id: int | None  # the member's own login
    exempt: bool
    ceremony_date: date


def decision_suffix(org: Organisation) -> str:
    """The issuer's abbreviation in a decision number: "125-QĐ/ĐU"."""
    if org.kind == Organisation.Kind.PROVINCE or org.name.startswith(("Thành ủy", "Thị ủy")):
        return "TU"
    if org.name.startswith("Huyện ủy"):
        return "HU"
    return "ĐUK" if org.name.startswith("Đảng ủy Khối") else "ĐU"


@dataclass(frozen=True)
class Calendar:
    """When the steps of a year happen: (month, first day, last day) of each, and publication."""

    year: int
    assess: tuple[int, int, int]
    meet: tuple[int, int, int]
    decide: tuple[int, int, int]
    publish: tuple[int, int, int, int] | None  # (year, month, first day, last day)


FULL = {y: Calendar(y, (12, 1, 8), (12, 9, 14), (12, 15, 20), (y + 1, 1, 6, 20)) for y in FULL_YEARS}


# The open year as of TODAY (22/11/2026): nothing after the 21st.
OPEN = Calendar(OPEN_YEAR, (11, 2, 12), (11, 13, 18), (11, 19, 21), None)


# How far a rating gets, by its chi bộ's stage (None: a draw, see Builder.steps).
MEMBER_STEPS = {"pending": 0, "partial": None, "assessed": 1, "proposed": 2, "decided": 3, "published": 4}


ORG_STEPS = {"pending": 0, "partial": 0, "assessed": None, "proposed": 1, "decided": 3, "published": 4}


@dataclass
class Slot:
    """An organisation's days in the year, and its place in its decider's list (in minutes)."""

    meet: int  # the chi bộ's review meeting, or the committee's self-assessment
    decide: int
    order: int
    publish: int | None
    numbers: tuple[str, str]  # the decisions on its members and on itself


@dataclass
class Year:
    period: RatingPeriod
    calendar: Calendar
    rows: list[MemberRating]  # the pending rows open_period made
    own: list[OrganisationRating]
    plans: dict[int, Plan] = field(default_factory=dict)  # by MemberRating pk
    own_plans: dict[int, Plan] = field(default_factory=dict)  # by OrganisationRating pk
    slots: dict[int, Slot] = field(default_factory=dict)  # by organisation pk
