"""A party member's record and lifecycle: entry, corrections, recognition, exemption, suspension,
discipline, leaving, and the posts they hold. Each step is an event on the member's timeline."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.timezone import localtime

from .. import rules
from ..models import (
    BRANCH_KINDS,
    ChangeRecord,
    Discipline,
    LeaveReason,
    Member,
    MemberEvent,
    Organisation,
    Position,
    Transfer,
)
from ..policy import check
from ..text import fold, name_sort_key, nfc
from .common import apply, audit, lock_fresh, standing_changed

Event = MemberEvent.Kind


def locked_branch(org: Organisation, field: str = "organisation") -> Organisation:
    """Re-read the chi bộ under a lock, so a dissolution committed meanwhile is seen."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if org.kind not in BRANCH_KINDS:
        raise ValidationError({field: f"{org.name} không phải là chi bộ; đảng viên sinh hoạt ở chi bộ."})
    if not org.is_active:
        raise ValidationError({field: f"{org.name} đã giải thể ngày {org.dissolved_on:%d/%m/%Y}."})
    return org


def lock_member(member: Member) -> Member:
    return Member.objects.select_for_update().select_related("organisation").get(pk=member.pk)


def check_current(member: Member) -> None:
    if not member.is_current:
        raise ValidationError(f"{member.full_name} không còn là đảng viên ({member.get_status_display().lower()}).")


def event(member: Member, kind: str, on: date, by, description: str = "", org: Organisation | None = None) -> MemberEvent:
    return MemberEvent.objects.create(
        member=member, kind=kind, on=on, organisation=org or member.organisation,
        description=description[:500], recorded_by=by,
    )


def save_state(member: Member, by, fields: dict, summary: str) -> None:
    changed = apply(member, fields)
    member.version += 1
    member.save()
    audit(by, member, ChangeRecord.Action.UPDATE, changed, summary)


def _not_before(on: date, start: date | None, message: str, field: str = "on") -> None:
    if start is not None and on < start:
        raise ValidationError({field: f"{message} ({start:%d/%m/%Y})."})


def _last(member: Member, kind: str) -> date | None:
    return member.events.filter(kind=kind).order_by("-on").values_list("on", flat=True).first()


# Entering and correcting the record ---------------------------------------------------------------


def _naming(full_name: str) -> dict:
    name = nfc(full_name)
    return {"full_name": name, "search_name": fold(name), "sort_key": name_sort_key(name)}


def _check_dates(fields: dict) -> None:
    birth, decision = fields.get("birth_date"), fields.get("admission_decision_date")
    ceremony, official = fields.get("ceremony_date"), fields.get("official_date")
    if decision and ceremony and ceremony < decision:
        raise ValidationError({"ceremony_date": "Ngày lễ kết nạp không thể trước ngày quyết định kết nạp."})
    if birth and decision and rules.add_months(birth, 18 * 12) > decision:
        raise ValidationError({"admission_decision_date": "Người được kết nạp phải đủ 18 tuổi (Điều lệ Đảng, Điều 1)."})
    if birth and ceremony and ceremony <= birth:
        raise ValidationError({"ceremony_date": "Ngày vào Đảng phải sau ngày sinh."})
    if official and ceremony and official < rules.probation_end(ceremony):
        raise ValidationError(
            {"official_date": "Ngày chính thức phải sau 12 tháng dự bị kể từ ngày lễ kết nạp "
             f"(sớm nhất {rules.probation_end(ceremony):%d/%m/%Y})."}
        )
    if official and official > date.today():
        raise ValidationError({"official_date": "Ngày chính thức không thể ở tương lai."})


def _lower_first(text: str) -> str:
    """ "Đã ra khỏi Đảng" mid-sentence: only the first letter changes; Đảng keeps its capital."""
    return text[:1].lower() + text[1:]


def _holder_named(label: str, value: str, holder: Member, by) -> str:
    """Who already has this number: named with their chi bộ when the user may see them; else only
    that it is registered elsewhere, so nobody learns names outside their scope."""
    if by is not None and not Member.objects.visible_to(by).filter(pk=holder.pk).exists():
        return (f"{label} {value} đã được đăng ký cho một đảng viên thuộc tổ chức đảng khác. "
                "Kiểm tra lại số; nếu đúng, đề nghị chi bộ nơi đó chuyển sinh hoạt đảng cho đồng chí.")
    state = "" if holder.is_current else f", {_lower_first(holder.get_status_display())}"
    return f"{label} {value} đã được đăng ký cho đồng chí {holder.label}, {holder.organisation.name}{state}."


