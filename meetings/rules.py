"""Pure meeting rules (domain-rules §3). Plain values in, verdict and reason out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from branches.formatting import share

ATTENDANCE_THRESHOLD = 0.85  # HD 12: more than 85 % of the members expected
MAX_CONSECUTIVE_ABSENCES = 3  # HD 12: nobody absent, even excused, more than 3 times in a row
UNEXCUSED_XOA_TEN = 3  # Điều lệ Đ.8: 3 unexcused absences in 12 months → consider xóa tên
MIN_MINUTES = 90  # HD 12 / HD 42
MIN_MINUTES_COMBINED = 120  # regular and thematic in one sitting
MATERIALS_DAYS_BEFORE = 1  # HD 42: materials on the Sổ tay ≥ 1 day before


@dataclass(frozen=True)
class Verdict:
    met: bool
    reason: str


def attendance_rate(present: int, expected: int) -> float | None:
    return present / expected if expected else None


def attendance_criterion(present: int, excused: int, unexcused: int, longest_streak: int) -> Verdict:
    """`longest_streak`: the longest run of consecutive absences, ending at this meeting."""
    expected = present + excused + unexcused
    rate = attendance_rate(present, expected)
    if rate is None:
        return Verdict(False, "Không có đảng viên thuộc diện phải dự họp.")
    shown = f"{present}/{expected} = {share(present, expected, trim=False)}"
    if rate <= ATTENDANCE_THRESHOLD:
        return Verdict(False, f"Dự họp {shown}, chưa vượt 85%.")
    if unexcused:
        return Verdict(False, f"Dự họp {shown} nhưng có {unexcused} đảng viên vắng không lý do.")
    if longest_streak > MAX_CONSECUTIVE_ABSENCES:
        return Verdict(False, f"Dự họp {shown} nhưng có đảng viên vắng {longest_streak} lần liên tiếp.")
    return Verdict(True, f"Dự họp {shown}, không ai vắng không lý do hay vắng quá 3 lần liên tiếp.")


def duration_criterion(combined: bool, minutes: int | None) -> Verdict:
    needed = MIN_MINUTES_COMBINED if combined else MIN_MINUTES
    if minutes is None:
        return Verdict(False, "Chưa ghi giờ bắt đầu và kết thúc.")
    if minutes < needed:
        return Verdict(False, f"Họp {minutes} phút, dưới {needed} phút.")
    return Verdict(True, f"Họp {minutes} phút (từ {needed} phút trở lên).")


@dataclass(frozen=True)
class Thresholds:
    good: int = 90
    fair: int = 70
    average: int = 50


def quality_level(total: int, thresholds: Thresholds, required_at_max: bool) -> str:
    """Tốt needs the score and, where the sheet names some, those criteria at their maximum
    (Bình Thuận practice, §3.6): otherwise the meeting is at most Khá."""
    if total >= thresholds.good and required_at_max:
        return "tot"
    if total >= thresholds.fair:
        return "kha"
    if total >= thresholds.average:
        return "trung_binh"
    return "kem"


def longest_absence_streak(history: list[bool]) -> int:
    """`history`: absent?, oldest first, ending with this meeting; the run that ends it."""
    streak = 0
    for absent in reversed(history):
        if not absent:
            break
        streak += 1
    return streak


def quarters_without_thematic(thematic_months: set[int], through_month: int) -> list[int]:
    """Quarters finished by `through_month` with no thematic meeting (CT 50: ≥ 1 a quarter)."""
    finished = through_month // 3
    held = {(m - 1) // 3 + 1 for m in thematic_months}
    return [q for q in range(1, finished + 1) if q not in held]


def materials_in_time(posted_on: date | None, meeting_day: date) -> bool:
    return posted_on is not None and (meeting_day - posted_on).days >= MATERIALS_DAYS_BEFORE


# Votes (domain-rules §3.5) ------------------------------------------------------------------------


def may_vote(status: str, probationary: bool) -> bool:
    """Who the chi bộ's vote is counted out of: the official members present. A dự bị member has
    every right but the vote (Điều lệ Đ.3); absent and not-counted members do not vote."""
    return status == "present" and not probationary


def two_thirds_of_official(votes_for: int, official_members: int) -> bool:
    """Admission and recognition: at least two thirds of the chi bộ's official members (Đ.4, Đ.5)."""
    return 3 * votes_for >= 2 * official_members


def more_than_half(votes_for: int, counted_members: int) -> bool:
    """A resolution passes with more than half of the members counted (Đ.9(5); QĐ 24 9.3.2)."""
    return 2 * votes_for > counted_members
