from datetime import date

import pytest
from django.core.exceptions import ValidationError

from branches import services as branch_services
from ratings import services
from ratings.models import MemberRating, OrganisationRating, RatingPeriod, Transition
from ratings.rules.common import Tasks
from tests.factories import MemberFactory, root

GOOD_YEAR = Tasks(assigned=10, on_time=10, exceeded=4)  # 40 % exceeded
ON_TIME = Tasks(assigned=10, on_time=10, exceeded=2)


@pytest.fixture
def period(tree, member_a):
    # One member in the chi bộ: the province lets a small group have one HTXSNV (Q4, configurable).
    return services.open_period(province=tree.province, year=2025, small_group_minimum=1, by=root())


def rating_of(period, member) -> MemberRating:
    return MemberRating.objects.current().get(period=period, member=member)


def assess(rating, score=92, tasks=GOOD_YEAR, level="HTXSNV", **extra):
    return services.self_assess(
        rating=rating,
        version=rating.version,
        score=score,
        tasks=tasks,
        shortcomings_pointed=extra.get("pointed", 0),
        shortcomings_remedied=extra.get("remedied", 0),
        self_level=level,
        by=root(),
    )


def propose(ratings, level="HTXSNV"):
    return services.propose(
        ratings=ratings,
        levels={r.pk: level for r in ratings},
        versions={r.pk: r.version for r in ratings},
        by=root(),
    )


def decide(ratings, levels, **extra):
    return services.decide(
        ratings=ratings,
        levels=levels,
        versions={r.pk: r.version for r in ratings},
        decision_number="25-QĐ/ĐU",
        decided_on=date(2025, 12, 20),
        **extra,
    )


def state() -> list:
    return list(
        MemberRating.objects.order_by("pk").values_list("pk", "status", "level", "proposed_level", "version")
    ) + [Transition.objects.count()]


def refused(call, message):
    before = state()
    with pytest.raises(ValidationError) as error:
        call()
    assert message in " ".join(error.value.messages)
    assert state() == before


def test_opening_the_year_lists_who_is_rated_where_and_on_which_sheet(tree, member_a):
    new = MemberFactory(
        organisation=tree.a,
        ceremony_date=date(2025, 9, 1),
        official_date=None,
        admission_decision_date=date(2025, 8, 20),
    )
    exempt = MemberFactory(organisation=tree.a)
    branch_services.exempt_member(member=exempt, on=date(2024, 3, 1), reason="Tuổi cao", by=root())
    official = MemberFactory(organisation=tree.b, in_political_system=True)
    away = MemberFactory(organisation=tree.a)
    stay = branch_services.request_transfer(
        member=away, kind="temporary", to_organisation=tree.b, decided_on=date(2025, 4, 1), by=root()
    )
    branch_services.confirm_transfer(transfer=stay, on=date(2025, 4, 2), by=root())

    period = services.open_period(province=tree.province, year=2025, by=root())

    rows = {r.member: r for r in MemberRating.objects.filter(period=period)}
    assert (period.regime, period.finish_by, period.files_by) == (
        "QD366_HD43",
        date(2025, 12, 31),
        date(2026, 2, 1),
    )
    assert (rows[new].status, rows[new].excluded_column) == ("excluded", "new")  # S1
    assert (rows[exempt].status, rows[exempt].excluded_column) == ("excluded", "exempt")  # S3
    assert (rows[official].sheet, rows[member_a].sheet) == ("PL4", "PL5")
    assert (rows[away].organisation, rows[away].waiting_for) == (  # S5: rated at the official chi bộ
        tree.a,
        [{"organisation_id": tree.b.pk, "label": "Nhận xét của Chi bộ ấp Hòa Lạc (nơi sinh hoạt tạm thời)."}],
    )


def test_two_rerates_of_a_member_from_one_page_keep_the_first(tree, people, period, member_a):
    [proposed] = propose([assess(rating_of(period, member_a))])
    [shown] = decide([proposed], {proposed.pk: "HTXSNV"}, by=people.reviewer_x)
    rerate = dict(reason="Kê khai chưa trung thực", decided_on=date(2026, 3, 1), by=people.reviewer_x)
    first = services.rerate(
        rating=shown, version=shown.version, level="HTTNV", decision_number="03-QĐ/ĐU", **rerate
    )

    with pytest.raises(ValidationError, match="đã được người khác cập nhật"):
        services.rerate(
            rating=shown, version=shown.version, level="HTNV", decision_number="04-QĐ/ĐU", **rerate
        )
    assert MemberRating.objects.current().get(period=period, member=member_a) == first
    assert MemberRating.objects.filter(period=period, member=member_a).count() == 2


