"""The recognition routes × every persona (see tests/branches/test_access.py for the personas).
Out of scope answers 404, a missing permission 403; a reviewer decides strictly below their committee."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from branches.models import Organisation
from branches.services.criteria_sets import copy_criteria_set
from ratings import services
from ratings.models import Recognition, RecognitionScheme
from tests.branches.test_access import PERSONAS, drive, row
from tests.documents import png_upload
from tests.factories import OrganisationFactory, root, user_with_role
from tests.ratings.test_recognitions import JANUARY


def template(code: str) -> RecognitionScheme:
    return RecognitionScheme.objects.get(code=code, province__isnull=True)


@pytest.fixture
def objects(tree, people, member_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Organisation.objects.filter(pk=tree.a.pk).update(area_type="ap")
    tree.a.refresh_from_db()
    registered = services.register_recognition(
        scheme=template("chi-bo-bon-tot"), organisation=tree.a, year=2025, today=JANUARY, by=root()
    )
    reported = services.register_recognition(
        scheme=template("chi-bo-kieu-mau"), organisation=tree.a, year=2025, today=JANUARY, by=root()
    )
    manual = reported.results.filter(kind="manual")
    scan = png_upload("mo-hinh.png")
    services.report_recognition(
        recognition=reported,
        version=reported.version,
        evidence={r.pk: "Đã thực hiện." for r in manual},
        files={manual[0].pk: scan},
        by=root(),
    )
    return SimpleNamespace(
        template=template("chi-bo-bon-tot"),
        own=copy_criteria_set(source=template("chi-bo-tsvmtd"), province=tree.province, by=root()),
        registered=registered,
        reported=Recognition.objects.get(pk=reported.pk),
        evidence=manual[0],
    )


RECOGNITION_MATRIX = [
    row("ratings:recognition-scheme-list", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("ratings:recognition-scheme-detail", lambda t, o: {"pk": o.template.pk}, [200, 200, 200, 200, 200]),
    row("ratings:recognition-target", lambda t, o: {"pk": o.own.pk}, [403, 403, 403, 403, 200]),
    row("ratings:recognition-org", lambda t, o: {"pk": t.a.pk, "year": 2025}, [200, 200, 404, 200, 200]),
    row(
        "ratings:recognition-register",
        lambda t, o: {"pk": t.a.pk, "year": 2025},
        [302, 302, 404, 403, 302],
        "post",
    ),
    row("ratings:recognition-report", lambda t, o: {"pk": o.registered.pk}, [200, 200, 404, 403, 200]),
    row("ratings:recognition-appraise", lambda t, o: {"pk": o.reported.pk}, [403, 200, 404, 403, 200]),
    row("ratings:recognition-decide", lambda t, o: {"pk": o.reported.pk}, [403, 200, 404, 403, 200]),
    row("ratings:recognition-revoke", lambda t, o: {"pk": o.reported.pk}, [403, 200, 404, 403, 200]),
    row("ratings:recognition-evidence", lambda t, o: {"pk": o.evidence.pk}, [200, 200, 404, 200, 200]),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), RECOGNITION_MATRIX)
def test_url_answers_each_persona_as_its_role_allows(
    client, tree, people, objects, persona, name, kwargs, method, expected
):
    drive(client, people, persona, reverse(name, kwargs=kwargs(tree, objects)), method, expected)


def test_a_reviewer_cannot_decide_for_their_own_committee(client, tree, people, objects):
    own = services.register_recognition(
        scheme=template("dang-bo-co-so-bon-tot"), organisation=tree.g, year=2025, today=JANUARY, by=root()
    )
    client.force_login(user_with_role("xetduyet_g", tree.g, "reviewer"))
    response = client.post(
        reverse("ratings:recognition-decide", args=[own.pk]),
        {"outcome": "refuse", "decided_on": "20/01/2026", "note": "Không đạt", "version": own.version},
    )
    own.refresh_from_db()
    assert (response.status_code, own.status) == (403, "registered")


def test_an_outsider_post_changes_nothing(client, tree, people, objects):
    client.force_login(people.secretary_b)
    response = client.post(
        reverse("ratings:recognition-revoke", args=[objects.reported.pk]),
        {"reason": "Vi phạm", "revoked_on": "01/03/2026", "version": objects.reported.version},
    )
    objects.reported.refresh_from_db()
    assert (response.status_code, objects.reported.status, objects.reported.events.count()) == (
        404,
        "reported",
        2,
    )


def test_the_secretary_sees_only_schemes_of_their_province(client, tree, people, objects):
    other = OrganisationFactory(kind="province", code="ST", name="Đảng bộ tỉnh Sóc Trăng")
    elsewhere = copy_criteria_set(source=objects.template, province=other, by=root())
    client.force_login(people.secretary_a)
    assert client.get(reverse("ratings:recognition-scheme-detail", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("ratings:recognition-scheme-detail", args=[objects.own.pk])).status_code == 200
