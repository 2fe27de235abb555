"""Every write to organisations, members and roles: checks the rule, writes in one transaction,
records the event and the audit row. Refusals raise ValidationError with a Vietnamese message and
leave the database as it was."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from . import rules
from .models import (
    ALLOWED_CHILD_KINDS,
    MEMBER_HOLDING_KINDS,
    OPEN_TRANSFER,
    ChangeRecord,
    Discipline,
    Member,
    MemberEvent,
    Organisation,
    Position,
    RoleAssignment,
    Transfer,
)
from .text import fold, name_sort_key, nfc

STALE_MESSAGE = (
    "Bản ghi đã được người khác cập nhật trong lúc bạn sửa. Hãy tải lại trang để xem nội dung mới "
    "rồi sửa lại; thay đổi của bạn chưa được lưu."
)


def _value(value):
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if hasattr(value, "pk"):
        return str(value)
    return value


def audit(actor, obj, action: str, changes: dict | None = None, summary: str = "") -> None:
    ChangeRecord.objects.create(
        actor=actor,
        model=obj._meta.model_name,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=action,
        summary=summary[:200],
        changes={k: [_value(old), _value(new)] for k, (old, new) in (changes or {}).items()},
    )


def _apply(obj, fields: dict) -> dict:
    """Set fields on obj; return {name: (old, new)} for those that changed."""
    changed = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = (old, new)
            setattr(obj, name, new)
    return changed


def _lock_fresh(model, pk: int, version: int):
    """Lock the row and refuse when someone saved it since the form was loaded."""
    obj = model.objects.select_for_update().get(pk=pk)
    if obj.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    return obj


# Organisations ----------------------------------------------------------------------------------


def _check_placement(kind: str, parent: Organisation | None) -> None:
    if parent is None:
        if kind != Organisation.Kind.PROVINCE:
            raise ValidationError({"parent": "Tổ chức này phải thuộc một tổ chức đảng cấp trên."})
        return
    if not parent.is_active:
        raise ValidationError({"parent": f"{parent.name} đã giải thể, không thể đặt tổ chức vào đó."})
    if kind not in ALLOWED_CHILD_KINDS[parent.kind]:
        raise ValidationError(
            {
                "kind": f"{Organisation.Kind(kind).label} không thể trực thuộc "
                f"{Organisation.Kind(parent.kind).label.lower()} ({parent.name})."
            }
        )


@transaction.atomic
def create_organisation(
    *,
    parent: Organisation | None,
    kind: str,
    code: str,
    name: str,
    area_type: str = "",
    founded_on: date | None = None,
    online_pilot: bool = False,
    by=None,
) -> Organisation:
    if parent is not None:
        parent = Organisation.objects.select_for_update().get(pk=parent.pk)
    _check_placement(kind, parent)
    if Organisation.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Mã {code} đã được dùng cho tổ chức khác."})
    org = Organisation.objects.create(
        parent=parent,
        kind=kind,
        code=code,
        name=nfc(name),
        area_type=area_type,
        founded_on=founded_on,
        online_pilot=online_pilot,
        depth=parent.depth + 1 if parent else 0,
    )
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    audit(by, org, ChangeRecord.Action.CREATE, summary=f"Thành lập {org.get_kind_display().lower()}")
    return org


@transaction.atomic
def update_organisation(*, org: Organisation, version: int, by=None, **fields) -> Organisation:
    org = _lock_fresh(Organisation, org.pk, version)
    if "name" in fields:
        fields["name"] = nfc(fields["name"])
    if "code" in fields and Organisation.objects.filter(code=fields["code"]).exclude(pk=org.pk).exists():
        raise ValidationError({"code": f"Mã {fields['code']} đã được dùng cho tổ chức khác."})
    changed = _apply(org, fields)
    if changed:
        org.version += 1
        org.save()
        audit(by, org, ChangeRecord.Action.UPDATE, changed)
    return org


@transaction.atomic
def move_organisation(*, org: Organisation, new_parent: Organisation, by=None) -> Organisation:
    """Re-parent a subtree: every path below follows in one UPDATE; history rows keep their FKs."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    new_parent = Organisation.objects.select_for_update().get(pk=new_parent.pk)
    if new_parent.path.startswith(org.path):
        raise ValidationError(
            {"new_parent": "Không thể chuyển một tổ chức vào chính nó hoặc tổ chức trực thuộc nó."}
        )
    if org.parent_id == new_parent.pk:
        raise ValidationError({"new_parent": f"{org.name} đã trực thuộc {new_parent.name}."})
    _check_placement(org.kind, new_parent)
    old_parent, old_path = org.parent, org.path
    new_path = f"{new_parent.path}{org.pk}/"
    depth_shift = new_parent.depth + 1 - org.depth
    Organisation.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_shift,
    )
    Organisation.objects.filter(pk=org.pk).update(parent=new_parent, version=F("version") + 1)
    org.refresh_from_db()
    audit(by, org, ChangeRecord.Action.UPDATE, {"parent": (old_parent, new_parent)}, "Chuyển trực thuộc")
    return org