def test_the_whole_workflow_writes_a_transition_at_every_step(tree, people, period, member_a):
    rating = assess(rating_of(period, member_a))
    [rating] = propose([rating])
    [rating] = decide([rating], {rating.pk: "HTXSNV"}, by=people.reviewer_x)
    services.publish(ratings=[rating], by=people.reviewer_x)
    rating.refresh_from_db()
    new = services.rerate(
        rating=rating,
        version=rating.version,
        level="HTTNV",
        reason="Phát hiện kê khai chưa trung thực",
        decision_number="03-QĐ/ĐU",
        decided_on=date(2026, 3, 1),
        by=people.reviewer_x,
    )

    rating.refresh_from_db()
    assert (rating.status, new.status, new.level, new.replaces) == ("cancelled", "decided", "HTTNV", rating)
    assert list(rating.transitions.values_list("from_status", "to_status", "level")) == [
        ("pending", "self_assessed", "HTXSNV"),
        ("self_assessed", "proposed", "HTXSNV"),
        ("proposed", "decided", "HTXSNV"),
        ("decided", "published", "HTXSNV"),
        ("published", "cancelled", "HTXSNV"),
    ]
    assert list(new.transitions.values_list("to_status", "level", "reason", "by")) == [
        ("decided", "HTTNV", "Phát hiện kê khai chưa trung thực", people.reviewer_x.pk)
    ]


def test_skipping_a_step_is_refused(period, member_a):
    rating = rating_of(period, member_a)
    refused(lambda: propose([rating]), "chưa tự đánh giá, chưa thể đề xuất")
    rating = assess(rating)
    refused(lambda: decide([rating], {rating.pk: "HTXSNV"}, by=root()), "chi bộ chưa đề xuất")


@pytest.mark.parametrize(
    ("score", "tasks", "message"),
    [
        (101, GOOD_YEAR, "Điểm tự chấm từ 0 đến 100"),
        (90, Tasks(10, 8, 0, late=1), "phải cộng bằng số được giao"),
        (90, Tasks(10, 5, 6, late=5), "vượt yêu cầu không thể nhiều hơn"),
    ],
)
def test_a_self_assessment_out_of_range_is_refused(period, member_a, score, tasks, message):
    rating = rating_of(period, member_a)
    refused(lambda: assess(rating, score=score, tasks=tasks), message)


def test_an_excluded_member_cannot_be_rated(tree):
    member = MemberFactory(
        organisation=tree.a,
        ceremony_date=date(2025, 9, 1),
        official_date=None,
        admission_decision_date=date(2025, 8, 20),
    )
    period = services.open_period(province=tree.province, year=2025, by=root())
    refused(
        lambda: assess(rating_of(period, member)),
        "Không thể tự đánh giá khi phiếu đang ở bước “Không đánh giá”",
    )


def test_a_proposal_above_the_rules_names_the_rule(period, member_a):
    rating = assess(
        rating_of(period, member_a), tasks=Tasks(10, 10, 2), level="HTTNV"
    )  # only 20 % exceeded (R2)
    refused(lambda: propose([rating]), "theo quy định chỉ đạt mức “Hoàn thành tốt nhiệm vụ”")


@pytest.mark.parametrize(
    ("score", "tasks", "message"),
    [
        (86, GOOD_YEAR, "Mức “Hoàn thành xuất sắc nhiệm vụ” cần từ 90 điểm; điểm tự chấm là 86."),
        (
            92,
            Tasks(10, 10, 2),
            "Điểm 92 đủ mức hoàn thành xuất sắc nhiệm vụ nhưng chỉ 20% nhiệm vụ vượt yêu cầu (cần từ 30%).",
        ),
    ],
)
def test_ones_own_level_cannot_go_above_what_the_score_and_conditions_allow(
    period, member_a, score, tasks, message
):
    rating = rating_of(period, member_a)
    before = (rating.status, rating.version)

    refused(lambda: assess(rating, score=score, tasks=tasks, level="HTXSNV"), message)

    rating.refresh_from_db()
    assert (rating.status, rating.version) == before
    assert assess(rating, score=score, tasks=tasks, level="HTTNV").self_level == "HTTNV"


