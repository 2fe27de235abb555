"""Reads that span several rows: the tree with its counts, the user's top organisations."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat, StrIndex, Substr

from .models import Member, Organisation, RoleAssignment, admin_q, scope_paths


def with_member_counts(nodes: list[Organisation]) -> list[Organisation]:
    """Set `member_count` (current members in each node's whole subtree) with one query."""
    if not nodes:
        return nodes
    by_path = {node.path: node for node in nodes}
    for node in nodes:
        node.member_count = 0
    q = Q(pk__in=[])
    for node in nodes:
        q |= Q(organisation__path__startswith=node.path)
    rows = (
        Member.objects.current()
        .filter(q)
        .order_by()
        .values_list("organisation__path")
        .annotate(n=Count("pk"))
    )
    for path, count in rows:
        parts = path.strip("/").split("/")
        for end in range(1, len(parts) + 1):
            node = by_path.get("/" + "/".join(parts[:end]) + "/")
            if node is not None:
                node.member_count += count
    return nodes


def unit_path(scope: Organisation, field: str = "organisation__path"):
    """An expression for the path of the child of `scope` whose subtree holds the row's organisation
    (the scope's own path for a row of the scope itself): grouping by it in SQL returns a row per
    unit below the scope, not one per organisation (a province has thousands)."""
    rest = Substr(field, len(scope.path) + 1)  # "23/456/" below "/1/"
    return Concat(Value(scope.path), Substr(rest, 1, StrIndex(rest, Value("/"))))


def with_child_counts(qs):
    return qs.annotate(child_count=Count("children", filter=Q(children__dissolved_on__isnull=True)))


def children(org: Organisation) -> list[Organisation]:
    """Active children first, each with its count of active sub-organisations."""
    return list(with_child_counts(org.children.all()).order_by("dissolved_on", "name"))


def scope_roots(user) -> list[Organisation]:
    """The top organisations of the user's scope, each with its count of sub-organisations."""
    paths = scope_paths(user)
    qs = (
        Organisation.objects.filter(parent__isnull=True)
        if paths is None
        else Organisation.objects.filter(path__in=paths)
    )
    nodes = list(with_child_counts(qs.select_related("parent")).order_by("path"))
    # A role held inside another role's subtree adds nothing to show at the top.
    return [n for n in nodes if not any(n.path != o.path and n.path.startswith(o.path) for o in nodes)]


def accounts_manageable_by(user):
    """The logins an administrator may reset, disable and re-enable: those with a role or a member
    record inside the administrator's subtrees and no role outside them (a commune administrator
    must not disable the province's staff). Superusers are managed from the shell only."""
    User = get_user_model()
    if user.is_superuser:
        return User.objects.all()
    inside = admin_q(user, "role_assignments__organisation__path") | admin_q(
        user, "member__organisation__path"
    )
    outside = RoleAssignment.objects.exclude(admin_q(user, "organisation__path")).values("user_id")
    return User.objects.filter(inside, is_superuser=False).exclude(pk__in=outside).distinct()
