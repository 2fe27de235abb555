"""The ratings routes × every persona (see tests/branches/test_access.py for the personas)."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from branches import services as branch_services
from branches.models import Job
from ratings import services
from ratings.models import MemberRating, OrganisationRating
from ratings.rules.common import Tasks
from tests.branches.test_access import PERSONAS, drive, row
from tests.factories import MemberFactory, root


@pytest.fixture
def objects(tree, people, member_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    away = MemberFactory(organisation=tree.a)
    stay = branch_services.request_transfer(
        member=away, kind="temporary", to_organisation=tree.b, decided_on=date(2025, 3, 1), by=root()
    )
    branch_services.confirm_transfer(transfer=stay, on=date(2025, 3, 2), by=root())
    writer = MemberFactory(organisation=tree.a)
    period = services.open_period(province=tree.province, year=2025, by=root())
    return SimpleNamespace(
        period=period,
        rating=MemberRating.objects.get(period=period, member=member_a),
        hosted=MemberRating.objects.get(period=period, member=away),
        assessed=services.self_assess(
            rating=MemberRating.objects.get(period=period, member=writer),
            version=0,
            score=80,
            tasks=Tasks(),
            shortcomings_pointed=0,
            shortcomings_remedied=0,
            self_level="HTTNV",
            by=root(),
        ),
        own=OrganisationRating.objects.get(period=period, organisation=tree.a),
        job=Job.objects.create(
            kind="rating_list",
            scope=tree.a,
            params={"year": 2025},
            status="done",
            sha256="0" * 64,
            file=default_storage.save("jobs/list.pdf", ContentFile(b"%PDF-1.7 list")),
        ),
    )


def year(t, o, org="a"):
    return {"pk": getattr(t, org).pk, "year": 2025}


MATRIX = [
    row("ratings:period-list", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("ratings:my-ratings", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("ratings:period-edit", lambda t, o: {"pk": o.period.pk}, [404, 404, 404, 403, 200]),
    row("ratings:period-open", lambda t, o: {"pk": t.province.pk}, [404, 404, 404, 403, 302], "post"),
    row("ratings:org-year", year, [200, 200, 404, 200, 200]),
    row("ratings:members-propose", year, [200, 200, 404, 403, 200], "post"),
    row("ratings:members-decide", year, [403, 200, 404, 403, 200], "post"),
    row("ratings:members-publish", year, [403, 302, 404, 403, 302], "post"),
    row("ratings:org-assess", year, [200, 200, 404, 403, 200]),
    row("ratings:org-propose", year, [403, 302, 404, 403, 302], "post"),
    row("ratings:org-decide", year, [403, 302, 404, 403, 302], "post"),
    row("ratings:org-rerate", year, [403, 302, 404, 403, 302], "post"),
    row("ratings:queue", lambda t, o: year(t, o, "x"), [404, 200, 404, 200, 200]),
    row("ratings:distribution", lambda t, o: year(t, o, "x"), [404, 200, 404, 200, 200]),
    row("ratings:member-rating", lambda t, o: {"pk": o.rating.pk}, [200, 200, 404, 200, 200]),
    row("ratings:member-assess", lambda t, o: {"pk": o.rating.pk}, [200, 200, 404, 403, 200]),
    row("ratings:member-self-review-pdf", lambda t, o: {"pk": o.assessed.pk}, [200, 200, 404, 200, 200]),
    row("ratings:dashboard", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 200, 200]),
    row("ratings:report-list", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 200, 200]),
    row("ratings:report-request", lambda t, o: {"pk": t.a.pk}, [302, 302, 404, 302, 302], "post"),
    row("ratings:report-job", lambda t, o: {"pk": o.job.pk}, [200, 200, 404, 200, 200]),
    row("branches:job-download", lambda t, o: {"pk": o.job.pk}, [200, 200, 404, 200, 200]),
    row(
        "ratings:comment-add",
        lambda t, o: {"pk": t.b.pk, "rating_pk": o.hosted.pk},
        [404, 404, 302, 403, 302],
        "post",
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), MATRIX)
def test_url_answers_each_persona_as_its_role_allows(
    client, tree, people, objects, persona, name, kwargs, method, expected
):
    drive(client, people, persona, reverse(name, kwargs=kwargs(tree, objects)), method, expected)