def _check_unique_ids(fields: dict, by=None, exclude_pk: int | None = None) -> None:
    """CCCD identifies a person nationally and the card number a party member: one member each
    (constraints too)."""
    for field, label in (("cccd", "Số CCCD"), ("card_number", "Số thẻ đảng viên")):
        value = fields.get(field)
        if not value:
            continue
        holder = Member.objects.filter(**{field: value}).exclude(pk=exclude_pk).select_related("organisation").first()
        if holder is not None:
            raise ValidationError({field: _holder_named(label, value, holder, by)}, code="taken")


class SamePerson(ValidationError):
    """A member of the chi bộ has the same name and birth date: maybe the same person entered
    twice (or the form sent twice). `members` are they; admitting again needs their ids as
    `same_as`, so a member added meanwhile is asked about anew."""

    def __init__(self, members: list[Member]):
        self.members = members
        first = members[0]
        who = f"đảng viên {first.full_name}" if len(members) == 1 else f"{len(members)} đảng viên"
        details = "; ".join(
            f"vào Đảng {m.ceremony_date:%d/%m/%Y}, nhập lúc {localtime(m.created_at):%H:%M ngày %d/%m/%Y}"
            + ("" if m.is_current else f", {_lower_first(m.get_status_display())}")
            for m in members
        )
        super().__init__(
            f"Đã có {who} cùng họ tên và ngày sinh ({first.birth_date:%d/%m/%Y}) ở chi bộ này ({details}). "
            "Vẫn thêm?",
            code="same_person",
        )


def _check_same_person(organisation: Organisation, fields: dict, same_as: Collection[int]) -> None:
    """The same name is the same letters and tones ("An" and "Ân" are two names), or, for a name
    typed without diacritics, any name that reads so ("Tran Van Bay" is "Trần Văn Bảy")."""
    name = nfc(fields.get("full_name", "")).lower()
    folded = fold(name)
    namesakes = [
        m for m in Member.objects.filter(
            organisation=organisation, search_name=folded, birth_date=fields.get("birth_date")
        ).order_by("pk")
        if name == folded or m.full_name.lower() == name
    ]
    if any(m.pk not in same_as for m in namesakes):
        raise SamePerson(namesakes)


@transaction.atomic
def admit_member(*, organisation: Organisation, by, same_as: Collection[int] = (), **fields) -> Member:
    """Enter a member on a chi bộ: a new admission (probationary), or an existing member's record
    with the official date when the branch starts using the app. The timeline gets the admission
    and, where there is one, the recognition.

    A member of the chi bộ with the same name and birth date stops it (SamePerson) unless the
    caller lists them in `same_as`: the person confirmed they are someone else. The chi bộ row is
    locked first, so a form sent twice at once meets the member the first one made."""
    check(by, "member.admit", organisation)
    organisation = locked_branch(organisation)
    _check_dates(fields)
    _check_unique_ids(fields, by)
    _check_same_person(organisation, fields, set(same_as))
    official = fields.get("official_date")
    status = Member.Status.OFFICIAL if official else Member.Status.PROBATIONARY
    try:
        with transaction.atomic():
            member = Member.objects.create(
                organisation=organisation, status=status, **{**fields, **_naming(fields["full_name"])}
            )
    except IntegrityError:  # the same CCCD or card number saved a moment ago by someone else
        _check_unique_ids(fields, by)
        raise ValidationError("Số CCCD hoặc số thẻ đảng viên vừa được lưu cho một đảng viên khác.") from None
    note = ""
    if fields.get("admission_decision_date") and rules.ceremony_needs_approval(
        fields["admission_decision_date"], fields["ceremony_date"]
    ):
        note = "Lễ kết nạp muộn hơn 30 ngày làm việc sau quyết định: cần ý kiến cấp ủy cấp trên."
    event(member, Event.ADMITTED, fields["ceremony_date"], by, note)
    if official:
        event(member, Event.RECOGNISED, official, by)
    audit(by, member, ChangeRecord.Action.CREATE, summary="Nhập hồ sơ đảng viên")
    standing_changed(member, timezone.localdate(), by)  # on the list of the year open now, not of past years
    return member


