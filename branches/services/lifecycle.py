"""A member's lifecycle after admission: official status, exemption, suspension, discipline, leaving.
Each is an event on the member's timeline, and the apps above follow it (STANDING_LISTENERS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import rules
from ..models import (
    ChangeRecord,
    Discipline,
    LeaveReason,
    Member,
    Position,
    Transfer,
)
from .accounts import close_member_login
from .common import audit, standing_changed
from .members import Event, event, last_event, lock_for_lifecycle, not_before, save_state
from .positions import end_position_on


@transaction.atomic
def recognise_official(*, member: Member, decided_on: date, by) -> Member:
    """Công nhận chính thức. The official date is the end of the 12 months (V9), however late
    the decision came."""
    member = lock_for_lifecycle(member, by, current=False)  # a former member is no probationer either
    if member.status != Member.Status.PROBATIONARY:
        raise ValidationError(f"{member.full_name} không phải đảng viên dự bị.")
    end = rules.probation_end(member.ceremony_date)
    if decided_on < end:
        raise ValidationError(
            {"decided_on": f"Chưa đủ 12 tháng dự bị: sớm nhất được xét từ ngày {end:%d/%m/%Y}."}
        )
    save_state(member, by, {"status": Member.Status.OFFICIAL, "official_date": end}, "Công nhận chính thức")
    event(member, Event.RECOGNISED, end, by, f"Quyết định ngày {decided_on:%d/%m/%Y}")
    return member


@dataclass(frozen=True)
class _Standing:
    """A state a member enters and leaves by a chi bộ decision: exemption or suspension."""

    flag: str
    start: str
    end: str
    start_label: str
    end_label: str
    already: str
    not_in: str
    end_before_start: str


EXEMPTION = _Standing(
    "is_exempt",
    Event.EXEMPTED,
    Event.EXEMPTION_ENDED,
    "Miễn công tác và sinh hoạt đảng",
    "Thôi miễn sinh hoạt",
    "đang được miễn công tác và sinh hoạt đảng",
    "không được miễn sinh hoạt",
    "Ngày thôi miễn không thể trước ngày được miễn",
)


SUSPENSION = _Standing(
    "is_suspended",
    Event.SUSPENDED,
    Event.SUSPENSION_ENDED,
    "Đình chỉ sinh hoạt đảng",
    "Hết đình chỉ sinh hoạt",
    "đang bị đình chỉ sinh hoạt",
    "không bị đình chỉ sinh hoạt",
    "Ngày hết đình chỉ không thể trước ngày bị đình chỉ",
)


def _enter(standing: _Standing, member: Member, on: date, reason: str, by) -> Member:
    member = lock_for_lifecycle(member, by)
    if getattr(member, standing.flag):
        raise ValidationError(f"{member.full_name} {standing.already}.")
    not_before(on, member.ceremony_date, "Ngày này không thể trước ngày vào Đảng")
    save_state(member, by, {standing.flag: True}, standing.start_label)
    event(member, standing.start, on, by, reason)
    standing_changed(member, on, by)
    return member


def _leave_standing(standing: _Standing, member: Member, on: date, by) -> Member:
    # A member who has left holds no flag: the flag's own message says it more precisely.
    member = lock_for_lifecycle(member, by, current=False)
    if not getattr(member, standing.flag):
        raise ValidationError(f"{member.full_name} {standing.not_in}.")
    not_before(on, last_event(member, standing.start), standing.end_before_start)
    save_state(member, by, {standing.flag: False}, standing.end_label)
    event(member, standing.end, on, by)
    standing_changed(member, on, by)
    return member


@transaction.atomic
def exempt_member(*, member: Member, on: date, reason: str, by) -> Member:
    return _enter(EXEMPTION, member, on, reason, by)


@transaction.atomic
def end_exemption(*, member: Member, on: date, by) -> Member:
    return _leave_standing(EXEMPTION, member, on, by)


@transaction.atomic
def suspend_member(*, member: Member, on: date, reason: str, by) -> Member:
    return _enter(SUSPENSION, member, on, reason, by)


@transaction.atomic
def end_suspension(*, member: Member, on: date, by) -> Member:
    return _leave_standing(SUSPENSION, member, on, by)


@transaction.atomic
def discipline_member(
    *,
    member: Member,
    form: str,
    decision_number: str,
    decided_on: date,
    authority: str,
    duty_related: bool = False,
    reason: str = "",
    by,
) -> Discipline:
    member = lock_for_lifecycle(member, by)
    label = Discipline.Form(form).label.lower()
    if member.status == Member.Status.PROBATIONARY and form not in Discipline.PROBATIONARY_FORMS:
        raise ValidationError(
            {
                "form": f"Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo, không thể {label} "
                "(Quy định 69-QĐ/TW, Điều 7)."
            }
        )
    party_posts = member.positions.filter(ends_on__isnull=True, title__in=Position.PARTY_TITLES)
    if form == Discipline.Form.DISMISSAL and not party_posts.exists():
        raise ValidationError({"form": "Chỉ cách chức đảng viên đang giữ chức vụ trong Đảng."})
    not_before(
        decided_on,
        member.ceremony_date,
        "Ngày quyết định kỷ luật không thể trước ngày vào Đảng",
        "decided_on",
    )
    discipline = Discipline.objects.create(
        member=member,
        organisation=member.organisation,
        form=form,
        decision_number=decision_number,
        decided_on=decided_on,
        authority=authority,
        duty_related=duty_related,
        reason=reason,
        effective_until=rules.discipline_effective_until(form, decided_on),
    )
    event(
        member,
        Event.DISCIPLINED,
        decided_on,
        by,
        f"{Discipline.Form(form).label}, quyết định số {decision_number} của {authority}",
    )
    if form == Discipline.Form.EXPULSION:
        leave(member, decided_on, by, LeaveReason.EXPELLED)
    elif form == Discipline.Form.DISMISSAL:
        for position in party_posts.select_related("organisation"):
            end_position_on(position, decided_on, by)
    audit(by, member, ChangeRecord.Action.UPDATE, summary=f"Kỷ luật: {label}")
    return discipline


def leave(member: Member, on: date, by, reason: str, note: str = "") -> None:
    """End membership. Every open state is closed with its own event, so the timeline agrees
    with the record: exemption, suspension, temporary stay, pending transfers, posts."""
    if member.is_exempt:
        event(member, Event.EXEMPTION_ENDED, on, by)
    if member.is_suspended:
        event(member, Event.SUSPENSION_ENDED, on, by)
    for transfer in member.transfers.open().select_related("to_organisation").select_for_update(of=("self",)):
        if transfer.status == Transfer.Status.CONFIRMED:
            transfer.status, transfer.ends_on = Transfer.Status.ENDED, on
            event(member, Event.TEMPORARY_ENDED, on, by, f"Tại {transfer.to_organisation.name}")
        else:
            transfer.status = Transfer.Status.CANCELLED
            event(member, Event.TRANSFER_CANCELLED, on, by, f"Đến {transfer.to_organisation.name}")
        transfer.save(update_fields=["status", "ends_on"])
    for position in member.positions.filter(ends_on__isnull=True).select_related("organisation"):
        end_position_on(position, on, by)
    died = reason == LeaveReason.DIED
    label = LeaveReason(reason).label + (f": {note}" if note else "")
    save_state(
        member,
        by,
        {
            "status": Member.Status.DECEASED if died else Member.Status.LEFT,
            "left_on": on,
            "left_reason": reason,
            "is_exempt": False,
            "is_suspended": False,
            "temporary_organisation": None,
        },
        label,
    )
    event(member, Event.DIED if died else Event.LEFT, on, by, label)
    close_member_login(member, by, label)
    standing_changed(member, on, by)


@transaction.atomic
def record_leaving(*, member: Member, reason: str, on: date, note: str = "", by) -> Member:
    """Xin ra, xóa tên or từ trần. Khai trừ is a discipline decision (discipline_member)."""
    member = lock_for_lifecycle(member, by)
    if reason not in LeaveReason.values or reason == LeaveReason.EXPELLED:
        raise ValidationError({"reason": "Khai trừ được ghi qua quyết định kỷ luật."})
    not_before(on, member.ceremony_date, "Ngày này không thể trước ngày vào Đảng")
    leave(member, on, by, reason, note)
    return member
