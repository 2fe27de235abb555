"""Posts held (bí thư, phó bí thư, cấp ủy viên…): taking one up and ending it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import (
    BRANCH_KINDS,
    ChangeRecord,
    Member,
    Organisation,
    Position,
)
from ..policy import check
from .common import audit
from .members import Event, check_current, event, lock_member, not_before


def end_position_on(position: Position, on: date, by) -> None:
    position.ends_on = max(on, position.starts_on)
    position.save(update_fields=["ends_on"])
    event(
        position.member,
        Event.POSITION_ENDED,
        position.ends_on,
        by,
        f"{position.get_title_display()} — {position.organisation.name}",
        org=position.organisation,
    )


@transaction.atomic
def add_position(*, member: Member, organisation: Organisation, title: str, starts_on: date, by) -> Position:
    member = lock_member(member)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check(by, "position.manage", organisation)
    check_current(member)
    if not member.organisation.path.startswith(organisation.path):
        raise ValidationError(
            {"organisation": "Chức vụ phải thuộc chi bộ của đảng viên hoặc tổ chức cấp trên của chi bộ."}
        )
    not_before(
        starts_on, member.ceremony_date, "Ngày nhận chức vụ không thể trước ngày vào Đảng", "starts_on"
    )
    # One sitting bí thư everywhere (a constraint too); one phó bí thư in a chi bộ (QĐ 294).
    single = title == Position.Title.SECRETARY or (
        title == Position.Title.DEPUTY_SECRETARY and organisation.kind in BRANCH_KINDS
    )
    if (
        single
        and Position.objects.filter(organisation=organisation, title=title, ends_on__isnull=True).exists()
    ):
        raise ValidationError(
            {"title": f"{organisation.name} đã có {Position.Title(title).label.lower()} đương nhiệm."}
        )
    position = Position.objects.create(
        member=member, organisation=organisation, title=title, starts_on=starts_on
    )
    event(
        member,
        Event.POSITION_STARTED,
        starts_on,
        by,
        f"{position.get_title_display()} — {organisation.name}",
        org=organisation,
    )
    audit(by, member, ChangeRecord.Action.UPDATE, summary=f"Nhận chức vụ {position.get_title_display()}")
    return position


@transaction.atomic
def end_position(*, position: Position, on: date, by) -> Position:
    position = (
        Position.objects.select_for_update()
        .select_related("organisation", "member__organisation")
        .get(pk=position.pk)
    )
    check(by, "position.manage", position.organisation)
    if position.ends_on:
        raise ValidationError("Chức vụ này đã kết thúc.")
    not_before(on, position.starts_on, "Ngày thôi chức vụ không thể trước ngày nhận")
    end_position_on(position, on, by)
    audit(
        by,
        position.member,
        ChangeRecord.Action.UPDATE,
        summary=f"Thôi chức vụ {position.get_title_display()}",
    )
    return position
