"""The worked examples of domain-rules §10.1–§10.4 (R1–R12, Q1–Q5, S1–S9, O1–O7; O8 is a workflow)."""

from datetime import date
from fractions import Fraction

import pytest

from ratings.rules.authority import authority_for
from ratings.rules.common import DisciplineFact, Level, MemberFacts, Regime, Tasks, regime_for
from ratings.rules.eligibility import Situation, can_finalise_branch, eligibility
from ratings.rules.organisation import CollectiveFacts, LinkRules, collective_level, hd27_weak, head_level
from ratings.rules.qd366 import member_level
from ratings.rules.quota import EXCEPTIONAL_SHARE, exceeds_quota, max_excellent

ALL_ON_TIME = Tasks(assigned=20, on_time=20, exceeded=7)  # 35 % exceeded
DUTY_REPRIMAND_2025 = DisciplineFact("khien_trach", duty_related=True, decided_on=date(2025, 3, 10))


@pytest.mark.parametrize(
    ("facts", "level", "review", "reason"),
    [
        pytest.param(MemberFacts(93, ALL_ON_TIME), Level.HTXSNV, False, "", id="R1"),
        pytest.param(
            MemberFacts(93, Tasks(20, 20, 4)),
            Level.HTTNV,
            False,
            "chỉ 20% nhiệm vụ vượt yêu cầu (cần từ 30%)",
            id="R2-score-capped",
        ),
        pytest.param(MemberFacts(88, Tasks(10, 10, 0)), Level.HTTNV, False, "", id="R3"),
        pytest.param(
            MemberFacts(75, Tasks(10, 7, 0, late=3)),
            Level.KHTNV,
            True,
            "30% nhiệm vụ chậm tiến độ (tối đa 20%)",
            id="R4-no-level-fits",
        ),
        pytest.param(MemberFacts(62, Tasks(10, 9, 0, late=1)), Level.HTNV, False, "", id="R5"),
        pytest.param(MemberFacts(45, Tasks(10, 10, 0)), Level.KHTNV, False, "Điểm 45 dưới 50", id="R6"),
        pytest.param(
            MemberFacts(95, ALL_ON_TIME, disciplines=(DUTY_REPRIMAND_2025,)),
            Level.KHTNV,
            True,
            "liên quan đến thực thi công vụ",
            id="R7-duty-discipline",
        ),
        pytest.param(
            MemberFacts(55, Tasks(10, 4, 0, not_done=6)),
            Level.KHTNV,
            True,
            "Trên 50% nhiệm vụ trong năm không hoàn thành",
            id="R10",
        ),
        pytest.param(
            MemberFacts(91, ALL_ON_TIME, is_leader=True, low_confidence_share=0.6),
            Level.KHTNV,
            True,
            "phiếu tín nhiệm thấp",
            id="R11",
        ),
        pytest.param(
            MemberFacts(94, Tasks(10, 10, 4), shortcomings_pointed=3, shortcomings_remedied=2),
            Level.HTTNV,
            False,
            "mới khắc phục 2/3 hạn chế",
            id="R12",
        ),
    ],
)
def test_member_level_qd366(facts, level, review, reason):
    verdict = member_level(facts, 2025)
    assert (verdict.level, verdict.review) == (level, review)
    assert reason in " ".join(verdict.reasons)


def test_R8_discipline_counts_in_the_year_it_is_decided():
    older_violation = DisciplineFact("khien_trach", duty_related=True, decided_on=date(2025, 3, 1))
    facts = MemberFacts(95, ALL_ON_TIME, disciplines=(older_violation,))
    assert member_level(facts, 2025).level == Level.KHTNV
    assert member_level(facts, 2024).level == Level.HTXSNV


def test_R9_discipline_counts_at_the_unit_where_the_violation_happened():
    at_a = DisciplineFact("khien_trach", duty_related=True, decided_on=date(2025, 6, 1), violation_unit_id=1)
    facts = MemberFacts(95, ALL_ON_TIME, disciplines=(at_a,))
    assert member_level(facts, 2025, unit_id=1).level == Level.KHTNV
    assert member_level(facts, 2025, unit_id=2).level == Level.HTXSNV


def test_a_discipline_not_related_to_duty_does_not_trigger_khtnv():
    private = DisciplineFact("canh_cao", duty_related=False, decided_on=date(2025, 6, 1))
    assert member_level(MemberFacts(80, Tasks(10, 10, 0), disciplines=(private,)), 2025).level == Level.HTTNV


def test_the_quota_caps_htxsnv():
    verdict = member_level(MemberFacts(93, ALL_ON_TIME), 2025, quota_allows=False)
    assert verdict.level == Level.HTTNV
    assert "vượt tỷ lệ" in verdict.reasons[0]


