"""Accounts and role assignments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..models import BRANCH_KINDS, ChangeRecord, Organisation, RoleAssignment
from ..policy import check
from .accounts import new_login
from .common import audit


def _roles_changed(user) -> None:
    """Forget the roles cached on this user object (models.user_roles), so it acts with the new ones."""
    user.__dict__.pop("_roles_with_paths", None)


@transaction.atomic
def create_account(*, username: str, full_name: str, password: str, by):
    check(by, "account.create", None)
    user = new_login(username, full_name, password)
    audit(by, user, ChangeRecord.Action.CREATE, summary="Tạo tài khoản")
    return user


@transaction.atomic
def grant_role(*, user, organisation: Organisation, role: str, by) -> RoleAssignment:
    check(by, "role.manage", organisation)
    if role == RoleAssignment.Role.SECRETARY and organisation.kind not in BRANCH_KINDS:
        raise ValidationError({"role": "Vai trò bí thư chi bộ chỉ gán tại một chi bộ."})
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                user=user, organisation=organisation, role=role, granted_by=by
            )
    except IntegrityError:
        raise ValidationError(f"{user.username} đã có vai trò này tại {organisation.name}.") from None
    _roles_changed(user)
    audit(by, assignment, ChangeRecord.Action.CREATE, summary=f"Cấp quyền {assignment.get_role_display()}")
    return assignment


@transaction.atomic
def revoke_role(*, assignment: RoleAssignment, by) -> None:
    check(by, "role.manage", assignment.organisation)
    # An administrator who revoked their own role could lock the subtree out of its administration.
    if assignment.user_id == by.pk and assignment.role == RoleAssignment.Role.ADMIN:
        raise ValidationError("Không thể tự thu hồi quyền quản trị của chính mình.")
    audit(
        by, assignment, ChangeRecord.Action.DELETE, summary=f"Thu hồi quyền {assignment.get_role_display()}"
    )
    assignment.delete()
