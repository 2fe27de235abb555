"""Pure member-lifecycle rules (domain-rules §5). Dates in, dates or verdicts out."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

PROBATION_MONTHS = 12  # Điều lệ Đ.5: probation is 12 months from the admission ceremony
RECOGNITION_WARNING_MONTHS = 11  # the app starts reminding a month ahead
RECOGNITION_VOTE_WORKING_DAYS = 30  # QĐ 294: chi bộ votes within 30 working days after probation
CEREMONY_WORKING_DAYS = 30  # the ceremony within 30 working days of the admission decision
DISCIPLINE_EFFECT_YEARS = 1  # QĐ 22 Đ.16(10) [U for QĐ 296]: a decision lapses after one year
TRANSFER_PRESENT_WORKING_DAYS = 30  # introduction letter presented within 30 working days


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: date, count: int) -> date:
    """Monday to Friday; public holidays are not modelled."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def probation_end(ceremony: date) -> date:
    return add_months(ceremony, PROBATION_MONTHS)


def recognition_state(ceremony: date, today: date) -> str | None:
    """Where a probationary member stands: None, "soon", "due" or "overdue"."""
    end = probation_end(ceremony)
    if today > add_working_days(end, RECOGNITION_VOTE_WORKING_DAYS):
        return "overdue"
    if today >= end:
        return "due"
    if today >= add_months(ceremony, RECOGNITION_WARNING_MONTHS):
        return "soon"
    return None


RECOGNITION_STATE_LABELS = {
    "soon": "Sắp hết thời gian dự bị",
    "due": "Đến hạn xét công nhận chính thức",
    "overdue": "Quá hạn xét công nhận chính thức",
}


def ceremony_needs_approval(decision: date, ceremony: date) -> bool:
    """A ceremony later than 30 working days after the decision needs the superior's approval."""
    return ceremony > add_working_days(decision, CEREMONY_WORKING_DAYS)


def discipline_effective_until(form: str, decided_on: date) -> date | None:
    if form == "khai_tru":
        return None
    return add_months(decided_on, 12 * DISCIPLINE_EFFECT_YEARS)


# Structure (domain-rules §4.2, Điều lệ Đ.21, Đ.24; QĐ 294) --------------------------------------

MIN_OFFICIAL_IN_BRANCH = 3  # a chi bộ needs at least three official members
COMMITTEE_FROM_OFFICIAL = 9  # from nine official members (exempt ones count) a chi bộ elects a chi ủy
MAX_COMMITTEE = 7  # QĐ 294: at most seven chi ủy members
GRASSROOTS_COMMITTEE_FROM = 30  # a TCCSĐ of 30 members or more is a đảng bộ cơ sở


def branch_structure(official: int) -> str:
    """What a chi bộ of this many official members elects, or why it cannot be one."""
    if official < MIN_OFFICIAL_IN_BRANCH:
        return f"Chỉ có {official} đảng viên chính thức: chưa đủ 3 để là một chi bộ (Điều lệ Đảng, Điều 21)."
    if official < COMMITTEE_FROM_OFFICIAL:
        return f"{official} đảng viên chính thức: bầu bí thư (và phó bí thư nếu cần), không bầu chi ủy."
    return f"{official} đảng viên chính thức: bầu chi ủy (tối đa {MAX_COMMITTEE} đồng chí), rồi bí thư, phó bí thư."


def grassroots_kind_for(members: int) -> str:
    """The model a tổ chức cơ sở đảng of this size follows; exceptions need the superior's approval."""
    return "grassroots_committee" if members >= GRASSROOTS_COMMITTEE_FROM else "grassroots_cell"
