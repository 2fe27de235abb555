"""The party organisation tree: each node with its kind, its materialised path and its dates."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q

from ..enums import OrganisationArea, OrganisationKind
from .fields import ends_after
from .scope import scope_q


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganisationQuerySet:
        return self.filter(scope_q(user, "path"))

    def subtree(self, org: Organisation) -> OrganisationQuerySet:
        return self.filter(path__startswith=org.path)

    def active(self) -> OrganisationQuerySet:
        return self.filter(dissolved_on__isnull=True)

    def existing_in(self, year: int) -> OrganisationQuerySet:
        """Founded by the year's end and not dissolved before it began."""
        return self.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=date(year, 12, 31))).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date(year, 1, 1))
        )


def province_id_of(path: str) -> int:
    """The province of the organisation with this path: the root of the path."""
    return int(path.strip("/").split("/")[0])


class Organisation(models.Model):
    """A node of the party organisation tree.

    `path` is the materialised path of primary keys ("/1/25/301/"), kept by branches.services;
    a subtree is `path__startswith`. It changes only when a subtree moves.
    """

    Kind = OrganisationKind
    Area = OrganisationArea

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    code = models.CharField("mã", max_length=32, unique=True)
    name = models.CharField("tên", max_length=200)
    area_type = models.CharField("loại địa bàn", max_length=32, choices=Area.choices, blank=True, default="")
    founded_on = models.DateField("ngày thành lập", null=True, blank=True)
    dissolved_on = models.DateField("ngày giải thể", null=True, blank=True)
    online_pilot = models.BooleanField("thí điểm sinh hoạt trực tuyến", default=False)
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        constraints = [
            ends_after("dissolved_on", "founded_on", start_optional=True, name="org_dissolved_after_founded"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def province_id(self) -> int:
        """The province the organisation belongs to (the root of its path)."""
        return province_id_of(self.path)

    @property
    def is_branch(self) -> bool:
        """A chi bộ: the unit whose members meet together."""
        return self.kind in BRANCH_KINDS

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1]]


# Which kind may sit directly under which (domain-rules §4.1): both the pre-2025 chain
# tỉnh → huyện → đảng bộ xã (a TCCSĐ) and the 2025 one tỉnh → đảng ủy xã → TCCSĐ | chi bộ.
ALLOWED_CHILD_KINDS: dict[str, set[str]] = {
    Organisation.Kind.PROVINCE: {
        Organisation.Kind.UPPER,
        Organisation.Kind.GRASSROOTS_COMMITTEE,
        Organisation.Kind.GRASSROOTS_CELL,
    },
    Organisation.Kind.UPPER: {
        Organisation.Kind.GRASSROOTS_COMMITTEE,
        Organisation.Kind.GRASSROOTS_CELL,
        Organisation.Kind.CELL,
    },
    Organisation.Kind.GRASSROOTS_COMMITTEE: {Organisation.Kind.SUB_COMMITTEE, Organisation.Kind.CELL},
    Organisation.Kind.SUB_COMMITTEE: {Organisation.Kind.CELL},
    Organisation.Kind.GRASSROOTS_CELL: {Organisation.Kind.GROUP},
    Organisation.Kind.CELL: {Organisation.Kind.GROUP},
    Organisation.Kind.GROUP: set(),
}


# Members are kept on a chi bộ; a tổ đảng groups members of its chi bộ for meetings only.
BRANCH_KINDS = {Organisation.Kind.GRASSROOTS_CELL, Organisation.Kind.CELL}