@transaction.atomic
def update_member(*, member: Member, version: int, by, **fields) -> Member:
    """Correct the record. Dates that are timeline events move their event with them; the status
    itself only changes through the lifecycle services."""
    check(by, "member.edit", member)
    member = lock_fresh(Member, member.pk, version)
    dates = ("birth_date", "admission_decision_date", "ceremony_date", "official_date")
    merged = {f: fields.get(f, getattr(member, f)) for f in dates}
    _check_dates(merged)
    if member.status == Member.Status.PROBATIONARY and merged["official_date"]:
        raise ValidationError({"official_date": "Đảng viên dự bị: dùng chức năng “Công nhận chính thức”."})
    if member.status == Member.Status.OFFICIAL and not merged["official_date"]:
        raise ValidationError({"official_date": "Đảng viên chính thức phải có ngày chính thức."})
    _check_unique_ids(fields, by, exclude_pk=member.pk)
    if "full_name" in fields:
        fields.update(_naming(fields["full_name"]))
    changed = apply(member, fields)
    for name in ("search_name", "sort_key"):
        changed.pop(name, None)
    if not changed:
        return member
    member.version += 1
    member.save()
    for field, kind in (("ceremony_date", Event.ADMITTED), ("official_date", Event.RECOGNISED)):
        if field in changed:
            member.events.filter(kind=kind).update(on=changed[field][1])
    audit(by, member, ChangeRecord.Action.UPDATE, changed)
    return member


# Lifecycle --------------------------------------------------------------------------------------


@transaction.atomic
def recognise_official(*, member: Member, decided_on: date, by) -> Member:
    """Công nhận chính thức. The official date is the end of the 12 months (V9), however late
    the decision came."""
    member = lock_member(member)
    check(by, "member.lifecycle", member)
    if member.status != Member.Status.PROBATIONARY:
        raise ValidationError(f"{member.full_name} không phải đảng viên dự bị.")
    end = rules.probation_end(member.ceremony_date)
    if decided_on < end:
        raise ValidationError({"decided_on": f"Chưa đủ 12 tháng dự bị: sớm nhất được xét từ ngày {end:%d/%m/%Y}."})
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
    "is_exempt", Event.EXEMPTED, Event.EXEMPTION_ENDED, "Miễn công tác và sinh hoạt đảng", "Thôi miễn sinh hoạt",
    "đang được miễn công tác và sinh hoạt đảng", "không được miễn sinh hoạt",
    "Ngày thôi miễn không thể trước ngày được miễn",
)
SUSPENSION = _Standing(
    "is_suspended", Event.SUSPENDED, Event.SUSPENSION_ENDED, "Đình chỉ sinh hoạt đảng", "Hết đình chỉ sinh hoạt",
    "đang bị đình chỉ sinh hoạt", "không bị đình chỉ sinh hoạt",
    "Ngày hết đình chỉ không thể trước ngày bị đình chỉ",
)


def _enter(standing: _Standing, member: Member, on: date, reason: str, by) -> Member:
    member = lock_member(member)
    check(by, "member.lifecycle", member)
    check_current(member)
    if getattr(member, standing.flag):
        raise ValidationError(f"{member.full_name} {standing.already}.")
    _not_before(on, member.ceremony_date, "Ngày này không thể trước ngày vào Đảng")
    save_state(member, by, {standing.flag: True}, standing.start_label)
    event(member, standing.start, on, by, reason)
    standing_changed(member, on, by)
    return member


