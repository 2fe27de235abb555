from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from branches import services
from branches.models import ChangeRecord, Member, MemberEvent, Organisation
from tests.factories import MemberFactory, OrganisationFactory, root

Kind = Organisation.Kind


def paths() -> dict[str, str]:
    return dict(Organisation.objects.values_list("code", "path"))


def test_create_builds_the_path_from_primary_keys(tree):
    assert tree.g1.path == f"/{tree.province.pk}/{tree.x.pk}/{tree.g.pk}/{tree.g1.pk}/"
    assert (tree.province.depth, tree.x.depth, tree.g.depth, tree.g1.depth) == (0, 1, 2, 3)


@pytest.mark.parametrize(
    ("parent", "kind", "message"),
    [
        ("a", Kind.CELL, "Chi bộ trực thuộc không thể trực thuộc chi bộ trực thuộc"),
        ("province", Kind.CELL, "không thể trực thuộc đảng bộ tỉnh"),
        ("g", Kind.UPPER, "Đảng bộ cấp trên cơ sở không thể trực thuộc đảng bộ cơ sở"),
    ],
)
def test_kinds_can_only_sit_under_allowed_parents(tree, parent, kind, message):
    with pytest.raises(ValidationError, match=message):
        services.create_organisation(
            parent=getattr(tree, parent), kind=kind, code="NEW", name="Mới", by=root()
        )
    assert not Organisation.objects.filter(code="NEW").exists()


def test_moving_a_subtree_rewrites_every_path_below_in_one_step(tree, people):
    member = MemberFactory(organisation=tree.g1)
    event = services.exempt_member(
        member=member, on=date(2024, 1, 1), reason="Tuổi cao", by=root()
    ).events.get(kind="exempted")

    services.move_organisation(org=tree.g, new_parent=tree.y, by=people.admin)

    tree.g.refresh_from_db()
    tree.g1.refresh_from_db()
    assert tree.g.parent == tree.y
    assert tree.g1.path == f"/{tree.province.pk}/{tree.y.pk}/{tree.g.pk}/{tree.g1.pk}/"
    assert (tree.g.depth, tree.g1.depth) == (2, 3)
    assert services.check_tree() == []
    assert list(Member.objects.in_subtree(tree.y)) == [member]
    assert list(Member.objects.in_subtree(tree.x)) == []
    # History rows keep pointing at the organisation they were written for.
    event.refresh_from_db()
    assert event.organisation_id == tree.g1.pk
    change = ChangeRecord.objects.get(model="organisation", object_id=tree.g.pk, action="update")
    assert (change.actor, change.changes) == (people.admin, {"parent": [tree.x.name, tree.y.name]})


def test_moving_under_its_own_descendant_is_refused(tree):
    before = paths()
    with pytest.raises(ValidationError, match="chính nó hoặc tổ chức trực thuộc nó"):
        services.move_organisation(org=tree.x, new_parent=tree.g, by=root())
    assert paths() == before


def test_moving_to_a_parent_of_the_wrong_kind_is_refused(tree):
    before = paths()
    with pytest.raises(ValidationError, match="không thể trực thuộc"):
        services.move_organisation(org=tree.a, new_parent=tree.province, by=root())
    assert paths() == before


def test_moving_under_a_dissolved_parent_is_refused(tree):
    empty = OrganisationFactory(
        parent=tree.y, kind=Kind.GRASSROOTS_COMMITTEE, code="EMPTY", name="Đảng bộ cũ"
    )
    services.dissolve_organisation(org=empty, on=date(2025, 6, 30), by=root())
    before = paths()
    with pytest.raises(ValidationError, match="đã giải thể"):
        services.move_organisation(org=tree.g1, new_parent=empty, by=root())
    assert paths() == before


def test_dissolving_a_branch_with_members_is_refused(tree, member_a):
    with pytest.raises(ValidationError, match="còn 1 đảng viên đang sinh hoạt"):
        services.dissolve_organisation(org=tree.a, on=date(2025, 7, 1), by=root())
    tree.a.refresh_from_db()
    assert tree.a.dissolved_on is None


def test_dissolving_before_founding_is_refused(tree):
    with pytest.raises(ValidationError, match="không thể trước ngày thành lập"):
        services.dissolve_organisation(org=tree.a2, on=date(1999, 1, 1), by=root())


def test_check_org_tree_reports_a_broken_path(tree):
    Organisation.objects.filter(pk=tree.g1.pk).update(path="/999/")
    assert services.check_tree() == [f"#{tree.g1.pk}: path '/999/', expected '{tree.g.path}{tree.g1.pk}/'"]
    with pytest.raises(CommandError, match="1 problem"):
        call_command("check_org_tree")


def test_check_org_tree_passes_on_the_demo(db):
    call_command("seed_demo")
    call_command("check_org_tree")
    assert Member.objects.count() == 181
    assert MemberEvent.objects.filter(kind="admitted").count() == 181
