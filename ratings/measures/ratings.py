"""Measures read from the ratings in force (decided or published): the share of members at a level or
better, and an organisation's own level."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from django.db.models import Count, Q

from branches import formatting
from branches.models import Organisation

from ..models import IN_FORCE, MemberRating, OrganisationRating, Status
from ..rules.common import ORDER, Level
from ..rules.recognition import Fact, share
from .common import Key, owners, subtree_prefix


def member_share(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
    """Members rated in the organisation's subtree: the share at `level` or better (QĐ 366 levels).
    Members not yet decided count against the share, and the text says how many there are."""
    at_least = [lv.value for lv in ORDER[ORDER.index(Level(level)) :]]
    rows = (
        MemberRating.objects.current()
        .exclude(status=Status.EXCLUDED)
        .filter(period__year__in=years, organisation__path__startswith=subtree_prefix(orgs))
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
        for owner in owners(path, by_path):
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


def org_level(orgs: list[Organisation], years: list[int], level: str) -> dict[Key, Fact]:
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
