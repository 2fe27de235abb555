"""Deterministic demo data: a commune for `make run`, the Trà Vinh province for benchmarks.

The province shape follows the seed article (Trà Vinh, 2022): 13 organisations under the
provincial committee, 519 grassroots organisations (196 đảng bộ cơ sở, 323 chi bộ cơ sở), 2,006
chi bộ trực thuộc, 46,437 members of whom 14,732 women, 8,013 Khmer, 170 Hoa, 14.99 % exempt.
Rows are bulk-inserted; nothing here goes through the per-row services except the few lifecycle
stories of the commune demo, which should look like real use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from . import rules
from .models import Member, MemberEvent, Organisation, Position, RoleAssignment
from .text import fold, name_sort_key

Kind = Organisation.Kind
Area = Organisation.Area
DEMO_PASSWORD = "demo12345"
TODAY = date(2026, 11, 22)

FAMILY = (
    ["Nguyễn"] * 30 + ["Trần"] * 10 + ["Lê"] * 9 + ["Phạm"] * 6 + ["Huỳnh"] * 5 + ["Võ"] * 4
    + ["Phan"] * 3 + ["Trương"] * 2 + ["Đặng"] * 2 + ["Bùi"] * 2 + ["Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đoàn", "Châu", "Thái"]
)
MIDDLE_M = ["Văn"] * 6 + ["Minh", "Thanh", "Hoàng", "Quốc", "Hữu", "Công", "Đức", "Ngọc", "Thành"]
MIDDLE_F = ["Thị"] * 7 + ["Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Bích", "Hồng"]
GIVEN_M = "An Bình Cường Dũng Đạt Đông Hải Hậu Hiếu Hòa Hùng Huy Khang Khánh Kiệt Lâm Lộc Long Lợi Luân Minh Nam Nghĩa Nhân Phát Phong Phúc Phước Quang Sang Sơn Tài Tâm Tân Thắng Thành Thiện Thịnh Toàn Trí Trung Tuấn Tùng Vinh Vũ".split()
GIVEN_F = "Anh Ánh Bích Châu Diễm Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hồng Hương Huyền Lan Liên Linh Loan Mai My Nga Ngân Ngọc Nhung Oanh Phương Quyên Thảo Thơ Thủy Trang Trinh Tuyết Uyên Vân Xuân Yến".split()
KHMER_FAMILY = ["Thạch"] * 5 + ["Sơn"] * 4 + ["Kim"] * 3 + ["Danh", "Lâm", "Trà", "Kiên", "Thạch Thị"]
KHMER_GIVEN = "Sô Phal Sa Rết Sóc Kha Chanh Đa Ni Sa Ly Sà Rươne Sóc Phi Rô Tha Sa Rinh Ma Ra Si Phon Đa Ra Sóc Khenl Sa Vênh Kim Sang Chanh Thu".split(" ")
HOA_FAMILY = ["Lâm", "Quách", "Tạ", "Hứa", "Lưu", "Mã"]
OCCUPATIONS = ["Nông dân", "Giáo viên", "Cán bộ, công chức", "Hưu trí", "Buôn bán", "Công nhân", "Y sĩ", "Viên chức"]
THEORY = ["so_cap"] * 6 + ["trung_cap"] * 3 + ["cao_cap", ""]
HAMLET_NAMES = [
    "Chợ Dưới", "Tân Hạnh", "Phước Hòa", "Ô Đùng", "Bà Nhì", "Sóc Tro", "Cây Da", "Cà Săng", "Ngãi Lợi", "Đại Trường",
    "Bến Có", "Chông Bát", "Phú Thọ", "Ô Rồm", "Hòa Lạc", "Long Hiệp", "Trà Kha", "Nguyệt Lãng", "Rạch Sen", "Cây Gòn",
    "Đầu Giồng", "Tân Thành", "Phú Hòa", "Giồng Lức", "Sa Bình",
]
COMMUNE_NAMES = [
    "Phước Hưng", "Đại Phúc", "Tập Sơn", "Hiếu Tử", "Long Hiệp", "Ngãi Xuyên", "Tân Hòa", "Hùng Hòa", "Phong Thạnh",
    "Tân Sơn", "Hàm Giang", "Kim Sơn", "An Quảng Hữu", "Lưu Nghiệp Anh", "Thanh Sơn", "Định An", "Đôn Xuân", "Long Sơn",
    "Hiệp Mỹ", "Mỹ Long", "Vinh Kim", "Kim Hòa", "Hòa Lợi", "Song Lộc", "Lương Hòa", "Đa Lộc", "Hưng Mỹ", "Phước Hảo",
    "Nhị Trường", "Thạnh Hòa Sơn", "Trường Thọ", "Hiệp Hòa", "Tam Ngãi", "Phong Phú", "An Phú Tân", "Ninh Thới",
    "Châu Điền", "Hòa Ân", "Thông Hòa", "Thạnh Phú", "Long Thới", "Tân Hùng", "Phú Cần", "Hòa Tân", "Huyền Hội",
    "Đại Phước", "Nhị Long", "Mỹ Cẩm", "Đức Mỹ", "Bình Phú", "Tân An", "An Trường", "Phương Thạnh", "Tân Bình",
]
DISTRICTS = [
    ("Thành ủy Trà Vinh", Area.DISTRICT), ("Thị ủy Duyên Hải", Area.DISTRICT), ("Huyện ủy Càng Long", Area.DISTRICT),
    ("Huyện ủy Cầu Kè", Area.DISTRICT), ("Huyện ủy Tiểu Cần", Area.DISTRICT), ("Huyện ủy Châu Thành", Area.DISTRICT),
    ("Huyện ủy Cầu Ngang", Area.DISTRICT), ("Huyện ủy Trà Cú", Area.DISTRICT), ("Huyện ủy Duyên Hải", Area.DISTRICT),
    ("Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh", Area.AGENCY), ("Đảng ủy Quân sự tỉnh", Area.ARMED_FORCES),
    ("Đảng ủy Công an tỉnh", Area.ARMED_FORCES), ("Đảng ủy Bộ đội Biên phòng tỉnh", Area.ARMED_FORCES),
]
# Where Khmer members live: mostly the southern and eastern districts (weights by district index).
KHMER_WEIGHT = [1, 2, 1, 3, 3, 3, 4, 6, 3, 1, 1, 1, 1]
AGENCY_CELLS = ["Trường Tiểu học", "Trường THCS", "Trạm Y tế", "Công an", "Quân sự", "Hợp tác xã", "Trường Mầm non"]


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


COMMUNE = Shape(uppers=2, grassroots_committees=1, grassroots_cells=2, cells=8, members=180, women=60, khmer=30, hoa=2, exempt_share=0.15)
PROVINCE = Shape(
    uppers=13, grassroots_committees=196, grassroots_cells=323, cells=2006, members=46437,
    women=14732, khmer=8013, hoa=170, exempt_share=0.1499,
)


@dataclass
class Built:
    province: Organisation
    uppers: list[Organisation] = field(default_factory=list)
    branches: list[Organisation] = field(default_factory=list)
    members: int = 0


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
                parent=parent, kind=kind, name=name, area_type=area, code=self._code("TV"),
                depth=parent.depth + 1 if parent else 0, founded_on=founded,
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

    def build_tree(self) -> Built:
        s = self.shape
        province = self._orgs([(None, Kind.PROVINCE, "Đảng bộ tỉnh Trà Vinh", "")])[0]
        built = Built(province=province)
        if s is COMMUNE:
            upper_specs = [(province, Kind.UPPER, f"Đảng bộ xã {n}", Area.COMMUNE) for n in COMMUNE_NAMES[: s.uppers]]
        else:
            upper_specs = [(province, Kind.UPPER, name, area) for name, area in DISTRICTS[: s.uppers]]
        built.uppers = self._orgs(upper_specs)

        committees_per = self._split(s.grassroots_committees, s.uppers, 0)
        cells_per = self._split(s.grassroots_cells, s.uppers, 0)
        specs, communes = [], iter(COMMUNE_NAMES * 20)
        for upper, n_committees, n_cells in zip(built.uppers, committees_per, cells_per, strict=True):
            commune = upper.name.removeprefix("Đảng bộ xã ") if s is COMMUNE else None
            for _ in range(n_committees):
                name = f"Đảng bộ cơ quan xã {commune}" if commune else f"Đảng bộ xã {next(communes)}"
                specs.append((upper, Kind.GRASSROOTS_COMMITTEE, name, Area.AGENCY if commune else Area.COMMUNE))
            for i in range(n_cells):
                place = commune or next(communes)
                specs.append((upper, Kind.GRASSROOTS_CELL, f"Chi bộ {AGENCY_CELLS[i % len(AGENCY_CELLS)]} {place}", Area.SCHOOL if i % 7 in (0, 1, 6) else Area.AGENCY))
        grassroots = self._orgs(specs)

        committees = [g for g in grassroots if g.kind == Kind.GRASSROOTS_COMMITTEE]
        if s is COMMUNE:
            # Since 2025 the chi bộ ấp hang directly under the đảng ủy xã.
            hosts = [*committees, *built.uppers]
        else:
            hosts = committees
        cell_specs = []
        for h, (host, n) in enumerate(zip(hosts, self._split(s.cells, len(hosts), 1), strict=True)):
            for i in range(n):
                if host.kind == Kind.GRASSROOTS_COMMITTEE and s is COMMUNE:
                    cell_specs.append((host, Kind.CELL, f"Chi bộ {['Cơ quan Đảng – Mặt trận', 'Cơ quan chính quyền'][i % 2]}", Area.AGENCY))
                else:
                    hamlet = HAMLET_NAMES[(i + 7 * h) % len(HAMLET_NAMES)]
                    suffix = f" {i // len(HAMLET_NAMES) + 1}" if i >= len(HAMLET_NAMES) else ""
                    area = Area.HAMLET if host.area_type != Area.AGENCY else Area.AGENCY
                    label = f"Chi bộ ấp {hamlet}{suffix}" if area == Area.HAMLET else f"Chi bộ {hamlet}{suffix}"
                    cell_specs.append((host, Kind.CELL, label, area))
        cells = self._orgs(cell_specs)
        built.branches = [*cells, *(g for g in grassroots if g.kind == Kind.GRASSROOTS_CELL)]
        return built

    def _pick(self, count: int, weights: list[float]) -> set[int]:
        """Exactly `count` indices, drawn with the given weights (Efraimidis–Spirakis keys)."""
        keys = sorted(range(len(weights)), key=lambda i: -(self.rng.random() ** (1 / weights[i])))
        return set(keys[:count])

    def _person(self, female: bool, ethnicity: str) -> str:
        rng = self.rng
        if ethnicity == "Khmer":
            family = rng.choice(KHMER_FAMILY)
            middle = "Thị" if female and not family.endswith("Thị") else ""
            return " ".join(p for p in (family, middle, rng.choice(KHMER_GIVEN), rng.choice(KHMER_GIVEN)) if p)
        family = rng.choice(HOA_FAMILY if ethnicity == "Hoa" else FAMILY)
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        return f"{family} {middle} {rng.choice(GIVEN_F if female else GIVEN_M)}"

    def build_members(self, built: Built) -> list[Member]:
        s, rng = self.shape, self.rng
        branches = built.branches
        per_branch = self._split(s.members, len(branches), 3)
        homes = [b for b, n in zip(branches, per_branch, strict=True) for _ in range(n)]
        upper_index = {u.path: i for i, u in enumerate(built.uppers)}

        def district(b: Organisation) -> int:
            return upper_index.get("/".join(b.path.split("/")[:3]) + "/", 0)

        women = self._pick(s.women, [1.0] * s.members)
        khmer = self._pick(s.khmer, [KHMER_WEIGHT[district(b) % len(KHMER_WEIGHT)] for b in homes])
        hoa = self._pick(s.hoa, [0.0001 if i in khmer else 1.0 for i in range(s.members)])
        exempt = self._pick(round(s.members * s.exempt_share), [1.0] * s.members)
        members = []
        for i, branch in enumerate(homes):
            female = i in women
            ethnicity = "Khmer" if i in khmer else "Hoa" if i in hoa else "Kinh"
            name = self._person(female, ethnicity)
            old = i in exempt
            birth = date(rng.randint(1936, 1955) if old else rng.randint(1956, 2004), rng.randint(1, 12), rng.randint(1, 28))
            earliest = rules.add_months(birth, 18 * 12 + 1)
            ceremony = earliest + timedelta(days=rng.randint(0, max(0, (TODAY - earliest).days - 30)))
            if rng.random() < 0.6:  # most members joined in their twenties and thirties
                ceremony = min(ceremony, rules.add_months(birth, 12 * rng.randint(20, 40)))
            if ceremony >= TODAY:
                ceremony = TODAY - timedelta(days=rng.randint(30, 300))
            official = rules.probation_end(ceremony)
            status = Member.Status.OFFICIAL if official <= TODAY else Member.Status.PROBATIONARY
            members.append(
                Member(
                    organisation=branch, full_name=name, search_name=fold(name), sort_key=name_sort_key(name),
                    gender="F" if female else "M", birth_date=birth, ethnicity=ethnicity,
                    religion="Phật giáo Nam tông" if ethnicity == "Khmer" else rng.choice(["Không"] * 8 + ["Phật giáo", "Công giáo"]),
                    home_town="Trà Vinh", cccd=f"084{rng.randint(0, 999999999):09d}",
                    card_number=f"{i + 10000000:08d}" if status == Member.Status.OFFICIAL else "",
                    dossier_number=f"{i + 1:06d}TV", general_education="12/12" if rng.random() < 0.8 else "9/12",
                    political_theory=rng.choice(THEORY), occupation="Hưu trí" if old else rng.choice(OCCUPATIONS),
                    in_political_system=branch.area_type != Area.HAMLET and rng.random() < 0.7,
                    admission_decision_date=ceremony - timedelta(days=rng.randint(5, 30)), ceremony_date=ceremony,
                    official_date=official if status == Member.Status.OFFICIAL else None, status=status,
                    is_exempt=old and status == Member.Status.OFFICIAL,
                )
            )
        Member.objects.bulk_create(members, batch_size=2000)
        built.members = len(members)
        return members

    def build_history(self, built: Built, members: list[Member]) -> None:
        events, positions = [], []
        for m in members:
            events.append(MemberEvent(member=m, kind=MemberEvent.Kind.ADMITTED, on=m.ceremony_date, organisation=m.organisation))
            if m.official_date:
                events.append(MemberEvent(member=m, kind=MemberEvent.Kind.RECOGNISED, on=m.official_date, organisation=m.organisation))
            if m.is_exempt:
                on = max(m.official_date or m.ceremony_date, date(2018, 1, 1))
                events.append(MemberEvent(member=m, kind=MemberEvent.Kind.EXEMPTED, on=on, organisation=m.organisation, description="Tuổi cao, sức khỏe yếu"))
        by_branch: dict[int, list[Member]] = {}
        for m in members:
            by_branch.setdefault(m.organisation_id, []).append(m)
        term = date(2025, 6, 15)
        for branch in built.branches:
            active = [m for m in by_branch.get(branch.pk, []) if not m.is_exempt and m.status == Member.Status.OFFICIAL]
            if not active:
                continue
            secretary = active[0]
            positions.append(Position(member=secretary, organisation=branch, title=Position.Title.SECRETARY, starts_on=term))
            # The seeds count "bí thư kiêm trưởng ấp": most hamlet secretaries also head the hamlet.
            if branch.area_type == Area.HAMLET and self.rng.random() < 0.7:
                positions.append(Position(member=secretary, organisation=branch, title=Position.Title.HAMLET_HEAD, starts_on=term))
            if len(active) > 1:
                positions.append(Position(member=active[1], organisation=branch, title=Position.Title.DEPUTY_SECRETARY, starts_on=term))
            if len(active) >= 9:
                positions.extend(Position(member=m, organisation=branch, title=Position.Title.COMMITTEE_MEMBER, starts_on=term) for m in active[2:5])
            if branch.area_type == Area.HAMLET and len(active) > 5 and self.rng.random() < 0.5:
                positions.append(Position(member=active[5], organisation=branch, title=Position.Title.FRONT_HEAD, starts_on=term))
        for p in positions:
            events.append(MemberEvent(member=p.member, kind=MemberEvent.Kind.POSITION_STARTED, on=p.starts_on, organisation=p.organisation, description=f"{p.get_title_display()} — {p.organisation.name}"))
        Position.objects.bulk_create(positions, batch_size=2000)
        MemberEvent.objects.bulk_create(events, batch_size=5000)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    organisation: Organisation

    def describe(self) -> str:
        return f"{self.username:<18} {RoleAssignment.Role(self.role).label} — {self.organisation.name}"


def _users(built: Built) -> list[DemoLogin]:
    commune = built.uppers[0]
    outsider_commune = built.uppers[1]
    own_branch = next(b for b in built.branches if b.path.startswith(commune.path) and b.area_type == Area.HAMLET)
    other_branch = next(b for b in built.branches if b.path.startswith(outsider_commune.path))
    logins = [
        DemoLogin("quantri", "Quản trị hệ thống", RoleAssignment.Role.ADMIN, built.province),
        DemoLogin("bantochuc", "Ban Tổ chức Tỉnh ủy", RoleAssignment.Role.PROVINCE_STAFF, built.province),
        DemoLogin("xetduyet", "Ban Xây dựng Đảng xã", RoleAssignment.Role.REVIEWER, commune),
        DemoLogin("bithu", "Bí thư chi bộ", RoleAssignment.Role.SECRETARY, own_branch),
        DemoLogin("bithu.khac", "Bí thư chi bộ (xã khác)", RoleAssignment.Role.SECRETARY, other_branch),
    ]
    User = get_user_model()
    for login in logins:
        user = User(username=login.username, first_name=login.full_name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        RoleAssignment.objects.create(user=user, organisation=login.organisation, role=login.role)
    return logins


def _stories(built: Built) -> None:
    """A few lifecycle steps through the real services, so the commune's timelines look used."""
    from . import services

    staff = get_user_model().objects.get(username="xetduyet")
    branches = [b for b in built.branches if b.path.startswith(built.uppers[0].path) and b.area_type == Area.HAMLET]
    first, second = branches[0], branches[1]
    official = list(Member.objects.filter(organisation=first, status=Member.Status.OFFICIAL, is_exempt=False).order_by("pk"))
    services.discipline_member(member=official[-1], form="khien_trach", decision_number="12-QĐ/CB", decided_on=date(2026, 3, 10), authority=f"{first.name}", reason="Vắng sinh hoạt nhiều lần không lý do", by=staff)
    services.request_transfer(member=official[-2], kind="temporary", to_organisation=second, decided_on=date(2026, 8, 1), ends_on=date(2027, 2, 1), note="Đi làm ăn xa", by=staff)
    services.confirm_transfer(transfer=official[-2].transfers.get(), on=date(2026, 8, 5), by=staff)
    services.request_transfer(member=official[-3], kind="official", to_organisation=second, decided_on=date(2026, 11, 10), note="Chuyển nơi cư trú", by=staff)
    services.admit_member(
        organisation=first, full_name="Nguyễn Thị Thu Hà", gender="F", birth_date=date(1998, 4, 5),
        ethnicity="Kinh", admission_decision_date=date(2025, 11, 20), ceremony_date=date(2025, 12, 19),
        occupation="Giáo viên", by=staff,
    )


@transaction.atomic
def seed(shape: Shape, seed: int = 2022) -> tuple[Built, list[DemoLogin]]:
    builder = Builder(shape, seed)
    built = builder.build_tree()
    members = builder.build_members(built)
    builder.build_history(built, members)
    logins = _users(built)
    if shape is COMMUNE:
        _stories(built)
    return built, logins
