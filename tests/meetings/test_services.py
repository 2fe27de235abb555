from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from branches import services as branch_services
from branches.services.criteria_sets import copy_criteria_set, update_criteria_set
from meetings import services, watch
from meetings.models import Attendance, Meeting, Note, ScoreCriterion
from meetings.services import scoring
from tests.factories import MemberFactory, root


def at(day: date, hour: int = 19, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def record(members, day=date(2025, 10, 3), minutes=120, absent=None, **fields) -> services.Record:
    """A regular meeting where everyone is present unless `absent` says otherwise."""
    chair, recorder = members[0], members[1]
    defaults = {
        "kind": Meeting.Kind.REGULAR,
        "started_at": at(day),
        "ended_at": at(day) + timedelta(minutes=minutes),
        "place": "Hội trường ấp",
        "chair_id": chair.pk,
        "recorder_id": recorder.pk,
        "conclusion": "Chi bộ thống nhất các nhiệm vụ tháng tới.",
        "attendance": {m.pk: (status, reason) for m, (status, reason) in (absent or {}).items()},
    }
    return services.Record(**{**defaults, **fields})


@pytest.fixture
def branch(tree):
    """Chi bộ A with 10 official members."""
    return [MemberFactory(organisation=tree.a) for _ in range(10)]


def manual_max(meeting) -> dict[int, int]:
    return {
        c.pk: c.max_points
        for c in services.sheet_for(meeting.organisation, meeting.year, meeting.kind).criteria.all()
        if not c.auto
    }


def state(org) -> dict:
    return {
        "meetings": list(
            Meeting.objects.filter(organisation=org).values_list(
                "pk", "status", "version", "conclusion", "level"
            )
        ),
        "attendance": list(
            Attendance.objects.filter(meeting__organisation=org)
            .order_by("pk")
            .values_list("member_id", "status")
        ),
        "notes": Note.objects.count(),
    }


def refused(call, org, message):
    before = state(org)
    with pytest.raises(ValidationError) as error:
        call()
    assert message in " ".join(error.value.messages)
    assert state(org) == before


# The roster --------------------------------------------------------------------------------------


def test_roster_sets_exempt_suspended_and_away_members_apart_and_counts_hosted_ones(tree, branch):
    exempt, suspended, away = branch[7], branch[8], branch[9]
    branch_services.exempt_member(member=exempt, on=date(2024, 1, 1), reason="Tuổi cao", by=root())
    branch_services.suspend_member(member=suspended, on=date(2025, 1, 1), reason="Đang bị xem xét", by=root())
    transfer = branch_services.request_transfer(
        member=away, kind="temporary", to_organisation=tree.b, decided_on=date(2025, 2, 1), by=root()
    )
    branch_services.confirm_transfer(transfer=transfer, on=date(2025, 2, 2), by=root())
    guest = MemberFactory(organisation=tree.b)
    hosted = branch_services.request_transfer(
        member=guest, kind="temporary", to_organisation=tree.a, decided_on=date(2025, 2, 1), by=root()
    )
    branch_services.confirm_transfer(transfer=hosted, on=date(2025, 2, 2), by=root())

    entries = {e.member.pk: e for e in services.roster(tree.a)}

    assert len(entries) == 11
    assert [entries[m.pk].reason for m in (exempt, suspended, away)] == [
        "Miễn công tác và sinh hoạt đảng",
        "Đình chỉ sinh hoạt đảng",
        "Sinh hoạt tạm thời tại Chi bộ ấp Hòa Lạc",
    ]
    assert (entries[guest.pk].counted, entries[guest.pk].hosted) == (True, True)
    assert sum(e.counted for e in entries.values()) == 8


# Recording and finalising ------------------------------------------------------------------------


def test_everyone_starts_present_and_only_the_exceptions_are_marked(tree, branch, people):
    absent = {branch[5]: ("excused", "Ốm"), branch[6]: ("unexcused", "")}
    meeting = services.save_meeting(
        organisation=tree.a, record=record(branch, absent=absent), by=people.secretary_a
    )

    rows = dict(meeting.attendance.values_list("member_id", "status"))
    assert list(rows.values()).count("present") == 8
    assert (rows[branch[5].pk], rows[branch[6].pk]) == ("excused", "unexcused")
    assert (meeting.status, meeting.year, meeting.month, meeting.duration_minutes) == ("draft", 2025, 10, 120)


def test_finalising_scores_the_data_decided_criteria_and_locks(tree, branch, people):
    meeting = services.save_meeting(
        organisation=tree.a, record=record(branch, absent={branch[9]: ("unexcused", "")}), by=root()
    )
    meeting = services.finalise_meeting(
        meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=people.secretary_a
    )

    auto = {
        s.criterion.auto: (s.points, s.explanation)
        for s in meeting.scores.select_related("criterion")
        if s.criterion.auto
    }
    assert auto == {
        "duration": (5, "Họp 120 phút (từ 90 phút trở lên)."),
        "attendance": (0, "Dự họp 9/10 = 90,0% nhưng có 1 đảng viên vắng không lý do."),
    }
    assert (meeting.status, meeting.score, meeting.level, meeting.finalised_by) == (
        "finalised",
        95,
        "tot",
        people.secretary_a,
    )


def test_fourth_consecutive_absence_breaks_the_attendance_criterion(tree, branch):
    # M4: the same member absent (excused) March to June.
    for month in (3, 4, 5, 6):
        meeting = services.save_meeting(
            organisation=tree.a,
            record=record(branch, day=date(2025, month, 3), absent={branch[9]: ("excused", "Đi làm xa")}),
            by=root(),
        )
        meeting = services.finalise_meeting(
            meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
        )
    attendance = meeting.scores.get(criterion__auto="attendance")
    assert (attendance.points, attendance.explanation) == (
        0,
        "Dự họp 9/10 = 90,0% nhưng có đảng viên vắng 4 lần liên tiếp.",
    )


def test_an_absence_streak_runs_across_the_turn_of_the_year(tree, branch):
    # Absent (excused) in November and December 2025, then January and February 2026: four in a row.
    for year, month in ((2025, 11), (2025, 12), (2026, 1), (2026, 2)):
        meeting = services.save_meeting(
            organisation=tree.a,
            record=record(branch, day=date(year, month, 3), absent={branch[9]: ("excused", "Đi làm xa")}),
            by=root(),
        )
        meeting = services.finalise_meeting(
            meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
        )
    attendance = meeting.scores.get(criterion__auto="attendance")
    assert (attendance.points, attendance.explanation) == (
        0,
        "Dự họp 9/10 = 90,0% nhưng có đảng viên vắng 4 lần liên tiếp.",
    )
    assert watch.members_to_watch(tree.a, date(2026, 3, 10)) == [watch.Watch(branch[9], 4, 0)]


def test_a_presence_in_december_ends_the_run(tree, branch):
    for year, month, absent in (
        (2025, 10, True),
        (2025, 11, True),
        (2025, 12, False),
        (2026, 1, True),
        (2026, 2, True),
    ):
        meeting = services.save_meeting(
            organisation=tree.a,
            record=record(
                branch,
                day=date(year, month, 3),
                absent={branch[9]: ("excused", "Đi làm xa")} if absent else None,
            ),
            by=root(),
        )
        meeting = services.finalise_meeting(
            meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
        )
    assert scoring._absence_streaks(meeting, [branch[9].pk]) == {branch[9].pk: 2}
    assert watch.members_to_watch(tree.a, date(2026, 3, 10)) == []


def test_a_short_meeting_fails_the_duration_criterion(tree, branch):
    meeting = services.save_meeting(organisation=tree.a, record=record(branch, minutes=80), by=root())  # M5
    meeting = services.finalise_meeting(
        meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
    )
    assert meeting.scores.get(criterion__auto="duration").points == 0
    assert meeting.score == 95


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ended_at": at(date(2025, 10, 3), 18)}, "Giờ kết thúc phải sau giờ bắt đầu"),
        ({"online": True}, "không thuộc diện thí điểm sinh hoạt trực tuyến"),  # M11
        ({"kind": Meeting.Kind.THEMATIC}, "Sinh hoạt chuyên đề phải có tên chuyên đề"),
        (
            {
                "started_at": timezone.now() + timedelta(days=2),
                "ended_at": timezone.now() + timedelta(days=2, hours=2),
            },
            "chưa diễn ra",
        ),
        ({"materials_posted_on": date(2025, 10, 4)}, "không thể sau ngày họp"),
        ({"votes_for": 11}, "vượt số đảng viên chính thức có mặt"),
    ],
    ids=[
        "end-before-start",
        "M11-online-not-pilot",
        "thematic-without-topic",
        "in-the-future",
        "materials-after",
        "too-many-votes",
    ],
)
def test_bad_records_are_refused(tree, branch, fields, message):
    refused(
        lambda: services.save_meeting(organisation=tree.a, record=record(branch, **fields), by=root()),
        tree.a,
        message,
    )


