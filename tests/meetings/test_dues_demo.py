"""The demo's year of dues reads as if the app had written it: a book for each month whose meeting
is finalised, every payer's line chained by the rules, most paid, a few behind, one member of the
secretary's chi bộ to consider striking off."""

from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from branches.demo import TODAY
from branches.models import RoleAssignment
from meetings.dues import queries, rules
from meetings.dues.models import DuesEntry, DuesMonth
from meetings.enums import State
from meetings.models import Meeting


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The commune demo, seeded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        roles = {
            r.user.username: r.organisation
            for r in RoleAssignment.objects.select_related("user", "organisation")
        }
        yield roles
        transaction.set_rollback(True)


def test_a_book_for_each_month_whose_meeting_is_finalised_and_none_for_the_secretarys_november(demo, db):
    finalised = {
        (org, date(y, m, 1))
        for org, y, m in Meeting.objects.monthly()
        .filter(status=Meeting.Status.FINALISED)
        .values_list("organisation_id", "year", "month")
    }
    books = set(DuesMonth.objects.filter(closed=True).values_list("organisation_id", "period"))
    assert books == finalised
    assert (demo["bithu"].pk, date(2026, 11, 1)) not in books  # the journey writes it


def test_every_line_is_chained_by_the_rules_and_the_books_add_up(demo, db):
    lines = defaultdict(list)
    for e in DuesEntry.objects.order_by("member_id", "period"):
        lines[e.member_id].append(e)
    for entries in lines.values():
        chained = rules.chain([(e.due, e.paid, bool(e.reason)) for e in entries], 0)
        assert [(e.opening, e.state, e.closing) for e in entries] == [
            (c.opening, c.state, c.closing) for c in chained
        ]
    for month in DuesMonth.objects.all():
        sums = DuesEntry.objects.filter(organisation=month.organisation, period=month.period).aggregate(
            cash=Sum("paid_cash"), portal=Sum("paid_portal"), due=Sum("due")
        )
        assert (month.cash, month.portal, month.due_total) == (sums["cash"], sums["portal"], sums["due"])
        assert (month.kept, month.handed_up) == rules.split(month.collected, month.kept_percent)


def test_most_pay_a_few_fall_behind_and_one_member_is_flagged(demo, db):
    states = defaultdict(int)
    for state in DuesEntry.objects.values_list("state", flat=True):
        states[state] += 1
    total = sum(states.values())
    assert states[State.PAID] / total > 0.9
    assert 0 < states[State.UNPAID] / total < 0.03
    assert states[State.PREPAID] > 0 and states[State.EXCUSED] >= 0
    flagged = queries.to_strike_off(demo["xetduyet"], TODAY)
    own = [f for f in flagged if f.member.organisation_id == demo["bithu"].pk]
    assert [f.months for f in own] == [[date(2026, 2, 1), date(2026, 5, 1), date(2026, 9, 1)]]
    assert DuesEntry.objects.filter(period__gte=date(2026, 3, 1), paid_portal__gt=0).exists()
    assert set(DuesEntry.objects.values_list("regime", flat=True).filter(period__lt=date(2026, 2, 2))) == {
        "qd342"
    }
