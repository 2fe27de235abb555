"""Every write to meetings: record, finalise, amend, comment, plan. Each checks its rules, writes in
one transaction and refuses with a Vietnamese message, leaving the database as it was."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from branches import uploads
from branches.models import ChangeRecord, Member, Organisation, Position
from branches.policy import check
from branches.services import STALE_MESSAGE, audit
from branches.text import nfc, nfc_lines

from . import rules
from .models import (
    Attachment,
    Attendance,
    Guest,
    Meeting,
    Note,
    Score,
    ScoreCriterion,
    ScoreSheet,
    Speech,
    Task,
)

MAX_HOURS = 8  # a sitting longer than this is a typing mistake, not a meeting
REASON_NEEDED = "Đồng chí {name} vắng có lý do: hãy ghi lý do."
Status = Attendance.Status
Action = ChangeRecord.Action


@dataclass(frozen=True)
class RosterEntry:
    member: Member
    counted: bool
    reason: str  # why a member is not counted
    hosted: bool

    @property
    def probationary(self) -> bool:
        return self.member.status == Member.Status.PROBATIONARY


COMMITTEE_TITLES = (Position.Title.SECRETARY, Position.Title.DEPUTY_SECRETARY, Position.Title.COMMITTEE_MEMBER)


def roster(org: Organisation, kind: str = Meeting.Kind.REGULAR) -> list[RosterEntry]:
    """Who is expected at the meeting, in name order: the chi bộ, or for a chi ủy meeting its
    committee. Exempt, suspended and away members are listed apart and outside the denominator;
    members hosted from elsewhere are in it."""
    members = (
        Member.objects.current()
        .filter(Q(organisation=org) | Q(temporary_organisation=org))
        .select_related("temporary_organisation")
        .in_name_order()
    )
    if kind == Meeting.Kind.COMMITTEE:
        members = members.filter(
            positions__organisation=org, positions__title__in=COMMITTEE_TITLES, positions__ends_on__isnull=True
        ).distinct()
    entries = []
    for m in members:
        hosted = m.temporary_organisation_id == org.pk
        reason = ""
        if m.is_exempt:
            reason = "Miễn công tác và sinh hoạt đảng"
        elif m.is_suspended:
            reason = "Đình chỉ sinh hoạt đảng"
        elif m.temporary_organisation_id and not hosted:
            reason = f"Sinh hoạt tạm thời tại {m.temporary_organisation.name}"
        entries.append(RosterEntry(member=m, counted=not reason, reason=reason, hosted=hosted))
    return entries


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
        "kind", "started_at", "ended_at", "place", "online", "chair_id", "recorder_id", "agenda", "topic",
        "presenter_id", "commendations", "reminders", "conclusion", "votes_for", "votes_against",
        "votes_abstain", "dues_reported", "materials_posted_on",
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
        raise ValidationError({"ended_at": f"Buổi sinh hoạt dài hơn {MAX_HOURS} giờ: kiểm tra lại giờ bắt đầu, kết thúc."})
    if record.started_at > timezone.now():
        raise ValidationError({"started_at": "Buổi sinh hoạt chưa diễn ra: hãy lập kế hoạch thay vì ghi biên bản."})
    if record.online and not org.online_pilot:
        raise ValidationError(
            {"online": f"{org.name} không thuộc diện thí điểm sinh hoạt trực tuyến (Hướng dẫn 03-HD/TW)."}
        )
    if record.kind in Meeting.THEMATIC_KINDS and not record.topic.strip():
        raise ValidationError({"topic": "Sinh hoạt chuyên đề phải có tên chuyên đề."})
    if record.materials_posted_on and record.materials_posted_on > timezone.localtime(record.started_at).date():
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
            raise ValidationError({field.removesuffix("_id"): f"{label} phải là đảng viên sinh hoạt tại chi bộ."})
        if member_id not in present:
            raise ValidationError({field.removesuffix("_id"): f"{label} được ghi là vắng mặt."})
    if record.presenter_id is not None and record.presenter_id not in present:
        raise ValidationError({"presenter": "Người trình bày chuyên đề phải là đảng viên có mặt."})

    # Counted from this record's attendance, never from what an earlier save said.
    entitled = sum(1 for m, (status, _) in rows.items() if rules.may_vote(status, by_id[m].probationary))
    votes = [v for v in (record.votes_for, record.votes_against, record.votes_abstain) if v is not None]
    if sum(votes) > entitled:
        raise ValidationError({"votes_for": (
            f"Tổng số phiếu ({sum(votes)}) vượt số đảng viên chính thức có mặt được biểu quyết ({entitled}): "
            "đảng viên vắng mặt và đảng viên dự bị không biểu quyết."
        )})

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
            meeting=meeting, member_id=member_id, status=status, reason=reason,
            probationary=by_id[member_id].probationary, hosted=by_id[member_id].hosted,
        )
        for member_id, (status, reason) in rows.items()
    )
    if record.guests is not None:
        meeting.guests.all().delete()
        Guest.objects.bulk_create(Guest(meeting=meeting, **g) for g in record.guests)
    if record.speeches is not None:
        meeting.speeches.all().delete()
        Speech.objects.bulk_create(Speech(meeting=meeting, order=i, **s) for i, s in enumerate(record.speeches))
    if record.tasks is not None:
        meeting.tasks.all().delete()
        Task.objects.bulk_create(Task(meeting=meeting, **t) for t in record.tasks)
    for task_id, status in (record.follow_ups or {}).items():
        Task.objects.filter(pk=task_id, meeting__organisation=meeting.organisation).exclude(meeting=meeting).update(
            status=status, followed_up_in=meeting
        )


def _lock(meeting: Meeting, version: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("organisation").get(pk=meeting.pk)
    if meeting.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    return meeting


@transaction.atomic
def save_meeting(*, organisation: Organisation, record: Record, meeting: Meeting | None = None,
                 version: int | None = None, submission: uuid.UUID | None = None, by) -> Meeting:
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


AUDITED = (*Record.MEETING_FIELDS, "status", "score", "level")


def _fields_of(meeting: Meeting) -> dict:
    return {name: getattr(meeting, name) for name in AUDITED}


def _changes(before: dict, meeting: Meeting) -> dict:
    """{field: (before, after)} of the meeting's own fields that changed; with no `before` (a new
    record) every field that has a value."""
    after = _fields_of(meeting)
    changed = {name: (before.get(name), value) for name, value in after.items()
               if (before.get(name) != value if before else value not in (None, "", False))}
    people = {pk for name, pair in changed.items() if name.endswith("_id") for pk in pair if pk}
    names = dict(Member.objects.filter(pk__in=people).values_list("pk", "full_name")) if people else {}
    return {name.removesuffix("_id"): tuple(names.get(v, v) for v in pair) if name.endswith("_id") else pair
            for name, pair in changed.items()}


def _attendance_changes(before: dict[int, str], rows: dict, entries: list[RosterEntry]) -> dict:
    """Who is recorded otherwise than before, by name: {"attendance": (was, now)} or nothing."""
    names = {e.member.pk: e.member.full_name for e in entries}
    changed = [(names.get(m, str(m)), before.get(m), status) for m, (status, _) in rows.items() if before.get(m) != status]
    if not before or not changed:
        return {}

    def shown(status):
        return Attendance.Status(status).label.lower() if status else "chưa ghi"

    return {"attendance": ("; ".join(f"{n}: {shown(old)}" for n, old, _ in changed),
                           "; ".join(f"{n}: {shown(new)}" for n, _, new in changed))}


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
        raise ValidationError({"started_at": message or "Chi bộ đã có buổi sinh hoạt này trong sổ."}) from None


# Quality scoring ----------------------------------------------------------------------------------


def sheet_for(org: Organisation, year: int, kind: str) -> ScoreSheet:
    """The province's own sheet for that year if it has one, else the national default."""
    applies = ScoreSheet.Applies.THEMATIC if kind == Meeting.Kind.THEMATIC else ScoreSheet.Applies.REGULAR
    sheet = ScoreSheet.objects.one_in_force(org.province_id, year, applies)
    if sheet is None:
        raise ValidationError("Chưa có phiếu chấm điểm chất lượng sinh hoạt cho năm này.")
    return sheet


