"""The meeting minutes (biên bản sinh hoạt chi bộ, domain-rules §3.4) as a Party document."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects

from branches.documents import (
    clock,
    issuer_lines,
    local_date,
    local_time,
    locality,
    month_text,
    paragraphs,
    place_date,
    render_pdf,
    short_date,
)
from branches.formatting import share

from . import rules
from .models import Attendance, Guest, Meeting, Task

TEMPLATE = "meetings/pdf/minutes.html"

# (document kind, qualifier before "THÁNG … NĂM …")
_TITLES = {
    Meeting.Kind.REGULAR: ("BIÊN BẢN SINH HOẠT CHI BỘ", "THƯỜNG KỲ"),
    Meeting.Kind.THEMATIC: ("BIÊN BẢN SINH HOẠT CHI BỘ", "CHUYÊN ĐỀ"),
    Meeting.Kind.COMBINED: ("BIÊN BẢN SINH HOẠT CHI BỘ", "THƯỜNG KỲ KẾT HỢP CHUYÊN ĐỀ"),
    Meeting.Kind.EXTRAORDINARY: ("BIÊN BẢN SINH HOẠT CHI BỘ", "BẤT THƯỜNG"),
    Meeting.Kind.COMMITTEE: ("BIÊN BẢN HỌP CHI ỦY", ""),
    Meeting.Kind.GROUP: ("BIÊN BẢN SINH HOẠT TỔ ĐẢNG", ""),
}
UNKNOWN = "…"
UNKNOWN_TIME = "… giờ … phút"


def _prefetch(meeting: Meeting) -> None:
    """The rows the minutes list, one query per relation; lookups the caller already
    prefetched are kept (then attendance must come with its member)."""
    prefetch_related_objects(
        [meeting],
        Prefetch(
            "attendance",
            queryset=Attendance.objects.select_related("member").order_by("member__sort_key", "member_id"),
        ),
        Prefetch("guests", queryset=Guest.objects.order_by("pk")),
        "speeches",
        Prefetch("tasks", queryset=Task.objects.select_related("member")),
    )


def _vote(meeting: Meeting, entitled: int) -> str:
    if meeting.votes_for is None:
        return ""
    return (
        f"{meeting.votes_for} đồng chí tán thành (đạt {share(meeting.votes_for, entitled) or '—'}), "
        f"{meeting.votes_against or 0} đồng chí không tán thành, "
        f"{meeting.votes_abstain or 0} đồng chí không biểu quyết, "
        f"trên tổng số {entitled} đảng viên có quyền biểu quyết"
    )


def _place(meeting: Meeting) -> str:
    if meeting.online:
        return f"{meeting.place} (trực tuyến)" if meeting.place else "Trực tuyến"
    return meeting.place or UNKNOWN


def _times(meeting: Meeting) -> tuple[str, str]:
    """(when it started, when it ended) in words; the end omits the date when it is the same."""
    start = meeting.started_at or meeting.planned_start
    end = meeting.ended_at
    started = local_time(start) if start else f"{UNKNOWN_TIME}, ngày {UNKNOWN}"
    if not end:
        return started, UNKNOWN_TIME
    same_day = start and local_date(start) == local_date(end)
    return started, f"{clock(end)} cùng ngày" if same_day else local_time(end)


def minutes_context(meeting: Meeting) -> dict:
    _prefetch(meeting)
    organisation = meeting.organisation
    rows = list(meeting.attendance.all())
    by_status = {status: [row for row in rows if row.status == status] for status in Attendance.Status.values}
    present = by_status[Attendance.Status.PRESENT]
    expected = sum(len(by_status[status]) for status in Attendance.COUNTED)
    entitled = sum(1 for row in present if rules.may_vote(row.status, row.probationary))

    start = meeting.started_at or meeting.planned_start
    title, qualifier = _TITLES[meeting.kind]
    started, ended = _times(meeting)
    place = locality(organisation)
    return {
        "document_title": f"{title.capitalize()} {meeting.month}/{meeting.year} — {organisation.name}",
        "issuer": issuer_lines(organisation),
        "number": "",
        "place_date": place_date(place, local_date(start))
        if start
        else f"{place}, ngày {UNKNOWN} tháng {UNKNOWN} năm {meeting.year}",
        "title": title,
        "summary": " ".join(
            filter(None, [qualifier, f"THÁNG {month_text(meeting.month)} NĂM {meeting.year}"])
        ),
        "meeting": meeting,
        "started": started,
        "ended": ended,
        "place": _place(meeting),
        "unknown": UNKNOWN,
        "guests": meeting.guests.all(),
        "chair": meeting.chair.full_name if meeting.chair else "",
        "recorder": meeting.recorder.full_name if meeting.recorder else "",
        "presenter": meeting.presenter.full_name if meeting.presenter else "",
        "roll_total": len(rows),
        "not_counted": by_status[Attendance.Status.NOT_COUNTED],
        "expected": expected,
        "present": len(present),
        "probationary_present": len(present) - entitled,
        "attendance_rate": share(len(present), expected) or "—",
        "excused": by_status[Attendance.Status.EXCUSED],
        "unexcused": by_status[Attendance.Status.UNEXCUSED],
        "agenda": paragraphs(meeting.agenda),
        "speeches": meeting.speeches.all(),
        "commendations": paragraphs(meeting.commendations),
        "reminders": paragraphs(meeting.reminders),
        "conclusion": paragraphs(meeting.conclusion),
        "tasks": [
            (task.member.full_name, task.description, short_date(task.deadline) if task.deadline else "")
            for task in meeting.tasks.all()
        ],
        "vote": _vote(meeting, entitled),
        "level": meeting.get_level_display() if meeting.level else "",
        "recorder_title": ("THƯ KÝ",),
        "chair_title": ("CHỦ TRÌ",),
    }


def render_minutes(meeting: Meeting) -> bytes:
    return render_pdf(TEMPLATE, minutes_context(meeting))
