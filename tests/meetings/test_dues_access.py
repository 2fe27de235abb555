"""The dues routes × every persona (see tests/branches/test_access.py for the personas)."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.dues import rules, services
from meetings.dues.models import DuesEntry
from tests.branches.test_access import PERSONAS, drive, row
from tests.factories import MemberFactory


@pytest.fixture
def dues_objects(tree, people, member_a):
    """Last month's book of chi bộ A, written, with member_a unpaid."""
    period = rules.add_months(rules.first_of(timezone.localdate()), -1)
    other = MemberFactory(organisation=tree.a)
    services.collect_month(
        organisation=tree.a,
        period=period,
        on=period.replace(day=3),
        version=0,
        by=people.secretary_a,
        rows={member_a.pk: services.Collected(False), other.pk: services.Collected(True, 6000)},
    )
    return SimpleNamespace(member=member_a, period=period, line=DuesEntry.objects.get(member=member_a))


def book(t, o):
    return {"pk": t.a.pk, "year": o.period.year, "month": o.period.month}


def line(t, o):
    return {"pk": o.member.pk, "year": o.period.year, "month": o.period.month}


DUES_MATRIX = [
    row("meetings:dues-branch", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 200, 200]),
    row("meetings:dues-month", book, [200, 200, 404, 200, 200]),
    row("meetings:dues-collect", book, [200, 200, 404, 403, 200]),
    row("meetings:dues-book-pdf", book, [200, 200, 404, 200, 200]),
    row("meetings:dues-book-xlsx", book, [200, 200, 404, 200, 200]),
    row("meetings:dues-member", lambda t, o: {"pk": o.member.pk}, [200, 200, 404, 200, 200]),
    row("meetings:dues-basis", lambda t, o: {"pk": o.member.pk}, [200, 200, 404, 403, 200]),
    row("meetings:dues-payment", lambda t, o: {"pk": o.member.pk}, [200, 200, 404, 403, 200]),
    row("meetings:dues-excuse", line, [200, 200, 404, 403, 200]),
    row("meetings:dues-overview", lambda t, o: {"pk": t.x.pk}, [404, 200, 404, 200, 200]),
    row("meetings:dues-import", lambda t, o: {"pk": t.x.pk}, [404, 200, 404, 403, 200]),
    row("meetings:dues-parameters", lambda t, o: {}, [403, 403, 403, 403, 200]),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), DUES_MATRIX)
def test_dues_urls_answer_each_persona(
    client, tree, people, dues_objects, persona, name, kwargs, method, expected
):
    drive(client, people, persona, reverse(name, kwargs=kwargs(tree, dues_objects)), method, expected)


def test_an_outsiders_post_changes_nothing(client, tree, people, dues_objects):
    client.force_login(people.secretary_b)
    url = reverse("meetings:dues-excuse", kwargs=line(tree, dues_objects))
    response = client.post(url, {"reason": "Ốm"})
    dues_objects.line.refresh_from_db()
    assert (response.status_code, dues_objects.line.reason) == (404, "")


def test_a_future_month_has_no_collection_page(client, tree, people, dues_objects):
    client.force_login(people.secretary_a)
    later = rules.add_months(rules.first_of(timezone.localdate()), 1)
    url = reverse("meetings:dues-collect", kwargs={"pk": tree.a.pk, "year": later.year, "month": later.month})
    assert client.get(url).status_code == 404
