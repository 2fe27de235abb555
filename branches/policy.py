"""Who may do what. Scope (which objects a user sees at all) is the querysets' `visible_to`;
this module answers the narrower question of actions on objects already in scope.

There is one policy, `can(user, action, obj)`, and each app adds its own actions to it from its
AppConfig.ready (as pretalx keeps a rules module per app): branches' are below, meetings' in
meetings/policy.py, ratings' in ratings/policy.py. The writing services ask it themselves
(`check`), so a command or an import cannot skip it; views ask it too, to answer 403 before a
form is read and to show only the buttons the user may press."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError

from .models import Member, Organisation, RoleAssignment, Transfer, user_roles
from .queries import accounts_manageable_by

Role = RoleAssignment.Role
Rule = Callable[..., bool]  # (user, obj) -> bool, for a user who is logged in and no superuser

RULES: dict[str, Rule] = {}


def register(rules: dict[str, Rule]) -> None:
    """Add an app's actions; an action belongs to one app, so a second rule for it is a mistake."""
    for action, rule in rules.items():
        if RULES.get(action, rule) is not rule:
            raise ImproperlyConfigured(f"policy action {action!r} is registered twice")
        RULES[action] = rule


def organisation_path(obj) -> str:
    """The organisation an action is about: the organisation, a member's chi bộ, a transfer's destination."""
    if isinstance(obj, Organisation):
        return obj.path
    if isinstance(obj, Member):
        return obj.organisation.path
    if isinstance(obj, Transfer):
        return obj.to_organisation.path
    raise TypeError(f"no policy path for {type(obj).__name__}")


def held(user, roles: Iterable[str], path: str, strictly_below: bool = False) -> bool:
    """One of `roles` held at `path` or above it. With `strictly_below` a reviewer works on the
    organisations below the committee they belong to, not on it."""
    for role, scope in user_roles(user):
        if role not in roles or not path.startswith(scope):
            continue
        if strictly_below and role == Role.REVIEWER and path == scope:
            continue
        return True
    return False


def roles(*allowed: str, strictly_below: bool = False) -> Rule:
    """The usual rule: one of `allowed` held at the object's organisation or above."""
    return lambda user, obj: held(user, allowed, organisation_path(obj), strictly_below)


# Rights one checked action carries for the writes it is made of (see `granted`): (user id, the
# scope's path, the actions covered).
_GRANTS: ContextVar[tuple[tuple[int, str, frozenset[str]], ...]] = ContextVar("policy_grants", default=())


def _granted(user, action: str, obj) -> bool:
    grants = _GRANTS.get()
    if not grants or obj is None:
        return False
    path = organisation_path(obj)
    return any(pk == user.pk and action in covers and path.startswith(scope) for pk, scope, covers in grants)


@contextmanager
def granted(user, action: str, scope: Organisation, covers: Iterable[str]) -> Iterator[None]:
    """Check `action` on `scope` once; inside the block the services `user` calls may also do the
    `covers` actions on what lies in the scope's subtree. An import is one decision of its own (only
    administrators and provincial staff may import), made of many writes whose services each ask
    the policy: they keep asking, and the import's right answers for them, in this block only."""
    check(user, action, scope)
    token = _GRANTS.set((*_GRANTS.get(), (user.pk, scope.path, frozenset(covers))))
    try:
        yield
    finally:
        _GRANTS.reset(token)


def can(user, action: str, obj) -> bool:
    rule = RULES[action]  # an unknown action is a programming error, not a refusal
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return rule(user, obj) or _granted(user, action, obj)


class Refused(ValidationError, PermissionDenied):
    """A service's answer to a user the policy says no to. A ValidationError like every other
    refusal of a service (a Vietnamese message, code "scope"), and a PermissionDenied, so a
    request that reaches it outside a form answers 403."""

    def __init__(self, message: str):
        super().__init__(message, code="scope")


REFUSED = "Việc này nằm ngoài quyền hạn của đồng chí."


def check(user, action: str, obj, message: str = REFUSED) -> None:
    """What every writing service asks first: refuse unless `user` may do `action` on `obj`."""
    if not can(user, action, obj):
        raise Refused(message)


# Branches' own actions ------------------------------------------------------------------------------


def manages_roles(user) -> bool:
    """Administrators grant roles (inside their own subtree: RoleAssignment.manageable_by)."""
    return user.is_authenticated and (
        user.is_superuser or any(role == Role.ADMIN for role, _ in user_roles(user))
    )


def _creates_under(user, parent: Organisation | None) -> bool:
    # A province (no parent) is created by a superuser only, from the shell.
    return parent is not None and held(user, {Role.ADMIN, Role.REVIEWER}, parent.path)


def _manages_account(user, account) -> bool:
    """Reset, disable and re-enable a login: an administrator, for the accounts in their subtrees."""
    return manages_roles(user) and accounts_manageable_by(user).filter(pk=account.pk).exists()


BRANCH_RULES: dict[str, Rule] = {
    "org.create": _creates_under,  # obj: the parent
    "org.edit": roles(Role.ADMIN, Role.REVIEWER, strictly_below=True),
    "org.move": roles(Role.ADMIN, Role.REVIEWER, strictly_below=True),
    "org.dissolve": roles(Role.ADMIN, Role.REVIEWER, strictly_below=True),
    "member.admit": roles(Role.ADMIN, Role.REVIEWER, Role.SECRETARY),  # obj: the chi bộ
    "member.edit": roles(Role.ADMIN, Role.REVIEWER, Role.SECRETARY),
    "member.lifecycle": roles(Role.ADMIN, Role.REVIEWER, Role.SECRETARY),
    # Bring the tree and members in from Excel, or export them (issue 12); obj: the scope.
    "member.import": roles(Role.ADMIN, Role.PROVINCE_STAFF),
    "position.manage": roles(Role.ADMIN, Role.REVIEWER, Role.SECRETARY),  # obj: where the post is held
    "transfer.confirm": roles(Role.ADMIN, Role.REVIEWER, Role.SECRETARY),  # obj: the transfer
    "role.manage": roles(Role.ADMIN),  # grant, revoke; obj: the organisation
    "account.create": lambda user, obj: manages_roles(user),  # obj: None, a login belongs to no organisation
    "account.manage": _manages_account,  # obj: the login
    "member.login": roles(Role.ADMIN),  # give a member their own login; obj: the member
    "reminder.done": lambda user, obj: obj.user_id == user.pk,  # one's own reminders only; obj: the reminder
}
