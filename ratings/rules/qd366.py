"""QĐ 366-QĐ/TW (2025) Điều 11: the level of a party member from the 100-point score and the
conditions of each level, with the KHTNV triggers that override any score (domain-rules §2.3)."""

from __future__ import annotations

from dataclasses import dataclass

from .common import DisciplineFact, Level, MemberFacts, Verdict, score_text


@dataclass(frozen=True)
class Parameters:
    """What a province's rulebook may set; the defaults are the text of QĐ 366."""

    htxsnv_min: int = 90
    httnv_min: int = 70
    htnv_min: int = 50
    exceeded_share: float = 0.30  # HTXSNV: at least 30 % of tasks exceeded the requirement
    late_share: float = 0.20  # HTNV: at most 20 % of tasks behind schedule
    failed_share: float = 0.50  # KHTNV: more than half of the year's tasks not completed
    low_confidence_share: float = 0.50  # leaders: more than half "tín nhiệm thấp"
    unit_plan_min: float = 0.70  # leaders: the unit completed at least 70 % of its plan


DEFAULT = Parameters()


def _pct(share: float) -> str:
    return f"{share:.0%}"


def counted_disciplines(facts: MemberFacts, year: int, unit_id: int | None) -> list[DisciplineFact]:
    """Discipline counts in the year it was decided (even for an older violation), and at the unit
    where the violation happened; a unit the member moved to is not blamed (§2.3)."""
    return [
        d
        for d in facts.disciplines
        if d.decided_on.year == year
        and (d.violation_unit_id is None or unit_id is None or d.violation_unit_id == unit_id)
    ]


def khtnv_triggers(
    facts: MemberFacts, year: int, unit_id: int | None = None, p: Parameters = DEFAULT
) -> list[str]:
    """The facts that make a member KHTNV whatever the score; the deciding level may still lift
    one with a recorded mitigation (self-reported and remedied, or force majeure)."""
    found = []
    for d in counted_disciplines(facts, year, unit_id):
        if d.duty_related:  # every form, khiển trách upwards, is "khiển trách or heavier"
            found.append(
                f"Bị kỷ luật ({d.form.replace('_', ' ')}) năm {year} do vi phạm liên quan đến thực thi công vụ."
            )
    if facts.degeneration_concluded:
        found.append(
            "Được cấp có thẩm quyền kết luận có biểu hiện suy thoái, “tự diễn biến”, “tự chuyển hóa”."
        )
    if facts.forbidden_acts:
        found.append(
            "Vi phạm những điều đảng viên không được làm hoặc trách nhiệm nêu gương, ảnh hưởng uy tín."
        )
    if facts.tasks.assigned and facts.tasks.share(facts.tasks.not_done) > p.failed_share:
        found.append(f"Trên {_pct(p.failed_share)} nhiệm vụ trong năm không hoàn thành.")
    if facts.is_leader:
        if facts.low_confidence_share is not None and facts.low_confidence_share > p.low_confidence_share:
            found.append(f"Trên {_pct(p.low_confidence_share)} phiếu tín nhiệm thấp khi lấy phiếu tín nhiệm.")
        if facts.units_failed_share is not None and facts.units_failed_share > 0.5:
            found.append("Trên 50% đơn vị, lĩnh vực phụ trách bị xếp loại không hoàn thành nhiệm vụ.")
        if facts.unit_plan_share is not None and facts.unit_plan_share < p.unit_plan_min:
            found.append(f"Đơn vị phụ trách hoàn thành dưới {_pct(p.unit_plan_min)} kế hoạch.")
    return found


def _conditions(level: Level, facts: MemberFacts, p: Parameters, quota_allows: bool) -> list[str]:
    """What keeps `level` from being given, besides the score; empty when its conditions hold."""
    t = facts.tasks
    missing = []
    if level in (Level.HTXSNV, Level.HTTNV) and (t.late or t.not_done):
        missing.append("chưa hoàn thành 100% nhiệm vụ đúng tiến độ")
    if level == Level.HTXSNV:
        if t.share(t.exceeded) < p.exceeded_share:
            missing.append(
                f"chỉ {_pct(t.share(t.exceeded))} nhiệm vụ vượt yêu cầu (cần từ {_pct(p.exceeded_share)})"
            )
        if facts.shortcomings_remedied < facts.shortcomings_pointed:
            missing.append(
                f"mới khắc phục {facts.shortcomings_remedied}/{facts.shortcomings_pointed} hạn chế, khuyết điểm đã chỉ ra"
            )
        if not quota_allows:
            missing.append("vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ được phép")
    if level == Level.HTNV:
        if t.not_done:
            missing.append("còn nhiệm vụ không hoàn thành")
        if t.share(t.late) > p.late_share:
            missing.append(f"{_pct(t.share(t.late))} nhiệm vụ chậm tiến độ (tối đa {_pct(p.late_share)})")
    return missing


def member_level(
    facts: MemberFacts,
    year: int,
    unit_id: int | None = None,
    p: Parameters = DEFAULT,
    quota_allows: bool = True,
) -> Verdict:
    """The highest level whose score minimum and conditions both hold.

    QĐ 366 reads as bands (≥ 90 / 70–< 90 / 50–< 70); a score of 90+ that misses an HTXSNV
    condition fits no band literally. Following HD 21 practice the score is a minimum and the
    member gets the next level whose conditions hold, with the reason recorded (⚠ §2.3 gap).
    """
    triggers = khtnv_triggers(facts, year, unit_id, p)
    if triggers:
        return Verdict(Level.KHTNV, reasons=triggers, triggers=triggers, review=True)
    score = facts.score if facts.score is not None else 0
    reasons = []
    for level, minimum in (
        (Level.HTXSNV, p.htxsnv_min),
        (Level.HTTNV, p.httnv_min),
        (Level.HTNV, p.htnv_min),
    ):
        if score < minimum:
            continue
        missing = _conditions(level, facts, p, quota_allows)
        if not missing:
            return Verdict(level, reasons=reasons)
        reasons.append(f"Điểm {score_text(score)} đủ mức {level.label.lower()} nhưng {'; '.join(missing)}.")
    if score >= p.htnv_min:
        # The score qualifies for a level but no level's conditions hold: KHTNV, for the deciding
        # level to look at rather than a silent downgrade.
        return Verdict(Level.KHTNV, reasons=reasons, review=True)
    return Verdict(Level.KHTNV, reasons=[*reasons, f"Điểm {score_text(score)} dưới {p.htnv_min}."])
