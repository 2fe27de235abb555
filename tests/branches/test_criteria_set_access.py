"""The criteria set routes (branches.criteria_sets) × every persona, for each kind: only a
province's administrators copy and edit its score sheets and recognition schemes (see
tests/branches/test_access.py for the personas)."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from branches.services.criteria_sets import copy_criteria_set
from meetings import services as meeting_services
from ratings.models import RatingSheet, RecognitionScheme
from tests.branches.test_access import PERSONAS, drive
from tests.factories import root

ADMINISTRATORS_ONLY = dict(zip(PERSONAS[1:], [403, 403, 403, 403, 200], strict=True))


@pytest.fixture
def criteria_sets(tree):
    """Of each kind, a national default to copy and the province's own version to edit."""
    sheet = meeting_services.sheet_for(tree.a, 2026, "regular")
    rating_sheet = RatingSheet.objects.get(province__isnull=True, code="PL5")
    scheme = RecognitionScheme.objects.get(province__isnull=True, code="chi-bo-tsvmtd")
    national = {"sinh-hoat": sheet, "xep-loai": rating_sheet, "danh-hieu": scheme}
    return SimpleNamespace(
        national=national,
        own={
            kind: copy_criteria_set(source=source, province=tree.province, year=2026, by=root())
            for kind, source in national.items()
        },
    )


def kind_row(name: str, kind: str, which: str | None):
    """A matrix row (as tests.branches.test_access.row makes them) for one kind's route."""

    def kwargs(tree, found):
        return {"kind": kind} | ({"pk": getattr(found, which)[kind].pk} if which else {})

    return pytest.param(name, kwargs, "get", ADMINISTRATORS_ONLY, id=f"get-{name}-{kind}")


CRITERIA_SET_MATRIX = [
    *[
        kind_row("branches:criteria-list", kind, None) for kind in ("sinh-hoat", "xep-loai")
    ],  # schemes: their own page
    *[
        kind_row("branches:criteria-copy", kind, "national")
        for kind in ("sinh-hoat", "xep-loai", "danh-hieu")
    ],
    *[kind_row("branches:criteria-edit", kind, "own") for kind in ("sinh-hoat", "xep-loai", "danh-hieu")],
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), CRITERIA_SET_MATRIX)
def test_criteria_set_urls_answer_each_persona(
    client, tree, people, criteria_sets, persona, name, kwargs, method, expected
):
    drive(client, people, persona, reverse(name, kwargs=kwargs(tree, criteria_sets)), method, expected)


@pytest.mark.parametrize("kind", ["sinh-hoat", "xep-loai", "danh-hieu"])
def test_an_administrator_may_not_edit_the_national_default(client, tree, people, criteria_sets, kind):
    national = criteria_sets.national[kind]
    before = national.name
    client.force_login(people.admin)

    response = client.post(
        reverse("branches:criteria-edit", args=[kind, national.pk]), {"name": "Sửa mặc định"}
    )

    national.refresh_from_db()
    assert (response.status_code, national.name) == (403, before)