def test_an_organisations_own_level_is_held_to_the_rules_too(period, tree):
    refused_org(
        period,
        lambda: assess_org(period, tree.a, score=86, level="HTXSNV"),
        "Mức “Hoàn thành xuất sắc nhiệm vụ” cần từ 90 điểm; điểm tự chấm là 86.",
    )


def test_a_duty_related_reprimand_needs_a_recorded_exception_at_the_decision(tree, period, member_a):
    branch_services.discipline_member(
        member=member_a,
        form="khien_trach",
        decision_number="3-QĐ/CB",
        decided_on=date(2025, 4, 1),
        authority="Chi bộ",
        duty_related=True,
        by=root(),
    )
    rating = assess(rating_of(period, member_a), level="KHTNV")
    [rating] = propose([rating], level="KHTNV")
    refused(
        lambda: decide([rating], {rating.pk: "HTTNV"}, by=root()), "Muốn xem xét ngoại lệ, ghi lý do ngoại lệ"
    )

    [rating] = decide(
        [rating],
        {rating.pk: "HTTNV"},
        overrides={rating.pk: "Tự phát hiện, báo cáo và khắc phục (Điều 11)"},
        by=root(),
    )
    assert (rating.level, rating.override_reason) == ("HTTNV", "Tự phát hiện, báo cáo và khắc phục (Điều 11)")


def test_the_quota_stops_a_decision_and_says_how_many_are_allowed(tree, member_a):
    crew = [member_a] + [MemberFactory(organisation=tree.a) for _ in range(13)]  # G = 14 (Q1)
    period = services.open_period(province=tree.province, year=2025, by=root())
    ratings = propose([assess(rating_of(period, m)) for m in crew])
    levels = {r.pk: "HTXSNV" if i < 3 else "HTTNV" for i, r in enumerate(ratings)}

    refused(
        lambda: decide(ratings, levels, by=root()),
        "Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ: 3 đồng chí trong khi nhóm có 14 đồng chí "
        "hoàn thành tốt trở lên chỉ được tối đa 2",
    )

    levels[ratings[2].pk] = "HTTNV"
    decided = decide(ratings, levels, by=root())
    assert sorted(r.level for r in decided).count("HTXSNV") == 2


def test_the_quota_counts_the_whole_group_when_a_list_is_decided_in_parts(tree, member_a):
    crew = [member_a] + [MemberFactory(organisation=tree.a) for _ in range(5)]  # G = 6 → at most 1
    period = services.open_period(province=tree.province, year=2025, by=root())
    assessed = [assess(rating_of(period, m)) for m in crew]
    ratings = services.propose(
        ratings=assessed,
        levels={r.pk: ("HTXSNV" if r == assessed[0] else "HTTNV") for r in assessed},
        versions={r.pk: r.version for r in assessed},
        by=root(),
    )
    decide(
        ratings[:3], {r.pk: r.proposed_level for r in ratings[:3]}, by=root()
    )  # one HTXSNV among 6: allowed

    rest = [MemberRating.objects.get(pk=r.pk) for r in ratings[3:]]
    upgraded = {r.pk: ("HTXSNV" if r == rest[0] else "HTTNV") for r in rest}
    refused(
        lambda: decide(rest, upgraded, by=root()),
        "2 đồng chí trong khi nhóm có 6 đồng chí hoàn thành tốt trở lên chỉ được tối đa 1",
    )


def test_two_reviewers_deciding_the_same_list_one_is_told(period, member_a):
    [rating] = propose([assess(rating_of(period, member_a))])
    loaded = {rating.pk: rating.version}
    services.decide(
        ratings=[rating],
        levels={rating.pk: "HTXSNV"},
        versions=loaded,
        decision_number="1",
        decided_on=date(2025, 12, 20),
        by=root(),
    )
    refused(
        lambda: services.decide(
            ratings=[rating],
            levels={rating.pk: "HTTNV"},
            versions=loaded,
            decision_number="2",
            decided_on=date(2025, 12, 21),
            by=root(),
        ),
        "đã được người khác cập nhật",
    )
    assert MemberRating.objects.get(pk=rating.pk).level == "HTXSNV"


