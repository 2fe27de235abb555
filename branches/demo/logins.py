"""The demo's logins: one per role over the commune's tree, and a member with no role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from ..models import Member, Organisation, RoleAssignment
from .shapes import Built

DEMO_PASSWORD = "demo12345"

# The demo member's own login: no role, just their self-assessment and results (Member.account).
MEMBER_LOGIN = "Đảng viên (tự đánh giá, xem kết quả của mình)"

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


def create_logins(built: Built) -> list[DemoLogin]:
    commune = built.uppers[0]
    outsider_commune = built.uppers[1]
    own_branch = next(
        b for b in built.branches if b.path.startswith(commune.path) and b.area_type == Area.HAMLET
    )
    other_branch = next(b for b in built.branches if b.path.startswith(outsider_commune.path))
    logins = [
        DemoLogin("quantri", "Quản trị hệ thống", RoleAssignment.Role.ADMIN, built.province),
        DemoLogin("bantochuc", "Ban Tổ chức Tỉnh ủy", RoleAssignment.Role.PROVINCE_STAFF, built.province),
        DemoLogin("xetduyet", "Ban Xây dựng Đảng xã", RoleAssignment.Role.REVIEWER, commune),
        DemoLogin("bithu", "Bí thư chi bộ", RoleAssignment.Role.SECRETARY, own_branch),
        DemoLogin("bithu.khac", "Bí thư chi bộ (xã khác)", RoleAssignment.Role.SECRETARY, other_branch),
    ]
    # A member of the secretary's chi bộ who holds no post (the stories below use its last members).
    member = (
        Member.objects.filter(
            organisation=own_branch, status=Member.Status.OFFICIAL, is_exempt=False, positions=None
        )
        .order_by("pk")
        .first()
    )
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
