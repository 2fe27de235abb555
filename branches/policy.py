"""Who may do what. Scope (which objects a user sees at all) is the querysets' `visible_to`;
this module answers the narrower question of actions on objects already in scope."""

from __future__ import annotations

from .models import Member, Organisation, RoleAssignment, Transfer, user_roles
from .queries import accounts_manageable_by

Role = RoleAssignment.Role

# action -> roles that may perform it on an object inside the subtree where they hold the role
ACTIONS: dict[str, set[str]] = {
    "org.create": {Role.ADMIN, Role.REVIEWER},  # obj: the parent
    "org.edit": {Role.ADMIN, Role.REVIEWER},
    "org.move": {Role.ADMIN, Role.REVIEWER},
    "org.dissolve": {Role.ADMIN, Role.REVIEWER},
    "member.admit": {Role.ADMIN, Role.REVIEWER, Role.SECRETARY},  # obj: the chi bộ
    "member.edit": {Role.ADMIN, Role.REVIEWER, Role.SECRETARY},
    "member.lifecycle": {Role.ADMIN, Role.REVIEWER, Role.SECRETARY},
    "position.manage": {Role.ADMIN, Role.REVIEWER, Role.SECRETARY},  # obj: where the post is held
    "transfer.confirm": {Role.ADMIN, Role.REVIEWER, Role.SECRETARY},  # obj: the transfer
    "role.manage": {Role.ADMIN},  # obj: the organisation
    "meeting.record": {Role.ADMIN, Role.REVIEWER, Role.SECRETARY},  # obj: the chi bộ
    "meeting.review": {Role.ADMIN, Role.REVIEWER},  # comment, adjust a score; obj: the chi bộ
    "sheet.manage": {Role.ADMIN},  # meeting-quality score sheets; obj: the province
    "rating.open": {Role.ADMIN},  # open a rating year, set its parameters; obj: the province
    "rating.assess": {Role.ADMIN, Role.REVIEWER, Role.SECRETARY},  # self-assessments, proposals; obj: the chi bộ
    "rating.decide": {Role.ADMIN, Role.REVIEWER},  # decide, publish, re-rate; obj: the rated organisation
    "recognition.report": {Role.ADMIN, Role.REVIEWER, Role.SECRETARY},  # register, self-report; obj: the organisation
    "recognition.decide": {Role.ADMIN, Role.REVIEWER},  # appraise, recognise, revoke; obj: the organisation
    "recognition.configure": {Role.ADMIN},  # schemes, criteria, targets; obj: the province
    "report.request": {Role.ADMIN, Role.REVIEWER, Role.PROVINCE_STAFF, Role.SECRETARY},  # obj: the report's scope
    # Party dues (meetings.dues): the month's book, payments between meetings, members' bases, portal
    # statements; obj: the chi bộ that keeps the dues (for a statement, the organisation it is read into).
    "dues.collect": {Role.ADMIN, Role.REVIEWER, Role.SECRETARY},
    "dues.configure": {Role.ADMIN},  # the province's [U] rates, the split kept and handed up, the xóa tên window; obj: the province
}
# A reviewer works on the organisations *below* the committee they belong to, not on it.
STRICTLY_BELOW = {"org.edit", "org.move", "org.dissolve", "meeting.review", "rating.decide", "recognition.decide"}


def _path(obj) -> str:
    if isinstance(obj, Organisation):
        return obj.path
    if isinstance(obj, Member):
        return obj.organisation.path
    if isinstance(obj, Transfer):
        return obj.to_organisation.path
    raise TypeError(f"no policy path for {type(obj).__name__}")


def can(user, action: str, obj) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    allowed, path = ACTIONS[action], _path(obj)
    for role, scope in user_roles(user):
        if role not in allowed or not path.startswith(scope):
            continue
        if role == Role.REVIEWER and action in STRICTLY_BELOW and path == scope:
            continue
        return True
    return False


def manages_roles(user) -> bool:
    """Administrators grant roles (inside their own subtree: RoleAssignment.manageable_by)."""
    return user.is_authenticated and (
        user.is_superuser or any(role == Role.ADMIN for role, _ in user_roles(user))
    )


def can_manage_account(user, account) -> bool:
    """Reset, disable and re-enable a login: an administrator, for the accounts in their subtrees."""
    return manages_roles(user) and accounts_manageable_by(user).filter(pk=account.pk).exists()
