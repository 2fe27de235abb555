"""The computed criteria of recognition schemes.

A fixed library of measures (models.Measure), each read in bulk for many organisations and years
at once from the records: member and organisation ratings in force (decided or published),
finalised meetings and their attendance, discipline and committee posts. A criterion compares a
measure with a threshold; the judgement itself is pure (ratings/rules/recognition.py) and tested
without a database. The readers sit by what they read: `ratings`, `meetings`, `discipline`.
A province's list of 2,800 chi bộ costs one query per measure, never one per organisation.
"""

from __future__ import annotations

from collections import defaultdict

from branches.models import Organisation

from ..models import Measure
from ..rules.recognition import Judgement, Rule, judge_years
from . import discipline, meetings, ratings
from .common import Reader

READERS: dict[str, Reader] = {
    Measure.MEMBER_SHARE: ratings.member_share,
    Measure.REGULAR_MEETINGS: meetings.regular_meetings,
    Measure.THEMATIC_MEETINGS: meetings.thematic_meetings,
    Measure.THEMATIC_QUARTERS: meetings.thematic_quarters,
    Measure.GOOD_MEETING_SHARE: meetings.good_meeting_share,
    Measure.ATTENDANCE_SHARE: meetings.attendance_share,
    Measure.MEMBERS_DISCIPLINED: discipline.members_disciplined,
    Measure.COMMITTEE_DISCIPLINED: discipline.committee_disciplined,
    Measure.ORG_LEVEL: ratings.org_level,
    Measure.BRANCHES_CLEAN_SHARE: discipline.branches_clean_share,
    Measure.BRANCHES_LEADER_DISCIPLINED: discipline.branches_leader_disciplined,
}


def evaluate(
    rules: list[Rule], orgs: list[Organisation], year: int, years_running: int = 1
) -> dict[int, list[Judgement]]:
    """Each organisation's judgement on each rule, in the rules' order. A rule must hold in each of
    the `years_running` years ending with `year`. One read per distinct (measure, level)."""
    if not orgs or not rules:
        return {o.pk: [] for o in orgs}
    years = list(range(year - years_running + 1, year + 1))
    facts = {
        key: READERS[key[0]](orgs, years, key[1])
        for key in dict.fromkeys((r.measure, r.level) for r in rules)
    }
    return {
        org.pk: [judge_years(r, {y: facts[(r.measure, r.level)][(org.pk, y)] for y in years}) for r in rules]
        for org in orgs
    }


def evaluate_recognitions(recognitions) -> dict[int, dict[int, Judgement]]:
    """Today's judgement of each computed criterion of each recognition (results prefetched): for
    the pages, the self-report's snapshot and the check after a re-rating. Recognitions of the same
    scheme and year are read together."""
    groups: dict[tuple[int, int, int], list] = defaultdict(list)
    for rec in recognitions:
        groups[(rec.scheme_id, rec.year, rec.scheme.years_running)].append(rec)
    out: dict[int, dict[int, Judgement]] = {}
    for (_, year, years_running), recs in groups.items():
        rules = list(dict.fromkeys(r.rule() for rec in recs for r in rec.results.all() if r.is_computed))
        orgs = list({rec.organisation_id: rec.organisation for rec in recs}.values())
        judged = evaluate(rules, orgs, year, years_running)
        for rec in recs:
            by_rule = dict(zip(rules, judged[rec.organisation_id], strict=True))
            out[rec.pk] = {r.pk: by_rule[r.rule()] for r in rec.results.all() if r.is_computed}
    return out
