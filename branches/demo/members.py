"""The demo's members: who they are (name, birth, ethnicity, home town, occupation, CCCD), when they
joined, and their timelines and posts, bulk-inserted."""

from __future__ import annotations

import random
from datetime import date, timedelta

from .. import rules
from ..models import Member, MemberEvent, Organisation, Position
from ..text import fold, name_sort_key
from .draw import pick, sizes
from .people import (
    FAMILY,
    GIVEN_F,
    GIVEN_M,
    HOA_FAMILY,
    KHMER_FAMILY,
    KHMER_GIVEN,
    MIDDLE_F,
    MIDDLE_M,
    OCCUPATIONS,
    OCCUPATIONS_BY_AREA,
    THEORY,
)
from .places import HOME_TOWNS, KHMER_WEIGHT, RESIDENTIAL
from .shapes import TODAY, Built, Shape

Area = Organisation.Area

# Who is a woman, relative to the province's average, by where the chi bộ is.
FEMALE_WEIGHT = {Area.ARMED_FORCES: 0.3, Area.SCHOOL: 2.0, Area.HEALTH: 2.0}


def _person(rng: random.Random, female: bool, ethnicity: str) -> str:
    if ethnicity == "Khmer":
        family = rng.choice(KHMER_FAMILY)
        if not female:
            family = family.removesuffix(" Thị")
        middle = "Thị" if female and not family.endswith("Thị") else ""
        return " ".join(p for p in (family, middle, rng.choice(KHMER_GIVEN), rng.choice(KHMER_GIVEN)) if p)
    family = rng.choice(HOA_FAMILY if ethnicity == "Hoa" else FAMILY)
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    return f"{family} {middle} {rng.choice(GIVEN_F if female else GIVEN_M)}"


def _cccd(rng: random.Random, birth: date, female: bool, taken: set[str]) -> str:
    """084 (Trà Vinh), the century-and-gender digit, the year of birth, six random digits."""
    prefix = f"084{(birth.year // 100 - 19) * 2 + female}{birth.year % 100:02d}"
    while True:
        number = f"{prefix}{rng.randint(0, 999999):06d}"
        if number not in taken:
            taken.add(number)
            return number


def build_members(shape: Shape, rng: random.Random, built: Built) -> list[Member]:
    branches = built.branches
    per_branch = sizes(rng, shape.members, [1.3 if b.area_type in RESIDENTIAL else 1.0 for b in branches], 3)
    homes = [b for b, n in zip(branches, per_branch, strict=True) for _ in range(n)]
    upper_index = {u.path: i for i, u in enumerate(built.uppers)}

    def district(b: Organisation) -> int:
        return upper_index.get("/".join(b.path.split("/")[:3]) + "/", 0)

    women = pick(rng, shape.women, [FEMALE_WEIGHT.get(b.area_type, 1.0) for b in homes])
    khmer = pick(rng, shape.khmer, [KHMER_WEIGHT[district(b) % len(KHMER_WEIGHT)] for b in homes])
    hoa = pick(rng, shape.hoa, [0.0 if i in khmer else 1.0 for i in range(shape.members)])
    # Exemption is for age and health: retired members, who meet in their hamlet's chi bộ.
    exempt = pick(
        rng,
        round(shape.members * shape.exempt_share),
        [1.0 if b.area_type in RESIDENTIAL else 0.02 for b in homes],
    )
    cccds: set[str] = set()
    members = []
    for i, branch in enumerate(homes):
        female = i in women
        ethnicity = "Khmer" if i in khmer else "Hoa" if i in hoa else "Kinh"
        name = _person(rng, female, ethnicity)
        old = i in exempt
        residential = branch.area_type in RESIDENTIAL
        if old:
            year = rng.randint(1936, 1955)
        else:
            year = rng.randint(1956, 2004) if residential else rng.randint(1966, 2003)
        birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
        earliest = rules.add_months(birth, 18 * 12 + 1)
        ceremony = earliest + timedelta(days=rng.randint(0, max(0, (TODAY - earliest).days - 30)))
        if rng.random() < 0.6:  # most members joined in their twenties and thirties
            ceremony = min(ceremony, rules.add_months(birth, 12 * rng.randint(20, 40)))
        if old:  # exempted for age: members of long standing, official for decades
            ceremony = min(ceremony, rules.add_months(birth, 12 * 45))
        if ceremony >= TODAY:
            ceremony = TODAY - timedelta(days=rng.randint(30, 300))
        official = rules.probation_end(ceremony)
        status = Member.Status.OFFICIAL if official <= TODAY else Member.Status.PROBATIONARY
        if residential and branch.pk in built.places and rng.random() < 0.8:
            home_town = built.places[branch.pk]
        else:
            home_town = rng.choice(HOME_TOWNS)
        occupation = "Hưu trí" if old else rng.choice(OCCUPATIONS_BY_AREA.get(branch.area_type, OCCUPATIONS))
        if branch.area_type in (Area.AGENCY, Area.ARMED_FORCES):
            in_political_system = True
        elif branch.area_type in (Area.SCHOOL, Area.HEALTH, Area.PUBLIC_SERVICE):
            in_political_system = rng.random() < 0.2
        else:
            in_political_system = False
        members.append(
            Member(
                organisation=branch,
                full_name=name,
                search_name=fold(name),
                sort_key=name_sort_key(name),
                gender="F" if female else "M",
                birth_date=birth,
                ethnicity=ethnicity,
                religion="Phật giáo Nam tông"
                if ethnicity == "Khmer"
                else rng.choice(["Không"] * 8 + ["Phật giáo", "Công giáo"]),
                home_town=home_town,
                cccd=_cccd(rng, birth, female, cccds),
                card_number=f"{i + 10000000:08d}" if status == Member.Status.OFFICIAL else "",
                dossier_number=f"{i + 1:06d}TV",
                general_education="12/12" if rng.random() < 0.8 else "9/12",
                political_theory=rng.choice(THEORY),
                occupation=occupation,
                in_political_system=in_political_system,
                admission_decision_date=ceremony - timedelta(days=rng.randint(5, 30)),
                ceremony_date=ceremony,
                official_date=official if status == Member.Status.OFFICIAL else None,
                status=status,
                is_exempt=old and status == Member.Status.OFFICIAL,
            )
        )
    Member.objects.bulk_create(members, batch_size=2000)
    built.members = len(members)
    return members


