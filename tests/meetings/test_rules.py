"""The worked examples of domain-rules §10.5 (M1–M11)."""

from datetime import date

import pytest

from meetings.rules import (
    Thresholds,
    attendance_criterion,
    duration_criterion,
    longest_absence_streak,
    materials_in_time,
    more_than_half,
    quality_level,
    quarters_without_thematic,
    two_thirds_of_official,
)


@pytest.mark.parametrize(
    ("present", "excused", "unexcused", "streak", "met", "reason"),
    [
        pytest.param(
            20, 1, 1, 1, False, "Dự họp 20/22 = 90,9% nhưng có 1 đảng viên vắng không lý do.", id="M1"
        ),
        pytest.param(
            19,
            3,
            0,
            1,
            True,
            "Dự họp 19/22 = 86,4%, không ai vắng không lý do hay vắng quá 3 lần liên tiếp.",
            id="M2",
        ),
        pytest.param(8, 2, 0, 1, False, "Dự họp 8/10 = 80,0%, chưa vượt 85%.", id="M3"),
        pytest.param(
            21, 1, 0, 4, False, "Dự họp 21/22 = 95,5% nhưng có đảng viên vắng 4 lần liên tiếp.", id="M4"
        ),
    ],
)
def test_attendance_criterion(present, excused, unexcused, streak, met, reason):
    # M1, M2: 25 members of whom 3 exempt, so the exempt are not in these counts at all.
    verdict = attendance_criterion(present, excused, unexcused, streak)
    assert (verdict.met, verdict.reason) == (met, reason)


def test_exactly_85_percent_is_not_more_than_85():
    assert attendance_criterion(17, 3, 0, 1).met is False


def test_m4_fourth_consecutive_excused_absence_is_a_streak_of_four():
    # Absent (excused) March, April, May, June; present in February.
    assert longest_absence_streak([False, True, True, True, True]) == 4
    assert longest_absence_streak([True, True, True, False]) == 0


@pytest.mark.parametrize(
    ("combined", "minutes", "met"),
    [
        pytest.param(False, 80, False, id="M5"),
        pytest.param(True, 110, False, id="M6"),
        pytest.param(False, 90, True, id="regular-90"),
        pytest.param(True, 120, True, id="combined-120"),
        pytest.param(False, None, False, id="no-times"),
    ],
)
def test_duration_criterion(combined, minutes, met):
    assert duration_criterion(combined, minutes).met is met


def test_m7_quarter_without_a_thematic_meeting():
    # Q3 held three regular meetings and no thematic one; Q1, Q2 had theirs.
    assert quarters_without_thematic({2, 5}, through_month=9) == [3]
    assert quarters_without_thematic({2, 5}, through_month=8) == []  # Q3 not over yet


@pytest.mark.parametrize(
    ("total", "required_at_max", "level"),
    [
        pytest.param(92, False, "kha", id="M8-binh-thuan-attendance-not-at-max"),
        pytest.param(5 + 5 + 10 + 35 + 5 + 27 + 5, True, "tot", id="M9-hd42-92"),
        pytest.param(70, True, "kha", id="70-kha"),
        pytest.param(69, True, "trung_binh", id="69-trung-binh"),
        pytest.param(49, True, "kem", id="49-kem"),
    ],
)
def test_quality_level(total, required_at_max, level):
    assert quality_level(total, Thresholds(), required_at_max) == level


def test_m10_materials_posted_on_the_meeting_day_are_late():
    assert materials_in_time(date(2025, 11, 3), date(2025, 11, 3)) is False
    assert materials_in_time(date(2025, 11, 2), date(2025, 11, 3)) is True
    assert materials_in_time(None, date(2025, 11, 3)) is False


@pytest.mark.parametrize(
    ("votes_for", "official", "passes"),
    [pytest.param(8, 12, True, id="V1"), pytest.param(7, 12, False, id="V2")],
)
def test_admission_needs_two_thirds_of_official_members(votes_for, official, passes):
    assert two_thirds_of_official(votes_for, official) is passes


@pytest.mark.parametrize(
    ("votes_for", "passes"), [pytest.param(10, False, id="V3-half"), pytest.param(11, True, id="V3-more")]
)
def test_a_resolution_needs_more_than_half(votes_for, passes):
    assert more_than_half(votes_for, 20) is passes