STREAK_MONTHS = 12  # how far back a run of absences is followed, as the watch list does


def _absence_streaks(meeting: Meeting, absent_ids: list[int]) -> dict[int, int]:
    """For each absent member, the run of consecutive absences in the monthly meetings that ends
    with this meeting (HD 12: more than 3 breaks the attendance criterion). The run crosses the
    turn of the year: December then January is two in a row."""
    if not absent_ids or meeting.kind not in Meeting.MONTHLY_KINDS:
        return dict.fromkeys(absent_ids, 1)
    first_year, first_month = divmod(meeting.year * 12 + meeting.month - 1 - STREAK_MONTHS, 12)
    earlier = (
        Attendance.objects.filter(
            Q(meeting__year=meeting.year, meeting__month__lt=meeting.month)
            | Q(meeting__year__lt=meeting.year, meeting__year__gt=first_year)
            | Q(meeting__year=first_year, meeting__month__gte=first_month + 1),
            member_id__in=absent_ids,
            meeting__organisation=meeting.organisation,
            meeting__kind__in=Meeting.MONTHLY_KINDS,
            meeting__status=Meeting.Status.FINALISED,
        )
        .order_by("meeting__year", "meeting__month")
        .values_list("member_id", "status")
    )
    history: dict[int, list[bool]] = {m: [] for m in absent_ids}
    for member_id, status in earlier:
        history[member_id].append(status in Attendance.ABSENT)
    return {m: rules.longest_absence_streak([*h, True]) for m, h in history.items()}


