"""Every named URL × every persona. Out of scope answers 404, a missing permission 403.

Personas (tests/conftest.py): secretary of chi bộ A in commune X, reviewer of commune X, secretary of
chi bộ B in commune Y (the outsider), provincial staff, administrator, anonymous.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from branches import services
from branches.models import RoleAssignment
from tests.factories import MemberFactory

PERSONAS = ["anonymous", "secretary_a", "reviewer_x", "secretary_b", "province_staff", "admin"]


@pytest.fixture
def objects(tree, people, member_a):
    incoming = MemberFactory(organisation=tree.b)
    away = MemberFactory(organisation=tree.a)
    leaving = MemberFactory(organisation=tree.a)
    temporary = services.request_transfer(member=away, kind="temporary", to_organisation=tree.a2,
                                          decided_on=date(2025, 3, 1))
    services.confirm_transfer(transfer=temporary, on=date(2025, 3, 2))
    return SimpleNamespace(
        member=member_a,
        position=services.add_position(member=member_a, organisation=tree.a, title="chi_uy_vien", starts_on=date(2024, 1, 1)),
        incoming=services.request_transfer(member=incoming, kind="official", to_organisation=tree.a, decided_on=date(2025, 5, 1)),
        outgoing=services.request_transfer(member=leaving, kind="official", to_organisation=tree.b, decided_on=date(2025, 5, 1)),
        temporary=temporary,
        assignment=RoleAssignment.objects.get(user=people.secretary_b),
    )


def row(name, kwargs, expected, method="get"):
    """expected: statuses for secretary_a, reviewer_x, secretary_b, province_staff, admin."""
    return pytest.param(name, kwargs, method, dict(zip(PERSONAS[1:], expected, strict=True)), id=f"{method}-{name}")


# Kwargs are lambdas over (tree, objects) so each row names the object it reaches for.
MATRIX = [
    row("home", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("branches:org-tree", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("branches:org-detail", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 200, 200]),
    row("branches:org-children", lambda t, o: {"pk": t.x.pk}, [404, 200, 404, 200, 200]),
    row("branches:org-create", lambda t, o: {"pk": t.x.pk}, [404, 200, 404, 403, 200]),
    row("branches:org-edit", lambda t, o: {"pk": t.a.pk}, [403, 200, 404, 403, 200]),
    row("branches:org-move", lambda t, o: {"pk": t.a.pk}, [403, 200, 404, 403, 200]),
    row("branches:org-dissolve", lambda t, o: {"pk": t.a.pk}, [403, 200, 404, 403, 200]),
    row("branches:member-create", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 403, 200]),
    row("branches:member-list", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("branches:member-detail", lambda t, o: {"pk": o.member.pk}, [200, 200, 404, 200, 200]),
    row("branches:member-edit", lambda t, o: {"pk": o.member.pk}, [200, 200, 404, 403, 200]),
    row("branches:member-action", lambda t, o: {"pk": o.member.pk, "action": "exempt"}, [200, 200, 404, 403, 200]),
    row("branches:position-end", lambda t, o: {"pk": o.position.pk}, [302, 302, 404, 403, 302], "post"),
    row("branches:transfer-list", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("branches:transfer-confirm", lambda t, o: {"pk": o.incoming.pk}, [200, 200, 404, 403, 200]),
    row("branches:transfer-end", lambda t, o: {"pk": o.temporary.pk}, [200, 200, 404, 403, 200]),
    row("branches:transfer-cancel", lambda t, o: {"pk": o.outgoing.pk}, [302, 302, 404, 403, 302], "post"),
    row("branches:role-list", lambda t, o: {}, [403, 403, 403, 403, 200]),
    row("branches:role-grant", lambda t, o: {}, [403, 403, 403, 403, 200]),
    row("branches:account-create", lambda t, o: {}, [403, 403, 403, 403, 200]),
    row("branches:role-revoke", lambda t, o: {"pk": o.assignment.pk}, [404, 404, 403, 403, 302], "post"),
]
# Routes that are public by design, tested on their own in test_security.py.
NOT_IN_MATRIX = {"login", "logout"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), MATRIX)
def test_url_answers_each_persona_as_its_role_allows(client, tree, people, objects, persona, name, kwargs, method, expected):
    url = reverse(name, kwargs=kwargs(tree, objects))
    if persona != "anonymous":
        client.force_login(getattr(people, persona))

    response = getattr(client, method)(url)

    if persona == "anonymous":
        assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))
    else:
        assert response.status_code == expected[persona]


def test_outsider_post_changes_nothing(client, tree, people, objects):
    client.force_login(people.secretary_b)
    url = reverse("branches:member-action", kwargs={"pk": objects.member.pk, "action": "exempt"})
    response = client.post(url, {"on": "01/06/2025", "reason": "Tuổi cao"})
    objects.member.refresh_from_db()
    assert (response.status_code, objects.member.is_exempt) == (404, False)


def named_urls(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_url_is_in_the_matrix():
    covered = {param.values[0] for param in MATRIX} | NOT_IN_MATRIX
    assert sorted(set(named_urls()) - covered) == []