@transaction.atomic
def dissolve_organisation(*, org: Organisation, on: date, by=None) -> Organisation:
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not org.is_active:
        raise ValidationError(f"{org.name} đã giải thể ngày {org.dissolved_on:%d/%m/%Y}.")
    if org.founded_on and on < org.founded_on:
        raise ValidationError({"on": "Ngày giải thể không thể trước ngày thành lập."})
    if org.children.filter(dissolved_on__isnull=True).exists():
        raise ValidationError("Còn tổ chức trực thuộc đang hoạt động: hãy chuyển hoặc giải thể chúng trước.")
    members = Member.objects.current().filter(organisation=org).count()
    if members:
        raise ValidationError(
            f"Chi bộ còn {members} đảng viên đang sinh hoạt: hãy chuyển sinh hoạt cho họ trước."
        )
    changed = _apply(org, {"dissolved_on": on})
    org.version += 1
    org.save()
    audit(by, org, ChangeRecord.Action.UPDATE, changed, "Giải thể")
    return org


def check_tree() -> list[str]:
    """Invariant violations of the materialised path, as readable lines (empty when sound)."""
    problems = []
    by_pk = {o.pk: o for o in Organisation.objects.only("pk", "parent_id", "path", "depth", "kind")}
    for org in by_pk.values():
        parent = by_pk.get(org.parent_id)
        expected = f"{parent.path if parent else '/'}{org.pk}/"
        if org.path != expected:
            problems.append(f"#{org.pk}: path {org.path!r}, expected {expected!r}")
        expected_depth = parent.depth + 1 if parent else 0
        if org.depth != expected_depth:
            problems.append(f"#{org.pk}: depth {org.depth}, expected {expected_depth}")
        if parent and org.kind not in ALLOWED_CHILD_KINDS[parent.kind]:
            problems.append(f"#{org.pk}: kind {org.kind} under {parent.kind}")
        if parent is None and org.parent_id is not None:
            problems.append(f"#{org.pk}: parent {org.parent_id} does not exist")
    return problems


# Members ----------------------------------------------------------------------------------------


