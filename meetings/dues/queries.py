"""Reads of the dues: who pays at a chi bộ, what each owes in a month, the month's book, a
member's year, the level above's overview and the xóa tên watch list. What they return is
values.py's."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from branches.models import BRANCH_KINDS, Member, Organisation
from branches.queries import unit_path

from ..enums import State
from . import parameters, rules
from .models import DuesBasis, DuesEntry, DuesMonth
from .values import Book, BookRow, Collection, Flagged, MemberYear


def payers(org: Organisation) -> list[Member]:
    """Who pays dues at the chi bộ, in name order: its current members, probationary ones and those
    exempt from activities included (HD 27-HD/BTCTW 2009: still pay), and members hosted there on
    temporary activity; a member away on temporary activity pays where they meet [U]."""
    return list(
        Member.objects.current()
        .filter(Q(organisation=org, temporary_organisation__isnull=True) | Q(temporary_organisation=org))
        .in_name_order()
    )


def bases(member_ids, year: int) -> dict[int, DuesBasis]:
    return {b.member_id: b for b in DuesBasis.objects.filter(member_id__in=list(member_ids), year=year)}


def dues_of(org: Organisation, period: date, members: list[Member]) -> dict[int, rules.Due]:
    """Each member's dues for the month under the rulebook in force, from their basis of the year."""
    book = parameters.rulebook(parameters.province_id_of(org), period)
    found = bases((m.pk for m in members), period.year)
    return {
        m.pk: rules.due_for(
            book,
            found[m.pk].category if m.pk in found else None,
            found[m.pk].amount if m.pk in found else None,
        )
        for m in members
    }


def openings(member_ids, period: date) -> dict[int, int]:
    """What each member carried into the month: the closing of their last line before it (0 for
    none). One query."""
    last = (
        DuesEntry.objects.filter(member=OuterRef("pk"), period__lt=period)
        .order_by("-period")
        .values("closing")[:1]
    )
    return {
        pk: closing or 0
        for pk, closing in Member.objects.filter(pk__in=list(member_ids))
        .annotate(c=Subquery(last))
        .values_list("pk", "c")
    }


# The month's book ------------------------------------------------------------------------------


def book(org: Organisation, period: date) -> Book:
    """The chi bộ's book for the month: each payer's line as written, or, for a payer not yet in it,
    what the month would write (their due, what they carry in). Four queries."""
    month = DuesMonth.objects.filter(organisation=org, period=period).first()
    entries = {
        e.member_id: e
        for e in DuesEntry.objects.filter(organisation=org, period=period).select_related("member")
    }
    members = payers(org)
    known = {m.pk for m in members}
    members += sorted(
        (e.member for e in entries.values() if e.member_id not in known), key=lambda m: (m.sort_key, m.pk)
    )
    missing = [m for m in members if m.pk not in entries]
    dues = dues_of(org, period, missing) if missing else {}
    carried = openings((m.pk for m in missing), period) if missing else {}
    rows = []
    for m in members:
        e = entries.get(m.pk)
        if e is not None:
            rows.append(
                BookRow(
                    m,
                    e.category,
                    e.due,
                    e.opening,
                    e.paid_cash,
                    e.paid_portal,
                    e.state,
                    e.closing,
                    e.paid_on,
                    e.reason,
                    paid_ahead_until=rules.paid_ahead_until(e.closing, e.due, period),
                )
            )
        else:
            due = dues[m.pk]
            line = rules.Line(due.amount, carried[m.pk], 0)
            rows.append(
                BookRow(
                    m,
                    due.category,
                    due.amount,
                    line.opening,
                    0,
                    0,
                    line.state,
                    line.closing,
                    basis_missing=due.basis_missing,
                    recorded=False,
                )
            )
    return Book(org, period, month, rows)


# A chi bộ's year and a member's year ------------------------------------------------------------


def months_of(org: Organisation, year: int) -> dict[int, DuesMonth]:
    return {m.period.month: m for m in DuesMonth.objects.filter(organisation=org, period__year=year)}


def member_year(member: Member, year: int, today: date) -> MemberYear:
    entries = list(
        DuesEntry.objects.filter(member=member, period__year=year).select_related(
            "organisation", "collected_by"
        )
    )
    basis = DuesBasis.objects.filter(member=member, year=year).first()
    latest = (
        DuesEntry.objects.filter(member=member).order_by("-period").values_list("closing", flat=True).first()
    )
    return MemberYear(member, year, basis, entries, flag_of(member, today), latest or 0)


def this_year(member: Member, today: date) -> MemberYear:
    """The member's page card: this year's lines, what is owed and the flag, in two queries. Lines
    go no further than this month, so the last twelve hold the year so far and any window of the
    xóa tên rule (the calendar year, or twelve months)."""
    as_of = rules.first_of(today)
    latest = list(DuesEntry.objects.filter(member=member, period__lte=as_of).order_by("-period")[:12])
    window = parameters.window(parameters.province_id_of(member.organisation), as_of)
    unpaid = [e.period for e in latest if e.state == State.UNPAID]
    entries = sorted((e for e in latest if e.period.year == today.year), key=lambda e: e.period)
    return MemberYear(
        member,
        today.year,
        None,
        entries,
        rules.xoa_ten(unpaid, as_of, window),
        latest[0].closing if latest else 0,
    )