def test_a_chair_who_is_not_a_member_is_refused(tree, branch):
    outsider = MemberFactory(organisation=tree.b)
    refused(
        lambda: services.save_meeting(
            organisation=tree.a, record=record(branch, chair_id=outsider.pk), by=root()
        ),
        tree.a,
        "Người chủ trì phải là đảng viên sinh hoạt tại chi bộ",
    )


def test_attendance_for_someone_outside_the_branch_is_refused(tree, branch):
    outsider = MemberFactory(organisation=tree.b)
    refused(
        lambda: services.save_meeting(
            organisation=tree.a, record=record(branch, absent={outsider: ("unexcused", "")}), by=root()
        ),
        tree.a,
        "không thuộc chi bộ này",
    )


def test_an_excused_absence_needs_a_reason(tree, branch):
    refused(
        lambda: services.save_meeting(
            organisation=tree.a, record=record(branch, absent={branch[4]: ("excused", " ")}), by=root()
        ),
        tree.a,
        f"Đồng chí {branch[4].full_name} vắng có lý do: hãy ghi lý do",
    )


def test_V4_probationary_members_do_not_vote(tree, branch):
    for member in branch[:3]:
        member.status = "probationary"
        member.save(update_fields=["status"])
    refused(
        lambda: services.save_meeting(
            organisation=tree.a, record=record(branch, chair_id=branch[3].pk, votes_for=8), by=root()
        ),
        tree.a,
        "(7)",
    )