def _locked_branch(org: Organisation, field: str = "organisation") -> Organisation:
    """Re-read the chi bộ under a lock, so a dissolution committed meanwhile is seen."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    _check_branch(org, field)
    return org


def _check_branch(org: Organisation, field: str = "organisation") -> None:
    if org.kind not in MEMBER_HOLDING_KINDS:
        raise ValidationError({field: f"{org.name} không phải là chi bộ; đảng viên sinh hoạt ở chi bộ."})
    if not org.is_active:
        raise ValidationError({field: f"{org.name} đã giải thể ngày {org.dissolved_on:%d/%m/%Y}."})


def _check_current(member: Member) -> None:
    if not member.is_current:
        raise ValidationError(f"{member.full_name} không còn là đảng viên ({member.get_status_display().lower()}).")


def _event(member: Member, kind: str, on: date, by, description: str = "", org=None) -> MemberEvent:
    return MemberEvent.objects.create(
        member=member,
        kind=kind,
        on=on,
        organisation=org or member.organisation,
        description=description[:500],
        recorded_by=by,
    )


def _naming(full_name: str) -> dict:
    name = nfc(full_name)
    return {"full_name": name, "search_name": fold(name), "sort_key": name_sort_key(name)}


def _check_member_dates(fields: dict) -> None:
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


def _check_unique_ids(fields: dict, exclude_pk: int | None = None) -> None:
    for field, label in (("cccd", "Số CCCD"), ("card_number", "Số thẻ đảng viên")):
        value = fields.get(field)
        if value and Member.objects.filter(**{field: value}).exclude(pk=exclude_pk).exists():
            raise ValidationError({field: f"{label} {value} đã thuộc một đảng viên khác."})


@transaction.atomic
def admit_member(*, organisation: Organisation, by=None, **fields) -> Member:
    """Record a newly admitted (probationary) member of a chi bộ."""
    organisation = _locked_branch(organisation)
    _check_member_dates(fields)
    _check_unique_ids(fields)
    fields.pop("official_date", None)
    member = Member.objects.create(
        organisation=organisation,
        status=Member.Status.PROBATIONARY,
        **{**fields, **_naming(fields["full_name"])},
    )
    note = ""
    if fields.get("admission_decision_date") and rules.ceremony_needs_approval(
        fields["admission_decision_date"], fields["ceremony_date"]
    ):
        note = "Lễ kết nạp muộn hơn 30 ngày làm việc sau quyết định: cần ý kiến cấp ủy cấp trên."
    _event(member, MemberEvent.Kind.ADMITTED, fields["ceremony_date"], by, note)
    audit(by, member, ChangeRecord.Action.CREATE, summary="Kết nạp đảng viên")
    return member


@transaction.atomic
def register_member(*, organisation: Organisation, by=None, **fields) -> Member:
    """Enter an existing member's record (official or probationary) when a branch starts using the app."""
    organisation = _locked_branch(organisation)
    _check_member_dates(fields)
    _check_unique_ids(fields)
    status = Member.Status.OFFICIAL if fields.get("official_date") else Member.Status.PROBATIONARY
    member = Member.objects.create(
        organisation=organisation, status=status, **{**fields, **_naming(fields["full_name"])}
    )
    audit(by, member, ChangeRecord.Action.CREATE, summary="Nhập hồ sơ đảng viên")
    return member


@transaction.atomic
def update_member(*, member: Member, version: int, by=None, **fields) -> Member:
    member = _lock_fresh(Member, member.pk, version)
    merged = {f: getattr(member, f) for f in ("birth_date", "admission_decision_date", "ceremony_date", "official_date")}
    merged.update({k: v for k, v in fields.items() if k in merged})
    _check_member_dates(merged)
    _check_unique_ids(fields, exclude_pk=member.pk)
    if "full_name" in fields:
        fields.update(_naming(fields["full_name"]))
    changed = _apply(member, fields)
    changed.pop("search_name", None)
    changed.pop("sort_key", None)
    if changed:
        member.version += 1
        member.save()
        audit(by, member, ChangeRecord.Action.UPDATE, changed)
    return member


def _lock_member(member: Member) -> Member:
    return Member.objects.select_for_update().get(pk=member.pk)


def _save_state(member: Member, by, fields: dict, summary: str) -> None:
    changed = _apply(member, fields)
    member.version += 1
    member.save()
    audit(by, member, ChangeRecord.Action.UPDATE, changed, summary)


@transaction.atomic
def recognise_official(*, member: Member, decided_on: date, by=None) -> Member:
    """Công nhận chính thức. The official date is the end of the 12 months (V9), however late
    the decision came."""
    member = _lock_member(member)
    if member.status != Member.Status.PROBATIONARY:
        raise ValidationError(f"{member.full_name} không phải đảng viên dự bị.")
    end = rules.probation_end(member.ceremony_date)
    if decided_on < end:
        raise ValidationError(
            {"decided_on": f"Chưa đủ 12 tháng dự bị: sớm nhất được xét từ ngày {end:%d/%m/%Y}."}
        )
    _save_state(member, by, {"status": Member.Status.OFFICIAL, "official_date": end}, "Công nhận chính thức")
    _event(member, MemberEvent.Kind.RECOGNISED, end, by, f"Quyết định ngày {decided_on:%d/%m/%Y}")
    return member


