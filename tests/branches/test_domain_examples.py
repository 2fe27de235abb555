"""Worked examples of domain-rules §10.6 (votes are in tests/meetings/test_rules.py)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from branches import rules, services
from tests.factories import MemberFactory, root


@pytest.mark.parametrize(
    ("official", "advice"),
    [
        pytest.param(2, "Chỉ có 2 đảng viên chính thức: chưa đủ 3 để là một chi bộ", id="V5"),
        pytest.param(
            8, "8 đảng viên chính thức: bầu bí thư (và phó bí thư nếu cần), không bầu chi ủy.", id="V6"
        ),
        pytest.param(9, "9 đảng viên chính thức: bầu chi ủy (tối đa 7 đồng chí)", id="V7"),
    ],
)
def test_branch_structure(official, advice):
    assert rules.branch_structure(official).startswith(advice)


@pytest.mark.parametrize(
    ("members", "kind"),
    [pytest.param(29, "grassroots_cell", id="V8-29"), pytest.param(30, "grassroots_committee", id="V8-30")],
)
def test_grassroots_kind_by_size(members, kind):
    assert rules.grassroots_kind_for(members) == kind


def test_V9_official_from_the_end_of_probation_party_age_from_the_decision(tree):
    member = MemberFactory(
        organisation=tree.a,
        admission_decision_date=date(2024, 2, 20),
        ceremony_date=date(2024, 3, 15),
        official_date=None,
    )
    services.recognise_official(member=member, decided_on=date(2025, 5, 10), by=root())
    member.refresh_from_db()
    assert (member.official_date, member.admission_decision_date) == (date(2025, 3, 15), date(2024, 2, 20))


def test_V10_ceremony_more_than_30_working_days_after_the_decision_needs_approval(tree):
    member = MemberFactory(
        organisation=tree.a,
        admission_decision_date=date(2025, 6, 2),
        ceremony_date=date(2025, 7, 25),
        official_date=None,
    )
    assert "cần ý kiến cấp ủy cấp trên" in member.events.get(kind="admitted").description
    assert rules.ceremony_needs_approval(date(2025, 6, 2), date(2025, 7, 14)) is False  # day 30


def test_V11_introduction_presented_late_asks_for_a_reason(tree, member_a):
    transfer = services.request_transfer(
        member=member_a, kind="official", to_organisation=tree.b, decided_on=date(2025, 6, 1), by=root()
    )
    services.confirm_transfer(transfer=transfer, on=rules.add_working_days(date(2025, 6, 1), 40), by=root())
    assert "quá 30 ngày làm việc: cần báo cáo lý do" in member_a.events.get(kind="transferred").description


def test_V13_reprimand_lapses_a_year_after(tree, member_a):
    discipline = services.discipline_member(
        member=member_a,
        form="khien_trach",
        decision_number="01-QĐ/CB",
        decided_on=date(2025, 1, 10),
        authority="Chi bộ ấp Chợ Dưới",
        by=root(),
    )
    assert discipline.effective_until == date(2026, 1, 10)


def test_V14_probationary_member_cannot_be_dismissed(tree):
    member = MemberFactory(
        organisation=tree.a,
        ceremony_date=date(2025, 1, 1),
        official_date=None,
        admission_decision_date=date(2024, 12, 1),
    )
    with pytest.raises(ValidationError, match="chỉ bị kỷ luật khiển trách hoặc cảnh cáo"):
        services.discipline_member(
            member=member,
            form="cach_chuc",
            decision_number="1",
            decided_on=date(2025, 6, 1),
            authority="Đảng ủy xã",
            by=root(),
        )
