"""Many organisations founded at once: an import's new tree, with create_organisation's checks and
records written level by level in bulk statements (a province's 2,538 organisations otherwise cost
some 20,000 statements)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from ..bulk import insert_columns, insert_with_ids, json_column
from ..models import ChangeRecord, Organisation
from ..policy import check
from ..text import nfc
from .admissions import RECORD_COLUMNS
from .organisations import check_code, check_placement, code_taken

COLUMNS = (
    "parent_id",
    "path",
    "depth",
    "kind",
    "code",
    "name",
    "area_type",
    "founded_on",
    "online_pilot",
    "version",
)


@dataclass(eq=False)
class NewOrganisation:
    """One organisation to found: under a stored organisation, or under another of the batch."""

    parent: Organisation | NewOrganisation
    kind: str
    code: str
    name: str
    area_type: str = ""
    founded_on: date | None = None
    online_pilot: bool = False
    created: Organisation | None = None  # once written


def _check_codes(new: list[NewOrganisation]) -> None:
    codes = [n.code for n in new]
    for code in codes:
        check_code(code)
    twice = [code for code, n in Counter(codes).items() if n > 1]
    taken = list(Organisation.objects.filter(code__in=codes).values_list("code", flat=True)[:1])
    if twice or taken:
        raise code_taken((twice or taken)[0])


def _found_level(level: list[NewOrganisation], parents: dict[int, Organisation]) -> list[Organisation]:
    """One insert for organisations whose superiors are all stored; then their paths."""
    under = []
    for n in level:
        parent = parents[n.parent.pk] if isinstance(n.parent, Organisation) else n.parent.created
        check_placement(n.kind, parent)
        under.append(parent)
    rows = [
        (p.pk, "", p.depth + 1, n.kind, n.code, nfc(n.name), n.area_type, n.founded_on, n.online_pilot, 0)
        for n, p in zip(level, under, strict=True)
    ]
    ids = insert_with_ids(Organisation, COLUMNS, rows)
    made = []
    for pk, n, p, row in zip(ids, level, under, rows, strict=True):
        n.created = Organisation(pk=pk, **dict(zip(COLUMNS, row, strict=True)))
        n.created.path = f"{p.path}{pk}/"
        made.append(n.created)
    Organisation.objects.bulk_update(made, ["path"], batch_size=500)
    return made


@transaction.atomic
def create_organisations(*, new: list[NewOrganisation], by) -> list[Organisation]:
    """create_organisation for each of `new` (superiors before or among them): every stored
    superior locked and the policy asked about it (org.create), the placement and code checked,
    one change record each."""
    stored = {n.parent.pk for n in new if isinstance(n.parent, Organisation)}
    parents = Organisation.objects.select_for_update().in_bulk(list(stored))
    for parent in parents.values():
        check(by, "org.create", parent)
    _check_codes(new)
    made: list[Organisation] = []
    level = [n for n in new if isinstance(n.parent, Organisation)]
    while level:
        made += _found_level(level, parents)
        level = [n for n in new if n.created is None and getattr(n.parent, "created", None) is not None]
    if len(made) != len(new):
        raise ValueError("a superior of the batch is neither stored nor in the batch")
    now, actor, nothing = timezone.now(), by.pk if by is not None else None, json_column({})
    summary = {kind: f"Thành lập {label.lower()}" for kind, label in Organisation.Kind.choices}
    records = [
        (
            actor,
            now,
            "organisation",
            o.pk,
            o.name[:200],
            o.path,
            None,
            ChangeRecord.Action.CREATE,
            summary[o.kind],
            nothing,
        )
        for o in made
    ]
    insert_columns(ChangeRecord, RECORD_COLUMNS, records)
    return made