def test_online_is_allowed_in_a_pilot_branch(tree, branch):
    tree.a.online_pilot = True
    tree.a.save(update_fields=["online_pilot"])
    meeting = services.save_meeting(
        organisation=tree.a, record=record(branch, online=True, place=""), by=root()
    )
    assert meeting.online is True


def test_a_second_regular_meeting_in_the_same_month_is_refused(tree, branch):
    services.save_meeting(organisation=tree.a, record=record(branch), by=root())
    refused(
        lambda: services.save_meeting(
            organisation=tree.a, record=record(branch, day=date(2025, 10, 20)), by=root()
        ),
        tree.a,
        "Chi bộ đã có biên bản sinh hoạt thường kỳ tháng 10/2025",
    )


def test_a_thematic_meeting_in_the_same_month_is_fine(tree, branch):
    services.save_meeting(organisation=tree.a, record=record(branch), by=root())
    thematic = services.save_meeting(
        organisation=tree.a,
        record=record(
            branch,
            day=date(2025, 10, 20),
            kind=Meeting.Kind.THEMATIC,
            topic="Học tập và làm theo tư tưởng Hồ Chí Minh",
        ),
        by=root(),
    )
    assert thematic.kind == "thematic"


@pytest.mark.parametrize("missing", ["chair_id", "recorder_id"])
def test_finalising_without_chair_or_recorder_is_refused(tree, branch, missing):
    meeting = services.save_meeting(organisation=tree.a, record=record(branch, **{missing: None}), by=root())
    refused(
        lambda: services.finalise_meeting(
            meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
        ),
        tree.a,
        "Chưa thể hoàn tất biên bản: còn thiếu",
    )


def test_a_finalised_record_cannot_be_edited_as_a_draft(tree, branch):
    meeting = services.save_meeting(organisation=tree.a, record=record(branch), by=root())
    meeting = services.finalise_meeting(
        meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
    )
    refused(
        lambda: services.save_meeting(
            organisation=tree.a,
            meeting=meeting,
            version=meeting.version,
            record=record(branch, conclusion="Khác"),
            by=root(),
        ),
        tree.a,
        "muốn sửa phải nêu lý do",
    )


def test_an_amendment_needs_a_reason_and_is_kept_as_a_visible_note(tree, branch, people):
    meeting = services.save_meeting(organisation=tree.a, record=record(branch), by=root())
    meeting = services.finalise_meeting(
        meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
    )
    refused(
        lambda: services.amend_meeting(
            meeting=meeting,
            version=meeting.version,
            reason=" ",
            record=record(branch, absent={branch[9]: ("excused", "Ốm")}),
            by=root(),
        ),
        tree.a,
        "phải nêu lý do",
    )

    amended = services.amend_meeting(
        meeting=meeting,
        version=meeting.version,
        reason="Ghi sót đồng chí vắng",
        record=record(branch, absent={branch[9]: ("excused", "Ốm")}),
        by=people.reviewer_x,
    )

    note = amended.notes.get()
    assert (note.kind, note.text, note.author) == ("amendment", "Ghi sót đồng chí vắng", people.reviewer_x)
    assert note.changes == {"attendance": {str(branch[9].pk): ["present", "excused"]}}
    assert amended.status == "finalised"


def test_two_people_saving_the_same_draft_the_second_is_told(tree, branch):
    meeting = services.save_meeting(organisation=tree.a, record=record(branch), by=root())
    loaded = meeting.version
    services.save_meeting(
        organisation=tree.a,
        meeting=meeting,
        version=loaded,
        record=record(branch, conclusion="Bản của người thứ nhất"),
        by=root(),
    )
    refused(
        lambda: services.save_meeting(
            organisation=tree.a,
            meeting=meeting,
            version=loaded,
            record=record(branch, conclusion="Bản của người thứ hai"),
            by=root(),
        ),
        tree.a,
        "đã được người khác cập nhật",
    )
    assert Meeting.objects.get(pk=meeting.pk).conclusion == "Bản của người thứ nhất"


