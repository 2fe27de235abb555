"""Saving the minutes: a draft, the one-step record and finalise, an amendment of a finalised record
with its reason, the level above's comment."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction

from branches.models import ChangeRecord, Organisation
from branches.policy import check
from branches.services import audit
from branches.text import nfc

from ..models import Meeting, Note
from .record import (
    Record,
    _attendance_changes,
    _changes,
    _check_submission,
    _fields_of,
    _lock,
    _save_checked,
    _validate,
    _write_children,
)
from .roster import roster
from .scoring import _apply_scores, automatic_scores, finalise_meeting

Action = ChangeRecord.Action


@transaction.atomic
def save_meeting(
    *,
    organisation: Organisation,
    record: Record,
    meeting: Meeting | None = None,
    version: int | None = None,
    submission: uuid.UUID | None = None,
    by,
) -> Meeting:
    """Create or update a draft record (a planned meeting becomes a draft when recorded).
    `submission` is the form's token: a form already saved once is refused, not saved again."""
    # The chi bộ's row is the lock every write to its meetings takes, so two submissions of the
    # same form queue here and the second sees the first.
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check(by, "meeting.record", organisation)
    if not organisation.is_branch or not organisation.is_active:
        raise ValidationError("Chỉ ghi biên bản cho chi bộ đang hoạt động.")
    _check_submission(submission)
    if meeting is not None:
        meeting = _lock(meeting, version)
        check(by, "meeting.record", meeting.organisation)  # the record's own chi bộ, whatever was passed
        if meeting.is_locked:
            raise ValidationError("Biên bản đã hoàn tất: muốn sửa phải nêu lý do (chức năng sửa biên bản).")
    entries = roster(organisation, record.kind)
    rows = _validate(organisation, record, entries, meeting)
    fields = record.meeting_fields()
    if meeting is None:
        meeting = Meeting(organisation=organisation, created_by=by)
    before = _fields_of(meeting) if meeting.pk else None
    before_attendance = dict(meeting.attendance.values_list("member_id", "status")) if meeting.pk else {}
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.status = Meeting.Status.DRAFT
    meeting.version += 1
    meeting.submission = submission or meeting.submission
    _save_checked(meeting)
    _write_children(meeting, record, rows, entries)
    changes = _changes(before or {}, meeting) | _attendance_changes(before_attendance, rows, entries)
    audit(by, meeting, Action.UPDATE if before else Action.CREATE, changes, "Ghi biên bản (bản nháp)")
    return meeting


@transaction.atomic
def amend_meeting(
    *, meeting: Meeting, version: int, record: Record, reason: str, submission: uuid.UUID | None = None, by
) -> Meeting:
    """Change a finalised record: only with a reason, kept as a visible note with what changed."""
    check(by, "meeting.record", meeting.organisation)
    if not reason.strip():
        raise ValidationError({"reason": "Sửa biên bản đã hoàn tất phải nêu lý do."})
    _check_submission(submission)
    meeting = _lock(meeting, version)
    if not meeting.is_locked:
        raise ValidationError("Biên bản chưa hoàn tất: hãy sửa trực tiếp bản nháp.")
    entries = roster(meeting.organisation, record.kind)
    rows = _validate(meeting.organisation, record, entries, meeting)
    before = {name: getattr(meeting, name) for name in Record.MEETING_FIELDS}
    before_audited = _fields_of(meeting)
    before_attendance = dict(meeting.attendance.values_list("member_id", "status"))
    for name, value in record.meeting_fields().items():
        setattr(meeting, name, value)
    changes = {
        name: [str(before[name]), str(getattr(meeting, name))]
        for name in Record.MEETING_FIELDS
        if before[name] != getattr(meeting, name)
    }
    changed_attendance = {
        str(m): [before_attendance.get(m), status]
        for m, (status, _) in rows.items()
        if before_attendance.get(m) != status
    }
    if changed_attendance:
        changes["attendance"] = changed_attendance
    _write_children(meeting, record, rows, entries)
    # Automatic criteria follow the new facts; the chi bộ's own scores stay as they were.
    manual = dict(meeting.scores.filter(criterion__auto="").values_list("criterion_id", "points"))
    points = automatic_scores(meeting, meeting.sheet)
    points.update({c: (p, "") for c, p in manual.items()})
    _apply_scores(meeting, meeting.sheet, points)
    meeting.version += 1
    meeting.submission = submission or meeting.submission
    _save_checked(meeting)
    Note.objects.create(
        meeting=meeting, kind=Note.Kind.AMENDMENT, text=nfc(reason), changes=changes, author=by
    )
    audit(
        by,
        meeting,
        Action.UPDATE,
        _changes(before_audited, meeting) | _attendance_changes(before_attendance, rows, entries),
        f"Sửa biên bản đã hoàn tất. Lý do: {nfc(reason)}",
    )
    return meeting


@transaction.atomic
def record_and_finalise(
    *,
    organisation: Organisation,
    record: Record,
    manual_scores: dict[int, int],
    meeting: Meeting | None = None,
    version: int | None = None,
    submission: uuid.UUID | None = None,
    by,
) -> Meeting:
    """The secretary's one-step path: save the record and finalise it, or neither (each step
    checks the policy)."""
    meeting = save_meeting(
        organisation=organisation,
        record=record,
        meeting=meeting,
        version=version,
        submission=submission,
        by=by,
    )
    return finalise_meeting(meeting=meeting, version=meeting.version, manual_scores=manual_scores, by=by)


@transaction.atomic
def comment_meeting(*, meeting: Meeting, text: str, by) -> Note:
    """The committee above writes its opinion on a record."""
    check(by, "meeting.review", meeting.organisation)
    if not text.strip():
        raise ValidationError({"text": "Hãy nhập nội dung ý kiến."})
    note = Note.objects.create(meeting=meeting, kind=Note.Kind.COMMENT, text=nfc(text), author=by)
    audit(by, meeting, Action.UPDATE, {"comment": ("", note.text)}, "Ý kiến về biên bản")
    return note