def test_the_host_comment_unblocks_the_proposal(tree, member_a):
    stay = branch_services.request_transfer(
        member=member_a, kind="temporary", to_organisation=tree.b, decided_on=date(2025, 4, 1), by=root()
    )
    branch_services.confirm_transfer(transfer=stay, on=date(2025, 4, 2), by=root())
    period = services.open_period(province=tree.province, year=2025, by=root())
    rating = assess(rating_of(period, member_a))
    refused(lambda: propose([rating]), "còn chờ Nhận xét của Chi bộ ấp Hòa Lạc")

    services.record_comment(
        rating=rating, from_organisation=tree.b, text="Chấp hành tốt nội quy nơi cư trú.", by=root()
    )
    [rating] = propose([MemberRating.objects.get(pk=rating.pk)])
    assert rating.status == "proposed"


def test_S9_a_2024_period_follows_qd124_and_needs_no_score(tree, member_a):
    period = services.open_period(province=tree.province, year=2024, by=root())
    rating = services.self_assess(
        rating=rating_of(period, member_a),
        version=0,
        score=None,
        tasks=GOOD_YEAR,
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        by=root(),
    )
    assert (period.regime, rating.status, rating.score) == ("QD124_HD25", "self_assessed", None)


def test_a_year_opens_once(tree, period):
    with pytest.raises(ValidationError, match="đã được mở"):
        services.open_period(province=tree.province, year=2025, by=root())
    assert RatingPeriod.objects.count() == 1


# Organisations ------------------------------------------------------------------------------------


def org_rating(period, org):
    return OrganisationRating.objects.current().get(period=period, organisation=org)


def assess_org(period, org, score=85, tasks=ON_TIME, level="HTTNV"):
    rating = org_rating(period, org)
    return services.self_assess_organisation(
        rating=rating, version=rating.version, score=score, tasks=tasks, self_level=level, by=root()
    )


def propose_org(period, org, level="HTTNV"):
    rating = org_rating(period, org)
    return services.propose_organisation(rating=rating, version=rating.version, level=level, by=root())


def decide_org(period, org, level="HTTNV", override=""):
    rating = org_rating(period, org)
    return services.decide_organisation(
        rating=rating,
        version=rating.version,
        level=level,
        decision_number="40-QĐ/ĐU",
        decided_on=date(2025, 12, 28),
        override=override,
        by=root(),
    )


def rate_org(period, org, level="HTTNV", **assessment):
    assess_org(period, org, level=level, **assessment)
    propose_org(period, org, level)
    return decide_org(period, org, level)


def org_state(period) -> list:
    return list(
        OrganisationRating.objects.filter(period=period)
        .order_by("pk")
        .values_list("pk", "status", "level", "version")
    )


def refused_org(period, call, message):
    before = org_state(period), Transition.objects.count()
    with pytest.raises(ValidationError) as error:
        call()
    assert message in " ".join(error.value.messages)
    assert (org_state(period), Transition.objects.count()) == before


def decide_members(period, members, level="HTTNV"):
    ratings = propose([assess(rating_of(period, m)) for m in members], level=level)
    return decide(ratings, {r.pk: level for r in ratings}, by=root())


def test_S8_a_branch_is_decided_after_its_members(tree, member_a):
    other = MemberFactory(organisation=tree.a)
    period = services.open_period(province=tree.province, year=2025, by=root())
    decide_members(period, [member_a])
    assess_org(period, tree.a)
    propose_org(period, tree.a)
    refused_org(
        period,
        lambda: decide_org(period, tree.a),
        "Còn 1 đảng viên của Chi bộ ấp Chợ Dưới chưa được quyết định",
    )

    decide_members(period, [other])
    assert decide_org(period, tree.a).level == "HTTNV"