@pytest.mark.parametrize(
    ("eligible", "share", "expected"),
    [
        pytest.param(14, Fraction(20, 100), 2, id="Q1"),
        pytest.param(14, EXCEPTIONAL_SHARE, 2, id="Q2"),
        pytest.param(30, EXCEPTIONAL_SHARE, 6, id="Q3-25"),
        pytest.param(30, Fraction(20, 100), 5, id="Q3-20"),
        pytest.param(5, Fraction(20, 100), 0, id="Q4-small-group"),
    ],
)
def test_max_excellent(eligible, share, expected):
    assert max_excellent(eligible, share) == expected


def test_Q4_a_province_may_allow_small_groups_one():
    assert max_excellent(5, small_group_minimum=1) == 1


def test_Q5_quota_flag_in_a_report():
    assert exceeds_quota(6, 28) is True  # 6 > 5.6
    assert exceeds_quota(5, 28) is False


REVIEW = date(2025, 12, 10)


@pytest.mark.parametrize(
    ("situation", "rated", "column", "waiting"),
    [
        pytest.param(Situation(date(2025, 9, 1), REVIEW), False, "new", [], id="S1"),
        pytest.param(Situation(date(2025, 5, 10), REVIEW), True, "", [], id="S2"),
        pytest.param(Situation(date(2001, 1, 1), REVIEW, exempt=True), False, "exempt", [], id="S3"),
        pytest.param(Situation(date(2001, 1, 1), REVIEW, suspended=True), False, "suspended", [], id="S4"),
        pytest.param(
            Situation(date(2001, 1, 1), REVIEW, temporary_host="Chi bộ X"),
            True,
            "",
            ["Nhận xét của Chi bộ X (nơi sinh hoạt tạm thời)."],
            id="S5",
        ),
        pytest.param(
            Situation(date(2001, 1, 1), REVIEW, previous_unit="Chi bộ cũ", months_at_previous_unit=7),
            True,
            "",
            ["Nhận xét của Chi bộ cũ (sinh hoạt 7 tháng trong năm)."],
            id="S7",
        ),
    ],
)
def test_who_is_rated(situation, rated, column, waiting):
    result = eligibility(situation, Regime.QD366)
    assert (result.rated, result.column, result.waiting_for) == (rated, column, waiting)


def test_S6_sick_leave_is_capped_only_under_hd21():
    sick = Situation(date(2001, 1, 1), REVIEW, sick_leave_months=4)
    assert eligibility(sick, Regime.QD366).cap is None
    assert eligibility(sick, Regime.QD132).cap == Level.HTNV


def test_S8_a_branch_waits_for_its_rated_members():
    assert can_finalise_branch([(True, True), (True, False), (False, False)]) is False
    assert can_finalise_branch([(True, True), (False, False)]) is True


@pytest.mark.parametrize(
    ("year", "regime"),
    [
        pytest.param(2024, Regime.QD124, id="S9"),
        (2025, Regime.QD366),
        (2019, Regime.QD132),
        (2017, Regime.HD27),
    ],
)
def test_regime_by_year(year, regime):
    assert regime_for(year) == regime


def test_O1_a_disciplined_leadership_member_blocks_htxsnv():
    verdict = collective_level(CollectiveFacts(92, Tasks(20, 20, 7), leadership_disciplined=True), [])
    assert verdict.level == Level.HTTNV
    assert "bị kỷ luật trong năm" in verdict.reasons[0]


@pytest.mark.parametrize(
    ("levels", "id_reason"),
    [
        pytest.param(
            [Level.HTTNV] * 19 + [Level.KHTNV], "còn 1 đảng viên không hoàn thành nhiệm vụ", id="O2"
        ),
        pytest.param([Level.HTTNV] * 15 + [Level.HTNV] * 5, "chỉ 15/20 đảng viên hoàn thành tốt", id="O3"),
    ],
)
def test_member_ratio_rule_of_hd21(levels, id_reason):
    verdict = collective_level(CollectiveFacts(95, Tasks(20, 20, 8)), levels, LinkRules(member_ratio=True))
    assert verdict.level == Level.HTTNV
    assert id_reason in verdict.reasons[0]


def test_O4_hd27_weak_when_more_than_half_failed():
    assert hd27_weak(10, 6) is True
    assert hd27_weak(10, 5) is False


def test_O5_head_is_not_rated_above_the_collective():
    assert head_level(Level.HTXSNV, Level.HTTNV) == (
        Level.HTTNV,
        "Người đứng đầu không xếp cao hơn tập thể (hoàn thành tốt nhiệm vụ).",
    )
    assert (
        head_level(Level.HTXSNV, Level.HTTNV, LinkRules(head_not_above_collective=False))[0] == Level.HTXSNV
    )


def test_O6_a_grassroots_cell_is_decided_by_the_commune_standing_committee():
    authority = authority_for("grassroots_cell", "upper")
    assert (authority.levels_up, authority.body) == (1, "Ban Thường vụ")


def test_O7_a_commune_committee_is_decided_by_the_provincial_standing_committee():
    assert authority_for("upper", "province").body == "Ban Thường vụ Tỉnh ủy"
