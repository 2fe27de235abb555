"""Who is rated follows the member's facts: a lifecycle event while the year is open updates that
year's rating (excluded with the reason, back to rated, moved, waiting for a comment), and the
"members first" check and the report follow."""

from datetime import date

import pytest

from branches import services as branch_services
from branches.models import Transfer
from ratings import services
from ratings.models import MemberRating, OrganisationRating, Status
from ratings.reports import tables
from ratings.rules.common import Tasks
from tests.factories import MemberFactory, root

GOOD_YEAR = Tasks(assigned=10, on_time=10, exceeded=4)
ON = date(2026, 6, 1)


@pytest.fixture
def period(tree, member_a):
    return services.open_period(province=tree.province, year=2026, by=root())


def rating_of(member):
    return MemberRating.objects.current().get(period__year=2026, member=member)


def assessed(member):
    r = rating_of(member)
    return services.self_assess(
        rating=r,
        version=r.version,
        score=85,
        tasks=GOOD_YEAR,
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        by=root(),
    )


def last_step(rating):
    t = rating.transitions.order_by("-pk").first()
    return t.from_status, t.to_status, t.reason


def test_exempting_a_member_excludes_them_with_the_reason(period, member_a):
    assessed(member_a)

    branch_services.exempt_member(member=member_a, on=ON, reason="Tuổi cao, sức yếu", by=root())

    rating = rating_of(member_a)
    assert (rating.status, rating.excluded_column) == (Status.EXCLUDED, "exempt")
    assert rating.excluded_reason == "Được miễn công tác và sinh hoạt đảng: không kiểm điểm, xếp loại."
    assert last_step(rating) == ("self_assessed", "excluded", rating.excluded_reason)


def test_an_exempted_member_can_no_longer_self_assess(period, member_a):
    branch_services.exempt_member(member=member_a, on=ON, reason="Tuổi cao, sức yếu", by=root())

    with pytest.raises(Exception, match="Không thể tự đánh giá khi phiếu đang ở bước “Không đánh giá”"):
        assessed(member_a)


def test_ending_an_exemption_puts_the_member_back_on_the_list(period, member_a):
    branch_services.exempt_member(member=member_a, on=ON, reason="Tuổi cao, sức yếu", by=root())

    branch_services.end_exemption(member=member_a, on=date(2026, 8, 1), by=root())

    rating = rating_of(member_a)
    assert (rating.status, rating.excluded_reason, rating.excluded_column) == (Status.PENDING, "", "")
    assert last_step(rating) == ("excluded", "pending", "Trở lại danh sách đánh giá.")


def test_suspending_a_proposed_member_excludes_them_and_ending_it_asks_for_a_new_proposal(period, member_a):
    [rating] = services.propose(
        ratings=[assessed(member_a)],
        levels={rating_of(member_a).pk: "HTTNV"},
        versions={rating_of(member_a).pk: rating_of(member_a).version},
        by=root(),
    )

    branch_services.suspend_member(member=member_a, on=ON, reason="Đang bị xem xét kỷ luật", by=root())
    assert (rating_of(member_a).status, rating_of(member_a).excluded_column) == (Status.EXCLUDED, "suspended")

    branch_services.end_suspension(member=member_a, on=date(2026, 9, 1), by=root())
    assert (
        rating_of(member_a).status == Status.SELF_ASSESSED
    )  # the assessment stands; the chi bộ proposes again


def test_a_transfer_moves_the_rating_to_the_new_branch_and_awaits_the_old_ones_comment(
    tree, period, member_a
):
    assessed(member_a)
    transfer = branch_services.request_transfer(
        member=member_a,
        kind=Transfer.Kind.OFFICIAL,
        to_organisation=tree.a2,
        decided_on=date(2026, 7, 20),
        by=root(),
    )

    branch_services.confirm_transfer(
        transfer=transfer, on=date(2026, 8, 3), by=root()
    )  # seven months at the old chi bộ

    rating = rating_of(member_a)
    assert rating.organisation == tree.a2
    assert rating.waiting_for == [
        {
            "organisation_id": tree.a.pk,
            "label": "Nhận xét của Chi bộ ấp Chợ Dưới (sinh hoạt 7 tháng trong năm).",
        }
    ]
    assert last_step(rating)[2] == (
        "Chuyển sinh hoạt từ Chi bộ ấp Chợ Dưới đến Chi bộ ấp Tân Hạnh: chi bộ mới đánh giá. "
        "Chờ Nhận xét của Chi bộ ấp Chợ Dưới (sinh hoạt 7 tháng trong năm)."
    )


