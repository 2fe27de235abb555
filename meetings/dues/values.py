"""What the dues reads hand to the pages, the PDF and the Excel book: a month's book and its rows, a
member's year, a member flagged for xóa tên, a line of the collection table. Their derived figures
(owed, paid ahead, the rate) are properties; queries.py fills them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from branches.models import Member, Organisation

from ..enums import PAID_STATES, SHORT_LABELS, State
from . import rules
from .models import DuesBasis, DuesEntry, DuesMonth


@dataclass
class BookRow:
    member: Member
    category: str
    due: int
    opening: int
    cash: int
    portal: int
    state: str
    closing: int
    paid_on: date | None = None
    reason: str = ""
    basis_missing: bool = False
    recorded: bool = True  # a line in the book (False: the month not yet written for this member)
    paid_ahead_until: date | None = None

    @property
    def paid(self) -> int:
        return self.cash + self.portal

    @property
    def arrears(self) -> int:
        return max(0, self.opening)

    @property
    def credit(self) -> int:
        return max(0, -self.opening)

    @property
    def owed(self) -> int:
        """Carried to the next month as arrears."""
        return max(0, self.closing)

    @property
    def ahead(self) -> int:
        """Carried to the next month as paid ahead."""
        return max(0, -self.closing)

    @property
    def expected(self) -> int:
        """The cash the secretary expects at the meeting: the month's due, less what was paid ahead
        or on the portal; arrears are shown beside, not added."""
        return max(0, self.due - self.credit - self.portal)

    @property
    def state_label(self) -> str:
        return State(self.state).label if self.recorded else "Chưa ghi sổ"

    @property
    def category_label(self) -> str:
        return SHORT_LABELS[self.category]


@dataclass
class Book:
    org: Organisation
    period: date
    month: DuesMonth | None
    rows: list[BookRow] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return bool(self.month and self.month.closed)

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.rows)

    @property
    def members_due(self) -> int:
        return sum(1 for r in self.rows if r.due > 0)

    @property
    def members_paid(self) -> int:
        return sum(1 for r in self.rows if r.due > 0 and r.state in PAID_STATES)


@dataclass
class MemberYear:
    member: Member
    year: int
    basis: DuesBasis | None
    entries: list[DuesEntry]
    xoa_ten: rules.XoaTen
    owed: int  # carried out of the latest line: arrears if positive

    @property
    def months(self) -> list[tuple[int, DuesEntry | None]]:
        """(month, its line or None) for the twelve months of the year."""
        lines = {e.period.month: e for e in self.entries}
        return [(m, lines.get(m)) for m in range(1, 13)]

    @property
    def ahead(self) -> int:
        return max(0, -self.owed)


@dataclass(frozen=True)
class Flagged:
    member: Member
    months: list[date]

    @property
    def months_text(self) -> str:
        return rules.months_text(self.months)


@dataclass
class Collection:
    """Figures of one chi bộ, or of a unit below the scope, for a month."""

    org: Organisation | None
    name: str
    parent_name: str = ""
    branches: int = 0  # chi bộ counted
    recorded: int = 0  # of which wrote the month's book
    members_due: int = 0
    members_paid: int = 0
    due_total: int = 0
    collected: int = 0
    handed_up: int = 0
    month: DuesMonth | None = None

    @property
    def rate(self) -> float | None:
        return 100 * self.members_paid / self.members_due if self.members_due else None

    def add(self, m: DuesMonth | dict) -> None:
        """Count in a chi bộ's book (a DuesMonth, or a row of them summed in SQL)."""
        get = (lambda k: m[k]) if isinstance(m, dict) else (lambda k: getattr(m, k))
        self.members_due += get("members_due")
        self.members_paid += get("members_paid")
        self.due_total += get("due_total")
        self.collected += get("cash") + get("portal")
        self.handed_up += get("handed_up")
