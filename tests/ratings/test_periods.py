"""A rating year's parameters change through a service that keeps the change; once the year has
decisions a change needs its reason, which the history shows."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import ChangeRecord
from ratings import services
from ratings.models import MemberRating, RatingPeriod
from ratings.services.periods import PERIOD_FIELDS
from tests.factories import root

REASON_NEEDED = (
    "Năm đánh giá đã có kết quả xếp loại được quyết định: thay đổi tham số phải nêu lý do "
    "(lý do được ghi vào lịch sử thay đổi)."
)


@pytest.fixture
def period(tree, member_a):
    return services.open_period(province=tree.province, year=2025, small_group_minimum=1, by=root())


def decide_one(period, member):
    """One member of the year decided, as the workflow leaves it (tested in test_services.py)."""
    MemberRating.objects.filter(period=period, member=member).update(status="decided", level="HTTNV")


def parameters(period) -> dict:
    return {name: getattr(RatingPeriod.objects.get(pk=period.pk), name) for name in PERIOD_FIELDS}


def posted(period, **changes) -> dict:
    """The edit form as the page sends it, with `changes`."""
    data = {}
    for name, value in {**parameters(period), **changes}.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, date):
            data[name] = value.strftime("%d/%m/%Y")
        else:
            data[name] = str(value)
    return data


def history(period) -> list:
    return list(
        ChangeRecord.objects.filter(model="ratingperiod", object_id=period.pk, action="update").values_list(
            "actor__username", "summary", "changes"
        )
    )


def test_a_change_before_any_decision_is_recorded_with_who_and_what(people, period):
    services.update_period(period=period, by=people.admin, htxsnv_min=92, quota_share=Decimal("0.15"))

    assert (parameters(period)["htxsnv_min"], parameters(period)["quota_share"]) == (92, Decimal("0.15"))
    assert history(period) == [
        ("quantri", "Sửa tham số năm đánh giá", {"htxsnv_min": [90, 92], "quota_share": ["0,2", "0,15"]})
    ]


def test_once_the_year_has_decisions_a_change_without_a_reason_is_refused(people, period, member_a):
    decide_one(period, member_a)
    before = parameters(period)

    with pytest.raises(ValidationError) as error:
        services.update_period(period=period, by=people.admin, htxsnv_min=85, reason="  ")

    assert error.value.messages == [REASON_NEEDED]
    assert (parameters(period), history(period)) == (before, [])


def test_once_the_year_has_decisions_a_change_with_a_reason_keeps_it(people, period, member_a):
    decide_one(period, member_a)

    services.update_period(period=period, by=people.admin, htxsnv_min=88, reason="Theo Công văn 15-CV/TU")

    assert history(period) == [
        ("quantri", "Sửa tham số năm đánh giá. Lý do: Theo Công văn 15-CV/TU", {"htxsnv_min": [90, 88]})
    ]


def test_saving_unchanged_parameters_writes_nothing_and_needs_no_reason(people, period, member_a):
    decide_one(period, member_a)
    services.update_period(period=period, by=people.admin, **parameters(period))
    assert history(period) == []


def test_a_reviewer_cannot_change_the_parameters(people, period):
    with pytest.raises(ValidationError, match="không quản trị việc đánh giá"):
        services.update_period(period=period, by=people.reviewer_x, htxsnv_min=95)
    assert (parameters(period)["htxsnv_min"], history(period)) == (90, [])


def test_thresholds_out_of_order_are_refused(people, period):
    with pytest.raises(ValidationError, match="Ngưỡng điểm phải giảm dần"):
        services.update_period(period=period, by=people.admin, httnv_min=95)
    assert parameters(period)["httnv_min"] == 70


# The page -----------------------------------------------------------------------------------------


def test_the_page_asks_for_a_reason_only_once_the_year_has_decisions(client, people, period, member_a):
    client.force_login(people.admin)
    url = reverse("ratings:period-edit", args=[period.pk])
    before = "reason" in client.get(url).context["form"].fields
    decide_one(period, member_a)
    after = "reason" in client.get(url).context["form"].fields
    assert (before, after) == (False, True)


def test_the_page_refuses_a_change_without_the_reason_and_shows_why(client, people, period, member_a):
    decide_one(period, member_a)
    client.force_login(people.admin)

    response = client.post(reverse("ratings:period-edit", args=[period.pk]), posted(period, htxsnv_min=85))

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": [REASON_NEEDED]}
    assert (parameters(period)["htxsnv_min"], history(period)) == (90, [])


def test_the_page_saves_with_the_reason_and_the_history_shows_it(client, people, period, member_a):
    decide_one(period, member_a)
    client.force_login(people.admin)
    url = reverse("ratings:period-edit", args=[period.pk])

    response = client.post(url, posted(period, htxsnv_min=85, reason="Điều chỉnh theo hướng dẫn của tỉnh"))
    page = client.get(url)

    assert (response.status_code, response.url) == (302, reverse("ratings:period-list"))
    assert parameters(period)["htxsnv_min"] == 85
    change, opening = page.context["history"]
    assert (change.summary, change.readable_changes(), opening.summary) == (
        "Sửa tham số năm đánh giá. Lý do: Điều chỉnh theo hướng dẫn của tỉnh",
        [("điểm tối thiểu HTXSNV", 90, 85)],
        "Mở đánh giá, xếp loại năm 2025",
    )
    assert "Lý do: Điều chỉnh theo hướng dẫn của tỉnh" in page.content.decode()
