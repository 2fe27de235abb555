"""What a secretary records (`Record`), its validation against the roster, and the writes and change
records every path that saves a meeting shares."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from branches.models import Member, Organisation
from branches.services import STALE_MESSAGE
from branches.text import nfc, nfc_lines

from .. import rules
from ..models import (
    Attendance,
    Guest,
    Meeting,
    Speech,
    Task,
)
from .roster import RosterEntry

Status = Attendance.Status


MAX_HOURS = 8  # a sitting longer than this is a typing mistake, not a meeting


REASON_NEEDED = "Đồng chí {name} vắng có lý do: hãy ghi lý do."


@dataclass
class Record:
    """What a secretary enters for a meeting; attendance maps member id → (status, reason)."""

    kind: str
    started_at: datetime
    ended_at: datetime
    place: str = ""
    online: bool = False
    chair_id: int | None = None
    recorder_id: int | None = None
    agenda: str = ""
    topic: str = ""
    presenter_id: int | None = None
    commendations: str = ""
    reminders: str = ""
    conclusion: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    dues_reported: bool = False
    materials_posted_on: object = None
    attendance: dict[int, tuple[str, str]] | None = None
    guests: list[dict] | None = None
    speeches: list[dict] | None = None
    tasks: list[dict] | None = None
    follow_ups: dict[int, str] | None = None  # earlier meetings' task id → new status

    MEETING_FIELDS = (
        "kind",
        "started_at",
        "ended_at",
        "place",
        "online",
        "chair_id",
        "recorder_id",
        "agenda",
        "topic",
        "presenter_id",
        "commendations",
        "reminders",
        "conclusion",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "dues_reported",
        "materials_posted_on",
    )

    def meeting_fields(self) -> dict:
        values = {name: getattr(self, name) for name in self.MEETING_FIELDS}
        for name in ("place", "topic"):
            values[name] = nfc(values[name])
        for name in ("agenda", "commendations", "reminders", "conclusion"):
            values[name] = nfc_lines(values[name])
        local = timezone.localtime(self.started_at)
        return {**values, "year": local.year, "month": local.month, "day": local.date()}


def _validate(org: Organisation, record: Record, entries: list[RosterEntry], meeting: Meeting | None) -> dict:
    """Check a record against the rules; return the attendance rows to write (member id → status, reason)."""
    if record.ended_at <= record.started_at:
        raise ValidationError({"ended_at": "Giờ kết thúc phải sau giờ bắt đầu."})
    if record.ended_at - record.started_at > timedelta(hours=MAX_HOURS):
        raise ValidationError(
            {"ended_at": f"Buổi sinh hoạt dài hơn {MAX_HOURS} giờ: kiểm tra lại giờ bắt đầu, kết thúc."}
        )
    if record.started_at > timezone.now():
        raise ValidationError(
            {"started_at": "Buổi sinh hoạt chưa diễn ra: hãy lập kế hoạch thay vì ghi biên bản."}
        )
    if record.online and not org.online_pilot:
        raise ValidationError(
            {"online": f"{org.name} không thuộc diện thí điểm sinh hoạt trực tuyến (Hướng dẫn 03-HD/TW)."}
        )
    if record.kind in Meeting.THEMATIC_KINDS and not record.topic.strip():
        raise ValidationError({"topic": "Sinh hoạt chuyên đề phải có tên chuyên đề."})
    if (
        record.materials_posted_on
        and record.materials_posted_on > timezone.localtime(record.started_at).date()
    ):
        raise ValidationError({"materials_posted_on": "Ngày đăng tài liệu không thể sau ngày họp."})

    by_id = {e.member.pk: e for e in entries}
    rows: dict[int, tuple[str, str]] = {}
    for member_id, (status, reason) in (record.attendance or {}).items():
        if member_id not in by_id:
            raise ValidationError("Có người trong danh sách điểm danh không thuộc chi bộ này.")
        if status not in Attendance.COUNTED:
            raise ValidationError("Tình trạng dự họp không hợp lệ.")
        rows[member_id] = (status, nfc(reason).strip() if status == Status.EXCUSED else "")
    for entry in entries:
        if not entry.counted:
            rows[entry.member.pk] = (Status.NOT_COUNTED, entry.reason)
        else:
            rows.setdefault(entry.member.pk, (Status.PRESENT, ""))
    for member_id, (status, reason) in rows.items():
        if status == Status.EXCUSED and not reason:
            raise ValidationError(REASON_NEEDED.format(name=by_id[member_id].member.full_name))

    present = {m for m, (status, _) in rows.items() if status == Status.PRESENT}
    for field, label in (("chair_id", "Người chủ trì"), ("recorder_id", "Thư ký")):
        member_id = getattr(record, field)
        if member_id is None:
            continue
        if member_id not in by_id or not by_id[member_id].counted:
            raise ValidationError(
                {field.removesuffix("_id"): f"{label} phải là đảng viên sinh hoạt tại chi bộ."}
            )
        if member_id not in present:
            raise ValidationError({field.removesuffix("_id"): f"{label} được ghi là vắng mặt."})
    if record.presenter_id is not None and record.presenter_id not in present:
        raise ValidationError({"presenter": "Người trình bày chuyên đề phải là đảng viên có mặt."})

    # Counted from this record's attendance, never from what an earlier save said.
    entitled = sum(1 for m, (status, _) in rows.items() if rules.may_vote(status, by_id[m].probationary))
    votes = [v for v in (record.votes_for, record.votes_against, record.votes_abstain) if v is not None]
    if sum(votes) > entitled:
        raise ValidationError(
            {
                "votes_for": (
                    f"Tổng số phiếu ({sum(votes)}) vượt số đảng viên chính thức có mặt được biểu quyết ({entitled}): "
                    "đảng viên vắng mặt và đảng viên dự bị không biểu quyết."
                )
            }
        )

    if message := _clash(org, record.kind, timezone.localtime(record.started_at).date(), meeting):
        raise ValidationError({"started_at": message})
    for task in record.tasks or []:
        if task["member_id"] not in present and task["member_id"] not in by_id:
            raise ValidationError("Nhiệm vụ chỉ giao cho đảng viên của chi bộ.")
    return rows


def _clash(org: Organisation, kind: str, day: date, meeting: Meeting | None) -> str:
    """Why a sitting of `kind` on `day` cannot be added to the chi bộ's records, or ""."""
    others = Meeting.objects.filter(organisation=org).exclude(pk=getattr(meeting, "pk", None))
    if kind in Meeting.MONTHLY_KINDS and others.monthly().filter(year=day.year, month=day.month).exists():
        return f"Chi bộ đã có biên bản sinh hoạt thường kỳ tháng {day.month}/{day.year}."
    if kind in Meeting.ONE_A_DAY_KINDS and others.filter(kind=kind, day=day).exists():
        return f"Chi bộ đã có buổi {Meeting.Kind(kind).label.lower()} ngày {day:%d/%m/%Y}."
    return ""


