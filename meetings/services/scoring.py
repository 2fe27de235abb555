"""Meeting quality: the score sheet in force, the automatic criteria read from the record, the level;
finalising a record scores it, and the level above may adjust a score with a reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from branches.models import ChangeRecord, Organisation
from branches.policy import check
from branches.services import audit
from branches.text import nfc

from .. import rules
from ..models import (
    Attendance,
    Meeting,
    Note,
    Score,
    ScoreCriterion,
    ScoreSheet,
)
from .record import _changes, _fields_of, _lock

Status = Attendance.Status
Action = ChangeRecord.Action


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
    attendance = rules.attendance_criterion(
        counts[Status.PRESENT], counts[Status.EXCUSED], counts[Status.UNEXCUSED], streak
    )
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
        Score(meeting=meeting, criterion=c, points=points[c.pk][0], explanation=points[c.pk][1][:300])
        for c in criteria
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
    missing = {
        field.removesuffix("_id"): label
        for field, label in (
            ("chair_id", "người chủ trì"),
            ("recorder_id", "thư ký"),
            ("started_at", "giờ bắt đầu"),
            ("ended_at", "giờ kết thúc"),
        )
        if getattr(meeting, field) is None
    }
    if not meeting.conclusion.strip():
        missing["conclusion"] = "kết luận"
    if missing:
        # One error per field, so the page can point at each.
        raise ValidationError(
            {field: f"Chưa thể hoàn tất biên bản: còn thiếu {label}." for field, label in missing.items()}
        )
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
def adjust_score(
    *, meeting: Meeting, version: int, criterion: ScoreCriterion, points: int, reason: str, by
) -> Meeting:
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
        meeting=meeting,
        kind=Note.Kind.ADJUSTMENT,
        text=nfc(reason),
        author=by,
        changes={
            "criterion": criterion.label,
            "points": [old, points],
            "level": [old_level, meeting.get_level_display()],
        },
    )
    levels = (
        {"level": (old_level, meeting.get_level_display())}
        if old_level != meeting.get_level_display()
        else {}
    )
    audit(
        by,
        meeting,
        Action.UPDATE,
        {criterion.label: (old, points), **levels},
        f"Điều chỉnh điểm. Lý do: {nfc(reason)}",
    )
    return meeting
