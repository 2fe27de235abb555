"""Who is reviewed and rated, where, and what must come first (domain-rules §2.8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from branches.rules import add_months

from .common import Level, Regime

NEW_MEMBER_MONTHS = 6  # admitted less than 6 months before the review: not rated (since QĐ 124)
PREVIOUS_UNIT_MONTHS = (
    6  # ⚠ HD 21: a member transferred in after ≥ 6 months elsewhere needs that chi bộ's comment
)


@dataclass(frozen=True)
class Situation:
    ceremony_date: date
    review_date: date
    exempt: bool = False
    suspended: bool = False
    temporary_host: str = ""  # the chi bộ hosting a temporary stay, if any
    host_commented: bool = False
    previous_unit: str = ""  # the chi bộ the member left during the year, if any
    months_at_previous_unit: int = 0
    previous_unit_commented: bool = False
    sick_leave_months: int = 0


@dataclass
class Eligibility:
    rated: bool
    reason: str = ""  # why not rated
    column: str = ""  # the report column an excluded member is counted in
    waiting_for: list[str] = field(default_factory=list)  # comments needed before the rating
    cap: Level | None = None  # the best level the regime allows in this situation


def eligibility(s: Situation, regime: Regime, require_previous_comment: bool = True) -> Eligibility:
    if s.exempt:
        return Eligibility(
            False, "Được miễn công tác và sinh hoạt đảng: không kiểm điểm, xếp loại.", "exempt"
        )
    if s.suspended:
        return Eligibility(False, "Đang bị đình chỉ sinh hoạt đảng: không kiểm điểm, xếp loại.", "suspended")
    if add_months(s.ceremony_date, NEW_MEMBER_MONTHS) > s.review_date:
        return Eligibility(False, "Kết nạp chưa đủ 6 tháng: không kiểm điểm, xếp loại.", "new")
    result = Eligibility(True)
    if s.temporary_host and not s.host_commented:
        # HD 43 7.6: rated at the official chi bộ after the host chi bộ has commented.
        result.waiting_for.append(f"Nhận xét của {s.temporary_host} (nơi sinh hoạt tạm thời).")
    if (
        require_previous_comment
        and s.previous_unit
        and s.months_at_previous_unit >= PREVIOUS_UNIT_MONTHS
        and not s.previous_unit_commented
    ):
        result.waiting_for.append(
            f"Nhận xét của {s.previous_unit} (sinh hoạt {s.months_at_previous_unit} tháng trong năm)."
        )
    if regime == Regime.QD132 and s.sick_leave_months >= 3:
        # HD 21 (2019–2022) capped long sick leave at HTNV; HD 43 rates on actual results (no cap).
        result.cap = Level.HTNV
    return result


def can_finalise_branch(member_states: list[tuple[bool, bool]]) -> bool:
    """(rated?, has a decided level?) for each member: a chi bộ is rated after all its members
    who are rated at all (QĐ 366 Điều 12(2))."""
    return all(decided for rated, decided in member_states if rated)