def automatic_scores(meeting: Meeting, sheet: ScoreSheet) -> dict[int, tuple[int, str]]:
    """Criteria the records decide: criterion id → (points, explanation)."""
    counts = {s: 0 for s in Attendance.Status.values}
    absent = []
    for member_id, status in meeting.attendance.values_list("member_id", "status"):
        counts[status] += 1
        if status in Attendance.ABSENT:
            absent.append(member_id)
    streak = max(_absence_streaks(meeting, absent).values(), default=0)
    attendance = rules.attendance_criterion(counts[Status.PRESENT], counts[Status.EXCUSED], counts[Status.UNEXCUSED], streak)
    duration = rules.duration_criterion(meeting.kind == Meeting.Kind.COMBINED, meeting.duration_minutes)
    verdicts = {ScoreCriterion.Auto.ATTENDANCE: attendance, ScoreCriterion.Auto.DURATION: duration}
    return {
        c.pk: (c.max_points if verdicts[c.auto].met else 0, verdicts[c.auto].reason)
        for c in sheet.criteria.all()
        if c.auto
    }


def _apply_scores(meeting: Meeting, sheet: ScoreSheet, points: dict[int, tuple[int, str]]) -> None:
    criteria = list(sheet.criteria.all())
    for c in criteria:
        value = points[c.pk][0]
        if not 0 <= value <= c.max_points:
            raise ValidationError(f"Tiêu chí “{c.label}”: điểm phải từ 0 đến {c.max_points}.")
    meeting.scores.all().delete()
    Score.objects.bulk_create(
        Score(meeting=meeting, criterion=c, points=points[c.pk][0], explanation=points[c.pk][1][:300]) for c in criteria
    )
    total = sum(points[c.pk][0] for c in criteria)
    at_max = all(points[c.pk][0] == c.max_points for c in criteria if c.required_for_good)
    thresholds = rules.Thresholds(sheet.good_min, sheet.fair_min, sheet.average_min)
    meeting.sheet, meeting.score, meeting.level = sheet, total, rules.quality_level(total, thresholds, at_max)