def test_a_committee_is_decided_after_its_branches(tree):
    period = services.open_period(province=tree.province, year=2025, by=root())
    assess_org(period, tree.g)
    propose_org(period, tree.g)
    refused_org(period, lambda: decide_org(period, tree.g), "trực thuộc phải được xếp loại trước")
    rate_org(period, tree.g1)
    assert decide_org(period, tree.g).status == "decided"


def test_O5_the_head_waits_for_the_collective_and_is_not_above_it(tree, member_a):
    branch_services.add_position(
        member=member_a, organisation=tree.a, title="bi_thu", starts_on=date(2020, 1, 1), by=root()
    )
    crew = [MemberFactory(organisation=tree.a) for _ in range(9)]
    period = services.open_period(province=tree.province, year=2025, small_group_minimum=1, by=root())
    decide_members(period, crew)
    [head] = propose([assess(rating_of(period, member_a))])
    refused(
        lambda: decide([head], {head.pk: "HTXSNV"}, by=root()),
        "là bí thư: quyết định sau khi xếp loại tập thể Chi bộ ấp Chợ Dưới",
    )

    rate_org(period, tree.a, level="HTTNV")  # the branch is decided before its head
    head = MemberRating.objects.get(pk=head.pk)
    refused(
        lambda: decide([head], {head.pk: "HTXSNV"}, by=root()), "Người đứng đầu không xếp cao hơn tập thể"
    )
    [head] = decide([head], {head.pk: "HTTNV"}, by=root())
    assert head.level == "HTTNV"


def test_O1_a_branch_whose_committee_member_was_disciplined_is_not_htxsnv_without_an_exception(
    tree, member_a
):
    branch_services.add_position(
        member=member_a, organisation=tree.a, title="pho_bi_thu", starts_on=date(2020, 1, 1), by=root()
    )
    branch_services.discipline_member(
        member=member_a,
        form="khien_trach",
        decision_number="5-QĐ/ĐU",
        decided_on=date(2025, 5, 4),
        authority="Đảng ủy xã",
        by=root(),
    )
    period = services.open_period(province=tree.province, year=2025, by=root())
    decide_members(period, [member_a], level="HTNV")
    assess_org(period, tree.a, score=92, tasks=Tasks(10, 10, 4), level="HTTNV")
    refused_org(
        period, lambda: propose_org(period, tree.a, "HTXSNV"), "chỉ đạt mức “Hoàn thành tốt nhiệm vụ”"
    )
    propose_org(period, tree.a, "HTTNV")
    refused_org(
        period, lambda: decide_org(period, tree.a, "HTXSNV"), "Muốn xem xét ngoại lệ, ghi lý do ngoại lệ"
    )

    rating = decide_org(period, tree.a, "HTXSNV", override="Kỷ luật do tự phát hiện và khắc phục")

    assert (rating.level, rating.override_reason) == ("HTXSNV", "Kỷ luật do tự phát hiện và khắc phục")
    assert list(rating.transitions.values_list("from_status", "to_status", "level", "reason")) == [
        ("pending", "self_assessed", "HTTNV", ""),
        ("self_assessed", "proposed", "HTTNV", ""),
        ("proposed", "decided", "HTXSNV", "Kỷ luật do tự phát hiện và khắc phục"),
    ]


def test_an_organisation_cannot_skip_a_step(tree):
    period = services.open_period(province=tree.province, year=2025, by=root())
    refused_org(period, lambda: propose_org(period, tree.a), "chưa tự đánh giá, chưa thể đề xuất")
    refused_org(period, lambda: decide_org(period, tree.a), "chưa được đề xuất, chưa thể quyết định")
    refused_org(period, lambda: assess_org(period, tree.a, score=101), "Điểm tự chấm từ 0 đến 100")
    refused_org(
        period, lambda: assess_org(period, tree.a, tasks=Tasks(10, 8, 0, 1)), "phải cộng bằng số được giao"
    )


def test_a_stale_organisation_form_is_refused(tree):
    period = services.open_period(province=tree.province, year=2025, by=root())
    stale = org_rating(period, tree.a)
    assess_org(period, tree.a)
    refused_org(
        period,
        lambda: services.propose_organisation(rating=stale, version=stale.version, level="HTTNV", by=root()),
        "đã được người khác cập nhật",
    )


