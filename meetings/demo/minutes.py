"""What a demo sitting's record says: agenda, conclusion, place, votes, the materials posted, and the
superior's member who follows the chi bộ."""

from __future__ import annotations

import random
from datetime import date, timedelta

from branches.demo import FAMILY, GIVEN_M, MIDDLE_M, RESIDENTIAL
from branches.models import Organisation
from branches.rules import add_months

from ..models import Meeting
from .plan import Branch, Kind, Present, Sitting, State
from .text import FOCUS, SEASONAL, theme


def sitting_record(
    rng: random.Random, branch: Branch, s: Sitting, rows: dict, presenter: int | None, by_pk: dict
) -> Meeting:
    """The meeting row of a sitting: agenda, conclusion, votes and who keeps the record."""
    org = branch.org
    local = s.start
    pool = theme(org)
    place = (
        f"Nhà văn hóa {org.name.removeprefix('Chi bộ ')}"
        if org.area_type in RESIDENTIAL
        else "Phòng họp cơ quan"
    )
    online = org.online_pilot and rng.random() < 0.2
    entitled = sum(
        1 for pk, (status, _) in rows.items() if status == Present.PRESENT and not by_pk[pk].probationary
    )
    votes_for, abstain = (entitled, 0) if rng.random() < 0.9 or not entitled else (entitled - 1, 1)
    if s.kind == Kind.THEMATIC:
        agenda = (
            f"1. Trình bày chuyên đề “{s.topic}”.\n2. Thảo luận, liên hệ bản thân và đơn vị.\n"
            "3. Kết luận, thống nhất việc vận dụng."
        )
        conclusion = (
            "Chi bộ thống nhất nội dung chuyên đề; mỗi đảng viên đăng ký ít nhất một việc làm cụ thể "
            "để vận dụng, chi ủy theo dõi và đánh giá kết quả vào kỳ sinh hoạt cuối quý."
        )
    else:
        previous = add_months(local.date(), -1)
        focus = rng.sample(FOCUS[pool], 2)
        if local.month in SEASONAL and rng.random() < 0.8:
            focus[0] = SEASONAL[local.month]
        agenda = (
            f"1. Thông tin thời sự, văn bản mới của cấp trên.\n"
            f"2. Đánh giá kết quả thực hiện nghị quyết tháng {previous.month}/{previous.year}.\n"
            f"3. Thảo luận, thống nhất nhiệm vụ tháng {local.month}/{local.year}.\n"
            + (f"4. Sinh hoạt chuyên đề “{s.topic}”.\n" if s.topic else "")
            + f"{5 if s.topic else 4}. Báo cáo thu, nộp đảng phí; biểu quyết thông qua nghị quyết."
        )
        conclusion = (
            f"Chi bộ thống nhất trong tháng {local.month}/{local.year} tập trung {focus[0]}; {focus[1]}. "
            "Chi ủy phân công đảng viên phụ trách từng việc, báo cáo kết quả tại kỳ sinh hoạt tháng sau."
        )
    finalised = s.status == State.FINALISED
    return Meeting(
        organisation_id=org.pk,
        kind=s.kind,
        year=local.year,
        month=local.month,
        day=local.date(),
        status=s.status,
        planned_start=s.planned,
        started_at=s.start,
        ended_at=s.start + timedelta(minutes=s.minutes),
        place="Trực tuyến" if online else place,
        online=online,
        chair_id=branch.chair,
        recorder_id=branch.recorder,
        agenda=agenda,
        topic=s.topic,
        presenter_id=presenter if s.kind != Kind.REGULAR else None,
        conclusion=conclusion,
        votes_for=votes_for,
        votes_against=0,
        votes_abstain=abstain,
        dues_reported=s.kind != Kind.THEMATIC and rng.random() < 0.96,
        materials_posted_on=_materials(rng, s),
        version=2 if finalised else 1,
        finalised_at=s.start + timedelta(days=rng.randint(1, 4)) if finalised else None,
        finalised_by_id=branch.user_id if finalised else None,
        created_by_id=branch.user_id,
    )


def _materials(rng: random.Random, s: Sitting) -> date | None:
    draw = rng.random()
    if draw < 0.15:
        return None
    return s.start.date() - timedelta(days=0 if draw < 0.3 else rng.randint(1, 3))


def following_member(org: Organisation) -> tuple[str, str, bool]:
    """The same person each time: a name drawn from the chi bộ's id, not from the stream."""
    local = random.Random(org.code)
    name = f"{local.choice(FAMILY)} {local.choice(MIDDLE_M)} {local.choice(GIVEN_M)}"
    upper = org.parent.name
    title = (
        f"Ủy viên Đảng ủy {upper.removeprefix('Đảng bộ ')}"
        if upper.startswith("Đảng bộ")
        else f"Ủy viên {upper}"
    )
    return name, title, True
