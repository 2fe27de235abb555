"""Who sees what: role assignments (user, organisation, role) and the filters that limit any query to the
user's subtrees (the organisation path prefix). Fetched once per request and cached on the user."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q

from .. import enums
from .fields import acted_by


def admin_q(user, path_field: str) -> Q:
    """A filter limiting `path_field` to the subtrees where the user is an administrator."""
    if user.is_superuser:
        return Q()
    return paths_q([path for role, path in user_roles(user) if role == RoleAssignment.Role.ADMIN], path_field)


class RoleAssignmentQuerySet(models.QuerySet):
    def manageable_by(self, user) -> RoleAssignmentQuerySet:
        return self.filter(admin_q(user, "organisation__path"))


class RoleAssignment(models.Model):
    Role = enums.Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    organisation = models.ForeignKey(
        "Organisation", on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    granted_by = acted_by(blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_role_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


def user_roles(user) -> list[tuple[str, str]]:
    """(role, organisation path) pairs of the user, fetched once per request."""
    cached = getattr(user, "_roles_with_paths", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).values_list("role", "organisation__path"))
        user._roles_with_paths = cached
    return cached


def is_plain_member(user) -> bool:
    """A member's own login: no role anywhere, a member record linked. Their work is their own
    self-assessment and results, not the organisation's pages. One query, and only for a user
    without roles (the roles are fetched once per request anyway)."""
    if not user.is_authenticated or user.is_superuser or user_roles(user):
        return False
    cached = getattr(user, "_is_plain_member", None)
    if cached is None:
        from .members import Member  # the scope layer sits below the models it limits

        cached = user._is_plain_member = Member.objects.filter(account=user).exists()
    return cached


def scope_paths(user) -> list[str] | None:
    """The organisation paths the user may see; None means everything (superuser)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return None
    return [path for _, path in user_roles(user)]


def scope_organisation_ids(user) -> list[int]:
    """Primary keys of every organisation in the user's subtrees, fetched once per request."""
    cached = getattr(user, "_scope_organisation_ids", None)
    if cached is None:
        from .organisations import Organisation

        cached = list(Organisation.objects.filter(scope_q(user, "path")).values_list("pk", flat=True))
        user._scope_organisation_ids = cached
    return cached


def _is_root_path(path: str) -> bool:
    return path.count("/") == 2


def organisation_scope_q(user, field: str) -> Q:
    """A filter limiting the organisation foreign key `field` to the user's subtrees.

    Below province level it compares ids on the row's own column, which an index serves; an
    OR of joined path tests defeats the planner (a full scan of the province's rows). A whole
    province would make the id list thousands long, so there the path test is used.
    """
    paths = scope_paths(user)
    if paths is None:
        return Q()
    if any(_is_root_path(path) for path in paths):
        return scope_q(user, f"{field}__path")
    return Q(**{f"{field}_id__in": scope_organisation_ids(user)})


class OrganisationRowQuerySet(models.QuerySet):
    """Rows that belong to one organisation through their `organisation` key (a meeting, a rating,
    a recognition): seen through that organisation's scope."""

    def visible_to(self, user):
        return self.filter(organisation_scope_q(user, "organisation"))

    def in_subtree(self, org):
        # Through the ids of the organisations below, not a join on their path: PostgreSQL then
        # walks the rows' (organisation, …) index once per organisation instead of reading every
        # row of the year and keeping the subtree's (a district's ratings: 6 ms instead of 20–35).
        below = self.model._meta.get_field("organisation").related_model.objects.filter(
            path__startswith=org.path
        )
        return self.filter(organisation__in=below.values("pk"))


def paths_q(paths: Iterable[str] | None, path_field: str) -> Q:
    """A filter limiting `path_field` (an organisation path) to the subtrees at `paths` (None:
    everywhere; none: nothing)."""
    if paths is None:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{path_field}__startswith": path})
    return q


def scope_q(user, path_field: str) -> Q:
    """A filter limiting `path_field` (an organisation path) to the user's subtrees."""
    return paths_q(scope_paths(user), path_field)
