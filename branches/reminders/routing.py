"""Who is told of a thing due: the nearest holder of the audience's role, so each thing reaches
the one who does the work and not every level up to the province.

* Secretary: the secretary of the chi bộ; where it has none with a login, the nearest secretary
  above who keeps its records (a commune office entering for its chi bộ).
* Reviewer: the nearest reviewer strictly above the organisation (the đảng ủy xã for its chi bộ),
  or at the deciding level named by the source and above it."""

from __future__ import annotations

from collections import defaultdict

from ..models import RoleAssignment
from .registry import Audience, Due

Role = RoleAssignment.Role
# path -> user ids holding the role there, per audience
Holders = dict[Audience, dict[str, list[int]]]


def holders() -> Holders:
    """The active logins holding a secretary's or a reviewer's role, by organisation path: a few
    thousand rows for a province, read once per refresh."""
    found: Holders = {Audience.SECRETARY: defaultdict(list), Audience.REVIEWER: defaultdict(list)}
    rows = RoleAssignment.objects.filter(
        role__in=[Role.SECRETARY, Role.REVIEWER], user__is_active=True
    ).values_list("role", "organisation__path", "user_id")
    for role, path, user_id in rows:
        found[Audience(role)][path].append(user_id)
    return found


def ancestors(path: str) -> list[str]:
    """ "/1/5/9/" -> ["/1/5/9/", "/1/5/", "/1/"]: the organisation and those above it, nearest first."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:n]) + "/" for n in range(len(parts), 0, -1)]


def recipients(due: Due, found: Holders) -> list[int]:
    by_path = found[due.audience]
    candidates = ancestors(due.path)
    if due.audience == Audience.REVIEWER:
        candidates = ancestors(due.reviewer_at) if due.reviewer_at else candidates[1:]
    for path in candidates:
        if by_path.get(path):
            return sorted(set(by_path[path]))
    return []
