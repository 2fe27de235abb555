"""Measures read from discipline and committee posts: members and committee members disciplined in the
year, and the chi bộ below an organisation with no member, or a committee member, disciplined."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from branches.models import BRANCH_KINDS, Discipline, Organisation, Position

from ..rules.recognition import Fact
from .common import Key, count_fact, owners, share_facts, subtree_prefix

COMMITTEE_TITLES = (
    Position.Title.SECRETARY,
    Position.Title.DEPUTY_SECRETARY,
    Position.Title.STANDING_MEMBER,
    Position.Title.COMMITTEE_MEMBER,
)


def _disciplines(orgs: list[Organisation], years: list[int]):
    """Discipline decided in the years, counted where the member belonged at the time (§2.3)."""
    return Discipline.objects.filter(
        decided_on__year__in=years, organisation__path__startswith=subtree_prefix(orgs)
    )


def _committee_posts(
    orgs: list[Organisation], years: list[int]
) -> list[tuple[int, str, int, date, date | None]]:
    """Committee posts in the subtree held by a member disciplined in the years: (organisation id,
    path, member id, from, to). One query: the disciplined members are a subquery."""
    disciplined = _disciplines(orgs, years).values("member_id")
    return list(
        Position.objects.filter(
            title__in=COMMITTEE_TITLES,
            organisation__path__startswith=subtree_prefix(orgs),
            member_id__in=disciplined,
            starts_on__lte=date(max(years), 12, 31),
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=date(min(years), 1, 1)))
        .values_list("organisation_id", "organisation__path", "member_id", "starts_on", "ends_on")
    )


def _held_in(year: int, starts_on: date, ends_on: date | None) -> bool:
    return starts_on <= date(year, 12, 31) and (ends_on is None or ends_on >= date(year, 1, 1))


def _in_post_when_disciplined(
    orgs: list[Organisation], years: list[int], decided: dict[int, set[int]]
) -> Iterator[tuple[int, str, int, int]]:
    """(organisation id, path, member id, year) for each committee post held in a year its member was
    disciplined (`decided`: member id → the years of their discipline)."""
    for org_id, path, member_id, starts_on, ends_on in _committee_posts(orgs, years):
        for year in decided[member_id]:
            if year in years and _held_in(year, starts_on, ends_on):
                yield org_id, path, member_id, year


def _members_counted(
    orgs: list[Organisation], years: list[int], found: Iterable[tuple[str, int, int]], label: str
) -> dict[Key, Fact]:
    """How many members each organisation and year counts from `found` (path, member id, year),
    each counted once at every organisation whose subtree holds the path."""
    by_path = {o.path: o.pk for o in orgs}
    members: dict[Key, set[int]] = defaultdict(set)
    for path, member_id, year in found:
        for owner in owners(path, by_path):
            members[(owner, year)].add(member_id)
    return {(o.pk, y): count_fact(len(members[(o.pk, y)]), label) for o in orgs for y in years}


def members_disciplined(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    found = _disciplines(orgs, years).values_list("organisation__path", "member_id", "decided_on__year")
    return _members_counted(orgs, years, found, "đảng viên bị kỷ luật trong năm")


def committee_disciplined(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    decided = defaultdict(set)
    for year, member_id in _disciplines(orgs, years).values_list("decided_on__year", "member_id"):
        decided[member_id].add(year)
    found = (
        (path, member_id, year)
        for _, path, member_id, year in _in_post_when_disciplined(orgs, years, decided)
    )
    return _members_counted(orgs, years, found, "cấp ủy viên bị kỷ luật trong năm")


@dataclass
class _BranchCounts:
    total: int = 0
    clean: int = 0
    leader_disciplined: int = 0


def _branch_counts(orgs: list[Organisation], years: list[int]) -> dict[Key, _BranchCounts]:
    """For each organisation and year: its chi bộ (below it, existing that year), how many had no
    member disciplined, and how many had a disciplined committee member."""
    branches = list(
        Organisation.objects.filter(path__startswith=subtree_prefix(orgs), kind__in=BRANCH_KINDS).values_list(
            "pk", "path", "founded_on", "dissolved_on"
        )
    )
    disciplined, decided = set(), defaultdict(set)
    for org_id, year, member_id in _disciplines(orgs, years).values_list(
        "organisation_id", "decided_on__year", "member_id"
    ):
        disciplined.add((org_id, year))
        decided[member_id].add(year)
    leaders = {(org_id, year) for org_id, _, _, year in _in_post_when_disciplined(orgs, years, decided)}
    by_path = {o.path: o.pk for o in orgs}
    counts: dict[Key, _BranchCounts] = defaultdict(_BranchCounts)
    for pk, path, founded_on, dissolved_on in branches:
        above = list(owners(path, by_path, strictly_below=True))
        for year in years:
            if (founded_on and founded_on.year > year) or (dissolved_on and dissolved_on.year < year):
                continue
            for owner in above:
                cell = counts[(owner, year)]
                cell.total += 1
                cell.clean += (pk, year) not in disciplined
                cell.leader_disciplined += (pk, year) in leaders
    return counts


def branches_clean_share(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    counts = {key: (c.clean, c.total) for key, c in _branch_counts(orgs, years).items()}
    return share_facts(
        orgs, years, counts, "chi bộ trực thuộc không có đảng viên bị kỷ luật", "Không có chi bộ trực thuộc."
    )


def branches_leader_disciplined(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    counts = _branch_counts(orgs, years)
    return {
        (o.pk, y): count_fact(
            counts.get((o.pk, y), _BranchCounts()).leader_disciplined,
            "chi bộ trực thuộc có cấp ủy viên bị kỷ luật",
        )
        for o in orgs
        for y in years
    }