def build_history(rng: random.Random, built: Built, members: list[Member]) -> None:
    events, positions = [], []
    for m in members:
        events.append(
            MemberEvent(
                member=m, kind=MemberEvent.Kind.ADMITTED, on=m.ceremony_date, organisation=m.organisation
            )
        )
        if m.official_date:
            events.append(
                MemberEvent(
                    member=m,
                    kind=MemberEvent.Kind.RECOGNISED,
                    on=m.official_date,
                    organisation=m.organisation,
                )
            )
        if m.is_exempt:
            on = max(m.official_date or m.ceremony_date, date(2018, 1, 1))
            events.append(
                MemberEvent(
                    member=m,
                    kind=MemberEvent.Kind.EXEMPTED,
                    on=on,
                    organisation=m.organisation,
                    description="Tuổi cao, sức khỏe yếu",
                )
            )
    by_branch: dict[int, list[Member]] = {}
    for m in members:
        by_branch.setdefault(m.organisation_id, []).append(m)
    term = date(2025, 6, 15)
    for branch in built.branches:
        active = [
            m for m in by_branch.get(branch.pk, []) if not m.is_exempt and m.status == Member.Status.OFFICIAL
        ]
        if not active:
            continue
        secretary = active[0]
        residential = branch.area_type in RESIDENTIAL
        positions.append(
            Position(member=secretary, organisation=branch, title=Position.Title.SECRETARY, starts_on=term)
        )
        # The seeds count "bí thư kiêm trưởng ấp": most hamlet secretaries also head the hamlet.
        if residential and rng.random() < 0.7:
            positions.append(
                Position(
                    member=secretary,
                    organisation=branch,
                    title=Position.Title.HAMLET_HEAD,
                    starts_on=term,
                )
            )
        if len(active) > 1:
            positions.append(
                Position(
                    member=active[1],
                    organisation=branch,
                    title=Position.Title.DEPUTY_SECRETARY,
                    starts_on=term,
                )
            )
        if len(active) >= 9:
            positions.extend(
                Position(member=m, organisation=branch, title=Position.Title.COMMITTEE_MEMBER, starts_on=term)
                for m in active[2:5]
            )
        if residential and len(active) > 5 and rng.random() < 0.5:
            positions.append(
                Position(
                    member=active[5], organisation=branch, title=Position.Title.FRONT_HEAD, starts_on=term
                )
            )
    positions += committee_posts(built, by_branch, {p.member_id for p in positions})
    for p in positions:
        events.append(
            MemberEvent(
                member=p.member,
                kind=MemberEvent.Kind.POSITION_STARTED,
                on=p.starts_on,
                organisation=p.organisation,
                description=f"{p.get_title_display()} — {p.organisation.name}",
            )
        )
    Position.objects.bulk_create(positions, batch_size=2000)
    MemberEvent.objects.bulk_create(events, batch_size=5000)


COMMITTEES = (
    Organisation.Kind.SUB_COMMITTEE,
    Organisation.Kind.GRASSROOTS_COMMITTEE,
    Organisation.Kind.UPPER,
    Organisation.Kind.PROVINCE,
)
COMMITTEE_TITLES = (Position.Title.SECRETARY, Position.Title.DEPUTY_SECRETARY)
COMMITTEE_TERM = date(2025, 9, 1)  # the communes' congresses for 2025–2030 ended by then


def committee_posts(
    built: Built, by_branch: dict[int, list[Member]], chi_bo_posts: set[int]
) -> list[Position]:
    """A bí thư and a phó bí thư for every party committee above the chi bộ, as every real one has
    (the commune's signs its annual report): members of a chi bộ of the Party agencies below it where
    there is one, else of any chi bộ below it; nobody holds two committees' posts, the lowest
    committees choose first."""
    committees = sorted(
        Organisation.objects.filter(path__startswith=built.province.path, kind__in=COMMITTEES),
        key=lambda org: -len(org.path),
    )
    # The Party agencies' chi bộ first, the nearest of them first.
    branches = sorted(built.branches, key=lambda b: (b.area_type != Area.AGENCY, b.path.count("/"), b.path))
    taken, posts = set(), []
    for committee in committees:
        below = [
            m
            for branch in branches
            if branch.path.startswith(committee.path)
            for m in by_branch.get(branch.pk, [])
            if not m.is_exempt and m.status == Member.Status.OFFICIAL and m.pk not in taken
        ]
        # A chi bộ's own secretary or deputy may sit on the committee too, but is not its first
        # choice (the sort is stable: the agencies' chi bộ stay first).
        below.sort(key=lambda m: m.pk in chi_bo_posts)
        for member, title in zip(below[:2], COMMITTEE_TITLES, strict=False):
            taken.add(member.pk)
            posts.append(
                Position(member=member, organisation=committee, title=title, starts_on=COMMITTEE_TERM)
            )
    return posts
