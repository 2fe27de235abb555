"""The demo's tree and members: a shape (the commune for make run, the province for benchmarks) built
into organisations, members, posts and timelines, bulk-inserted."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .. import rules
from ..models import Member, MemberEvent, Organisation, Position
from ..text import fold, name_sort_key
from .data import (
    AGENCY_CELLS,
    BLOC_CELLS,
    BORDER_UNITS,
    COMMUNE_DEMO_OFFICES,
    COMMUNE_NAMES,
    COMMUNE_OFFICE_CELLS,
    DISTRICT_OFFICES,
    DISTRICT_UNITS,
    DISTRICTS,
    FAMILY,
    GIVEN_F,
    GIVEN_M,
    HAMLET_NAMES,
    HAMLETS_IN_PROVINCE,
    HOA_FAMILY,
    KHMER_FAMILY,
    KHMER_GIVEN,
    KHMER_WEIGHT,
    MIDDLE_F,
    MIDDLE_M,
    MILITARY_UNITS,
    OCCUPATIONS,
    OCCUPATIONS_BY_AREA,
    POLICE_UNITS,
    PROVINCE_AGENCIES,
    PROVINCE_HAMLET_NAMES,
    RESIDENTIAL,
    SCHOOL_LEVELS,
    SUBUNIT_WEIGHT,
    SUBUNITS,
    THEORY,
    TODAY,
)

Kind = Organisation.Kind
Area = Organisation.Area


@dataclass(frozen=True)
class Shape:
    """How much to build. Counts are totals across the province."""

    uppers: int
    grassroots_committees: int
    grassroots_cells: int
    cells: int
    members: int
    women: int
    khmer: int
    hoa: int
    exempt_share: float


COMMUNE = Shape(
    uppers=2,
    grassroots_committees=1,
    grassroots_cells=2,
    cells=8,
    members=180,
    women=60,
    khmer=30,
    hoa=2,
    exempt_share=0.15,
)


PROVINCE = Shape(
    uppers=13,
    grassroots_committees=196,
    grassroots_cells=323,
    cells=2006,
    members=46437,
    women=14732,
    khmer=8013,
    hoa=170,
    exempt_share=0.1499,
)


@dataclass
class Built:
    province: Organisation
    uppers: list[Organisation] = field(default_factory=list)
    branches: list[Organisation] = field(default_factory=list)
    members: int = 0
    # Hamlet and ward-block chi bộ -> their commune, the usual quê quán of the people living there.
    places: dict[int, str] = field(default_factory=dict)


def _home_town(unit: str, district: str) -> str:
    return f"{unit}, {district}, tỉnh Trà Vinh"


HOME_TOWNS = [_home_town(unit, district) for _, district, units in DISTRICT_UNITS for unit in units]


HOME_TOWN_OF_UNIT = {
    unit: _home_town(unit, district) for _, district, units in DISTRICT_UNITS for unit in units
}


# Who is a woman, relative to the province's average, by where the chi bộ is.
FEMALE_WEIGHT = {Area.ARMED_FORCES: 0.3, Area.SCHOOL: 2.0, Area.HEALTH: 2.0}


def _unit_area(unit: str) -> str:
    if unit.startswith("Phường"):
        return Area.WARD
    return Area.TOWNSHIP if unit.startswith("thị trấn") else Area.COMMUNE


def _place_name(unit: str) -> str:
    """The name a school takes from its commune: "xã Long Đức" -> "Long Đức"."""
    return unit.removeprefix("xã ").removeprefix("thị trấn ")


def _apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, exactly (largest remainders get the spare units)."""
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class Builder:
    def __init__(self, shape: Shape, seed: int):
        self.shape, self.rng = shape, random.Random(seed)
        self.codes = 0

    def _code(self, prefix: str) -> str:
        self.codes += 1
        return f"{prefix}{self.codes:05d}"

    def _orgs(self, specs: list[tuple[Organisation | None, str, str, str]]) -> list[Organisation]:
        """Insert one level of the tree, then set paths from the new primary keys."""
        founded = date(1976, 1, 1)
        rows = [
            Organisation(
                parent=parent,
                kind=kind,
                name=name,
                area_type=area,
                code=self._code("TV"),
                depth=parent.depth + 1 if parent else 0,
                founded_on=founded,
                online_pilot=self.rng.random() < 0.05,
            )
            for parent, kind, name, area in specs
        ]
        Organisation.objects.bulk_create(rows, batch_size=1000)
        for org in rows:
            org.path = f"{org.parent.path if org.parent else '/'}{org.pk}/"
        Organisation.objects.bulk_update(rows, ["path"], batch_size=1000)
        return rows

    def _split(self, total: int, parts: int, minimum: int = 1) -> list[int]:
        """`total` spread over `parts` buckets, each at least `minimum`, roughly even but uneven."""
        weights = [self.rng.uniform(0.6, 1.4) for _ in range(parts)]
        spare = total - minimum * parts
        counts = [minimum + int(spare * w / sum(weights)) for w in weights]
        for i in range(total - sum(counts)):
            counts[i % parts] += 1
        return counts

    def _sizes(self, total: int, weights: list[float], minimum: int) -> list[int]:
        """`total` over one bucket per weight, each at least `minimum`, uneven around the weights."""
        jittered = [w * self.rng.uniform(0.6, 1.4) for w in weights]
        return [minimum + n for n in _apportion(total - minimum * len(weights), jittered)]

    def build_tree(self) -> Built:
        return self._commune_tree() if self.shape is COMMUNE else self._province_tree()

    def _commune_tree(self) -> Built:
        """Communes of today's shape: the đảng ủy xã holds its chi bộ ấp directly."""
        s = self.shape
        province = self._orgs([(None, Kind.PROVINCE, "Đảng bộ tỉnh Trà Vinh", "")])[0]
        built = Built(province=province)
        communes = COMMUNE_NAMES[: s.uppers]
        built.uppers = self._orgs([(province, Kind.UPPER, f"Đảng bộ xã {n}", Area.COMMUNE) for n in communes])

        committees_per = self._split(s.grassroots_committees, s.uppers, 0)
        cells_per = self._split(s.grassroots_cells, s.uppers, 0)
        specs = []
        for commune, upper, n_committees, n_cells in zip(
            communes, built.uppers, committees_per, cells_per, strict=True
        ):
            for _ in range(n_committees):
                specs.append((upper, Kind.GRASSROOTS_COMMITTEE, f"Đảng bộ cơ quan xã {commune}", Area.AGENCY))
            for i in range(n_cells):
                area = Area.SCHOOL if i % 7 in (0, 1, 6) else Area.AGENCY
                specs.append(
                    (
                        upper,
                        Kind.GRASSROOTS_CELL,
                        f"Chi bộ {AGENCY_CELLS[i % len(AGENCY_CELLS)]} {commune}",
                        area,
                    )
                )
        grassroots = self._orgs(specs)

        committees = [g for g in grassroots if g.kind == Kind.GRASSROOTS_COMMITTEE]
        hosts = [*committees, *built.uppers]
        cell_specs = []
        for h, (host, n) in enumerate(zip(hosts, self._split(s.cells, len(hosts), 1), strict=True)):
            for i in range(n):
                if host.kind == Kind.GRASSROOTS_COMMITTEE:
                    cell_specs.append(
                        (
                            host,
                            Kind.CELL,
                            f"Chi bộ {COMMUNE_DEMO_OFFICES[i % len(COMMUNE_DEMO_OFFICES)]}",
                            Area.AGENCY,
                        )
                    )
                else:
                    hamlet = HAMLET_NAMES[(i + 7 * h) % len(HAMLET_NAMES)]
                    suffix = f" {i // len(HAMLET_NAMES) + 1}" if i >= len(HAMLET_NAMES) else ""
                    cell_specs.append((host, Kind.CELL, f"Chi bộ ấp {hamlet}{suffix}", Area.HAMLET))
        cells = self._orgs(cell_specs)
        built.branches = [*cells, *(g for g in grassroots if g.kind == Kind.GRASSROOTS_CELL)]
        for cell in cells:
            if cell.area_type == Area.HAMLET:
                unit = "xã " + cell.parent.name.removeprefix("Đảng bộ xã ")
                built.places[cell.pk] = HOME_TOWN_OF_UNIT.get(unit, f"{unit}, tỉnh Trà Vinh")
        return built

    def _province_tree(self) -> Built:
        """Trà Vinh, 2022: tỉnh → huyện ủy or bloc → đảng bộ cơ sở | chi bộ cơ sở → chi bộ trực thuộc."""
        s = self.shape
        if s.uppers != len(DISTRICTS):
            raise ValueError(f"The province shape has {len(DISTRICTS)} upper organisations, not {s.uppers}.")
        province = self._orgs([(None, Kind.PROVINCE, "Đảng bộ tỉnh Trà Vinh", "")])[0]
        built = Built(province=province)
        built.uppers = self._orgs([(province, Kind.UPPER, name, area) for name, area in DISTRICTS])
        districts, blocs = built.uppers[: len(DISTRICT_UNITS)], built.uppers[len(DISTRICT_UNITS) :]
        agencies, military, police, border = blocs

        # Đảng bộ cơ sở: every commune, ward and township; three bodies of each district; the blocs'
        # units, topped up with provincial agencies to the shape's total.
        committees: list[
            tuple[Organisation, str, str, str, str]
        ] = []  # upper, name, area, subunits, home town
        for upper, (_, district, units) in zip(districts, DISTRICT_UNITS, strict=True):
            for unit in units:
                committees.append(
                    (upper, f"Đảng bộ {unit}", _unit_area(unit), "commune", _home_town(unit, district))
                )
            committees += [
                (upper, f"Đảng bộ Cơ quan Chính quyền {district}", Area.AGENCY, "government", ""),
                (upper, f"Đảng bộ Các cơ quan Đảng – Đoàn thể {district}", Area.AGENCY, "party", ""),
                (upper, f"Đảng bộ Quân sự {district}", Area.ARMED_FORCES, "military", ""),
            ]
        district_police = [(f"Công an {district}", "police") for _, district, _ in DISTRICT_UNITS]
        for upper, units in (
            (military, MILITARY_UNITS),
            (police, district_police + POLICE_UNITS),
            (border, BORDER_UNITS),
        ):
            committees += [(upper, f"Đảng bộ {name}", SUBUNITS[key][0], key, "") for name, key in units]
        wanted = s.grassroots_committees - len(committees)
        if not 0 <= wanted <= len(PROVINCE_AGENCIES):
            raise ValueError(
                f"Cannot make {s.grassroots_committees} đảng bộ cơ sở from the province's lists."
            )
        committees += [
            (agencies, f"Đảng bộ {name}", SUBUNITS[key][0], key, "")
            for name, key in PROVINCE_AGENCIES[:wanted]
        ]

        # Chi bộ cơ sở: the blocs' small bodies, each district's offices, then its schools.
        grassroots_cells = []
        for upper, bodies in zip(blocs, BLOC_CELLS, strict=True):
            grassroots_cells += [
                (upper, Kind.GRASSROOTS_CELL, f"Chi bộ {name}", area) for name, area in bodies
            ]
        schools = s.grassroots_cells - len(grassroots_cells) - len(DISTRICT_OFFICES) * len(districts)
        quotas = _apportion(schools, [len(units) for _, _, units in DISTRICT_UNITS])
        for upper, (_, district, units), quota in zip(districts, DISTRICT_UNITS, quotas, strict=True):
            grassroots_cells += [
                (upper, Kind.GRASSROOTS_CELL, f"Chi bộ {office} {district}", area)
                for office, area in DISTRICT_OFFICES
            ]
            names = [f"Chi bộ {level} {_place_name(unit)}" for level in SCHOOL_LEVELS for unit in units]
            if not 0 <= quota <= len(names):
                raise ValueError(f"Cannot make {s.grassroots_cells} chi bộ cơ sở from the province's lists.")
            grassroots_cells += [(upper, Kind.GRASSROOTS_CELL, name, Area.SCHOOL) for name in names[:quota]]
        grassroots = self._orgs(
            [(upper, Kind.GRASSROOTS_COMMITTEE, name, area) for upper, name, area, _, _ in committees]
            + grassroots_cells
        )

        # Chi bộ trực thuộc: a commune has one per hamlet (ấp) or ward block (khóm) plus its four
        # office chi bộ; every other đảng bộ cơ sở has a few, more in a university or hospital.
        with_specs = list(zip(grassroots[: len(committees)], committees, strict=True))
        communal = [(org, spec) for org, spec in with_specs if spec[3] == "commune"]
        others = [(org, spec) for org, spec in with_specs if spec[3] != "commune"]
        hamlets = self._sizes(HAMLETS_IN_PROVINCE, [1.0] * len(communal), 4)
        rest = s.cells - HAMLETS_IN_PROVINCE - len(COMMUNE_OFFICE_CELLS) * len(communal)
        office_cells = self._sizes(rest, [SUBUNIT_WEIGHT.get(spec[3], 1.0) for _, spec in others], 3)
        cell_specs, cell_towns = [], []
        for (org, spec), n in zip(communal, hamlets, strict=True):
            if org.area_type == Area.COMMUNE:
                labels = [
                    (f"Chi bộ ấp {name}", Area.HAMLET) for name in self.rng.sample(PROVINCE_HAMLET_NAMES, n)
                ]
            else:
                labels = [(f"Chi bộ khóm {k}", Area.WARD_BLOCK) for k in range(1, n + 1)]
            for label, area in labels + COMMUNE_OFFICE_CELLS:
                cell_specs.append((org, Kind.CELL, label, area))
                cell_towns.append(spec[4] if area in RESIDENTIAL else "")
        for (org, spec), n in zip(others, office_cells, strict=True):
            area, named, numbered = SUBUNITS[spec[3]]
            labels = named[:n] + [f"{numbered} {k}" for k in range(1, n - len(named) + 1)]
            cell_specs += [(org, Kind.CELL, f"Chi bộ {label}", area) for label in labels]
            cell_towns += [""] * n
        cells = self._orgs(cell_specs)
        built.places = {cell.pk: town for cell, town in zip(cells, cell_towns, strict=True) if town}
        built.branches = [*cells, *(g for g in grassroots if g.kind == Kind.GRASSROOTS_CELL)]
        return built

    def _pick(self, count: int, weights: list[float]) -> set[int]:
        """Exactly `count` indices, drawn with the given weights (Efraimidis–Spirakis keys).

        A zero weight is never drawn.
        """
        keys = [self.rng.random() ** (1 / w) if w > 0 else -1.0 for w in weights]
        if sum(1 for w in weights if w > 0) < count:
            raise ValueError(f"Cannot pick {count} from {len(weights)} with these weights.")
        return set(sorted(range(len(weights)), key=lambda i: -keys[i])[:count])

    def _person(self, female: bool, ethnicity: str) -> str:
        rng = self.rng
        if ethnicity == "Khmer":
            family = rng.choice(KHMER_FAMILY)
            if not female:
                family = family.removesuffix(" Thị")
            middle = "Thị" if female and not family.endswith("Thị") else ""
            return " ".join(
                p for p in (family, middle, rng.choice(KHMER_GIVEN), rng.choice(KHMER_GIVEN)) if p
            )
        family = rng.choice(HOA_FAMILY if ethnicity == "Hoa" else FAMILY)
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        return f"{family} {middle} {rng.choice(GIVEN_F if female else GIVEN_M)}"

    def _cccd(self, birth: date, female: bool, taken: set[str]) -> str:
        """084 (Trà Vinh), the century-and-gender digit, the year of birth, six random digits."""
        prefix = f"084{(birth.year // 100 - 19) * 2 + female}{birth.year % 100:02d}"
        while True:
            number = f"{prefix}{self.rng.randint(0, 999999):06d}"
            if number not in taken:
                taken.add(number)
                return number

    def build_members(self, built: Built) -> list[Member]:
        s, rng = self.shape, self.rng
        branches = built.branches
        per_branch = self._sizes(s.members, [1.3 if b.area_type in RESIDENTIAL else 1.0 for b in branches], 3)
        homes = [b for b, n in zip(branches, per_branch, strict=True) for _ in range(n)]
        upper_index = {u.path: i for i, u in enumerate(built.uppers)}

        def district(b: Organisation) -> int:
            return upper_index.get("/".join(b.path.split("/")[:3]) + "/", 0)

        women = self._pick(s.women, [FEMALE_WEIGHT.get(b.area_type, 1.0) for b in homes])
        khmer = self._pick(s.khmer, [KHMER_WEIGHT[district(b) % len(KHMER_WEIGHT)] for b in homes])
        hoa = self._pick(s.hoa, [0.0 if i in khmer else 1.0 for i in range(s.members)])
        # Exemption is for age and health: retired members, who meet in their hamlet's chi bộ.
        exempt = self._pick(
            round(s.members * s.exempt_share), [1.0 if b.area_type in RESIDENTIAL else 0.02 for b in homes]
        )
        cccds: set[str] = set()
        members = []
        for i, branch in enumerate(homes):
            female = i in women
            ethnicity = "Khmer" if i in khmer else "Hoa" if i in hoa else "Kinh"
            name = self._person(female, ethnicity)
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
            if old:
                occupation = "Hưu trí"
            else:
                occupation = rng.choice(OCCUPATIONS_BY_AREA.get(branch.area_type, OCCUPATIONS))
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
                    cccd=self._cccd(birth, female, cccds),
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

    def build_history(self, built: Built, members: list[Member]) -> None:
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
                m
                for m in by_branch.get(branch.pk, [])
                if not m.is_exempt and m.status == Member.Status.OFFICIAL
            ]
            if not active:
                continue
            secretary = active[0]
            residential = branch.area_type in RESIDENTIAL
            positions.append(
                Position(
                    member=secretary, organisation=branch, title=Position.Title.SECRETARY, starts_on=term
                )
            )
            # The seeds count "bí thư kiêm trưởng ấp": most hamlet secretaries also head the hamlet.
            if residential and self.rng.random() < 0.7:
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
                    Position(
                        member=m, organisation=branch, title=Position.Title.COMMITTEE_MEMBER, starts_on=term
                    )
                    for m in active[2:5]
                )
            if residential and len(active) > 5 and self.rng.random() < 0.5:
                positions.append(
                    Position(
                        member=active[5], organisation=branch, title=Position.Title.FRONT_HEAD, starts_on=term
                    )
                )
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
