"""Deterministic demo data: a commune for `make run`, the Trà Vinh province for benchmarks.

The province shape follows the seed article (Trà Vinh, 2022): 13 organisations under the
provincial committee, 519 grassroots organisations (196 đảng bộ cơ sở, 323 chi bộ cơ sở), 2,006
chi bộ trực thuộc, 46,437 members of whom 14,732 women, 8,013 Khmer, 170 Hoa, 14.99 % exempt.
Its tree uses the province's real districts, communes, wards and townships of that year; the
units below them (hamlets, offices, schools, police teams) are plausible, not a register.
Rows are bulk-inserted; nothing here goes through the per-row services except the few lifecycle
stories of the commune demo, which should look like real use. The same seed gives the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import Member, Organisation, RoleAssignment
from .builder import COMMUNE, PROVINCE, Builder, Built, Shape
from .data import (
    AGENCY_CELLS,
    BLOC_CELLS,
    BLOC_UPPERS,
    BORDER_UNITS,
    COMMUNE_DEMO_OFFICES,
    COMMUNE_NAMES,
    COMMUNE_OFFICE_CELLS,
    DEMO_PASSWORD,
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

# The demo member's own login: no role, just their self-assessment and results (Member.account).
MEMBER_LOGIN = "Đảng viên (tự đánh giá, xem kết quả của mình)"

Kind = Organisation.Kind
Area = Organisation.Area


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    organisation: Organisation

    def describe(self) -> str:
        role = RoleAssignment.Role(self.role).label if self.role else MEMBER_LOGIN
        return f"{self.username:<18} {role} — {self.organisation.name}"


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
    # A member of the secretary's chi bộ who holds no post (the stories below use its last members).
    member = Member.objects.filter(organisation=own_branch, status=Member.Status.OFFICIAL, is_exempt=False, positions=None).order_by("pk").first()
    logins.append(DemoLogin("dangvien", member.full_name, "", own_branch))
    User = get_user_model()
    for login in logins:
        user = User(username=login.username, first_name=login.full_name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        if login.role:
            RoleAssignment.objects.create(user=user, organisation=login.organisation, role=login.role)
        else:
            Member.objects.filter(pk=member.pk).update(account=user)
    return logins


def _stories(built: Built) -> None:
    """A few lifecycle steps through the real services, so the commune's timelines look used."""
    from .. import services

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

__all__ = [
    "COMMUNE",
    "PROVINCE",
    "Built",
    "Builder",
    "Shape",
    "DEMO_PASSWORD",
    "TODAY",
    "FAMILY",
    "MIDDLE_M",
    "MIDDLE_F",
    "GIVEN_M",
    "GIVEN_F",
    "KHMER_FAMILY",
    "KHMER_GIVEN",
    "HOA_FAMILY",
    "OCCUPATIONS",
    "OCCUPATIONS_BY_AREA",
    "RESIDENTIAL",
    "THEORY",
    "HAMLET_NAMES",
    "PROVINCE_HAMLET_NAMES",
    "COMMUNE_NAMES",
    "AGENCY_CELLS",
    "DISTRICT_UNITS",
    "BLOC_UPPERS",
    "DISTRICTS",
    "KHMER_WEIGHT",
    "HAMLETS_IN_PROVINCE",
    "SUBUNITS",
    "SUBUNIT_WEIGHT",
    "COMMUNE_OFFICE_CELLS",
    "PROVINCE_AGENCIES",
    "MILITARY_UNITS",
    "POLICE_UNITS",
    "BORDER_UNITS",
    "DISTRICT_OFFICES",
    "SCHOOL_LEVELS",
    "BLOC_CELLS",
    "COMMUNE_DEMO_OFFICES",
    "DemoLogin",
    "MEMBER_LOGIN",
    "seed",
]
