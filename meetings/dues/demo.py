"""A year of dues for the demo, on top of meetings.demo's year of meetings.

Each member's basis for 2025 and 2026 follows their occupation (salaried: 1 % of an insured salary;
retired: 0.5 % of a pension; farmers, traders: the fixed amount of "the other members"). A chi bộ's
book is written for each month whose regular meeting is finalised, with every payer's line: most
pay that month in cash (some on the portal from March 2026), a few pay a quarter ahead, a few fall
behind and catch up, a few are excused, and about one in three hundred leaves three months unpaid
in 2026 without a reason, so the xóa tên flag shows. The lines are chained by meetings.dues.rules
exactly as the services chain them. Rows are bulk-inserted; the same seed gives the same dues.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from branches.bulk import insert_columns
from branches.demo import COMMUNE, Built, Shape
from branches.models import Member, Organisation, RoleAssignment

from ..demo.plan import year_months
from ..enums import PAID_STATES, Category
from ..models import Meeting
from . import parameters, rules
from .models import DuesBasis, DuesEntry, DuesMonth

SALARIED = {
    "Cán bộ, công chức",
    "Viên chức",
    "Giáo viên",
    "Giảng viên",
    "Cán bộ quản lý giáo dục",
    "Bác sĩ",
    "Điều dưỡng",
    "Y sĩ",
    "Dược sĩ",
    "Hộ sinh",
    "Kỹ thuật viên",
    "Sĩ quan",
    "Hạ sĩ quan",
    "Quân nhân chuyên nghiệp",
    "Chiến sĩ",
    "Công nhân",
    "Kỹ sư",
    "Nhân viên kinh doanh",
    "Kế toán",
    "Quản lý doanh nghiệp",
    "Nhân viên",
    "Người lao động",
}
QUARTERLY, LATE, EXCUSED, STRUCK = 0.03, 0.035, 0.002, 0.003
PORTAL_FROM, PORTAL_SHARE = date(2026, 3, 1), 0.15
# The months the xóa tên stories leave unpaid (domain-rules §14, DP4).
UNPAID_2026 = (date(2026, 2, 1), date(2026, 5, 1), date(2026, 9, 1))
EXCUSE = "Ốm đau, điều trị dài ngày; gia đình đã báo chi bộ"
BATCH = 5000
BASIS_COLUMNS = ("member_id", "year", "category", "amount", "note", "version")
BOOK_COLUMNS = (
    "organisation_id",
    "period",
    "closed",
    "closed_at",
    "closed_by_id",
    "members_due",
    "members_paid",
    "due_total",
    "cash",
    "portal",
    "kept_percent",
    "kept",
    "handed_up",
    "version",
    "submission",
)
LINE_COLUMNS = (
    "member_id",
    "organisation_id",
    "period",
    "regime",
    "category",
    "due",
    "opening",
    "paid_cash",
    "paid_portal",
    "paid_on",
    "collected_by_id",
    "references",
    "reason",
    "state",
    "closing",
)


@dataclass(frozen=True)
class Payer:
    pk: int
    branch: int
    occupation: str
    joined: date  # first month owed


def _basis(rng: random.Random, occupation: str, ward: bool) -> tuple[str, int | None]:
    if occupation == "Hưu trí":
        return Category.PENSION, rng.randrange(3_500, 9_000) * 1000
    if occupation in SALARIED:
        return Category.INSURED, rng.randrange(500, 1800) * 10_000
    return (Category.OTHER_URBAN if ward else Category.OTHER), None


def _payers() -> dict[int, list[Payer]]:
    """Who pays where, as meetings.dues.queries.payers decides it, for every chi bộ at once."""
    rows = (
        Member.objects.current()
        .values_list("pk", "organisation_id", "temporary_organisation_id", "occupation", "ceremony_date")
        .order_by("sort_key", "pk")
    )
    found: dict[int, list[Payer]] = defaultdict(list)
    for pk, org, hosted_at, occupation, ceremony in rows:
        branch = hosted_at or org
        found[branch].append(Payer(pk, branch, occupation, rules.first_of(ceremony)))
    return found


class DuesBuilder:
    def __init__(self, built: Built, seed: int, stories: dict[int, str] | None = None):
        self.built = built
        self.rng = random.Random(f"dues/{seed}")
        self.months = [date(y, m, 1) for y, m in year_months()]
        self.province_id = built.province.pk
        self.books = {p: parameters.rulebook(self.province_id, p) for p in self.months}
        self.split = {p: parameters.kept_percents(self.province_id, p) for p in self.months}
        self.stories = stories or {}  # member id → behaviour the commune's story needs
        self.entries: list[tuple] = []  # lines in LINE_COLUMNS order
        self.counts = defaultdict(int)

    def behaviour(self, pk: int) -> str:
        if pk in self.stories:
            return self.stories[pk]
        draw = self.rng.random()
        for name, share in (
            ("struck", STRUCK),
            ("excused", EXCUSED),
            ("quarterly", QUARTERLY),
            ("late", LATE),
        ):
            if draw < share:
                return name
            draw -= share
        return "regular"

    def paid(self, kind: str, i: int, period: date, due: int, opening: int, due_next: int) -> tuple[int, str]:
        """(what the member pays in month i, the reason if they do not pay)."""
        rng = self.rng
        if kind == "struck" and period in UNPAID_2026:
            return 0, ""
        if kind == "excused" and period in UNPAID_2026[1:2]:
            return 0, EXCUSE
        if kind == "quarterly":
            return (
                (due + 2 * due_next, "")
                if i % 3 == 0
                else (0 if -opening >= due else max(0, due + opening), "")
            )
        if kind == "prepaid_october" and period.month == 10:
            return due + 2 * due_next, ""
        if kind == "unpaid_october" and period.month == 10:
            return 0, ""
        if kind == "late":
            if rng.random() < 0.12:
                return 0, ""
            return due + max(0, opening), ""
        return max(0, due + min(0, opening)) if opening < 0 else due, ""

    def build(self) -> dict[str, int]:
        branches = {b.pk: b for b in self.built.branches}
        finalised = {
            (org, date(y, m, 1)): day
            for org, y, m, day in Meeting.objects.monthly()
            .filter(status=Meeting.Status.FINALISED, organisation__in=branches)
            .values_list("organisation_id", "year", "month", "day")
        }
        logins = dict(
            RoleAssignment.objects.filter(role=RoleAssignment.Role.SECRETARY).values_list(
                "organisation_id", "user_id"
            )
        )
        bases, months = [], []
        for branch_id, payers in _payers().items():
            org = branches.get(branch_id)
            if org is None:
                continue
            ward = org.area_type == Organisation.Area.WARD_BLOCK
            books = defaultdict(lambda: defaultdict(int))
            for payer in payers:
                category, amount = _basis(self.rng, payer.occupation, ward)
                raised = amount and round(amount * 1.07, -3)
                bases += [
                    (payer.pk, 2025, category, amount, "", 1),
                    (payer.pk, 2026, category, raised, "", 1),
                ]
                self.member_year(
                    org,
                    payer,
                    category,
                    {2025: amount, 2026: raised},
                    finalised,
                    logins.get(branch_id),
                    books,
                )
            for period, figures in books.items():
                share = self.split[period].get(org.kind, 0)
                kept, handed = rules.split(figures["cash"] + figures["portal"], share)
                months.append(
                    (
                        branch_id,
                        period,
                        True,
                        timezone.make_aware(datetime.combine(figures["day"], time(21))),
                        logins.get(branch_id),
                        figures["due"],
                        figures["paid"],
                        figures["due_total"],
                        figures["cash"],
                        figures["portal"],
                        share,
                        kept,
                        handed,
                        1,
                        None,
                    )
                )
            if len(self.entries) >= 4 * BATCH:
                insert_columns(DuesEntry, LINE_COLUMNS, self.entries)
                self.entries = []
        insert_columns(DuesEntry, LINE_COLUMNS, self.entries)
        insert_columns(DuesBasis, BASIS_COLUMNS, bases)
        insert_columns(DuesMonth, BOOK_COLUMNS, months)
        return {
            "bases": len(bases),
            "books": len(months),
            "lines": self.counts["lines"],
            "unpaid": self.counts["unpaid"],
        }

    def member_year(
        self,
        org,
        payer: Payer,
        category: str,
        amounts: dict[int, int | None],
        finalised: dict,
        collector: int | None,
        books,
    ) -> None:
        kind = self.behaviour(payer.pk)
        owed = [(i, p) for i, p in enumerate(self.months) if (org.pk, p) in finalised and p >= payer.joined]
        opening = 0
        dues = [rules.due_for(self.books[p], category, amounts[p.year]) for _, p in owed]
        for n, ((i, period), due) in enumerate(zip(owed, dues, strict=True)):
            due_next = dues[n + 1].amount if n + 1 < len(dues) else due.amount
            paid, reason = self.paid(kind, i, period, due.amount, opening, due_next)
            line = rules.Line(due.amount, opening, paid, bool(reason))
            portal = paid if paid and period >= PORTAL_FROM and self.rng.random() < PORTAL_SHARE else 0
            day = finalised[(org.pk, period)]
            self.entries.append(
                (
                    payer.pk,
                    org.pk,
                    period,
                    due.regime,
                    due.category,
                    due.amount,
                    opening,
                    paid - portal,
                    portal,
                    day if paid else None,
                    collector if paid - portal else None,
                    f"DVC{payer.pk:07d}{period:%y%m}" if portal else "",
                    reason,
                    line.state,
                    line.closing,
                )
            )
            book = books[period]
            book["day"] = day
            book["due"] += due.amount > 0
            book["paid"] += due.amount > 0 and line.state in PAID_STATES
            book["due_total"] += due.amount
            book["cash"] += paid - portal
            book["portal"] += portal
            self.counts["lines"] += 1
            self.counts["unpaid"] += line.state == "chua_nop"
            opening = line.closing


def _commune_stories(built: Built) -> dict[int, str]:
    """The demo secretary's chi bộ: one member with February, May and September unpaid and no reason
    (the flag), one who paid October to December at October's meeting, one who owes October."""
    own = RoleAssignment.objects.get(user__username="bithu", role=RoleAssignment.Role.SECRETARY).organisation
    plain = list(
        Member.objects.current()
        .filter(
            organisation=own,
            temporary_organisation__isnull=True,
            is_exempt=False,
            positions=None,
            account__isnull=True,
            status=Member.Status.OFFICIAL,
        )
        .order_by("-sort_key", "-pk")
        .values_list("pk", flat=True)
    )
    # The last members in name order: the meeting journeys mark the first ones absent.
    return dict(zip(plain[:3], ("struck", "prepaid_october", "unpaid_october"), strict=False))


def seed(built: Built, shape: Shape, seed: int = 2022) -> dict[str, int]:
    stories = _commune_stories(built) if shape is COMMUNE else {}
    return DuesBuilder(built, seed, stories).build()
