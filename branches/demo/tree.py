"""The demo's tree: a shape built into the province, its upper committees, đảng bộ cơ sở, chi bộ cơ sở
and chi bộ trực thuộc, one level at a time, bulk-inserted."""

from __future__ import annotations

import random
from datetime import date

from ..models import Organisation
from .bodies import (
    AGENCY_CELLS,
    BLOC_CELLS,
    BORDER_UNITS,
    COMMUNE_DEMO_OFFICES,
    COMMUNE_OFFICE_CELLS,
    DISTRICT_OFFICES,
    DISTRICTS,
    MILITARY_UNITS,
    POLICE_UNITS,
    PROVINCE_AGENCIES,
    SCHOOL_LEVELS,
    SUBUNIT_WEIGHT,
    SUBUNITS,
)
from .draw import apportion, sizes, split
from .places import (
    COMMUNE_NAMES,
    DISTRICT_UNITS,
    HAMLET_NAMES,
    HAMLETS_IN_PROVINCE,
    HOME_TOWN_OF_UNIT,
    PROVINCE_HAMLET_NAMES,
    RESIDENTIAL,
    home_town,
)
from .shapes import COMMUNE, Built, Shape

Kind = Organisation.Kind
Area = Organisation.Area


def build_tree(shape: Shape, rng: random.Random) -> Built:
    tree = _Tree(shape, rng)
    return tree.commune() if shape is COMMUNE else tree.province()


def _unit_area(unit: str) -> str:
    if unit.startswith("Phường"):
        return Area.WARD
    return Area.TOWNSHIP if unit.startswith("thị trấn") else Area.COMMUNE


def _place_name(unit: str) -> str:
    """The name a school takes from its commune: "xã Long Đức" -> "Long Đức"."""
    return unit.removeprefix("xã ").removeprefix("thị trấn ")


class _Tree:
    def __init__(self, shape: Shape, rng: random.Random):
        self.shape, self.rng = shape, rng
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

    def commune(self) -> Built:
        """Communes of today's shape: the đảng ủy xã holds its chi bộ ấp directly."""
        s = self.shape
        province = self._orgs([(None, Kind.PROVINCE, "Đảng bộ tỉnh Trà Vinh", "")])[0]
        built = Built(province=province)
        communes = COMMUNE_NAMES[: s.uppers]
        built.uppers = self._orgs([(province, Kind.UPPER, f"Đảng bộ xã {n}", Area.COMMUNE) for n in communes])

        committees_per = split(self.rng, s.grassroots_committees, s.uppers, 0)
        cells_per = split(self.rng, s.grassroots_cells, s.uppers, 0)
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
        for h, (host, n) in enumerate(zip(hosts, split(self.rng, s.cells, len(hosts), 1), strict=True)):
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

    def province(self) -> Built:
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
                    (upper, f"Đảng bộ {unit}", _unit_area(unit), "commune", home_town(unit, district))
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
        quotas = apportion(schools, [len(units) for _, _, units in DISTRICT_UNITS])
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
        hamlets = sizes(self.rng, HAMLETS_IN_PROVINCE, [1.0] * len(communal), 4)
        rest = s.cells - HAMLETS_IN_PROVINCE - len(COMMUNE_OFFICE_CELLS) * len(communal)
        office_cells = sizes(self.rng, rest, [SUBUNIT_WEIGHT.get(spec[3], 1.0) for _, spec in others], 3)
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
