"""Recognition criteria as pure judgement: a measure's fact for an organisation and year against a
criterion's rule (threshold, comparison, level), with the explanation a person reads. No database:
ratings/measures/ reads the facts in bulk and calls these."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from branches import formatting

from ..models.schemes import Comparison, Measure
from .common import Level

PERCENT, COUNT, LEVEL = "percent", "count", "level"
# Measures that compare against a level, and those that need one to count from.
NEEDS_LEVEL = {Measure.MEMBER_SHARE, Measure.ORG_LEVEL}
UNITS = {
    Measure.MEMBER_SHARE: PERCENT,
    Measure.GOOD_MEETING_SHARE: PERCENT,
    Measure.ATTENDANCE_SHARE: PERCENT,
    Measure.BRANCHES_CLEAN_SHARE: PERCENT,
    Measure.ORG_LEVEL: LEVEL,
}
# Measures of a chi bộ's own meetings, and of a committee's chi bộ: they mean nothing elsewhere.
BRANCH_ONLY = {
    Measure.REGULAR_MEETINGS,
    Measure.THEMATIC_MEETINGS,
    Measure.THEMATIC_QUARTERS,
    Measure.GOOD_MEETING_SHARE,
    Measure.ATTENDANCE_SHARE,
}
COMMITTEE_ONLY = {Measure.BRANCHES_CLEAN_SHARE, Measure.BRANCHES_LEADER_DISCIPLINED}


@dataclass(frozen=True)
class Fact:
    """What the records say for one organisation and year: an exact number to compare (None when
    there is nothing to judge yet) and how to show it to people."""

    number: Fraction | None
    shown: str


@dataclass(frozen=True)
class Rule:
    measure: str
    level: str = ""
    comparison: str = Comparison.AT_LEAST
    threshold: Decimal | None = None


@dataclass(frozen=True)
class Judgement:
    met: bool
    value: Decimal | None  # what is kept with the self-report
    explanation: str


def share(part: int, whole: int) -> Fraction:
    return Fraction(100 * part, whole)


def requirement(rule: Rule) -> str:
    """The criterion's requirement in words: "≥ 80%", "= 0", "từ Hoàn thành tốt nhiệm vụ trở lên"."""
    if UNITS.get(rule.measure) == LEVEL:
        label = Level(rule.level).label if rule.level else "?"
        return {"ge": f"từ {label} trở lên", "le": f"không cao hơn {label}", "eq": f"đúng mức {label}"}[
            rule.comparison
        ]
    threshold = formatting.number(rule.threshold, 1, trim=True) if rule.threshold is not None else "?"
    unit = "%" if UNITS.get(rule.measure) == PERCENT else ""
    symbol = {"ge": "≥", "le": "≤", "eq": "="}[rule.comparison]
    return f"{symbol} {threshold}{unit}"


def describe(rule: Rule) -> str:
    """The computed criterion in words, for the scheme's page: "Số kỳ sinh hoạt thường kỳ trong năm ≥ 12"."""
    if rule.measure == Measure.MEMBER_SHARE:
        name = (
            f"Tỷ lệ đảng viên xếp loại từ {Level(rule.level).label.lower()} trở lên"
            if rule.level
            else "Tỷ lệ đảng viên"
        )
    else:
        name = Measure(rule.measure).label.removesuffix(" (%)")
    return f"{name} {requirement(rule)}"


def _target(rule: Rule) -> Fraction:
    if UNITS.get(rule.measure) == LEVEL:
        return Fraction(Level(rule.level).rank)
    return Fraction(rule.threshold)


def judge(rule: Rule, fact: Fact) -> Judgement:
    if fact.number is None:
        return Judgement(False, None, f"{fact.shown} Yêu cầu {requirement(rule)}: chưa đạt.")
    target = _target(rule)
    met = {"ge": fact.number >= target, "le": fact.number <= target, "eq": fact.number == target}[
        rule.comparison
    ]
    value = Decimal(fact.number.numerator) / Decimal(fact.number.denominator)
    shown = fact.shown.removesuffix(".")
    return Judgement(
        met, round(value, 2), f"{shown} — yêu cầu {requirement(rule)}: {'đạt' if met else 'chưa đạt'}."
    )


def judge_years(rule: Rule, facts: dict[int, Fact]) -> Judgement:
    """A criterion that must hold several years running (the scheme's `years_running`): met when
    every year meets it; the value is the last year's."""
    years = sorted(facts)
    last = judge(rule, facts[years[-1]])
    if len(years) == 1:
        return last
    each = [(year, judge(rule, facts[year]).met) for year in years]
    summary = "; ".join(f"{year}: {'đạt' if met else 'chưa đạt'}" for year, met in each)
    return Judgement(
        all(met for _, met in each),
        last.value,
        f"{last.explanation} Yêu cầu {len(years)} năm liền — {summary}.",
    )
