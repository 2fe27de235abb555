"""The ledger's chain: a member's line of a month, settled from what is due and paid, carried into the
months after it, and each chi bộ's book of the month with its figures recounted from its lines. The
writing services (services.py) lock, check and audit; these only keep the rows consistent."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Sum

from branches.models import Member, Organisation

from ..enums import PAID_STATES
from . import parameters, queries, rules
from .models import DuesEntry, DuesMonth


def new_line(member: Member, org: Organisation, period: date, due: rules.Due, opening: int) -> DuesEntry:
    line = rules.Line(due.amount, opening, 0)
    return DuesEntry(
        member=member,
        organisation=org,
        period=period,
        regime=due.regime,
        category=due.category,
        due=due.amount,
        opening=opening,
        state=line.state,
        closing=line.closing,
    )


def settle(entry: DuesEntry) -> None:
    line = rules.Line(entry.due, entry.opening, entry.paid, bool(entry.reason))
    entry.state, entry.closing = line.state, line.closing


def rechain(member_ids: Iterable[int], after: date) -> set[tuple[int, date]]:
    """Carry each member's closing into their lines after `after` (a month before was changed);
    returns the (chi bộ, month) books whose figures moved."""
    member_ids = list(member_ids)
    later = list(
        DuesEntry.objects.filter(member_id__in=member_ids, period__gt=after).order_by("member_id", "period")
    )
    if not later:
        return set()
    carried = queries.openings(member_ids, rules.add_months(after, 1))
    changed, touched = [], set()
    for entry in later:
        opening = carried[entry.member_id]
        old = (entry.opening, entry.state, entry.closing)
        entry.opening = opening
        settle(entry)
        carried[entry.member_id] = entry.closing
        if old != (entry.opening, entry.state, entry.closing):
            changed.append(entry)
            touched.add((entry.organisation_id, entry.period))
    DuesEntry.objects.bulk_update(changed, ["opening", "state", "closing"], batch_size=1000)
    return touched


def book_month(org: Organisation, period: date) -> DuesMonth:
    """The chi bộ's book of the month, locked; made (open) with the split in force if there is none."""
    month = DuesMonth.objects.select_for_update().filter(organisation=org, period=period).first()
    if month is None:
        kept = parameters.kept_percents(parameters.province_id_of(org), period).get(org.kind, 0)
        month = DuesMonth.objects.create(organisation=org, period=period, kept_percent=kept)
    return month


def refresh(pairs: Iterable[tuple[int, date]]) -> None:
    """Recount the books' figures from their lines, so the level above reads the books alone."""
    for org_id, period in pairs:
        month = DuesMonth.objects.filter(organisation_id=org_id, period=period).first()
        if month is None:
            month = book_month(Organisation.objects.get(pk=org_id), period)
        refresh_one(month)


def refresh_one(month: DuesMonth) -> None:
    lines = DuesEntry.objects.filter(organisation_id=month.organisation_id, period=month.period)
    due = lines.filter(due__gt=0)
    figures = lines.aggregate(due_total=Sum("due"), cash=Sum("paid_cash"), portal=Sum("paid_portal"))
    month.members_due = due.count()
    month.members_paid = due.filter(state__in=PAID_STATES).count()
    month.due_total, month.cash, month.portal = (figures[k] or 0 for k in ("due_total", "cash", "portal"))
    month.kept, month.handed_up = rules.split(month.collected, month.kept_percent)
    month.save(
        update_fields=["members_due", "members_paid", "due_total", "cash", "portal", "kept", "handed_up"]
    )


def member_line(member: Member, org: Organisation, period: date) -> DuesEntry:
    """The member's line of the month, locked; written now if the book has none yet."""
    entry = DuesEntry.objects.select_for_update().filter(member=member, period=period).first()
    if entry is None:
        due = queries.dues_of(org, period, [member])[member.pk]
        entry = new_line(member, org, period, due, queries.openings([member.pk], period)[member.pk])
        entry.save()
    return entry
