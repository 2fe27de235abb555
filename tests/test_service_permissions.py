"""Every writing service asks the policy itself, so a command or an import that calls it cannot do
what the pages would refuse (DESIGN §4, STYLE 17).

Each writing service (found, not listed: tests/writing_services.py) is called on the small case
tests/test_audit.py prepares for it, where the administrator succeeds, by users who lack the right:
it refuses and the database is as it was. A new service without a row in REFUSED below fails
`test_every_writing_service_is_in_the_table`.

Personas (tests/conftest.py): secretary_a of chi bộ A, reviewer_x of commune X (above A),
secretary_b of chi bộ B in commune Y, province_staff (sees the whole province, changes nothing),
admin of the province. The cases are about chi bộ A unless the row says otherwise.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from branches import policy
from branches import services as bs
from branches.models import Member, Organisation, RoleAssignment
from branches.policy import Refused
from meetings.policy import MEETING_RULES
from ratings import services as rs
from ratings.models import MemberRating
from ratings.policy import RATING_RULES
from ratings.rules.common import Tasks
from tests.factories import MemberFactory, OrganisationFactory, UserFactory, root, user_with_role
from tests.test_audit import SERVICES
from tests.writing_services import writing_services

OUTSIDERS = ("secretary_b", "province_staff")  # out of A's subtree; in it without a role that writes
BELOW = ("secretary_a", "province_staff")  # the level-above steps, asked by A's own secretary

REFUSED: dict[str, tuple[str, ...]] = {
    "branches.services.accounts.disable_account": ("reviewer_x", "secretary_a"),
    # The three kinds (score sheet, rating sheet, scheme) in one call: the province's administrator only.
    "branches.services.criteria_sets.copy_criteria_set": ("reviewer_x", "province_staff"),
    "branches.services.criteria_sets.update_criteria_set": ("reviewer_x", "province_staff"),
    "branches.services.accounts.enable_account": ("reviewer_x", "secretary_a"),
    # A member's own login: an administrator of the member's organisation (not even their secretary).
    "branches.services.accounts.create_member_login": ("reviewer_x", "secretary_a", "province_staff"),
    "branches.services.accounts.lift_lockout": ("reviewer_x", "secretary_a"),
    "branches.services.accounts.reset_password": ("reviewer_x", "secretary_a"),
    # The administrator's own reminder: nobody else marks it done, not even a user who sees chi bộ A.
    "branches.services.reminders.mark_reminder_done": ("secretary_a", "reviewer_x", "province_staff"),
    "branches.services.positions.add_position": OUTSIDERS,
    "branches.services.admissions.admit_members": OUTSIDERS,
    # Administrators and provincial staff import; a reviewer of the commune may not.
    "branches.imports.apply.apply_plan": ("reviewer_x", "secretary_a", "secretary_b"),
    "branches.services.members.admit_member": OUTSIDERS,
    "branches.services.lifecycle.discipline_member": OUTSIDERS,
    "branches.services.lifecycle.end_exemption": OUTSIDERS,
    "branches.services.positions.end_position": OUTSIDERS,
    "branches.services.lifecycle.end_suspension": OUTSIDERS,
    "branches.services.lifecycle.exempt_member": OUTSIDERS,
    "branches.services.lifecycle.recognise_official": OUTSIDERS,
    "branches.services.lifecycle.record_leaving": OUTSIDERS,
    "branches.services.lifecycle.suspend_member": OUTSIDERS,
    "branches.services.members.update_member": OUTSIDERS,
    "branches.services.organisations.create_organisation": (
        "secretary_a",
        "province_staff",
    ),  # under commune X
    "branches.services.founding.create_organisations": ("secretary_a", "province_staff"),  # under commune X
    "branches.services.organisations.dissolve_organisation": ("secretary_a", "province_staff"),  # chi bộ A2
    # Chi bộ A2 of commune X to commune Y: X's reviewer may move it, but not into Y.
    "branches.services.organisations.move_organisation": ("reviewer_x", "secretary_a"),
    "branches.services.organisations.update_organisation": BELOW,
    "branches.services.roles.create_account": ("reviewer_x", "province_staff"),
    "branches.services.roles.grant_role": ("reviewer_x", "secretary_a"),
    "branches.services.roles.revoke_role": ("reviewer_x", "secretary_a"),
    "branches.services.transfers.cancel_transfer": OUTSIDERS,
    "branches.services.transfers.confirm_transfer": ("secretary_a", "province_staff"),  # arriving at B
    "branches.services.transfers.end_temporary": OUTSIDERS,  # B hosts; A, the member's chi bộ, ends it
    "branches.services.transfers.request_transfer": OUTSIDERS,
    "meetings.services.plans.add_attachment": OUTSIDERS,
    "meetings.services.scoring.adjust_score": BELOW,
    "meetings.services.minutes.amend_meeting": OUTSIDERS,
    "meetings.services.minutes.comment_meeting": BELOW,
    "meetings.services.scoring.finalise_meeting": OUTSIDERS,
    "meetings.services.plans.plan_meeting": OUTSIDERS,
    "meetings.services.minutes.record_and_finalise": OUTSIDERS,
    "meetings.services.minutes.save_meeting": OUTSIDERS,
    "meetings.services.plans.withdraw_plan": OUTSIDERS,
    "meetings.dues.configure.update_parameters": ("reviewer_x", "province_staff"),  # the province
    "meetings.dues.services.collect_month": OUTSIDERS,
    "meetings.dues.services.excuse_month": OUTSIDERS,
    "meetings.dues.services.record_payment": OUTSIDERS,
    "meetings.dues.services.set_basis": OUTSIDERS,
    "meetings.dues.statements.import_statement": ("secretary_a", "province_staff"),  # read into commune X
    "ratings.services.members.decide": BELOW,
    "ratings.services.roll.open_period": ("reviewer_x", "province_staff"),  # the province
    "ratings.services.members.propose": OUTSIDERS,
    "ratings.services.members.publish": BELOW,
    "ratings.services.roll.record_comment": ("secretary_a", "province_staff"),  # B's comment
    "ratings.services.members.rerate": BELOW,
    "ratings.services.members.self_assess": OUTSIDERS,
    "ratings.services.organisations.decide_organisation": BELOW,
    "ratings.services.organisations.propose_organisation": BELOW,
    "ratings.services.organisations.publish_organisation": BELOW,
    "ratings.services.organisations.rerate_organisation": BELOW,
    "ratings.services.organisations.self_assess_organisation": OUTSIDERS,
    "ratings.services.periods.update_period": ("reviewer_x", "province_staff"),  # the province
    "ratings.services.recognitions.appraise_recognition": BELOW,
    "ratings.services.recognitions.recognise": BELOW,
    "ratings.services.recognitions.refuse_recognition": BELOW,
    "ratings.services.recognitions.register_recognition": OUTSIDERS,
    "ratings.services.recognitions.report_recognition": OUTSIDERS,
    "ratings.services.recognitions.revoke_after_rerating": BELOW,
    "ratings.services.recognitions.revoke_recognition": BELOW,
    "ratings.services.recognitions.set_target": ("reviewer_x", "secretary_a"),  # commune X
}
# Acts on the caller's own login: whoever calls it has the right, there is nobody to refuse.
NOBODY_TO_REFUSE = {
    "branches.services.accounts.change_own_password",
    "branches.services.accounts.update_own_email",
    # The mailed link's token is the proof; the user acts on their own login.
    "branches.services.accounts.reset_forgotten_password",
}


def everything() -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused call changed nothing."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_every_writing_service_is_in_the_table():
    listed = [*REFUSED, *NOBODY_TO_REFUSE]
    assert sorted(writing_services() ^ set(listed)) == []
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize(
    ("name", "persona"),
    [(name, persona) for name, personas in sorted(REFUSED.items()) for persona in personas],
)
def test_each_writing_service_refuses_a_user_without_the_right(
    tree, people, member_a, settings, tmp_path, name, persona
):
    settings.MEDIA_ROOT = tmp_path
    c = SimpleNamespace(tree=tree, people=people, member=member_a, by=getattr(people, persona))
    prepare, call, _ = SERVICES[name]
    prepared = prepare(c)
    before = everything()

    with pytest.raises((ValidationError, PermissionDenied)):
        call(c, prepared)

    assert everything() == before
    assert list(tmp_path.rglob("*.*")) == []  # no upload kept either


def test_a_service_called_without_an_actor_is_refused(tree, member_a):
    with pytest.raises(Refused) as refusal:
        bs.exempt_member(member=member_a, on=date(2025, 1, 1), reason="Tuổi cao", by=None)

    member_a.refresh_from_db()
    assert (refusal.value.code, refusal.value.messages, member_a.is_exempt) == (
        "scope",
        ["Việc này nằm ngoài quyền hạn của đồng chí."],
        False,
    )


def test_a_refusal_is_a_form_error_and_a_forbidden_request():
    refusal = Refused("Đồng chí không phụ trách Chi bộ ấp Chợ Dưới.")
    assert isinstance(refusal, ValidationError) and isinstance(refusal, PermissionDenied)


# The rules that moved into the services --------------------------------------------------------


def test_an_administrator_cannot_revoke_their_own_administrator_role(people):
    own = RoleAssignment.objects.get(user=people.admin)

    with pytest.raises(ValidationError) as refusal:
        bs.revoke_role(assignment=own, by=people.admin)

    assert refusal.value.messages == ["Không thể tự thu hồi quyền quản trị của chính mình."]
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


GOOD_YEAR = Tasks(assigned=10, on_time=10, exceeded=4)


def test_the_sub_committee_proposes_and_the_grassroots_committee_decides(tree, people):
    """HD 43 Mục 3: a chi bộ of a đảng bộ bộ phận is decided by the đảng ủy cơ sở two levels up.
    The reviewer of the đảng ủy bộ phận appraises the chi bộ's own rating but decides neither it
    nor its members'; the reviewer of the đảng ủy cơ sở does."""
    part = OrganisationFactory(
        parent=tree.g, kind=Organisation.Kind.SUB_COMMITTEE, name="Đảng ủy bộ phận khối Đảng"
    )
    cell = OrganisationFactory(parent=part, name="Chi bộ Văn phòng")
    member = MemberFactory(organisation=cell)
    part_reviewer = user_with_role("xetduyet_bp", part, RoleAssignment.Role.REVIEWER)
    committee_reviewer = user_with_role("xetduyet_g", tree.g, RoleAssignment.Role.REVIEWER)
    period = rs.open_period(province=tree.province, year=2025, small_group_minimum=1, by=people.admin)
    rating = MemberRating.objects.current().get(period=period, member=member)
    rating = rs.self_assess(
        rating=rating,
        version=rating.version,
        score=85,
        tasks=GOOD_YEAR,
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        by=root(),
    )
    [rating] = rs.propose(
        ratings=[rating], levels={rating.pk: "HTTNV"}, versions={rating.pk: rating.version}, by=root()
    )

    def decide(by):
        return rs.decide(
            ratings=[rating],
            levels={rating.pk: "HTTNV"},
            versions={rating.pk: rating.version},
            decision_number="12-QĐ/ĐU",
            decided_on=date(2025, 12, 20),
            by=by,
        )

    with pytest.raises(Refused) as refusal:
        decide(part_reviewer)
    rating.refresh_from_db()
    assert (rating.status, policy.can(part_reviewer, "rating.appraise", cell)) == ("proposed", True)
    assert refusal.value.messages == [
        "Việc quyết định xếp loại Chi bộ Văn phòng thuộc cấp có thẩm quyền (Hướng dẫn 43-HD/BTCTW, Mục 3), "
        "ngoài phạm vi của đồng chí."
    ]
    [decided] = decide(committee_reviewer)
    assert (decided.status, decided.level) == ("decided", "HTTNV")


