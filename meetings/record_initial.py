"""The values that start the month's record form: from a plan, the meeting being edited, or nothing
(the bí thư chairs, a deputy records, where the chi bộ met last time)."""

from __future__ import annotations

from django.utils import timezone

from branches.models import Position

from .models import Meeting
from .record_form import FORM_FIELDS, TASK_ROWS
from .services import RosterEntry

STANDARD_AGENDA = (
    "1. Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n"
    "2. Thông tin thời sự, chủ trương, chính sách mới; văn bản của cấp trên.\n"
    "3. Đánh giá kết quả thực hiện nghị quyết tháng trước; phương hướng, nhiệm vụ tháng tới."
)


def initial_for(
    meeting: Meeting | None, entries: list[RosterEntry], org_positions, default_day, last_place=""
) -> dict:
    """Prefill: a planned meeting's date and topic; the bí thư chairs, a deputy records; the
    chi bộ meets where it met last time."""
    titles = {p.title: p.member_id for p in org_positions}
    counted = {e.member.pk for e in entries if e.counted}
    chair = titles.get(Position.Title.SECRETARY)
    recorder = titles.get(Position.Title.DEPUTY_SECRETARY) or titles.get(Position.Title.COMMITTEE_MEMBER)
    initial = {
        "kind": Meeting.Kind.REGULAR,
        "day": default_day,
        "agenda": STANDARD_AGENDA,
        "place": last_place,
        "chair": chair if chair in counted else None,
        "recorder": recorder if recorder in counted else None,
    }
    if meeting is None:
        return initial
    local = (
        timezone.localtime(meeting.started_at or meeting.planned_start)
        if (meeting.started_at or meeting.planned_start)
        else None
    )
    initial.update(
        {
            "kind": meeting.kind,
            "topic": meeting.topic,
            "version": meeting.version,
            "day": local.date() if local else default_day,
        }
    )
    if meeting.status == Meeting.Status.PLANNED:
        return initial
    initial.update({field: getattr(meeting, name) for field, name in FORM_FIELDS.items()})
    initial["online"] = meeting.online
    if meeting.started_at and meeting.ended_at:
        initial["start"] = timezone.localtime(meeting.started_at).time().strftime("%H:%M")
        initial["end"] = timezone.localtime(meeting.ended_at).time().strftime("%H:%M")
    initial["discussion"] = "\n".join(
        f"{s.speaker}: {s.gist}" if s.speaker else s.gist for s in meeting.speeches.all()
    )
    guest = next(iter(meeting.guests.all()), None)
    if guest:
        initial.update(
            {
                "guest_name": guest.name,
                "guest_title": guest.title,
                "guest_following": guest.is_following_member,
            }
        )
    for row in meeting.attendance.all():
        initial[f"att_{row.member_id}"] = row.status
        initial[f"reason_{row.member_id}"] = row.reason
    for score in meeting.scores.all():
        initial[f"score_{score.criterion_id}"] = score.points
    for i, task in enumerate(meeting.tasks.all()[:TASK_ROWS]):
        initial.update(
            {
                f"task_member_{i}": task.member_id,
                f"task_text_{i}": task.description,
                f"task_deadline_{i}": task.deadline,
            }
        )
    return initial
