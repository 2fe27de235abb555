"""A party member's record and lifecycle: entry, corrections, recognition, exemption, suspension,
discipline, leaving, and the posts they hold. Each step is an event on the member's timeline."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.timezone import localtime

from .. import rules
from ..models import (
    BRANCH_KINDS,
    ChangeRecord,
    Member,
    MemberEvent,
    Organisation,
)
from ..policy import check
from ..text import fold, name_sort_key, nfc
from .common import apply, audit, lock_fresh, standing_changed

Event = MemberEvent.Kind


def locked_branch(org: Organisation, field: str = "organisation") -> Organisation:
    """Re-read the chi bộ under a lock, so a dissolution committed meanwhile is seen."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    check_branch(org, field)
    return org


def check_branch(org: Organisation, field: str = "organisation") -> None:
    """Members are entered on an active chi bộ."""
    if org.kind not in BRANCH_KINDS:
        raise ValidationError({field: f"{org.name} không phải là chi bộ; đảng viên sinh hoạt ở chi bộ."})
    if not org.is_active:
        raise ValidationError({field: f"{org.name} đã giải thể ngày {org.dissolved_on:%d/%m/%Y}."})


def lock_member(member: Member) -> Member:
    return Member.objects.select_for_update().select_related("organisation").get(pk=member.pk)


def check_current(member: Member) -> None:
    if not member.is_current:
        raise ValidationError(
            f"{member.full_name} không còn là đảng viên ({member.get_status_display().lower()})."
        )


def lock_for_lifecycle(member: Member, by, *, current: bool = True) -> Member:
    """The opening of a decision on a member's lifecycle: lock the row, ask the policy and refuse a
    member who has left, unless the caller's own check (`current=False`) says it more precisely."""
    member = lock_member(member)
    check(by, "member.lifecycle", member)
    if current:
        check_current(member)
    return member


def event(
    member: Member, kind: str, on: date, by, description: str = "", org: Organisation | None = None
) -> MemberEvent:
    return MemberEvent.objects.create(
        member=member,
        kind=kind,
        on=on,
        organisation=org or member.organisation,
        description=description[:500],
        recorded_by=by,
    )


def save_state(member: Member, by, fields: dict, summary: str) -> None:
    changed = apply(member, fields)
    member.version += 1
    member.save()
    audit(by, member, ChangeRecord.Action.UPDATE, changed, summary)


def not_before(on: date, start: date | None, message: str, field: str = "on") -> None:
    if start is not None and on < start:
        raise ValidationError({field: f"{message} ({start:%d/%m/%Y})."})


def last_event(member: Member, kind: str) -> date | None:
    return member.events.filter(kind=kind).order_by("-on").values_list("on", flat=True).first()


# Entering and correcting the record ---------------------------------------------------------------


def check_dates(fields: dict) -> None:
    birth, decision = fields.get("birth_date"), fields.get("admission_decision_date")
    ceremony, official = fields.get("ceremony_date"), fields.get("official_date")
    if decision and ceremony and ceremony < decision:
        raise ValidationError({"ceremony_date": "Ngày lễ kết nạp không thể trước ngày quyết định kết nạp."})
    if birth and decision and rules.add_months(birth, 18 * 12) > decision:
        raise ValidationError(
            {"admission_decision_date": "Người được kết nạp phải đủ 18 tuổi (Điều lệ Đảng, Điều 1)."}
        )
    if birth and ceremony and ceremony <= birth:
        raise ValidationError({"ceremony_date": "Ngày vào Đảng phải sau ngày sinh."})
    if official and ceremony and official < rules.probation_end(ceremony):
        raise ValidationError(
            {
                "official_date": "Ngày chính thức phải sau 12 tháng dự bị kể từ ngày lễ kết nạp "
                f"(sớm nhất {rules.probation_end(ceremony):%d/%m/%Y})."
            }
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
        return (
            f"{label} {value} đã được đăng ký cho một đảng viên thuộc tổ chức đảng khác. "
            "Kiểm tra lại số; nếu đúng, đề nghị chi bộ nơi đó chuyển sinh hoạt đảng cho đồng chí."
        )
    state = "" if holder.is_current else f", {_lower_first(holder.get_status_display())}"
    return f"{label} {value} đã được đăng ký cho đồng chí {holder.label}, {holder.organisation.name}{state}."


# CCCD identifies a person nationally and the card number a party member: one member each.
UNIQUE_IDS = (("cccd", "Số CCCD"), ("card_number", "Số thẻ đảng viên"))


def _check_unique_ids(fields: dict, by=None, exclude_pk: int | None = None) -> None:
    """No other member has the CCCD or card number (constraints too)."""
    for field, label in UNIQUE_IDS:
        value = fields.get(field)
        if not value:
            continue
        holder = (
            Member.objects.filter(**{field: value})
            .exclude(pk=exclude_pk)
            .select_related("organisation")
            .first()
        )
        if holder is not None:
            raise ValidationError({field: _holder_named(label, value, holder, by)}, code="taken")


def admission_note(fields: dict) -> str:
    decided = fields.get("admission_decision_date")
    if decided and rules.ceremony_needs_approval(decided, fields["ceremony_date"]):
        return "Lễ kết nạp muộn hơn 30 ngày làm việc sau quyết định: cần ý kiến cấp ủy cấp trên."
    return ""


def naming(full_name: str) -> dict:
    name = nfc(full_name)
    return {"full_name": name, "search_name": fold(name), "sort_key": name_sort_key(name)}


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
        m
        for m in Member.objects.filter(
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
    check_dates(fields)
    _check_unique_ids(fields, by)
    _check_same_person(organisation, fields, set(same_as))
    official = fields.get("official_date")
    status = Member.Status.OFFICIAL if official else Member.Status.PROBATIONARY
    try:
        with transaction.atomic():
            member = Member.objects.create(
                organisation=organisation, status=status, **{**fields, **naming(fields["full_name"])}
            )
    except IntegrityError:  # the same CCCD or card number saved a moment ago by someone else
        _check_unique_ids(fields, by)
        raise ValidationError("Số CCCD hoặc số thẻ đảng viên vừa được lưu cho một đảng viên khác.") from None
    event(member, Event.ADMITTED, fields["ceremony_date"], by, admission_note(fields))
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
    check_dates(merged)
    if member.status == Member.Status.PROBATIONARY and merged["official_date"]:
        raise ValidationError({"official_date": "Đảng viên dự bị: dùng chức năng “Công nhận chính thức”."})
    if member.status == Member.Status.OFFICIAL and not merged["official_date"]:
        raise ValidationError({"official_date": "Đảng viên chính thức phải có ngày chính thức."})
    _check_unique_ids(fields, by, exclude_pk=member.pk)
    if "full_name" in fields:
        fields.update(naming(fields["full_name"]))
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


# Posts ------------------------------------------------------------------------------------------