def test_O8_a_published_organisation_rating_is_cancelled_and_rated_again(tree):
    period = services.open_period(province=tree.province, year=2025, by=root())
    rating = services.publish_organisation(
        rating=rate_org(period, tree.a2, "HTXSNV", score=93, tasks=Tasks(10, 10, 4)), by=root()
    )
    refused_org(
        period,
        lambda: services.rerate_organisation(
            rating=rating,
            version=rating.version,
            level="HTTNV",
            reason=" ",
            decision_number="7-QĐ/ĐU",
            decided_on=date(2026, 3, 2),
            by=root(),
        ),
        "phải nêu lý do",
    )

    new = services.rerate_organisation(
        rating=rating,
        version=rating.version,
        level="HTTNV",
        reason="Báo cáo không trung thực về kết quả",
        decision_number="7-QĐ/ĐU",
        decided_on=date(2026, 3, 2),
        by=root(),
    )

    rating.refresh_from_db()
    assert (rating.status, new.status, new.level, new.replaces, new.score) == (
        "cancelled",
        "decided",
        "HTTNV",
        rating,
        93,
    )
    assert list(new.transitions.values_list("from_status", "to_status", "level")) == [
        ("cancelled", "decided", "HTTNV")
    ]
    assert OrganisationRating.objects.current().get(period=period, organisation=tree.a2) == new


def test_two_rerates_of_an_organisation_from_one_page_keep_the_first(tree):
    period = services.open_period(province=tree.province, year=2025, by=root())
    shown = rate_org(period, tree.a2, "HTXSNV", score=93, tasks=Tasks(10, 10, 4))
    rerate = dict(reason="Báo cáo không trung thực", decided_on=date(2026, 3, 2), by=root())
    first = services.rerate_organisation(
        rating=shown, version=shown.version, level="HTTNV", decision_number="7-QĐ/ĐU", **rerate
    )

    # The second reviewer's page showed the row the first one cancelled; the current row is the first's.
    refused_org(
        period,
        lambda: services.rerate_organisation(
            rating=OrganisationRating.objects.current().get(period=period, organisation=tree.a2),
            version=shown.version,
            level="HTNV",
            decision_number="8-QĐ/ĐU",
            **rerate,
        ),
        "đã được người khác cập nhật",
    )
    assert OrganisationRating.objects.current().get(period=period, organisation=tree.a2) == first


def test_a_new_organisation_is_not_rated(tree):
    from branches.services import create_organisation

    new = create_organisation(
        parent=tree.x, kind="cell", code="NEW", name="Chi bộ ấp Mới", founded_on=date(2025, 10, 1), by=root()
    )
    period = services.open_period(province=tree.province, year=2025, by=root())
    rating = OrganisationRating.objects.get(period=period, organisation=new)
    assert (rating.status, rating.excluded_reason) == (
        "excluded",
        "Thành lập chưa đủ 6 tháng: không đánh giá.",
    )


def test_a_heads_htxsnv_proposal_does_not_block_the_rest_of_the_list(tree, member_a):
    branch_services.add_position(
        member=member_a, organisation=tree.a, title="bi_thu", starts_on=date(2020, 1, 1), by=root()
    )
    crew = [MemberFactory(organisation=tree.a) for _ in range(5)]
    period = services.open_period(province=tree.province, year=2025, by=root())
    head = propose([assess(rating_of(period, member_a))], "HTXSNV")[0]
    ratings = propose([assess(rating_of(period, m)) for m in crew], "HTTNV")

    # 6 rated HTTNV or better allow 1 HTXSNV: one of the members may have it although the head
    # proposed HTXSNV too; the head is then held to the quota when decided after the collective.
    decided = decide(ratings, {r.pk: "HTXSNV" if r is ratings[0] else "HTTNV" for r in ratings}, by=root())
    rate_org(period, tree.a, "HTXSNV", score=93, tasks=GOOD_YEAR)
    head = MemberRating.objects.get(pk=head.pk)

    assert [r.level for r in decided] == ["HTXSNV"] + ["HTTNV"] * 4
    refused(lambda: decide([head], {head.pk: "HTXSNV"}, by=root()), "chỉ được tối đa 1")
    assert decide([head], {head.pk: "HTTNV"}, by=root())[0].level == "HTTNV"