@transaction.atomic
def exempt_member(*, member: Member, on: date, reason: str, by=None) -> Member:
    member = _lock_member(member)
    _check_current(member)
    if member.is_exempt:
        raise ValidationError(f"{member.full_name} đang được miễn công tác và sinh hoạt đảng.")
    _save_state(member, by, {"is_exempt": True}, "Miễn công tác và sinh hoạt đảng")
    _event(member, MemberEvent.Kind.EXEMPTED, on, by, reason)
    return member


@transaction.atomic
def end_exemption(*, member: Member, on: date, by=None) -> Member:
    member = _lock_member(member)
    if not member.is_exempt:
        raise ValidationError(f"{member.full_name} không được miễn sinh hoạt.")
    _save_state(member, by, {"is_exempt": False}, "Thôi miễn sinh hoạt")
    _event(member, MemberEvent.Kind.EXEMPTION_ENDED, on, by)
    return member


@transaction.atomic
def suspend_member(*, member: Member, on: date, reason: str, by=None) -> Member:
    member = _lock_member(member)
    _check_current(member)
    if member.is_suspended:
        raise ValidationError(f"{member.full_name} đang bị đình chỉ sinh hoạt.")
    _save_state(member, by, {"is_suspended": True}, "Đình chỉ sinh hoạt đảng")
    _event(member, MemberEvent.Kind.SUSPENDED, on, by, reason)
    return member


@transaction.atomic
def end_suspension(*, member: Member, on: date, by=None) -> Member:
    member = _lock_member(member)
    if not member.is_suspended:
        raise ValidationError(f"{member.full_name} không bị đình chỉ sinh hoạt.")
    _save_state(member, by, {"is_suspended": False}, "Hết đình chỉ sinh hoạt")
    _event(member, MemberEvent.Kind.SUSPENSION_ENDED, on, by)
    return member


@transaction.atomic
def request_transfer(
    *,
    member: Member,
    kind: str,
    to_organisation: Organisation,
    decided_on: date,
    ends_on: date | None = None,
    note: str = "",
    by=None,
) -> Transfer:
    """The sending chi bộ introduces the member; the receiving side confirms (confirm_transfer)."""
    member = _lock_member(member)
    _check_current(member)
    to_organisation = _locked_branch(to_organisation, "to_organisation")
    if to_organisation.pk == member.organisation_id:
        raise ValidationError({"to_organisation": "Nơi đến trùng với chi bộ hiện tại của đảng viên."})
    if kind == Transfer.Kind.TEMPORARY and ends_on and ends_on <= decided_on:
        raise ValidationError({"ends_on": "Ngày kết thúc sinh hoạt tạm thời phải sau ngày bắt đầu."})
    if member.transfers.filter(OPEN_TRANSFER).exists():
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
    event = (
        MemberEvent.Kind.TRANSFER_REQUESTED
        if kind == Transfer.Kind.OFFICIAL
        else MemberEvent.Kind.TEMPORARY_REQUESTED
    )
    _event(member, event, decided_on, by, f"Đến {to_organisation.name}. {note}".strip())
    audit(by, member, ChangeRecord.Action.UPDATE, summary=f"{transfer.get_kind_display()}: đến {to_organisation.name}")
    return transfer


@transaction.atomic
def confirm_transfer(*, transfer: Transfer, on: date, by=None) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != Transfer.Status.PENDING:
        raise ValidationError(f"Đề nghị này đã ở trạng thái “{transfer.get_status_display()}”.")
    if on < transfer.decided_on:
        raise ValidationError({"on": "Ngày tiếp nhận không thể trước ngày quyết định chuyển."})
    _locked_branch(transfer.to_organisation, "on")
    member = _lock_member(transfer.member)
    _check_current(member)
    transfer.status = Transfer.Status.CONFIRMED
    transfer.confirmed_by, transfer.confirmed_on = by, on
    if transfer.kind == Transfer.Kind.OFFICIAL:
        transfer.status = Transfer.Status.ENDED
        _save_state(
            member,
            by,
            {"organisation": transfer.to_organisation, "temporary_organisation": None},
            "Chuyển sinh hoạt chính thức",
        )
        _event(member, MemberEvent.Kind.TRANSFERRED, on, by,
               f"Từ {transfer.from_organisation.name} đến {transfer.to_organisation.name}",
               org=transfer.to_organisation)
    else:
        _save_state(member, by, {"temporary_organisation": transfer.to_organisation}, "Sinh hoạt tạm thời")
        _event(member, MemberEvent.Kind.TEMPORARY_STARTED, on, by, f"Tại {transfer.to_organisation.name}")
    transfer.save()
    return transfer