@transaction.atomic
def finalise_meeting(*, meeting: Meeting, version: int, manual_scores: dict[int, int], by) -> Meeting:
    """Chair and recorder confirmed: score the meeting and lock the record."""
    meeting = _lock(meeting, version)
    check(by, "meeting.record", meeting.organisation)
    if meeting.is_locked:
        raise ValidationError("Biên bản đã hoàn tất.")
    missing = {field.removesuffix("_id"): label for field, label in (
        ("chair_id", "người chủ trì"), ("recorder_id", "thư ký"), ("started_at", "giờ bắt đầu"), ("ended_at", "giờ kết thúc"),
    ) if getattr(meeting, field) is None}
    if not meeting.conclusion.strip():
        missing["conclusion"] = "kết luận"
    if missing:
        # One error per field, so the page can point at each.
        raise ValidationError({field: f"Chưa thể hoàn tất biên bản: còn thiếu {label}." for field, label in missing.items()})
    sheet = sheet_for(meeting.organisation, meeting.year, meeting.kind)
    points = automatic_scores(meeting, sheet)
    for c in sheet.criteria.all():
        if not c.auto:
            if c.pk not in manual_scores:
                raise ValidationError(f"Chưa chấm tiêu chí “{c.label}”.")
            points[c.pk] = (manual_scores[c.pk], "")
    before = _fields_of(meeting)
    _apply_scores(meeting, sheet, points)
    meeting.status = Meeting.Status.FINALISED
    meeting.finalised_at, meeting.finalised_by = timezone.now(), by
    meeting.version += 1
    meeting.save()
    audit(by, meeting, Action.UPDATE, _changes(before, meeting), "Hoàn tất biên bản")
    return meeting


@transaction.atomic
def amend_meeting(*, meeting: Meeting, version: int, record: Record, reason: str,
                  submission: uuid.UUID | None = None, by) -> Meeting:
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
    changes = {name: [str(before[name]), str(getattr(meeting, name))] for name in Record.MEETING_FIELDS
               if before[name] != getattr(meeting, name)}
    changed_attendance = {str(m): [before_attendance.get(m), status] for m, (status, _) in rows.items()
                          if before_attendance.get(m) != status}
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
    Note.objects.create(meeting=meeting, kind=Note.Kind.AMENDMENT, text=nfc(reason), changes=changes, author=by)
    audit(by, meeting, Action.UPDATE, _changes(before_audited, meeting) | _attendance_changes(before_attendance, rows, entries),
          f"Sửa biên bản đã hoàn tất. Lý do: {nfc(reason)}")
    return meeting


@transaction.atomic
def comment_meeting(*, meeting: Meeting, text: str, by) -> Note:
    """The committee above writes its opinion on a record."""
    check(by, "meeting.review", meeting.organisation)
    if not text.strip():
        raise ValidationError({"text": "Hãy nhập nội dung ý kiến."})
    note = Note.objects.create(meeting=meeting, kind=Note.Kind.COMMENT, text=nfc(text), author=by)
    audit(by, meeting, Action.UPDATE, {"comment": ("", note.text)}, "Ý kiến về biên bản")
    return note


@transaction.atomic
def adjust_score(*, meeting: Meeting, version: int, criterion: ScoreCriterion, points: int, reason: str, by) -> Meeting:
    """A reviewer above corrects one criterion of a finalised meeting, with a reason."""
    check(by, "meeting.review", meeting.organisation)
    if not reason.strip():
        raise ValidationError({"reason": "Điều chỉnh điểm phải nêu lý do."})
    meeting = _lock(meeting, version)
    if not meeting.is_locked:
        raise ValidationError("Chỉ điều chỉnh điểm của biên bản đã hoàn tất.")
    current = {s.criterion_id: (s.points, s.explanation) for s in meeting.scores.all()}
    if criterion.pk not in current:
        raise ValidationError({"criterion": "Tiêu chí không thuộc phiếu chấm của buổi sinh hoạt này."})
    old = current[criterion.pk][0]
    current[criterion.pk] = (points, f"Điều chỉnh: {nfc(reason)}")
    old_level = meeting.get_level_display()
    _apply_scores(meeting, meeting.sheet, current)
    meeting.version += 1
    meeting.save()
    Note.objects.create(
        meeting=meeting, kind=Note.Kind.ADJUSTMENT, text=nfc(reason), author=by,
        changes={"criterion": criterion.label, "points": [old, points], "level": [old_level, meeting.get_level_display()]},
    )
    levels = {"level": (old_level, meeting.get_level_display())} if old_level != meeting.get_level_display() else {}
    audit(by, meeting, Action.UPDATE, {criterion.label: (old, points), **levels}, f"Điều chỉnh điểm. Lý do: {nfc(reason)}")
    return meeting


