"""What a demo year of meetings looks like: how often meetings are missed, late, short or thematic,
how members attend, and the small records the year builder works on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from branches.demo import TODAY
from branches.models import Organisation
from branches.rules import add_months

from ..models import Attendance, Meeting, Task

Kind, State, Present = Meeting.Kind, Meeting.Status, Attendance.Status
Area = Organisation.Area

MISSING, LATE, SHORT = 0.03, 0.05, 0.08
DRAFT_THIS_MONTH, DRAFT_THIS_MONTH_LATE, DRAFT_FORGOTTEN = 0.10, 0.6, 0.004
LONG_ABSENT, UNEXCUSED_HABIT = 0.004, 0.003  # of the counted members, at least 2 of each


THEMATIC_QUARTER = 0.85  # CT 50 asks one a quarter; most chi bộ manage it


COMBINED = 0.5  # of the thematic meetings, held in the monthly sitting


COMBINED_UNDER_120 = 0.15


UNEXCUSED_SHARE = 0.1  # of the ordinary absences


FOLLOWING_MEMBER_PRESENT = 0.6  # the superior's assigned member comes to the monthly meeting


TASK_CHANCE = 0.35


FOLLOW_UP = [(Task.Status.DONE, 70), (Task.Status.LATE, 15), (Task.Status.NOT_DONE, 8), (Task.Status.OPEN, 7)]


REGULAR_DAYS = (1, 2, 3, 3, 3, 4, 5, 6)  # on or around the 3rd


FLUSH_BRANCHES = 150


def year_months(today: date = TODAY) -> list[tuple[int, int]]:
    """The twelve months ending with today's, oldest first."""
    first = today.replace(day=1)
    return [(d.year, d.month) for d in (add_months(first, -k) for k in range(11, -1, -1))]


@dataclass(frozen=True)
class Person:
    pk: int
    name: str
    counted: bool
    reason: str  # why not counted, as services.roster writes it
    probationary: bool
    hosted: bool


@dataclass
class Branch:
    org: Organisation
    people: list[Person]
    chair: int
    recorder: int
    user_id: int | None  # the chi bộ's secretary login, if the demo has one


@dataclass
class Sitting:
    kind: str
    start: datetime
    minutes: int
    status: str
    planned: datetime
    late: bool = False
    topic: str = ""


@dataclass
class YearFigures:
    meetings: int = 0
    attendance: int = 0
    levels: Counter = field(default_factory=Counter)