@transaction.atomic
def end_temporary(*, transfer: Transfer, on: date, by=None) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.kind != Transfer.Kind.TEMPORARY or transfer.status != Transfer.Status.CONFIRMED:
        raise ValidationError("Chỉ kết thúc được đợt sinh hoạt tạm thời đang diễn ra.")
    if on < (transfer.confirmed_on or transfer.decided_on):
        raise ValidationError({"on": "Ngày kết thúc không thể trước ngày bắt đầu sinh hoạt tạm thời."})
    member = _lock_member(transfer.member)
    transfer.status, transfer.ends_on = Transfer.Status.ENDED, on
    transfer.save()
    _save_state(member, by, {"temporary_organisation": None}, "Kết thúc sinh hoạt tạm thời")
    _event(member, MemberEvent.Kind.TEMPORARY_ENDED, on, by, f"Tại {transfer.to_organisation.name}")
    return transfer


@transaction.atomic
def cancel_transfer(*, transfer: Transfer, by=None) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != Transfer.Status.PENDING:
        raise ValidationError("Chỉ hủy được đề nghị đang chờ tiếp nhận.")
    transfer.status = Transfer.Status.CANCELLED
    transfer.save()
    _event(transfer.member, MemberEvent.Kind.TRANSFER_CANCELLED, date.today(), by,
           f"Đến {transfer.to_organisation.name}")
    return transfer


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
    by=None,
) -> Discipline:
    member = _lock_member(member)
    _check_current(member)
    label = Discipline.Form(form).label.lower()
    if member.status == Member.Status.PROBATIONARY and form not in Discipline.PROBATIONARY_FORMS:
        raise ValidationError(
            {"form": f"Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo, không thể {label} "
             "(Quy định 69-QĐ/TW, Điều 7)."}
        )
    if form == Discipline.Form.DISMISSAL and not member.positions.filter(
        ends_on__isnull=True, title__in=Position.PARTY_TITLES
    ).exists():
        raise ValidationError({"form": "Chỉ cách chức đảng viên đang giữ chức vụ trong Đảng."})
    if decided_on < member.ceremony_date:
        raise ValidationError({"decided_on": "Ngày quyết định kỷ luật không thể trước ngày vào Đảng."})
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
    _event(member, MemberEvent.Kind.DISCIPLINED, decided_on, by,
           f"{Discipline.Form(form).label}, quyết định số {decision_number} của {authority}")
    if form == Discipline.Form.EXPULSION:
        _leave(member, decided_on, by, "Khai trừ")
    elif form == Discipline.Form.DISMISSAL:
        for position in member.positions.filter(ends_on__isnull=True, title__in=Position.PARTY_TITLES):
            _end_position(position, decided_on, by)
    audit(by, member, ChangeRecord.Action.UPDATE, summary=f"Kỷ luật: {label}")
    return discipline


class LeaveReason:
    CHOICES = [("xin_ra", "Xin ra khỏi Đảng"), ("xoa_ten", "Xóa tên"), ("tu_tran", "Từ trần")]
    LABELS = dict(CHOICES)


def _leave(member: Member, on: date, by, label: str, died: bool = False) -> None:
    status = Member.Status.DECEASED if died else Member.Status.LEFT
    _save_state(
        member,
        by,
        {"status": status, "left_on": on, "is_exempt": False, "is_suspended": False, "temporary_organisation": None},
        label,
    )
    for position in member.positions.filter(ends_on__isnull=True):
        _end_position(position, on, by)
    member.transfers.filter(status=Transfer.Status.PENDING).update(status=Transfer.Status.CANCELLED)
    member.transfers.filter(status=Transfer.Status.CONFIRMED).update(status=Transfer.Status.ENDED, ends_on=on)
    _event(member, MemberEvent.Kind.DIED if died else MemberEvent.Kind.LEFT, on, by, label)


