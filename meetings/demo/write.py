"""The demo year's rows written in bulk, a few hundred chi bộ at a time."""

from __future__ import annotations

from ..models import Attendance, Guest, Meeting, Score, Speech, Task
from .plan import State, YearFigures


def write_rows(meetings: list[Meeting], kids: dict[type, list[tuple]], figures: YearFigures) -> None:
    """The meetings, then their attendance, scores, speeches, guests and tasks, in bulk."""
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    figures.meetings += len(meetings)
    figures.levels.update(m.level for m in meetings if m.status == State.FINALISED)
    figures.attendance += len(kids[Attendance])
    Attendance.objects.bulk_create(
        (
            Attendance(meeting_id=m.pk, member_id=pk, status=st, reason=r, probationary=pr, hosted=h)
            for m, pk, st, r, pr, h in kids[Attendance]
        ),
        batch_size=5000,
    )
    Score.objects.bulk_create(
        (Score(meeting_id=m.pk, criterion_id=c, points=p, explanation=e) for m, c, p, e in kids[Score]),
        batch_size=5000,
    )
    Speech.objects.bulk_create(
        (Speech(meeting_id=m.pk, order=i, speaker=sp, gist=g) for m, i, sp, g in kids[Speech]),
        batch_size=5000,
    )
    Guest.objects.bulk_create(
        (Guest(meeting_id=m.pk, name=n, title=t, is_following_member=f) for m, n, t, f in kids[Guest]),
        batch_size=5000,
    )
    Task.objects.bulk_create(
        (
            Task(
                meeting_id=m.pk,
                member_id=pk,
                description=d,
                status=st,
                followed_up_in_id=f.pk if f else None,
                deadline=dl,
            )
            for m, pk, d, st, f, dl in kids[Task]
        ),
        batch_size=5000,
    )
