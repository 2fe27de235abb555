"""Organisation codes go into download names and headers: letters, digits, "-", "_", "." only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches import services
from branches.models import Organisation

REFUSED = "Mã tổ chức chỉ gồm chữ cái không dấu, chữ số và các dấu “-”, “_”, “.”; không có khoảng trắng."
BAD_CODES = ['AB";filename=evil.html;', "AB\r\nSet-Cookie: x=1", "A\nB", "A B", "ĐU", "A/B", "A\\B", ""]


@pytest.mark.parametrize("code", BAD_CODES)
def test_creating_an_organisation_with_a_code_unfit_for_a_file_name_is_refused(tree, people, code):
    before = Organisation.objects.count()

    with pytest.raises(ValidationError) as refused:
        services.create_organisation(
            parent=tree.x, kind="cell", code=code, name="Chi bộ ấp Mới", by=people.admin
        )

    assert refused.value.message_dict == {"code": [REFUSED]}
    assert Organisation.objects.count() == before


@pytest.mark.parametrize("code", BAD_CODES)
def test_editing_a_code_into_one_unfit_for_a_file_name_is_refused(tree, people, code):
    with pytest.raises(ValidationError) as refused:
        services.update_organisation(org=tree.a, version=tree.a.version, code=code, by=people.admin)

    assert refused.value.message_dict == {"code": [REFUSED]}
    tree.a.refresh_from_db()
    assert (tree.a.code, tree.a.version) == ("A", 0)


@pytest.mark.parametrize("code", ["TV00001", "X-1_a.2", "CB.01"])
def test_codes_of_letters_digits_dashes_underscores_and_dots_are_taken(tree, people, code):
    org = services.create_organisation(
        parent=tree.x, kind="cell", code=code, name="Chi bộ ấp Mới", by=people.admin
    )

    assert Organisation.objects.get(pk=org.pk).code == code


def test_the_form_shows_the_refusal_next_to_the_code_and_saves_nothing(client, tree, people):
    client.force_login(people.admin)
    before = Organisation.objects.count()

    response = client.post(
        reverse("branches:org-create", args=[tree.x.pk]),
        {"kind": "cell", "code": 'ab";filename=evil.html;', "name": "Chi bộ ấp Mới"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": [REFUSED]}
    assert Organisation.objects.count() == before


def test_the_edit_form_refuses_a_code_with_a_line_break(client, tree, people):
    client.force_login(people.admin)

    response = client.post(
        reverse("branches:org-edit", args=[tree.a.pk]),
        {"code": "A\r\nB", "name": tree.a.name, "area_type": "", "version": tree.a.version},
    )

    assert response.context["form"].errors == {"code": [REFUSED]}
    tree.a.refresh_from_db()
    assert tree.a.code == "A"
