"""The computed criteria of recognition schemes.

A fixed library of measures (models.Measure), each read in bulk for many organisations and years
at once from the records: member and organisation ratings in force (decided or published),
finalised meetings and their attendance, discipline and committee posts. A criterion compares a
measure with a threshold; the judgement itself is pure (ratings/rules/recognition.py) and tested
without a database.
A province's list of 2,800 chi bộ costs one query per measure, never one per organisation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import Count, Q

from branches import formatting
from branches.models import BRANCH_KINDS, Discipline, Organisation, Position
from meetings.models import Attendance, Meeting

from .models import IN_FORCE, Measure, MemberRating, OrganisationRating, Status
from .rules.common import ORDER, Level
from .rules.recognition import (
    Fact,
    Judgement,
    Rule,
    judge_years,
    share,
)

COMMITTEE_TITLES = (
    Position.Title.SECRETARY,
    Position.Title.DEPUTY_SECRETARY,
    Position.Title.STANDING_MEMBER,
    Position.Title.COMMITTEE_MEMBER,
)

# Reads: one query (or two) per measure, for many organisations and years -----------------------------

Key = tuple[int, int]  # (organisation id, year)
Reader = Callable[[list[Organisation], list[int], str], dict[Key, Fact]]


def _prefix(orgs: list[Organisation]) -> str:
    """The deepest path every organisation lies under, so a subtree read is one prefix test."""
    parts = [o.path.strip("/").split("/") for o in orgs]
    common = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    return "/" + "".join(f"{p}/" for p in common) if common else "/"


def _owners(path: str, by_path: dict[str, int], strictly_below: bool = False) -> Iterable[int]:
    """The requested organisations whose subtree holds a row of the organisation at `path`."""
    parts = path.strip("/").split("/")
    for end in range(1, len(parts) + (0 if strictly_below else 1)):
        owner = by_path.get("/" + "".join(f"{p}/" for p in parts[:end]))
        if owner is not None:
            yield owner


def _member_share(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    """Members rated in the organisation's subtree: the share at `level` or better (QĐ 366 levels).
    Members not yet decided count against the share, and the text says how many there are."""
    at_least = [lv.value for lv in ORDER[ORDER.index(Level(level)) :]]
    rows = (
        MemberRating.objects.current()
        .exclude(status=Status.EXCLUDED)
        .filter(period__year__in=years, organisation__path__startswith=_prefix(orgs))
        .values_list("period__year", "organisation__path")
        .annotate(
            total=Count("pk"),
            decided=Count("pk", filter=Q(status__in=IN_FORCE)),
            good=Count("pk", filter=Q(status__in=IN_FORCE, level__in=at_least)),
        )
    )
    by_path = {o.path: o.pk for o in orgs}
    sums: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    for year, path, total, decided, good in rows:
        for owner in _owners(path, by_path):
            cell = sums[(owner, year)]
            cell[0], cell[1], cell[2] = cell[0] + total, cell[1] + decided, cell[2] + good
    label = Level(level).label.lower()
    facts = {}
    for org in orgs:
        for year in years:
            total, decided, good = sums.get((org.pk, year), (0, 0, 0))
            if not total:
                facts[(org.pk, year)] = Fact(None, f"Năm {year} chưa có đảng viên được xếp loại.")
                continue
            pending = f"; còn {total - decided} đồng chí chưa có kết quả" if decided < total else ""
            facts[(org.pk, year)] = Fact(
                share(good, total),
                f"{good}/{total} đảng viên {label} trở lên ({formatting.share(good, total)}){pending}.",
            )
    return facts


def _org_level(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    rows = (
        OrganisationRating.objects.current()
        .filter(period__year__in=years, organisation_id__in=[o.pk for o in orgs], status__in=IN_FORCE)
        .values_list("organisation_id", "period__year", "level")
    )
    levels = {(org_id, year): Level(lv) for org_id, year, lv in rows}
    facts = {}
    for org in orgs:
        for year in years:
            found = levels.get((org.pk, year))
            facts[(org.pk, year)] = (
                Fact(Fraction(found.rank), f"Năm {year}: {found.label}.")
                if found
                else Fact(None, f"Năm {year} chưa có kết quả xếp loại chất lượng.")
            )
    return facts


def _finalised_meetings(orgs: list[Organisation], years: list[int], kinds) -> Q:
    return Q(
        organisation_id__in=[o.pk for o in orgs],
        year__in=years,
        status=Meeting.Status.FINALISED,
        kind__in=kinds,
    )


def _meeting_months(orgs: list[Organisation], years: list[int], kinds) -> dict[Key, set[int]]:
    rows = (
        Meeting.objects.filter(_finalised_meetings(orgs, years, kinds))
        .order_by()
        .values_list("organisation_id", "year", "month")
        .distinct()
    )
    months: dict[Key, set[int]] = defaultdict(set)
    for org_id, year, month in rows:
        months[(org_id, year)].add(month)
    return months


def _regular_meetings(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    months = _meeting_months(orgs, years, Meeting.MONTHLY_KINDS)
    return {
        (o.pk, y): Fact(
            Fraction(len(months[(o.pk, y)])),
            f"{len(months[(o.pk, y)])}/12 kỳ sinh hoạt thường kỳ đã hoàn tất biên bản.",
        )
        for o in orgs
        for y in years
    }


def _thematic_meetings(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    rows = (
        Meeting.objects.filter(_finalised_meetings(orgs, years, Meeting.THEMATIC_KINDS))
        .values_list("organisation_id", "year")
        .annotate(n=Count("pk"))
    )
    counts = {(org_id, year): n for org_id, year, n in rows}
    return {
        (o.pk, y): Fact(
            Fraction(counts.get((o.pk, y), 0)), f"{counts.get((o.pk, y), 0)} buổi sinh hoạt chuyên đề."
        )
        for o in orgs
        for y in years
    }


def _thematic_quarters(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    months = _meeting_months(orgs, years, Meeting.THEMATIC_KINDS)
    facts = {}
    for org in orgs:
        for year in years:
            quarters = sorted({(m - 1) // 3 + 1 for m in months[(org.pk, year)]})
            listed = f" (quý {', '.join(map(str, quarters))})" if quarters else ""
            facts[(org.pk, year)] = Fact(
                Fraction(len(quarters)), f"{len(quarters)}/4 quý có sinh hoạt chuyên đề{listed}."
            )
    return facts


def _good_meeting_share(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    kinds = (*Meeting.MONTHLY_KINDS, Meeting.Kind.THEMATIC)
    rows = (
        Meeting.objects.filter(_finalised_meetings(orgs, years, kinds))
        .exclude(level="")
        .values_list("organisation_id", "year")
        .annotate(total=Count("pk"), good=Count("pk", filter=Q(level=Meeting.Level.GOOD)))
    )
    counts = {(org_id, year): (total, good) for org_id, year, total, good in rows}
    facts = {}
    for org in orgs:
        for year in years:
            total, good = counts.get((org.pk, year), (0, 0))
            facts[(org.pk, year)] = (
                Fact(
                    share(good, total),
                    f"{good}/{total} buổi sinh hoạt xếp loại Tốt ({formatting.share(good, total)}).",
                )
                if total
                else Fact(None, f"Năm {year} chưa có buổi sinh hoạt nào được xếp loại chất lượng.")
            )
    return facts


def _attendance_share(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    rows = (
        Attendance.objects.filter(
            meeting__organisation_id__in=[o.pk for o in orgs],
            meeting__year__in=years,
            meeting__status=Meeting.Status.FINALISED,
            meeting__kind__in=Meeting.MONTHLY_KINDS,
            status__in=Attendance.COUNTED,
        )
        .values_list("meeting__organisation_id", "meeting__year")
        .annotate(total=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)))
    )
    counts = {(org_id, year): (total, present) for org_id, year, total, present in rows}
    facts = {}
    for org in orgs:
        for year in years:
            total, present = counts.get((org.pk, year), (0, 0))
            facts[(org.pk, year)] = (
                Fact(
                    share(present, total),
                    f"{present}/{total} lượt có mặt ({formatting.share(present, total)}).",
                )
                if total
                else Fact(None, f"Năm {year} chưa có buổi sinh hoạt thường kỳ nào hoàn tất.")
            )
    return facts


def _disciplines(orgs: list[Organisation], years: list[int]):
    """Discipline decided in the years, counted where the member belonged at the time (§2.3)."""
    return Discipline.objects.filter(decided_on__year__in=years, organisation__path__startswith=_prefix(orgs))


def _committee_posts(
    orgs: list[Organisation], years: list[int]
) -> list[tuple[int, str, int, date, date | None]]:
    """Committee posts in the subtree held by a member disciplined in the years: (organisation id,
    path, member id, from, to). One query: the disciplined members are a subquery."""
    disciplined = _disciplines(orgs, years).values("member_id")
    return list(
        Position.objects.filter(
            title__in=COMMITTEE_TITLES,
            organisation__path__startswith=_prefix(orgs),
            member_id__in=disciplined,
            starts_on__lte=date(max(years), 12, 31),
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=date(min(years), 1, 1)))
        .values_list("organisation_id", "organisation__path", "member_id", "starts_on", "ends_on")
    )


def _held_in(year: int, starts_on: date, ends_on: date | None) -> bool:
    return starts_on <= date(year, 12, 31) and (ends_on is None or ends_on >= date(year, 1, 1))


def _count_fact(count: int, noun: str) -> Fact:
    return Fact(Fraction(count), f"{count} {noun}." if count else f"Không có {noun}.")


def _members_disciplined(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    by_path = {o.path: o.pk for o in orgs}
    members: dict[Key, set[int]] = defaultdict(set)
    for year, path, member_id in _disciplines(orgs, years).values_list(
        "decided_on__year", "organisation__path", "member_id"
    ):
        for owner in _owners(path, by_path):
            members[(owner, year)].add(member_id)
    return {
        (o.pk, y): _count_fact(len(members[(o.pk, y)]), "đảng viên bị kỷ luật trong năm")
        for o in orgs
        for y in years
    }


def _committee_disciplined(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    by_path = {o.path: o.pk for o in orgs}
    decided = defaultdict(set)
    for year, member_id in _disciplines(orgs, years).values_list("decided_on__year", "member_id"):
        decided[member_id].add(year)
    members: dict[Key, set[int]] = defaultdict(set)
    for _, path, member_id, starts_on, ends_on in _committee_posts(orgs, years):
        for year in decided[member_id]:
            if year in years and _held_in(year, starts_on, ends_on):
                for owner in _owners(path, by_path):
                    members[(owner, year)].add(member_id)
    return {
        (o.pk, y): _count_fact(len(members[(o.pk, y)]), "cấp ủy viên bị kỷ luật trong năm")
        for o in orgs
        for y in years
    }


@dataclass
class _BranchCounts:
    total: int = 0
    clean: int = 0
    leader_disciplined: int = 0


def _branch_counts(orgs: list[Organisation], years: list[int]) -> dict[Key, _BranchCounts]:
    """For each organisation and year: its chi bộ (below it, existing that year), how many had no
    member disciplined, and how many had a disciplined committee member."""
    branches = list(
        Organisation.objects.filter(path__startswith=_prefix(orgs), kind__in=BRANCH_KINDS).values_list(
            "pk", "path", "founded_on", "dissolved_on"
        )
    )
    disciplined, decided = set(), defaultdict(set)
    for org_id, year, member_id in _disciplines(orgs, years).values_list(
        "organisation_id", "decided_on__year", "member_id"
    ):
        disciplined.add((org_id, year))
        decided[member_id].add(year)
    leaders = {
        (org_id, year)
        for org_id, _, member_id, starts_on, ends_on in _committee_posts(orgs, years)
        for year in decided[member_id]
        if year in years and _held_in(year, starts_on, ends_on)
    }
    by_path = {o.path: o.pk for o in orgs}
    counts: dict[Key, _BranchCounts] = defaultdict(_BranchCounts)
    for pk, path, founded_on, dissolved_on in branches:
        owners = list(_owners(path, by_path, strictly_below=True))
        for year in years:
            if (founded_on and founded_on.year > year) or (dissolved_on and dissolved_on.year < year):
                continue
            for owner in owners:
                cell = counts[(owner, year)]
                cell.total += 1
                cell.clean += (pk, year) not in disciplined
                cell.leader_disciplined += (pk, year) in leaders
    return counts


def _branches_clean_share(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    counts = _branch_counts(orgs, years)
    facts = {}
    for org in orgs:
        for year in years:
            c = counts.get((org.pk, year), _BranchCounts())
            facts[(org.pk, year)] = (
                Fact(
                    share(c.clean, c.total),
                    f"{c.clean}/{c.total} chi bộ trực thuộc không có đảng viên bị kỷ luật "
                    f"({formatting.share(c.clean, c.total)}).",
                )
                if c.total
                else Fact(None, "Không có chi bộ trực thuộc.")
            )
    return facts


def _branches_leader_disciplined(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    counts = _branch_counts(orgs, years)
    return {
        (o.pk, y): _count_fact(
            counts.get((o.pk, y), _BranchCounts()).leader_disciplined,
            "chi bộ trực thuộc có cấp ủy viên bị kỷ luật",
        )
        for o in orgs
        for y in years
    }


READERS: dict[str, Reader] = {
    Measure.MEMBER_SHARE: _member_share,
    Measure.REGULAR_MEETINGS: _regular_meetings,
    Measure.THEMATIC_MEETINGS: _thematic_meetings,
    Measure.THEMATIC_QUARTERS: _thematic_quarters,
    Measure.GOOD_MEETING_SHARE: _good_meeting_share,
    Measure.ATTENDANCE_SHARE: _attendance_share,
    Measure.MEMBERS_DISCIPLINED: _members_disciplined,
    Measure.COMMITTEE_DISCIPLINED: _committee_disciplined,
    Measure.ORG_LEVEL: _org_level,
    Measure.BRANCHES_CLEAN_SHARE: _branches_clean_share,
    Measure.BRANCHES_LEADER_DISCIPLINED: _branches_leader_disciplined,
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
