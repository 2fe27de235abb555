"""Bulk writes of the ratings demo: a province's year is ~40,000 ratings and ~150,000 steps.

On PostgreSQL both go through unnest (an array per column), which skips a model instance and a
field-by-field preparation per value: for the province seed, about 8 s instead of 17 s. Elsewhere
(the commune demo on SQLite) the ORM's bulk_create does it.
"""

from __future__ import annotations

import json

from django.db import connection, models

from branches.bulk import array_casts

from ..models import TASK_FIELDS, Transition

# A transition row as the demo builds it: a tuple in this order.
TRANSITION_COLUMNS = (
    "member_rating",
    "organisation_rating",
    "from_status",
    "to_status",
    "level",
    "reason",
    "by",
    "at",
)
# What the steps of a rating set: the fields written over the rows open_period made.
FILLED = {
    "status",
    "version",
    "score",
    *TASK_FIELDS,
    "self_level",
    "proposed_level",
    "proposal_reasons",
    "level",
    "decision_number",
    "decided_on",
    "shortcomings_pointed",
    "shortcomings_remedied",
    "votes_for",
    "votes_total",
}
CHUNK = 20_000


def insert_transitions(rows: list[tuple]) -> None:
    fields = [Transition._meta.get_field(name) for name in TRANSITION_COLUMNS]
    if connection.vendor != "postgresql":
        # Transition.at is stamped on insert; these steps happened earlier, at the times given.
        stamp = fields[-1]
        stamp.auto_now_add = False
        try:
            Transition.objects.bulk_create(
                (
                    Transition(**{f.attname: value for f, value in zip(fields, row, strict=True)})
                    for row in rows
                ),
                batch_size=5000,
            )
        finally:
            stamp.auto_now_add = True
        return
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    sql = (
        f"INSERT INTO {qn(Transition._meta.db_table)} ({columns}) SELECT * FROM unnest({array_casts(fields)})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.execute(sql, [list(column) for column in zip(*rows[start : start + CHUNK], strict=True)])


def write_back(model, rows: list) -> None:
    """The FILLED fields of existing rows. (bulk_update would send a CASE per field and row: over
    a minute for a province's year; elsewhere than PostgreSQL, an upsert on the primary key.)"""
    fields = [f for f in model._meta.concrete_fields if f.name in FILLED]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=[f.name for f in fields],
        )
        return
    qn = connection.ops.quote_name
    table, keyed = qn(model._meta.db_table), [model._meta.pk, *fields]
    sets = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in fields)
    names = ", ".join(qn(f.column) for f in keyed)
    sql = f"UPDATE {table} SET {sets} FROM unnest({array_casts(keyed)}) AS v({names}) WHERE {table}.id = v.id"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            columns = [[r.pk for r in chunk]]
            for f in fields:
                values = [getattr(r, f.attname) for r in chunk]
                columns.append([json.dumps(v) for v in values] if isinstance(f, models.JSONField) else values)
            cursor.execute(sql, columns)
