"""Chuyển sinh hoạt đảng: the sending side introduces, the receiving side confirms."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import ChangeRecord, Member, MemberEvent, Organisation, Transfer
from ..policy import check
from .common import audit, standing_changed
from .members import check_current, event, lock_for_lifecycle, lock_member, locked_branch, save_state
from .positions import end_position_on

Event = MemberEvent.Kind


@transaction.atomic
def request_transfer(
    *,
    member: Member,
    kind: str,
    to_organisation: Organisation,
    decided_on: date,
    ends_on: date | None = None,
    note: str = "",
    by,
) -> Transfer:
    """The sending side introduces the member to `to_organisation`."""
    member = lock_for_lifecycle(member, by)
    to_organisation = locked_branch(to_organisation, "to_organisation")
    if to_organisation.pk == member.organisation_id:
        raise ValidationError({"to_organisation": "Nơi đến trùng với chi bộ hiện tại của đảng viên."})
    if kind == Transfer.Kind.TEMPORARY and ends_on and ends_on <= decided_on:
        raise ValidationError({"ends_on": "Ngày kết thúc sinh hoạt tạm thời phải sau ngày bắt đầu."})
    if decided_on < member.ceremony_date:
        raise ValidationError({"decided_on": "Ngày quyết định không thể trước ngày vào Đảng."})
    if member.transfers.open().exists():
        raise ValidationError(
            "Đảng viên đang có một đề nghị chuyển sinh hoạt hoặc đợt sinh hoạt tạm thời chưa kết thúc."
        )
    transfer = Transfer.objects.create(
        member=member,
        kind=kind,
        from_organisation=member.organisation,
        to_organisation=to_organisation,
        decided_on=decided_on,
        ends_on=ends_on if kind == Transfer.Kind.TEMPORARY else None,
        note=note,
        requested_by=by,
    )
    kind_event = Event.TRANSFER_REQUESTED if kind == Transfer.Kind.OFFICIAL else Event.TEMPORARY_REQUESTED
    event(member, kind_event, decided_on, by, f"Đến {to_organisation.name}. {note}".strip())
    audit(
        by,
        member,
        ChangeRecord.Action.UPDATE,
        summary=f"{transfer.get_kind_display()}: đến {to_organisation.name}",
    )
    return transfer


def _lock_transfer(transfer: Transfer) -> tuple[Transfer, Member]:
    """Member first, then the transfer: the same order as leaving, so the two never deadlock."""
    member = lock_member(transfer.member)
    transfer = (
        Transfer.objects.select_for_update()
        .select_related("from_organisation", "to_organisation")
        .get(pk=transfer.pk)
    )
    return transfer, member


def _lock_own_transfer(transfer: Transfer, by) -> tuple[Transfer, Member]:
    """The member's own chi bộ ends or withdraws it: the policy is asked about the member, where the
    receiving side's confirmation is asked about the transfer."""
    transfer, member = _lock_transfer(transfer)
    check(by, "member.lifecycle", member)
    return transfer, member


@transaction.atomic
def confirm_transfer(*, transfer: Transfer, on: date, by) -> Transfer:
    """The receiving side confirms the member arrived."""
    transfer, member = _lock_transfer(transfer)
    check(by, "transfer.confirm", transfer)
    if transfer.status != Transfer.Status.PENDING:
        raise ValidationError(f"Đề nghị này đã ở trạng thái “{transfer.get_status_display()}”.")
    if on < transfer.decided_on:
        raise ValidationError({"on": "Ngày tiếp nhận không thể trước ngày quyết định chuyển."})
    to_organisation = locked_branch(transfer.to_organisation, "on")
    check_current(member)
    # V11: the introduction must be presented within 30 working days; later needs a reason.
    late = on > transfer.present_by
    late_note = " Nộp giấy giới thiệu quá 30 ngày làm việc: cần báo cáo lý do." if late else ""
    transfer.confirmed_by, transfer.confirmed_on = by, on
    if transfer.kind == Transfer.Kind.OFFICIAL:
        transfer.status = Transfer.Status.ENDED
        # Posts of the old chi bộ (and of committees the member no longer belongs to) end here.
        for position in member.positions.filter(ends_on__isnull=True).select_related("organisation"):
            if not to_organisation.path.startswith(position.organisation.path):
                end_position_on(position, on, by)
        save_state(
            member,
            by,
            {"organisation": to_organisation, "temporary_organisation": None},
            "Chuyển sinh hoạt chính thức",
        )
        event(
            member,
            Event.TRANSFERRED,
            on,
            by,
            f"Từ {transfer.from_organisation.name} đến {to_organisation.name}.{late_note}",
            org=to_organisation,
        )
    else:
        transfer.status = Transfer.Status.CONFIRMED
        save_state(member, by, {"temporary_organisation": to_organisation}, "Sinh hoạt tạm thời")
        event(member, Event.TEMPORARY_STARTED, on, by, f"Tại {to_organisation.name}.{late_note}")
    transfer.save()
    standing_changed(member, on, by)
    return transfer


@transaction.atomic
def end_temporary(*, transfer: Transfer, on: date, by) -> Transfer:
    """The member's own chi bộ records the end of a temporary stay elsewhere."""
    transfer, member = _lock_own_transfer(transfer, by)
    if transfer.kind != Transfer.Kind.TEMPORARY or transfer.status != Transfer.Status.CONFIRMED:
        raise ValidationError("Chỉ kết thúc được đợt sinh hoạt tạm thời đang diễn ra.")
    if on < (transfer.confirmed_on or transfer.decided_on):
        raise ValidationError({"on": "Ngày kết thúc không thể trước ngày bắt đầu sinh hoạt tạm thời."})
    transfer.status, transfer.ends_on = Transfer.Status.ENDED, on
    transfer.save()
    save_state(member, by, {"temporary_organisation": None}, "Kết thúc sinh hoạt tạm thời")
    event(member, Event.TEMPORARY_ENDED, on, by, f"Tại {transfer.to_organisation.name}")
    standing_changed(member, on, by)
    return transfer


@transaction.atomic
def cancel_transfer(*, transfer: Transfer, on: date, by) -> Transfer:
    """The sending side withdraws a request not yet confirmed."""
    transfer, member = _lock_own_transfer(transfer, by)
    if transfer.status != Transfer.Status.PENDING:
        raise ValidationError("Chỉ hủy được đề nghị đang chờ tiếp nhận.")
    transfer.status = Transfer.Status.CANCELLED
    transfer.save()
    event(
        member,
        Event.TRANSFER_CANCELLED,
        max(on, transfer.decided_on),
        by,
        f"Đến {transfer.to_organisation.name}",
    )
    audit(by, member, ChangeRecord.Action.UPDATE, summary=f"Hủy {transfer.get_kind_display().lower()}")
    return transfer