def flag_of(member: Member, today: date) -> rules.XoaTen:
    """The member's xóa tên count as of this month, under their province's window."""
    as_of = rules.first_of(today)
    window = parameters.window(parameters.province_id_of(member.organisation), as_of)
    start = rules.window_start(as_of, window)
    unpaid = DuesEntry.objects.filter(member=member, state=State.UNPAID, period__gte=start, period__lte=as_of)
    return rules.xoa_ten(unpaid.values_list("period", flat=True), as_of, window)


# Watch list: xem xét xóa tên -------------------------------------------------------------------


def to_strike_off(scope: Organisation, today: date) -> list[Flagged]:
    """Current members of the subtree with three months unpaid in the window and no reason
    recorded (Điều lệ Điều 8), by name, with the months. Two queries whatever is found: the unpaid
    lines are few, a partial index serves them, and they bring their member along."""
    as_of = rules.first_of(today)
    window = parameters.window(parameters.province_id_of(scope), as_of)
    start = rules.window_start(as_of, window)
    unpaid = (
        DuesEntry.objects.filter(
            organisation__path__startswith=scope.path,
            state=State.UNPAID,
            period__gte=start,
            period__lte=as_of,
            member__status__in=Member.CURRENT_STATUSES,
        )
        .select_related("member__organisation")
        .only(
            "period",
            "member__full_name",
            "member__birth_date",
            "member__sort_key",
            "member__organisation__name",
        )
    )
    members: dict[int, Member] = {}
    months: dict[int, list[date]] = defaultdict(list)
    for line in unpaid:
        members[line.member_id] = line.member
        months[line.member_id].append(line.period)
    flagged = [m for pk, m in members.items() if rules.xoa_ten(months[pk], as_of, window).flagged]
    return [Flagged(m, sorted(months[m.pk])) for m in sorted(flagged, key=lambda m: (m.sort_key, m.pk))]


# The level above: collection rates and what is handed up ---------------------------------------


def total_of(scope: Organisation, rows: list[Collection]) -> Collection:
    """The rows added up, for the table's last line."""
    total = Collection(scope, "Cộng")
    for row in rows:
        for name in (
            "branches",
            "recorded",
            "members_due",
            "members_paid",
            "due_total",
            "collected",
            "handed_up",
        ):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def _branches(scope: Organisation):
    return Organisation.objects.filter(path__startswith=scope.path, kind__in=BRANCH_KINDS).active()


def branch_collection(scope: Organisation, period: date) -> list[Collection]:
    """Each chi bộ of the scope: its book of the month (or none yet). Two queries."""
    months = {
        m.organisation_id: m
        for m in DuesMonth.objects.filter(organisation__path__startswith=scope.path, period=period)
    }
    rows = []
    for org in _branches(scope).select_related("parent").order_by("parent__name", "name"):
        row = Collection(org, org.name, org.parent.name if org.parent else "", branches=1)
        if org.pk in months:
            row.month = months[org.pk]
            row.recorded = int(months[org.pk].closed)
            row.add(months[org.pk])
        rows.append(row)
    return rows


FIGURES = ("members_due", "members_paid", "due_total", "cash", "portal", "handed_up")


def unit_collection(scope: Organisation, period: date) -> list[Collection]:
    """Each unit below the scope (a province's communes and blocs), its chi bộ's books of the month
    summed in SQL. Three queries whatever the size."""
    units = {
        u.path: Collection(u, u.name)
        for u in scope.children.exclude(kind=Organisation.Kind.GROUP).active().order_by("name")
    }
    for path, n in (
        _branches(scope)
        .annotate(unit=unit_path(scope, "path"))
        .values_list("unit")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if path in units:
            units[path].branches = n
    sums = (
        DuesMonth.objects.filter(organisation__path__startswith=scope.path, period=period)
        .annotate(unit=unit_path(scope))
        .values("unit")
        .annotate(recorded=Count("pk", filter=Q(closed=True)), **{f: Sum(f) for f in FIGURES})
        .order_by()
    )
    for row in sums:
        if row["unit"] in units:
            units[row["unit"]].recorded = row["recorded"]
            units[row["unit"]].add(row)
    return list(units.values())


def year_collected(scope: Organisation, year: int) -> dict[str, int]:
    """The scope's year so far: collected and handed up by its chi bộ, summed. One query."""
    sums = DuesMonth.objects.filter(organisation__path__startswith=scope.path, period__year=year).aggregate(
        cash=Sum("cash"),
        portal=Sum("portal"),
        handed_up=Sum("handed_up"),
    )
    return {"collected": (sums["cash"] or 0) + (sums["portal"] or 0), "handed_up": sums["handed_up"] or 0}
