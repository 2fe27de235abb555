"""Collectives: a party organisation's level and its link to its members and its head
(domain-rules §2.3 collective column, §2.5)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from .common import Level, Tasks, Verdict, score_text
from .qd366 import DEFAULT, Parameters


@dataclass(frozen=True)
class CollectiveFacts:
    score: Decimal | int | None
    tasks: Tasks
    leadership_disciplined: bool = False  # a member of the leadership collective disciplined this year
    leadership_disciplined_duty: bool = False  # … khiển trách or heavier, for a duty-related violation
    affiliate_disciplined: bool = False  # an affiliated unit disciplined
    unit_plan_share: float | None = None  # share of the locality's/unit's planned tasks completed
    shortcomings_pointed: int = 0
    shortcomings_remedied: int = 0


@dataclass(frozen=True)
class LinkRules:
    """Province options: the HD 21 member-ratio rule for HTXSNV, and "head not above the collective"."""

    member_ratio: bool = False  # HTXSNV needs 100 % of members ≥ HTNV and ≥ 80 % ≥ HTTNV
    member_ratio_good_share: float = 0.80
    head_not_above_collective: bool = True


def collective_level(
    facts: CollectiveFacts,
    member_levels: list[Level],
    links: LinkRules = LinkRules(),
    p: Parameters = DEFAULT,
    quota_allows: bool = True,
) -> Verdict:
    triggers = []
    if facts.leadership_disciplined_duty:
        triggers.append(
            "Thành viên tập thể lãnh đạo bị kỷ luật từ khiển trách trở lên do vi phạm liên quan đến công vụ."
        )
    if facts.unit_plan_share is not None and facts.unit_plan_share < p.unit_plan_min:
        triggers.append(f"Địa phương, đơn vị hoàn thành dưới {p.unit_plan_min:.0%} nhiệm vụ kế hoạch.")
    if triggers:
        return Verdict(Level.KHTNV, reasons=triggers, triggers=triggers, review=True)

    blocks = []
    if facts.leadership_disciplined or facts.affiliate_disciplined:
        blocks.append("có thành viên tập thể lãnh đạo hoặc đơn vị trực thuộc bị kỷ luật trong năm")
    if links.member_ratio and member_levels:
        counts = Counter(member_levels)
        total = len(member_levels)
        if counts[Level.KHTNV]:
            blocks.append(f"còn {counts[Level.KHTNV]} đảng viên không hoàn thành nhiệm vụ")
        good = counts[Level.HTXSNV] + counts[Level.HTTNV]
        if good < links.member_ratio_good_share * total:
            blocks.append(
                f"chỉ {good}/{total} đảng viên hoàn thành tốt nhiệm vụ trở lên (cần {links.member_ratio_good_share:.0%})"
            )
    t, score = facts.tasks, facts.score if facts.score is not None else 0
    if t.share(t.exceeded) < p.exceeded_share:
        blocks.append(f"chỉ {t.share(t.exceeded):.0%} nhiệm vụ vượt yêu cầu")
    if facts.shortcomings_remedied < facts.shortcomings_pointed:
        blocks.append("chưa khắc phục hết hạn chế, khuyết điểm đã chỉ ra")
    if not quota_allows:
        blocks.append("vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ được phép")
    on_schedule = not (t.late or t.not_done)
    reasons = []
    if score >= p.htxsnv_min:
        if on_schedule and not blocks:
            return Verdict(Level.HTXSNV)
        reasons.append(
            f"Điểm {score_text(score)} đủ mức hoàn thành xuất sắc nhưng {'; '.join(blocks or ['chưa hoàn thành đúng tiến độ'])}."
        )
    if score >= p.httnv_min and on_schedule:
        return Verdict(Level.HTTNV, reasons=reasons)
    if score >= p.htnv_min and not t.not_done and t.share(t.late) <= p.late_share:
        return Verdict(Level.HTNV, reasons=reasons)
    return Verdict(
        Level.KHTNV,
        reasons=reasons or [f"Điểm {score_text(score)} dưới {p.htnv_min}."],
        review=score >= p.htnv_min,
    )


def head_level(proposed: Level, collective: Level, links: LinkRules = LinkRules()) -> tuple[Level, str]:
    """HD 21 (and the QĐ 366 principle): the head is not rated above the collective they lead."""
    if links.head_not_above_collective and proposed.rank > collective.rank:
        return collective, f"Người đứng đầu không xếp cao hơn tập thể ({collective.label.lower()})."
    return proposed, ""


def hd27_weak(members_total: int, members_failed: int) -> bool:
    """≤ 2017 (HD 27): a chi bộ was "Yếu kém" when more than half its members failed their tasks."""
    return 2 * members_failed > members_total
