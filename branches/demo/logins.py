"""The demo's logins: one per role over the commune's tree, and a member with no role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from ..models import Account, Member, Organisation, RoleAssignment
from ..services.accounts import create_member_login
from ..services.roles import create_account, grant_role
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
    # The first administrator comes from the shell; the others are made by it through the services,
    # so the role page and the member's history show who gave what.
    first, *others = logins
    admin = get_user_model()(username=first.username, first_name=first.full_name)
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    RoleAssignment.objects.create(user=admin, organisation=first.organisation, role=first.role)
    for login in others:
        if login.role:
            user = create_account(
                username=login.username, full_name=login.full_name, password=DEMO_PASSWORD, by=admin
            )
            grant_role(user=user, organisation=login.organisation, role=login.role, by=admin)
        else:
            user, _ = create_member_login(member=member, username=login.username, by=admin)
            user.set_password(DEMO_PASSWORD)  # the demo's known password, not a temporary one
            user.save(update_fields=["password"])
            Account.objects.filter(user=user).update(must_change_password=False)
    return logins