def test_a_member_self_assesses_their_own_rating_and_nobody_elses(tree, people, member_a):
    account = UserFactory(username="an")  # a member's own login: no role anywhere
    Member.objects.filter(pk=member_a.pk).update(account=account)
    colleague = MemberFactory(organisation=tree.a)
    period = rs.open_period(province=tree.province, year=2025, by=people.admin)
    own, theirs = (MemberRating.objects.current().get(period=period, member=m) for m in (member_a, colleague))

    def assess(rating):
        return rs.self_assess(
            rating=rating,
            version=rating.version,
            score=85,
            tasks=GOOD_YEAR,
            shortcomings_pointed=0,
            shortcomings_remedied=0,
            self_level="HTTNV",
            by=account,
        )

    with pytest.raises(Refused):
        assess(theirs)
    assert assess(own).status == "self_assessed"


def test_each_app_adds_its_own_actions_to_the_one_policy():
    prefixes = {
        "branches": {"org", "member", "position", "transfer", "role", "account", "reminder"},
        "meetings": {"meeting", "sheet", "dues"},
        "ratings": {"rating", "recognition", "report"},
    }
    by_app = {"branches": policy.BRANCH_RULES, "meetings": MEETING_RULES, "ratings": RATING_RULES}

    assert {app: {action.split(".")[0] for action in rules} for app, rules in by_app.items()} == prefixes
    assert policy.RULES == {**policy.BRANCH_RULES, **MEETING_RULES, **RATING_RULES}
