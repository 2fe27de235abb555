"""Ratings' reminders (ratings/reminders.py): the rating year's steps for each chi bộ, from the
lead days [U] before the year's deadline until the files go up: self-assessments and the proposal
for the chi bộ's secretary, the decision for the committee that takes it (HD 43 Mục 3)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from branches.models import Organisation, Reminder, RoleAssignment
from branches.reminders import registry
from branches.reminders.refresh import refresh
from ratings import reminders
from ratings import services as rs
from ratings.models import MemberRating
from ratings.rules.common import Tasks
from tests.factories import MemberFactory, OrganisationFactory, root, user_with_role

GOOD_YEAR = Tasks(assigned=10, on_time=10, exceeded=4)


@pytest.fixture(autouse=True)
def ratings_sources_only(monkeypatch):
    monkeypatch.setattr(registry, "SOURCES", list(reminders.SOURCES))


@pytest.fixture
def rating(tree, member_a):
    period = rs.open_period(province=tree.province, year=2026, small_group_minimum=1, by=root())
    return MemberRating.objects.current().get(period=period, member=member_a)


def rows() -> list[tuple[str, str, str]]:
    return [
        (r.user.username, r.kind, r.title)
        for r in Reminder.objects.select_related("user").order_by("user__username", "kind")
    ]


def self_assessed(rating):
    return rs.self_assess(
        rating=rating,
        version=rating.version,
        score=85,
        tasks=GOOD_YEAR,
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        by=root(),
    )


def proposed(rating):
    [rating] = rs.propose(
        ratings=[rating], levels={rating.pk: "HTTNV"}, versions={rating.pk: rating.version}, by=root()
    )
    return rating


def decided(rating):
    [rating] = rs.decide(
        ratings=[rating],
        levels={rating.pk: "HTTNV"},
        versions={rating.pk: rating.version},
        decision_number="12-QĐ/ĐU",
        decided_on=date(2026, 12, 20),
        by=root(),
    )
    return rating


@pytest.mark.parametrize(
    ("lead", "on", "reminded"),
    [
        pytest.param(45, date(2026, 11, 15), False, id="lead45-before"),
        pytest.param(45, date(2026, 11, 16), True, id="lead45-from-45-days-before-31-12"),
        pytest.param(30, date(2026, 11, 30), False, id="lead30-before"),
        pytest.param(30, date(2026, 12, 1), True, id="lead30-from"),
        pytest.param(45, date(2027, 2, 1), True, id="late-until-the-files-go-up"),
        pytest.param(45, date(2027, 2, 2), False, id="after-the-files-went-up"),
    ],
)
def test_self_assessments_are_reminded_from_the_lead_days_before_the_deadline(
    settings, tree, people, rating, lead, on, reminded
):
    settings.REMINDER_RATING_LEAD_DAYS = lead

    refresh(on)

    expected = (
        "bithu_a",
        "rating.self_assess",
        "Chi bộ ấp Chợ Dưới: 1 đảng viên chưa tự đánh giá, xếp loại năm 2026 (hạn 31/12/2026)",
    )
    assert rows() == ([expected] if reminded else [])


def test_each_step_is_reminded_to_whoever_takes_it_and_cleared_once_taken(tree, people, rating):
    on = date(2026, 12, 1)
    seen = []
    for step in (lambda r: r, self_assessed, proposed, decided):
        rating = step(rating)
        refresh(on)
        seen.append(rows())

    assert seen == [
        [
            (
                "bithu_a",
                "rating.self_assess",
                "Chi bộ ấp Chợ Dưới: 1 đảng viên chưa tự đánh giá, xếp loại năm 2026 (hạn 31/12/2026)",
            )
        ],
        [
            (
                "bithu_a",
                "rating.propose",
                "Chi bộ ấp Chợ Dưới: 1 đảng viên chờ chi bộ đề xuất mức xếp loại năm 2026 (hạn 31/12/2026)",
            )
        ],
        [
            (
                "xetduyet_x",
                "rating.decide",
                "Chi bộ ấp Chợ Dưới: 1 đảng viên chờ cấp trên quyết định xếp loại năm 2026 (hạn 31/12/2026)",
            )
        ],
        [],
    ]


def test_a_decision_is_reminded_to_the_grassroots_committee_not_the_sub_committee(tree, people):
    """HD 43 Mục 3: a chi bộ of a đảng ủy bộ phận is decided by the đảng ủy cơ sở above it."""
    part = OrganisationFactory(
        parent=tree.g, kind=Organisation.Kind.SUB_COMMITTEE, name="Đảng ủy bộ phận khối Đảng"
    )
    cell = OrganisationFactory(parent=part, name="Chi bộ Văn phòng")
    member = MemberFactory(organisation=cell)
    user_with_role("xetduyet_bp", part, RoleAssignment.Role.REVIEWER)
    user_with_role("xetduyet_g", tree.g, RoleAssignment.Role.REVIEWER)
    period = rs.open_period(province=tree.province, year=2026, small_group_minimum=1, by=root())
    proposed(self_assessed(MemberRating.objects.current().get(period=period, member=member)))

    refresh(date(2026, 12, 1))

    decide = Reminder.objects.select_related("user").get(kind="rating.decide")
    assert (decide.user.username, decide.url) == (
        "xetduyet_g",
        reverse("ratings:org-year", args=[cell.pk, 2026]),
    )