def _leave_standing(standing: _Standing, member: Member, on: date, by) -> Member:
    member = lock_member(member)
    check(by, "member.lifecycle", member)
    if not getattr(member, standing.flag):
        raise ValidationError(f"{member.full_name} {standing.not_in}.")
    _not_before(on, _last(member, standing.start), standing.end_before_start)
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
    member = lock_member(member)
    check(by, "member.lifecycle", member)
    check_current(member)
    label = Discipline.Form(form).label.lower()
    if member.status == Member.Status.PROBATIONARY and form not in Discipline.PROBATIONARY_FORMS:
        raise ValidationError(
            {"form": f"Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo, không thể {label} "
             "(Quy định 69-QĐ/TW, Điều 7)."}
        )
    party_posts = member.positions.filter(ends_on__isnull=True, title__in=Position.PARTY_TITLES)
    if form == Discipline.Form.DISMISSAL and not party_posts.exists():
        raise ValidationError({"form": "Chỉ cách chức đảng viên đang giữ chức vụ trong Đảng."})
    _not_before(decided_on, member.ceremony_date, "Ngày quyết định kỷ luật không thể trước ngày vào Đảng", "decided_on")
    discipline = Discipline.objects.create(
        member=member, organisation=member.organisation, form=form, decision_number=decision_number,
        decided_on=decided_on, authority=authority, duty_related=duty_related, reason=reason,
        effective_until=rules.discipline_effective_until(form, decided_on),
    )
    event(member, Event.DISCIPLINED, decided_on, by,
          f"{Discipline.Form(form).label}, quyết định số {decision_number} của {authority}")
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
    standing_changed(member, on, by)


@transaction.atomic
def record_leaving(*, member: Member, reason: str, on: date, note: str = "", by) -> Member:
    """Xin ra, xóa tên or từ trần. Khai trừ is a discipline decision (discipline_member)."""
    member = lock_member(member)
    check(by, "member.lifecycle", member)
    check_current(member)
    if reason not in LeaveReason.values or reason == LeaveReason.EXPELLED:
        raise ValidationError({"reason": "Khai trừ được ghi qua quyết định kỷ luật."})
    _not_before(on, member.ceremony_date, "Ngày này không thể trước ngày vào Đảng")
    leave(member, on, by, reason, note)
    return member


# Posts ------------------------------------------------------------------------------------------


def end_position_on(position: Position, on: date, by) -> None:
    position.ends_on = max(on, position.starts_on)
    position.save(update_fields=["ends_on"])
    event(position.member, Event.POSITION_ENDED, position.ends_on, by,
          f"{position.get_title_display()} — {position.organisation.name}", org=position.organisation)


@transaction.atomic
def add_position(*, member: Member, organisation: Organisation, title: str, starts_on: date, by) -> Position:
    member = lock_member(member)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check(by, "position.manage", organisation)
    check_current(member)
    if not member.organisation.path.startswith(organisation.path):
        raise ValidationError({"organisation": "Chức vụ phải thuộc chi bộ của đảng viên hoặc tổ chức cấp trên của chi bộ."})
    _not_before(starts_on, member.ceremony_date, "Ngày nhận chức vụ không thể trước ngày vào Đảng", "starts_on")
    # One sitting bí thư everywhere (a constraint too); one phó bí thư in a chi bộ (QĐ 294).
    single = title == Position.Title.SECRETARY or (
        title == Position.Title.DEPUTY_SECRETARY and organisation.kind in BRANCH_KINDS
    )
    if single and Position.objects.filter(organisation=organisation, title=title, ends_on__isnull=True).exists():
        raise ValidationError({"title": f"{organisation.name} đã có {Position.Title(title).label.lower()} đương nhiệm."})
    position = Position.objects.create(member=member, organisation=organisation, title=title, starts_on=starts_on)
    event(member, Event.POSITION_STARTED, starts_on, by, f"{position.get_title_display()} — {organisation.name}", org=organisation)
    audit(by, member, ChangeRecord.Action.UPDATE, summary=f"Nhận chức vụ {position.get_title_display()}")
    return position


@transaction.atomic
def end_position(*, position: Position, on: date, by) -> Position:
    position = Position.objects.select_for_update().select_related("organisation", "member__organisation").get(pk=position.pk)
    check(by, "position.manage", position.organisation)
    if position.ends_on:
        raise ValidationError("Chức vụ này đã kết thúc.")
    _not_before(on, position.starts_on, "Ngày thôi chức vụ không thể trước ngày nhận")
    end_position_on(position, on, by)
    audit(by, position.member, ChangeRecord.Action.UPDATE, summary=f"Thôi chức vụ {position.get_title_display()}")
    return position