def test_a_reviewer_adjusts_a_score_with_a_reason(tree, branch, people):
    meeting = services.save_meeting(organisation=tree.a, record=record(branch), by=root())
    meeting = services.finalise_meeting(
        meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
    )
    criterion = ScoreCriterion.objects.get(sheet=meeting.sheet, max_points=30)
    adjusted = services.adjust_score(
        meeting=meeting,
        version=meeting.version,
        criterion=criterion,
        points=15,
        reason="Nghị quyết kỳ trước chưa thực hiện xong",
        by=people.reviewer_x,
    )
    assert (adjusted.score, adjusted.level) == (85, "kha")
    assert adjusted.notes.get().changes == {
        "criterion": criterion.label,
        "points": [30, 15],
        "level": ["Tốt", "Khá"],
    }


def test_planning_next_month(tree, people):
    start = timezone.now() + timedelta(days=20)
    planned = services.plan_meeting(
        organisation=tree.a,
        kind="thematic",
        planned_start=start,
        topic="Phòng, chống tham nhũng, tiêu cực",
        by=people.secretary_a,
    )
    assert (planned.status, planned.topic) == ("planned", "Phòng, chống tham nhũng, tiêu cực")


def test_multi_line_minutes_keep_their_lines(tree, branch):
    meeting = services.save_meeting(
        organisation=tree.a, record=record(branch, agenda="1. Học tập\r\n2. Thời sự"), by=root()
    )
    assert meeting.agenda == "1. Học tập\n2. Thời sự"


# Score sheets ------------------------------------------------------------------------------------


def test_a_province_sheet_takes_precedence_from_its_year(tree, branch):
    national = services.sheet_for(tree.a, 2026, "regular")
    own = copy_criteria_set(source=national, province=tree.province, year=2026, by=root())
    assert services.sheet_for(tree.a, 2025, "regular") == national
    assert services.sheet_for(tree.a, 2026, "regular") == own
    assert services.sheet_for(tree.a, 2026, "thematic").province is None


def test_editing_a_sheet_checks_the_total_and_is_refused_once_used(tree, branch):
    own = copy_criteria_set(
        source=services.sheet_for(tree.a, 2025, "regular"), province=tree.province, year=2025, by=root()
    )
    fields = {"name": own.name, "year": 2025, "good_min": 90, "fair_min": 70, "average_min": 50, "source": ""}
    rows = [
        {"label": "Tỷ lệ dự họp", "max_points": 40, "auto": "attendance", "required_for_good": True},
        {"label": "Nội dung", "max_points": 50, "auto": "", "required_for_good": False},
    ]
    with pytest.raises(ValidationError, match="phải là 100"):
        update_criteria_set(criteria_set=own, fields=fields, criteria=rows, by=root())

    rows[1]["max_points"] = 60
    update_criteria_set(criteria_set=own, fields=fields, criteria=rows, by=root())
    meeting = services.save_meeting(
        organisation=tree.a, record=record(branch, absent={branch[9]: ("unexcused", "")}), by=root()
    )
    meeting = services.finalise_meeting(
        meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
    )
    # Bình Thuận practice (M8): 60 points here, attendance not at maximum → not Tốt even if it were ≥ 90.
    assert (meeting.sheet, meeting.score, meeting.level) == (own, 60, "trung_binh")
    with pytest.raises(ValidationError, match="không sửa được"):
        update_criteria_set(criteria_set=own, fields=fields, criteria=rows, by=root())


def test_a_committee_meeting_expects_the_committee_only(tree, branch):
    from branches import services as branch_services

    for member, title in zip(branch[:3], ["bi_thu", "pho_bi_thu", "chi_uy_vien"], strict=True):
        branch_services.add_position(
            member=member, organisation=tree.a, title=title, starts_on=date(2024, 1, 1), by=root()
        )
    assert [e.member for e in services.roster(tree.a, Meeting.Kind.COMMITTEE)] == sorted(
        branch[:3], key=lambda m: m.sort_key
    )

    meeting = services.save_meeting(
        organisation=tree.a, record=record(branch, kind=Meeting.Kind.COMMITTEE), by=root()
    )
    assert meeting.attendance.count() == 3
    refused(
        lambda: services.save_meeting(
            organisation=tree.a,
            record=record(
                branch,
                day=date(2025, 10, 10),
                kind=Meeting.Kind.COMMITTEE,
                absent={branch[5]: ("unexcused", "")},
            ),
            by=root(),
        ),
        tree.a,
        "không thuộc chi bộ này",
    )