@transaction.atomic
def record_leaving(*, member: Member, reason: str, on: date, note: str = "", by=None) -> Member:
    """Xin ra, xóa tên or từ trần. Khai trừ goes through discipline_member."""
    member = _lock_member(member)
    _check_current(member)
    if reason not in LeaveReason.LABELS:
        raise ValidationError({"reason": "Lý do không hợp lệ."})
    if on < member.ceremony_date:
        raise ValidationError({"on": "Ngày này không thể trước ngày vào Đảng."})
    label = LeaveReason.LABELS[reason] + (f": {note}" if note else "")
    _leave(member, on, by, label, died=reason == "tu_tran")
    return member


def _end_position(position: Position, on: date, by) -> None:
    position.ends_on = max(on, position.starts_on)
    position.save(update_fields=["ends_on"])
    _event(position.member, MemberEvent.Kind.POSITION_ENDED, position.ends_on, by,
           f"{position.get_title_display()} — {position.organisation.name}", org=position.organisation)


@transaction.atomic
def add_position(*, member: Member, organisation: Organisation, title: str, starts_on: date, by=None) -> Position:
    member = _lock_member(member)
    _check_current(member)
    if not organisation.path.startswith(member.organisation.path) and not member.organisation.path.startswith(
        organisation.path
    ):
        raise ValidationError({"organisation": "Chức vụ phải thuộc chi bộ của đảng viên hoặc tổ chức cấp trên của chi bộ."})
    single_holder = title in (Position.Title.SECRETARY, Position.Title.DEPUTY_SECRETARY)
    if single_holder and Position.objects.filter(organisation=organisation, title=title, ends_on__isnull=True).exists():
        raise ValidationError({"title": f"{organisation.name} đã có {Position.Title(title).label.lower()} đương nhiệm."})
    position = Position.objects.create(member=member, organisation=organisation, title=title, starts_on=starts_on)
    _event(member, MemberEvent.Kind.POSITION_STARTED, starts_on, by,
           f"{position.get_title_display()} — {organisation.name}", org=organisation)
    audit(by, member, ChangeRecord.Action.UPDATE, summary=f"Nhận chức vụ {position.get_title_display()}")
    return position


@transaction.atomic
def end_position(*, position: Position, on: date, by=None) -> Position:
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.ends_on:
        raise ValidationError("Chức vụ này đã kết thúc.")
    if on < position.starts_on:
        raise ValidationError({"on": "Ngày thôi chức vụ không thể trước ngày nhận."})
    _end_position(position, on, by)
    audit(by, position.member, ChangeRecord.Action.UPDATE, summary=f"Thôi chức vụ {position.get_title_display()}")
    return position


# Roles ------------------------------------------------------------------------------------------


@transaction.atomic
def create_account(*, username: str, full_name: str, password: str, by=None):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"Tên đăng nhập “{username}” đã có."})
    user = User(username=username, first_name=nfc(full_name))
    user.set_password(password)
    user.save()
    audit(by, user, ChangeRecord.Action.CREATE, summary="Tạo tài khoản")
    return user


@transaction.atomic
def grant_role(*, user, organisation: Organisation, role: str, by=None) -> RoleAssignment:
    if RoleAssignment.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError(f"{user.username} đã có vai trò này tại {organisation.name}.")
    if role == RoleAssignment.Role.SECRETARY and organisation.kind not in MEMBER_HOLDING_KINDS:
        raise ValidationError({"role": "Vai trò bí thư chi bộ chỉ gán tại một chi bộ."})
    assignment = RoleAssignment.objects.create(user=user, organisation=organisation, role=role, granted_by=by)
    audit(by, assignment, ChangeRecord.Action.CREATE, summary=f"Cấp quyền {assignment.get_role_display()}")
    return assignment


@transaction.atomic
def revoke_role(*, assignment: RoleAssignment, by=None) -> None:
    audit(by, assignment, ChangeRecord.Action.DELETE, summary=f"Thu hồi quyền {assignment.get_role_display()}")
    assignment.delete()
