"""The rating score sheet routes × every persona (see tests/branches/test_access.py for the personas):
only the province's administrators set its sheets."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from branches.services.criteria_sets import copy_criteria_set
from ratings.models import RatingSheet
from tests.branches.test_access import PERSONAS, drive, row


@pytest.fixture
def sheets(tree):
    national = RatingSheet.objects.get(province__isnull=True, code="PL5")
    return SimpleNamespace(national=national,
                           own=copy_criteria_set(source=national, province=tree.province, year=2026))


RATING_SHEET_MATRIX = [
    row("branches:criteria-list", lambda t, s: {"kind": "xep-loai"}, [403, 403, 403, 403, 200]),
    row("branches:criteria-copy", lambda t, s: {"kind": "xep-loai", "pk": s.national.pk}, [403, 403, 403, 403, 200]),
    row("branches:criteria-edit", lambda t, s: {"kind": "xep-loai", "pk": s.own.pk}, [403, 403, 403, 403, 200]),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), RATING_SHEET_MATRIX)
def test_rating_sheet_urls_answer_each_persona(client, tree, people, sheets, persona, name, kwargs, method, expected):
    drive(client, people, persona, reverse(name, kwargs=kwargs(tree, sheets)), method, expected)


def test_an_administrator_may_not_edit_the_national_default(client, tree, people, sheets):
    client.force_login(people.admin)

    response = client.post(reverse("branches:criteria-edit", args=["xep-loai", sheets.national.pk]), {"name": "Sửa mặc định"})

    sheets.national.refresh_from_db()
    assert (response.status_code, sheets.national.name[:30]) == (403, "Phiếu chấm điểm đảng viên khôn")
