"""Every named URL × every persona. Out of scope answers 404, a missing permission 403.

Personas (tests/conftest.py): secretary of chi bộ A in commune X, reviewer of commune X, secretary of
chi bộ B in commune Y (the outsider), provincial staff, administrator, anonymous.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from branches import services
from branches.models import Position, Reminder, RoleAssignment
from tests.factories import MemberFactory, UserFactory, root, user_with_role

PERSONAS = ["anonymous", "secretary_a", "reviewer_x", "secretary_b", "province_staff", "admin"]


@pytest.fixture
def objects(tree, people, member_a):
    incoming = MemberFactory(organisation=tree.b)
    away = MemberFactory(organisation=tree.a)
    leaving = MemberFactory(organisation=tree.a)
    temporary = services.request_transfer(
        member=away, kind="temporary", to_organisation=tree.a2, decided_on=date(2025, 3, 1), by=root()
    )
    services.confirm_transfer(transfer=temporary, on=date(2025, 3, 2), by=root())
    return SimpleNamespace(
        member=member_a,
        position=services.add_position(
            member=member_a, organisation=tree.a, title="chi_uy_vien", starts_on=date(2024, 1, 1), by=root()
        ),
        incoming=services.request_transfer(
            member=incoming, kind="official", to_organisation=tree.a, decided_on=date(2025, 5, 1), by=root()
        ),
        outgoing=services.request_transfer(
            member=leaving, kind="official", to_organisation=tree.b, decided_on=date(2025, 5, 1), by=root()
        ),
        temporary=temporary,
        assignment=RoleAssignment.objects.get(user=people.secretary_b),
        account=people.secretary_b,
        lockout=lock_out("bithu_b", "203.0.113.9"),
        reminder=Reminder.objects.create(
            user=people.secretary_a,
            kind="member.recognition",
            key=str(member_a.pk),
            organisation=tree.a,
            title="Nguyễn Văn An: đến hạn xét công nhận chính thức",
            url=f"/dang-vien/{member_a.pk}/",
            first_seen=date(2026, 11, 20),
        ),
    )


def lock_out(username: str, address: str) -> AccessAttempt:
    """What django-axes leaves after five wrong passwords for `username` from `address`."""
    return AccessAttempt.objects.create(
        username=username,
        ip_address=address,
        failures_since_start=5,
        user_agent="Mozilla/5.0",
        path_info="/dang-nhap/",
        http_accept="text/html",
        get_data="",
        post_data="",
    )


def row(name, kwargs, expected, method="get"):
    """expected: statuses for secretary_a, reviewer_x, secretary_b, province_staff, admin."""
    return pytest.param(
        name, kwargs, method, dict(zip(PERSONAS[1:], expected, strict=True)), id=f"{method}-{name}"
    )


# Kwargs are lambdas over (tree, objects) so each row names the object it reaches for.
MATRIX = [
    row("home", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("branches:org-tree", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("branches:org-detail", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 200, 200]),
    row("branches:org-children", lambda t, o: {"pk": t.x.pk}, [404, 200, 404, 200, 200]),
    row("branches:org-history", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 200, 200]),
    row("branches:org-create", lambda t, o: {"pk": t.x.pk}, [404, 200, 404, 403, 200]),
    row("branches:org-edit", lambda t, o: {"pk": t.a.pk}, [403, 200, 404, 403, 200]),
    row("branches:org-move", lambda t, o: {"pk": t.a.pk}, [403, 200, 404, 403, 200]),
    row("branches:org-dissolve", lambda t, o: {"pk": t.a.pk}, [403, 200, 404, 403, 200]),
    row("branches:member-create", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 403, 200]),
    row("branches:member-list", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("branches:member-detail", lambda t, o: {"pk": o.member.pk}, [200, 200, 404, 200, 200]),
    row("branches:member-edit", lambda t, o: {"pk": o.member.pk}, [200, 200, 404, 403, 200]),
    row("branches:member-history", lambda t, o: {"pk": o.member.pk}, [200, 200, 404, 200, 200]),
    row("branches:member-login", lambda t, o: {"pk": o.member.pk}, [403, 403, 404, 403, 200]),
    row("branches:member-login", lambda t, o: {"pk": o.member.pk}, [403, 403, 404, 403, 200], "post"),
    row(
        "branches:member-action",
        lambda t, o: {"pk": o.member.pk, "action": "exempt"},
        [200, 200, 404, 403, 200],
    ),
    row("branches:position-end", lambda t, o: {"pk": o.position.pk}, [302, 302, 404, 403, 302], "post"),
    row("branches:transfer-list", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("branches:transfer-confirm", lambda t, o: {"pk": o.incoming.pk}, [200, 200, 404, 403, 200]),
    row("branches:transfer-end", lambda t, o: {"pk": o.temporary.pk}, [200, 200, 404, 403, 200]),
    row("branches:transfer-cancel", lambda t, o: {"pk": o.outgoing.pk}, [302, 302, 404, 403, 302], "post"),
    row("branches:role-list", lambda t, o: {}, [403, 403, 403, 403, 200]),
    row("branches:role-grant", lambda t, o: {}, [403, 403, 403, 403, 200]),
    row("branches:account-create", lambda t, o: {}, [403, 403, 403, 403, 200]),
    row("branches:role-revoke", lambda t, o: {"pk": o.assignment.pk}, [403, 403, 403, 403, 302], "post"),
    row("branches:account-detail", lambda t, o: {"pk": o.account.pk}, [403, 403, 403, 403, 200]),
    row("branches:account-reset", lambda t, o: {"pk": o.account.pk}, [403, 403, 403, 403, 200], "post"),
    row("branches:account-disable", lambda t, o: {"pk": o.account.pk}, [403, 403, 403, 403, 302], "post"),
    row("branches:account-enable", lambda t, o: {"pk": o.account.pk}, [403, 403, 403, 403, 302], "post"),
    row("branches:lockout-list", lambda t, o: {}, [403, 403, 403, 403, 200]),
    row("branches:lockout-lift", lambda t, o: {"pk": o.lockout.pk}, [403, 403, 403, 403, 302], "post"),
    row("branches:password-change", lambda t, o: {}, [200, 200, 200, 200, 200]),
    row("branches:own-account", lambda t, o: {}, [200, 200, 200, 200, 200]),
    # secretary_a's own reminder: anyone else's request finds nothing.
    row("branches:reminder-done", lambda t, o: {"pk": o.reminder.pk}, [302, 404, 404, 404, 404], "post"),
]


def drive(client, people, persona: str, url: str, method: str, expected: dict) -> None:
    """One matrix cell: anonymous is sent to the login page, everyone else gets their status."""
    if persona != "anonymous":
        client.force_login(getattr(people, persona))

    response = getattr(client, method)(url)

    if persona == "anonymous":
        assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))
    else:
        assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), MATRIX)
def test_url_answers_each_persona_as_its_role_allows(
    client, tree, people, objects, persona, name, kwargs, method, expected
):
    drive(client, people, persona, reverse(name, kwargs=kwargs(tree, objects)), method, expected)


def test_outsider_post_changes_nothing(client, tree, people, objects):
    client.force_login(people.secretary_b)
    url = reverse("branches:member-action", kwargs={"pk": objects.member.pk, "action": "exempt"})
    response = client.post(url, {"on": "01/06/2025", "reason": "Tuổi cao"})
    objects.member.refresh_from_db()
    assert (response.status_code, objects.member.is_exempt) == (404, False)


def test_in_scope_but_forbidden_post_changes_nothing(client, tree, people, objects):
    client.force_login(people.province_staff)  # sees the member, may not change it
    url = reverse("branches:member-action", kwargs={"pk": objects.member.pk, "action": "exempt"})
    response = client.post(url, {"on": "01/06/2025", "reason": "Tuổi cao"})
    objects.member.refresh_from_db()
    assert (response.status_code, objects.member.is_exempt) == (403, False)


def test_a_secretary_records_posts_in_their_branch_only(client, tree, people, objects):
    client.force_login(people.secretary_a)
    url = reverse("branches:member-action", kwargs={"pk": objects.member.pk, "action": "position"})
    offered = client.get(url).context["form"].fields["organisation"].queryset
    response = client.post(
        url, {"title": "bi_thu", "organisation": tree.province.pk, "starts_on": "01/06/2025"}
    )

    assert list(offered) == [tree.a]
    assert "organisation" in response.context["form"].errors
    assert not Position.objects.filter(organisation=tree.province).exists()


def test_a_secretary_cannot_end_a_commune_post(client, tree, people, objects):
    post = services.add_position(
        member=objects.member, organisation=tree.x, title="chi_uy_vien", starts_on=date(2024, 1, 1), by=root()
    )
    client.force_login(people.secretary_a)
    response = client.post(reverse("branches:position-end", args=[post.pk]), {"on": "01/06/2025"})
    post.refresh_from_db()
    assert (response.status_code, post.ends_on) == (403, None)


def test_a_commune_admin_sees_and_grants_roles_in_their_commune_only(client, tree, people):
    commune_admin = user_with_role("quantri_x", tree.x, RoleAssignment.Role.ADMIN)
    services.grant_role(
        user=UserFactory(username="bithu_y"), organisation=tree.b, role="secretary", by=people.admin
    )
    client.force_login(commune_admin)

    page = client.get(reverse("branches:role-list"))
    grant = client.get(reverse("branches:role-grant"))

    assert sorted(a.user.username for a in page.context["page"]) == ["bithu_a", "quantri_x", "xetduyet_x"]
    assert all("bithu_y" not in change.object_repr for change in page.context["history"])
    assert {o.code for o in grant.context["form"].fields["organisation"].queryset} == {
        "X",
        "A",
        "A2",
        "G",
        "G1",
    }


def test_an_admin_nested_under_another_role_still_manages_roles(client, tree, people):
    services.grant_role(
        user=people.reviewer_x, organisation=tree.a, role=RoleAssignment.Role.ADMIN, by=root()
    )
    client.force_login(people.reviewer_x)
    assert client.get(reverse("branches:role-list")).status_code == 200


def test_the_host_secretary_confirms_an_incoming_transfer(client, tree, people, objects):
    client.force_login(people.secretary_a)
    response = client.post(
        reverse("branches:transfer-confirm", args=[objects.incoming.pk]), {"on": "10/05/2025"}
    )
    objects.incoming.refresh_from_db()
    assert (response.status_code, objects.incoming.status, objects.incoming.member.organisation) == (
        302,
        "ended",
        tree.a,
    )


def test_the_sending_secretary_cancels_a_pending_transfer(client, tree, people, objects):
    client.force_login(people.secretary_a)
    client.post(reverse("branches:transfer-cancel", args=[objects.outgoing.pk]))
    objects.outgoing.refresh_from_db()
    assert objects.outgoing.status == "cancelled"
    assert objects.outgoing.member.events.filter(kind="transfer_cancelled").count() == 1
