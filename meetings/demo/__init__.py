"""A year of meetings for the demo, on top of branches.demo's organisations and members.

The year is December 2025 to November 2026: the twelve monthly meetings before the demo's TODAY
(22 November 2026), so none is in the future and a full year of attendance feeds the watch lists;
December's meeting is planned. About 3 % of the monthly meetings are missing, 5 % held late in the
month, 8 % shorter than 90 minutes; most quarters have a thematic meeting, half of them held in the
regular sitting. Attendance follows each chi bộ's roster as it is now (services.roster), and the
automatic criteria are decided by meetings.rules exactly as services.automatic_scores decides them,
so a demo meeting reads as if the app had scored it. Rows are bulk-inserted a few hundred chi bộ at
a time; the same seed gives the same meetings.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.demo import COMMUNE, Built, Shape
from branches.models import Organisation, RoleAssignment

from .. import services
from ..models import Attendance, Meeting
from .plan import YearFigures, year_months
from .year import YearBuilder

State = Meeting.Status
Area = Organisation.Area


def seed(built: Built, shape: Shape, seed: int = 2022) -> YearFigures:
    """The year of meetings; the commune demo also gets a few records through the real services."""
    overrides = {}
    september, october, november = year_months()[-3:]
    if shape is COMMUNE:
        own, other = _story_branches(built)
        overrides = {
            (own.pk, *september): {"status": State.FINALISED},
            (own.pk, *october): {"status": State.FINALISED, "day": 3, "late": False, "minutes": 75},
            (own.pk, *november): {"status": State.DRAFT, "day": 3, "late": False},  # older than 7 days
            (other.pk, *november): {"status": State.DRAFT, "day": 18, "late": True},
        }
    figures = YearBuilder(built, seed, overrides).build()
    if shape is COMMUNE:
        _stories(own, september, october)
    return figures


def _story_branches(built: Built) -> tuple[Organisation, Organisation]:
    """The demo secretary's chi bộ (see branches.demo) and the next hamlet of the same commune."""
    own = RoleAssignment.objects.get(user__username="bithu", role=RoleAssignment.Role.SECRETARY).organisation
    hamlets = [
        b
        for b in built.branches
        if b.parent_id == own.parent_id and b.area_type == Area.HAMLET and b.pk != own.pk
    ]
    return own, hamlets[0]


def _record_of(meeting: Meeting, **changes) -> services.Record:
    fields = {name: getattr(meeting, name) for name in services.Record.MEETING_FIELDS}
    attendance = {
        a.member_id: (a.status, a.reason) for a in meeting.attendance.all() if a.status in Attendance.COUNTED
    }
    return services.Record(**{**fields, **changes}, attendance=attendance)


def _stories(own: Organisation, september: tuple[int, int], october: tuple[int, int]) -> None:
    """October's record amended by the secretary and commented on by the reviewer, who also
    adjusts a score of September's."""
    users = get_user_model().objects.in_bulk(["bithu", "xetduyet"], field_name="username")
    secretary, reviewer = users["bithu"], users["xetduyet"]
    monthly = Meeting.objects.monthly().filter(organisation=own)
    october = monthly.get(year=october[0], month=october[1])
    wrong = timezone.localtime(october.ended_at)
    ended_at = october.started_at + timedelta(minutes=125)
    right = timezone.localtime(ended_at)
    october = services.amend_meeting(
        meeting=october,
        version=october.version,
        record=_record_of(october, ended_at=ended_at),
        by=secretary,
        reason=f"Thư ký ghi nhầm giờ kết thúc {wrong:%H giờ %M}; biên bản có chữ ký ghi kết thúc lúc {right:%H giờ %M}.",
    )
    services.comment_meeting(
        meeting=october,
        by=reviewer,
        text="Chi bộ sinh hoạt đúng nội dung, có phân công nhiệm vụ cụ thể. Đề nghị đăng tài liệu lên Sổ tay đảng viên "
        "trước ít nhất một ngày và ghi đầy đủ ý kiến phát biểu trong biên bản.",
    )
    september = monthly.get(year=september[0], month=september[1])
    results = september.scores.select_related("criterion").get(
        criterion__label__startswith="Kết quả thực hiện"
    )
    services.adjust_score(
        meeting=september,
        version=september.version,
        criterion=results.criterion,
        points=max(0, results.points - 5),
        by=reviewer,
        reason="Qua kiểm tra, chỉ tiêu vận động tham gia bảo hiểm y tế của nghị quyết tháng 8 chưa đạt.",
    )
