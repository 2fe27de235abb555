"""Many members entered at once: an import's new members, with the checks and records of
admit_member written in bulk statements, so that a province's first load (46,437 members) takes
seconds, not the hour one admission at a time would."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..bulk import insert_columns, insert_with_ids, json_column
from ..models import ChangeRecord, Member, MemberEvent, Organisation
from ..policy import check
from ..text import nfc
from .common import standing_changed_many
from .members import UNIQUE_IDS, admission_note, check_branch, check_dates, naming

Event = MemberEvent.Kind
EVENT_COLUMNS = ("member_id", "kind", "on", "organisation_id", "description", "recorded_by_id", "recorded_at")
RECORD_COLUMNS = (
    "actor_id",
    "at",
    "model",
    "object_id",
    "object_repr",
    "scope_path",
    "member_id",
    "action",
    "summary",
    "changes",
)
CREATE, SUMMARY = ChangeRecord.Action.CREATE, "Nhập hồ sơ đảng viên"  # as admit_member's record
# SQLite takes at most 32,766 values in one statement; a province's numbers are asked in slices.
IN_SLICE = 10_000


def _taken(field: str, values: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), IN_SLICE):
        chunk = values[start : start + IN_SLICE]
        found.update(Member.objects.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    return found


def _check_unique_ids(entries: list[tuple[Organisation, dict]]) -> None:
    for field, label in UNIQUE_IDS:
        values = [fields[field] for _, fields in entries if fields.get(field)]
        twice = sorted(value for value, n in Counter(values).items() if n > 1)
        taken = sorted(_taken(field, values))
        if twice or taken:
            raise ValidationError({field: f"{label} đã được dùng: {', '.join((twice or taken)[:5])}."})


def _member_rows(entries: list[tuple[Organisation, dict]], locked: dict[int, Organisation], now) -> tuple:
    """Every concrete field of each new member, as admit_member's create() would fill it."""
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    columns = [f.attname for f in fields]
    rows = []
    for org, given in entries:
        status = Member.Status.OFFICIAL if given.get("official_date") else Member.Status.PROBATIONARY
        values = {
            **defaults,
            **given,
            **naming(given["full_name"]),
            "organisation_id": locked[org.pk].pk,
            "status": status,
            "created_at": now,
        }
        rows.append(tuple(values[c] for c in columns))
    return columns, rows


@transaction.atomic
def admit_members(*, entries: list[tuple[Organisation, dict]], by) -> list[int]:
    """Enter each (chi bộ, fields) as admit_member would: the policy asked for each chi bộ, the
    chi bộ locked and active, the dates checked, the CCCD and card numbers free; the admission
    (and recognition, exemption) events and one change record per member, written as rows in
    bulk statements (branches.bulk), not one save() each. The new members' ids, in order.

    No namesake check (admit_member's SamePerson): the caller has matched each entry against the
    members of its chi bộ with the same name and birth date already."""
    if not entries:
        return []
    branches = {org.pk: org for org, _ in entries}
    for org in branches.values():
        check(by, "member.admit", org)
    locked = Organisation.objects.select_for_update().in_bulk(list(branches))
    for org in locked.values():
        check_branch(org)
    for _, fields in entries:
        check_dates(fields)
    _check_unique_ids(entries)
    now, today = timezone.now(), timezone.localdate()
    columns, rows = _member_rows(entries, locked, now)
    try:
        with transaction.atomic():
            ids = insert_with_ids(Member, columns, rows)
    except IntegrityError:  # a number saved a moment ago by someone else
        raise ValidationError("Số CCCD hoặc số thẻ đảng viên vừa được lưu cho một đảng viên khác.") from None
    del rows
    events, records = [], []
    actor = by.pk if by is not None else None
    nothing = json_column({})
    for pk, (org, fields) in zip(ids, entries, strict=True):
        branch = locked[org.pk]
        facts = [(Event.ADMITTED, fields["ceremony_date"], admission_note(fields))]
        if fields.get("official_date"):
            facts.append((Event.RECOGNISED, fields["official_date"], ""))
        if fields.get("is_exempt"):
            facts.append((Event.EXEMPTED, today, "Theo tệp nhập dữ liệu."))
        events += [(pk, kind, on, branch.pk, note, actor, now) for kind, on, note in facts]
        label = Member.label_of(nfc(fields["full_name"]), fields["birth_date"])
        records.append((actor, now, "member", pk, label[:200], branch.path, pk, CREATE, SUMMARY, nothing))
    insert_columns(MemberEvent, EVENT_COLUMNS, events)
    insert_columns(ChangeRecord, RECORD_COLUMNS, records)
    standing_changed_many(ids, {org.province_id for org in locked.values()}, today, by)
    return ids