RESUBMITTED = "Biểu mẫu này đã được lưu ở lần gửi trước; không lưu thêm lần nữa."


def _check_submission(submission: uuid.UUID | None) -> None:
    if submission is not None and Meeting.objects.filter(submission=submission).exists():
        raise ValidationError(RESUBMITTED, code="resubmitted")


def _write_children(meeting: Meeting, record: Record, rows: dict, entries: list[RosterEntry]) -> None:
    by_id = {e.member.pk: e for e in entries}
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member_id=member_id,
            status=status,
            reason=reason,
            probationary=by_id[member_id].probationary,
            hosted=by_id[member_id].hosted,
        )
        for member_id, (status, reason) in rows.items()
    )
    if record.guests is not None:
        meeting.guests.all().delete()
        Guest.objects.bulk_create(Guest(meeting=meeting, **g) for g in record.guests)
    if record.speeches is not None:
        meeting.speeches.all().delete()
        Speech.objects.bulk_create(
            Speech(meeting=meeting, order=i, **s) for i, s in enumerate(record.speeches)
        )
    if record.tasks is not None:
        meeting.tasks.all().delete()
        Task.objects.bulk_create(Task(meeting=meeting, **t) for t in record.tasks)
    for task_id, status in (record.follow_ups or {}).items():
        Task.objects.filter(pk=task_id, meeting__organisation=meeting.organisation).exclude(
            meeting=meeting
        ).update(status=status, followed_up_in=meeting)


def _lock(meeting: Meeting, version: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("organisation").get(pk=meeting.pk)
    if meeting.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    return meeting


AUDITED = (*Record.MEETING_FIELDS, "status", "score", "level")


def _fields_of(meeting: Meeting) -> dict:
    return {name: getattr(meeting, name) for name in AUDITED}


def _changes(before: dict, meeting: Meeting) -> dict:
    """{field: (before, after)} of the meeting's own fields that changed; with no `before` (a new
    record) every field that has a value."""
    after = _fields_of(meeting)
    changed = {
        name: (before.get(name), value)
        for name, value in after.items()
        if (before.get(name) != value if before else value not in (None, "", False))
    }
    people = {pk for name, pair in changed.items() if name.endswith("_id") for pk in pair if pk}
    names = dict(Member.objects.filter(pk__in=people).values_list("pk", "full_name")) if people else {}
    return {
        name.removesuffix("_id"): tuple(names.get(v, v) for v in pair) if name.endswith("_id") else pair
        for name, pair in changed.items()
    }


def _attendance_changes(before: dict[int, str], rows: dict, entries: list[RosterEntry]) -> dict:
    """Who is recorded otherwise than before, by name: {"attendance": (was, now)} or nothing."""
    names = {e.member.pk: e.member.full_name for e in entries}
    changed = [
        (names.get(m, str(m)), before.get(m), status)
        for m, (status, _) in rows.items()
        if before.get(m) != status
    ]
    if not before or not changed:
        return {}

    def shown(status):
        return Attendance.Status(status).label.lower() if status else "chưa ghi"

    return {
        "attendance": (
            "; ".join(f"{n}: {shown(old)}" for n, old, _ in changed),
            "; ".join(f"{n}: {shown(new)}" for n, _, new in changed),
        )
    }


def _save_checked(meeting: Meeting) -> None:
    """Save; a unique constraint hit (a write that did not take the chi bộ's lock) is refused
    with the reason, as the checks before would have said it."""
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        _check_submission(meeting.submission)
        day = meeting.day
        message = _clash(meeting.organisation, meeting.kind, day, meeting) if day else ""
        raise ValidationError(
            {"started_at": message or "Chi bộ đã có buổi sinh hoạt này trong sổ."}
        ) from None