def test_a_temporary_stay_awaits_the_hosts_comment_and_still_does_when_it_ends(tree, period, member_a):
    assessed(member_a)
    transfer = branch_services.request_transfer(
        member=member_a,
        kind=Transfer.Kind.TEMPORARY,
        to_organisation=tree.b,
        decided_on=date(2026, 3, 2),
        by=root(),
    )
    branch_services.confirm_transfer(transfer=transfer, on=date(2026, 3, 5), by=root())
    awaited = [
        {"organisation_id": tree.b.pk, "label": "Nhận xét của Chi bộ ấp Hòa Lạc (nơi sinh hoạt tạm thời)."}
    ]
    assert (rating_of(member_a).organisation, rating_of(member_a).waiting_for) == (tree.a, awaited)

    transfer.refresh_from_db()
    branch_services.end_temporary(transfer=transfer, on=date(2026, 9, 30), by=root())

    assert rating_of(member_a).waiting_for == awaited


def test_a_member_who_left_is_off_the_list_and_off_the_report(tree, period, member_a):
    other = MemberFactory(organisation=tree.a)
    assessed(member_a)

    branch_services.record_leaving(member=member_a, reason="tu_tran", on=ON, by=root())

    rating = rating_of(member_a)
    assert (rating.status, rating.excluded_column, rating.excluded_reason) == (
        Status.EXCLUDED,
        "left",
        "Đã từ trần ngày 01/06/2026: không đánh giá.",
    )
    [row] = [r for r in tables.members(tree.x, period, None)[0] if r.unit == tree.a]
    assert (row.total, row.subject, row.pending) == (1, 1, 1)
    assert rating_of(other).status == Status.PENDING


def test_the_branch_is_decided_once_its_remaining_members_are(tree, period, member_a):
    other = MemberFactory(organisation=tree.a)
    [rating] = services.propose(
        ratings=[assessed(other)],
        levels={rating_of(other).pk: "HTTNV"},
        versions={rating_of(other).pk: rating_of(other).version},
        by=root(),
    )
    services.decide(
        ratings=[rating],
        levels={rating.pk: "HTTNV"},
        versions={rating.pk: rating.version},
        decision_number="3-QĐ/ĐU",
        decided_on=date(2026, 12, 1),
        by=root(),
    )
    own = OrganisationRating.objects.get(period=period, organisation=tree.a)
    own = services.self_assess_organisation(
        rating=own, version=own.version, score=85, tasks=GOOD_YEAR, self_level="HTTNV", by=root()
    )
    own = services.propose_organisation(rating=own, version=own.version, level="HTTNV", by=root())
    branch_services.exempt_member(
        member=member_a, on=ON, reason="Tuổi cao, sức yếu", by=root()
    )  # member_a was still pending

    own = services.decide_organisation(
        rating=own,
        version=own.version,
        level="HTTNV",
        decision_number="4-QĐ/ĐU",
        decided_on=date(2026, 12, 1),
        by=root(),
    )

    assert own.status == Status.DECIDED


def test_a_decided_rating_is_not_changed_by_a_later_event(tree, period, member_a):
    [rating] = services.propose(
        ratings=[assessed(member_a)],
        levels={rating_of(member_a).pk: "HTTNV"},
        versions={rating_of(member_a).pk: rating_of(member_a).version},
        by=root(),
    )
    services.decide(
        ratings=[rating],
        levels={rating.pk: "HTTNV"},
        versions={rating.pk: rating.version},
        decision_number="3-QĐ/ĐU",
        decided_on=date(2026, 12, 1),
        by=root(),
    )

    branch_services.exempt_member(
        member=member_a, on=date(2026, 12, 2), reason="Tuổi cao, sức yếu", by=root()
    )

    assert (rating_of(member_a).status, rating_of(member_a).level) == (Status.DECIDED, "HTTNV")


def test_a_member_entered_after_the_year_opened_is_on_its_list(tree, period):
    newcomer = MemberFactory(organisation=tree.a, full_name="Trần Văn Mới")

    assert rating_of(newcomer).status == Status.PENDING


def test_an_exempt_member_who_transfers_is_counted_at_the_new_branch(tree, period, member_a):
    branch_services.exempt_member(member=member_a, on=ON, reason="Tuổi cao, sức yếu", by=root())
    transfer = branch_services.request_transfer(
        member=member_a,
        kind=Transfer.Kind.OFFICIAL,
        to_organisation=tree.a2,
        decided_on=date(2026, 7, 20),
        by=root(),
    )

    branch_services.confirm_transfer(transfer=transfer, on=date(2026, 8, 3), by=root())

    rating = rating_of(member_a)
    assert (rating.organisation, rating.status, rating.excluded_column) == (
        tree.a2,
        Status.EXCLUDED,
        "exempt",
    )
