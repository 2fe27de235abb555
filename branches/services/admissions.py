"""Many members entered at once: an import's new members, with the checks and records of
admit_member written in bulk statements, so that a province's first load (46,437 members) takes
seconds, not the hour one admission at a time would."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import ChangeRecord, Member, MemberEvent, Organisation
from ..policy import check
from .common import change_record, standing_changed_many
from .members import admission_note, check_branch, check_dates, naming

Event = MemberEvent.Kind
BATCH = 2000
# SQLite takes at most 32,766 values in one statement; a province's numbers are asked in slices.
IN_SLICE = 10_000


def _taken(field: str, values: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), IN_SLICE):
        chunk = values[start : start + IN_SLICE]
        found.update(Member.objects.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    return found


def _check_unique_ids(entries: list[tuple[Organisation, dict]]) -> None:
    for field, label in (("cccd", "Số CCCD"), ("card_number", "Số thẻ đảng viên")):
        values = [fields[field] for _, fields in entries if fields.get(field)]
        twice = sorted(value for value, n in Counter(values).items() if n > 1)
        taken = sorted(_taken(field, values))
        if twice or taken:
            raise ValidationError({field: f"{label} đã được dùng: {', '.join((twice or taken)[:5])}."})


@transaction.atomic
def admit_members(*, entries: list[tuple[Organisation, dict]], by) -> list[Member]:
    """Enter each (chi bộ, fields) as admit_member would: the policy asked for each chi bộ, the
    chi bộ locked and active, the dates checked, the CCCD and card numbers free; the admission
    (and recognition, exemption) events and one change record per member.

    No namesake check (admit_member's SamePerson): the caller has matched each entry against the
    members of its chi bộ with the same name and birth date already."""
    branches = {org.pk: org for org, _ in entries}
    for org in branches.values():
        check(by, "member.admit", org)
    locked = Organisation.objects.select_for_update().in_bulk(list(branches))
    for org in locked.values():
        check_branch(org)
    for _, fields in entries:
        check_dates(fields)
    _check_unique_ids(entries)
    members = []
    for org, fields in entries:
        status = Member.Status.OFFICIAL if fields.get("official_date") else Member.Status.PROBATIONARY
        members.append(
            Member(organisation=locked[org.pk], status=status, **{**fields, **naming(fields["full_name"])})
        )
    try:
        with transaction.atomic():
            Member.objects.bulk_create(members, batch_size=BATCH)
    except IntegrityError:  # a number saved a moment ago by someone else
        raise ValidationError("Số CCCD hoặc số thẻ đảng viên vừa được lưu cho một đảng viên khác.") from None
    today = timezone.localdate()
    events = []
    for member, (_, fields) in zip(members, entries, strict=True):
        facts = [(Event.ADMITTED, member.ceremony_date, admission_note(fields))]
        if member.official_date:
            facts.append((Event.RECOGNISED, member.official_date, ""))
        if member.is_exempt:
            facts.append((Event.EXEMPTED, today, "Theo tệp nhập dữ liệu."))
        events += [
            MemberEvent(
                member=member,
                kind=kind,
                on=on,
                organisation=member.organisation,
                description=note,
                recorded_by=by,
            )
            for kind, on, note in facts
        ]
    MemberEvent.objects.bulk_create(events, batch_size=BATCH)
    ChangeRecord.objects.bulk_create(
        [change_record(by, m, ChangeRecord.Action.CREATE, summary="Nhập hồ sơ đảng viên") for m in members],
        batch_size=BATCH,
    )
    standing_changed_many(members, today, by)
    return members
