"""Writes to criteria sets of every kind (branches.criteria_sets): a province's copy, and the edit
until the version is used. Each asks the policy (the kind's action; for a national default, the
superuser), refuses in Vietnamese leaving the database as it was, and leaves a change record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction

from ..criteria_sets import kind_of, may_edit
from ..models import ChangeRecord, Organisation
from ..policy import Refused, check
from ..text import nfc, nfc_lines
from .common import STALE_MESSAGE, audit


def _not_managed(province: Organisation) -> str:
    return f"Đồng chí không quản trị {province.name}."


def _add_criteria(criteria_set, rows: list[dict]) -> None:
    related = criteria_set.criteria
    related.model.objects.bulk_create(
        related.model(**row, **{related.field.name: criteria_set}) for row in rows
    )


def _described(criteria_set, names) -> dict:
    """What the change record compares: the fields edited and the criteria in one line."""
    return {name: getattr(criteria_set, name) for name in names} | {
        "criteria": "; ".join(str(c) for c in criteria_set.criteria.all())
    }


@transaction.atomic
def copy_criteria_set(
    *, source: models.Model, province: Organisation, year: int | None = None, by
) -> models.Model:
    """A province's own version starts as a copy of another (usually the national default) with its
    criteria, and takes over from it in that province: from `year` (sheets) or for the source's
    years (schemes, whose `year` is not asked)."""
    kind = kind_of(source)
    if province.kind != Organisation.Kind.PROVINCE:
        raise ValidationError({"province": kind.province_only})
    check(by, kind.action, province, _not_managed(province))
    if not kind.per_year:
        year = None
    elif year is None:
        raise ValidationError({"year": "Hãy nhập năm áp dụng."})
    if kind.rows().versions_like(source, province, year).exists():
        raise ValidationError(
            {"year" if kind.per_year else "province": kind.duplicate_message(source, province, year)}
        )
    kind.check_copy(source, province, year)
    made = kind.model.objects.create(**kind.copy_fields(source, province, year))
    link = source.criteria.field.name
    names = [
        f.name for f in source.criteria.model._meta.concrete_fields if not f.primary_key and f.name != link
    ]
    _add_criteria(made, [{name: getattr(c, name) for name in names} for c in source.criteria.all()])
    audit(by, made, ChangeRecord.Action.CREATE, summary=kind.copied_summary.format(name=source.name))
    return made


@transaction.atomic
def update_criteria_set(
    *, criteria_set: models.Model, fields: dict, criteria: list[dict], version: int | None = None, by
) -> models.Model:
    """Replace a version's own fields and its criteria. A version something was scored on is
    frozen: the scores must keep their meaning, so a new year gets a new copy instead."""
    kind = kind_of(criteria_set)
    found = (
        kind.model.objects.select_for_update(of=("self",)).select_related("province").get(pk=criteria_set.pk)
    )
    if kind.versioned and found.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    if not may_edit(by, found):
        raise Refused(kind.national_only if found.province is None else _not_managed(found.province))
    if kind.in_use(found):
        raise ValidationError(kind.frozen_message, code="frozen")
    kind.check(found, fields, criteria)
    values = {
        name: (nfc_lines(value) if name in kind.multi_line_fields else nfc(value))
        if isinstance(value, str)
        else value
        for name, value in fields.items()
    }
    before = _described(found, values)
    for name, value in values.items():
        setattr(found, name, value)
    if kind.versioned:
        found.version += 1
    found.save()
    found.criteria.all().delete()
    rows = [
        {name: nfc(value) if isinstance(value, str) else value for name, value in row.items()}
        for row in criteria
    ]
    _add_criteria(found, [{**row, "order": i} for i, row in enumerate(kind.ordered(rows))])
    after = _described(found, values)
    audit(
        by,
        found,
        ChangeRecord.Action.UPDATE,
        {k: (before[k], v) for k, v in after.items() if before[k] != v},
        kind.edited_summary,
    )
    return found
