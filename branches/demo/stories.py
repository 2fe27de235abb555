"""A few lifecycle steps of the commune demo through the real services, so its timelines look used."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from ..models import Member, Organisation
from .shapes import Built

Area = Organisation.Area


def tell_stories(built: Built) -> None:
    from .. import services

    staff = get_user_model().objects.get(username="xetduyet")
    branches = [
        b for b in built.branches if b.path.startswith(built.uppers[0].path) and b.area_type == Area.HAMLET
    ]
    first, second = branches[0], branches[1]
    official = list(
        Member.objects.filter(organisation=first, status=Member.Status.OFFICIAL, is_exempt=False).order_by(
            "pk"
        )
    )
    services.discipline_member(
        member=official[-1],
        form="khien_trach",
        decision_number="12-QĐ/CB",
        decided_on=date(2026, 3, 10),
        authority=f"{first.name}",
        reason="Vắng sinh hoạt nhiều lần không lý do",
        by=staff,
    )
    services.request_transfer(
        member=official[-2],
        kind="temporary",
        to_organisation=second,
        decided_on=date(2026, 8, 1),
        ends_on=date(2027, 2, 1),
        note="Đi làm ăn xa",
        by=staff,
    )
    services.confirm_transfer(transfer=official[-2].transfers.get(), on=date(2026, 8, 5), by=staff)
    services.request_transfer(
        member=official[-3],
        kind="official",
        to_organisation=second,
        decided_on=date(2026, 11, 10),
        note="Chuyển nơi cư trú",
        by=staff,
    )
    services.admit_member(
        organisation=first,
        full_name="Nguyễn Thị Thu Hà",
        gender="F",
        birth_date=date(1998, 4, 5),
        ethnicity="Kinh",
        admission_decision_date=date(2025, 11, 20),
        ceremony_date=date(2025, 12, 19),
        occupation="Giáo viên",
        by=staff,
    )
