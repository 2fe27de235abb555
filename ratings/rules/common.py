"""What every rating regime shares: the four levels, the facts a rating is judged on, the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from branches.formatting import number


class Level(StrEnum):
    HTXSNV = "HTXSNV"
    HTTNV = "HTTNV"
    HTNV = "HTNV"
    KHTNV = "KHTNV"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        """Higher is better: HTXSNV 3 … KHTNV 0."""
        return ORDER.index(self)


ORDER = [Level.KHTNV, Level.HTNV, Level.HTTNV, Level.HTXSNV]
LEVEL_LABELS = {
    Level.HTXSNV: "Hoàn thành xuất sắc nhiệm vụ",
    Level.HTTNV: "Hoàn thành tốt nhiệm vụ",
    Level.HTNV: "Hoàn thành nhiệm vụ",
    Level.KHTNV: "Không hoàn thành nhiệm vụ",
}


class Regime(StrEnum):
    """The rule set a rating year falls under (domain-rules §1)."""

    HD27 = "HD27_2014"  # ≤ 2017: "Trong sạch, vững mạnh" … "Yếu kém"
    QD132 = "QD132_HD21"  # 2018–2022
    QD124 = "QD124_HD25"  # 2023–2024: four levels, no 100-point score
    QD366 = "QD366_HD43"  # 2025 →: 100-point score with thresholds


REGIME_LABELS = {
    Regime.HD27: "Hướng dẫn 27-HD/BTCTW (đến năm 2017)",
    Regime.QD132: "Quy định 132-QĐ/TW, Hướng dẫn 21-HD/BTCTW (2018–2022)",
    Regime.QD124: "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW (2023–2024)",
    Regime.QD366: "Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW (từ năm 2025)",
}


def regime_for(year: int) -> Regime:
    if year >= 2025:
        return Regime.QD366
    if year >= 2023:
        return Regime.QD124
    if year >= 2018:
        return Regime.QD132
    return Regime.HD27


def score_text(score) -> str:
    """A score the Vietnamese way: 89,5; a whole number without decimals; "—" for none."""
    return "—" if score is None else number(score, 1, trim=True)


@dataclass(frozen=True)
class Tasks:
    """The year's assigned tasks and how they went (the self-assessment's task figures)."""

    assigned: int = 0
    on_time: int = 0  # completed on schedule with quality
    exceeded: int = 0  # of those, exceeding the requirement
    late: int = 0  # completed behind schedule
    not_done: int = 0

    def share(self, count: int) -> float:
        return count / self.assigned if self.assigned else 0.0

    @property
    def all_done(self) -> bool:
        return self.not_done == 0


@dataclass(frozen=True)
class DisciplineFact:
    form: str  # khien_trach | canh_cao | cach_chuc | khai_tru
    duty_related: bool
    decided_on: date
    violation_unit_id: int | None = None  # the unit where the violation happened (§2.3 timing)


@dataclass(frozen=True)
class MemberFacts:
    score: Decimal | int | None  # 0–100 (one decimal) under QĐ 366; None under QĐ 124
    tasks: Tasks = field(default_factory=Tasks)
    shortcomings_pointed: int = 0  # at the previous review
    shortcomings_remedied: int = 0
    disciplines: tuple[DisciplineFact, ...] = ()
    degeneration_concluded: bool = False  # "suy thoái … tự diễn biến, tự chuyển hóa"
    forbidden_acts: bool = False  # violated "những điều đảng viên không được làm" / duty to set an example
    is_leader: bool = False
    low_confidence_share: float | None = None  # share of "tín nhiệm thấp" votes, leaders only
    units_failed_share: float | None = None  # leaders: share of units under charge rated KHTNV
    unit_plan_share: float | None = None  # leaders: share of the unit's planned tasks completed


@dataclass
class Verdict:
    """The level a regime allows, and why; `review` asks the deciding level to look (a gap in
    the rules, or a trigger that a recorded mitigation may lift)."""

    level: Level
    reasons: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)  # KHTNV triggers that applied
    review: bool = False