@transaction.atomic
def plan_meeting(*, organisation: Organisation, kind: str, planned_start: datetime, topic: str = "", by) -> Meeting:
    """Set next month's date and topic in advance (a Hà Nội practice: by the 20th)."""
    check(by, "meeting.record", organisation)
    if planned_start <= timezone.now():
        raise ValidationError({"planned_start": "Ngày dự kiến phải ở tương lai."})
    if kind in Meeting.THEMATIC_KINDS and not topic.strip():
        raise ValidationError({"topic": "Hãy ghi tên chuyên đề dự kiến."})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    local = timezone.localtime(planned_start)
    if kind in Meeting.MONTHLY_KINDS and Meeting.objects.monthly().filter(
        organisation=organisation, year=local.year, month=local.month
    ).exists():
        raise ValidationError({"planned_start": f"Tháng {local.month}/{local.year} đã có buổi sinh hoạt thường kỳ."})
    if message := _clash(organisation, kind, local.date(), None):
        raise ValidationError({"planned_start": message})
    meeting = Meeting(
        organisation=organisation, kind=kind, year=local.year, month=local.month, day=local.date(),
        status=Meeting.Status.PLANNED, planned_start=planned_start, topic=nfc(topic), created_by=by,
    )
    _save_checked(meeting)
    audit(by, meeting, Action.CREATE, {"planned_start": (None, planned_start), "topic": ("", meeting.topic)},
          "Lập kế hoạch sinh hoạt")
    return meeting


@transaction.atomic
def record_and_finalise(*, organisation: Organisation, record: Record, manual_scores: dict[int, int],
                        meeting: Meeting | None = None, version: int | None = None,
                        submission: uuid.UUID | None = None, by) -> Meeting:
    """The secretary's one-step path: save the record and finalise it, or neither (each step
    checks the policy)."""
    meeting = save_meeting(organisation=organisation, record=record, meeting=meeting, version=version,
                           submission=submission, by=by)
    return finalise_meeting(meeting=meeting, version=meeting.version, manual_scores=manual_scores, by=by)


@transaction.atomic
def add_attachment(*, meeting: Meeting, upload, by) -> Attachment:
    """The photographed signed minutes and other evidence; allowed after finalising too, since it
    adds a document without changing the record. Only a PDF, JPEG or PNG, stored under a new name."""
    check(by, "meeting.record", meeting.organisation)
    stored = uploads.accept(upload, field="file")
    attachment = Attachment.objects.create(
        meeting=meeting, file=stored.file, name=stored.name, content_type=stored.content_type, size=stored.size,
        uploaded_by=by,
    )
    audit(by, meeting, Action.UPDATE, {"attachments": ("", attachment.name)}, "Thêm tệp đính kèm")
    return attachment


@transaction.atomic
def withdraw_plan(*, meeting: Meeting, delete_attachments: bool = False, by) -> None:
    """A planned meeting that will not happen is withdrawn; drafts and records are never deleted.
    Files attached to the plan go with it only when the secretary says so, having seen their names."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=meeting.pk)
    check(by, "meeting.record", meeting.organisation)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError("Chỉ hủy được kế hoạch chưa diễn ra; biên bản đã ghi không bị xóa.")
    files = list(meeting.attachments.order_by("pk"))
    if files and not delete_attachments:
        names = ", ".join(f.name for f in files)
        raise ValidationError(
            f"Kế hoạch có {len(files)} tệp đính kèm ({names}). Chưa hủy kế hoạch: hãy tải các tệp cần giữ về máy, "
            f"rồi đánh dấu “Hủy cả {len(files)} tệp đính kèm” và bấm “Hủy kế hoạch” lần nữa.",
            code="has_attachments",
        )
    audit(by, meeting, Action.DELETE, {"attachments": (", ".join(f.name for f in files), "")} if files else {},
          "Hủy kế hoạch sinh hoạt" + (f" và {len(files)} tệp đính kèm" if files else ""))
    meeting.delete()
    for attachment in files:
        # Stored files are removed once the rows are gone for good, never before a rollback.
        transaction.on_commit(partial(attachment.file.delete, save=False))
