"""Inserting demo-sized batches of rows given as tuples: on PostgreSQL one INSERT … SELECT FROM
unnest (an array per column) per chunk, which skips a model instance and a field-by-field
preparation per value (the province's year of dues: half a million lines); elsewhere (the commune
demo on SQLite) the ORM's bulk_create. No signals, no save(): for demo and benchmark data, and for
an import's new members (branches.services.admissions), whose service writes what save() would."""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection

CHUNK = 20_000


def array_casts(fields) -> str:
    # Without the length: varchar[] rather than varchar(16)[] (as Django's own unnest insert).
    return ", ".join(f"%s::{f.db_type(connection).split('(')[0]}[]" for f in fields)


def insert_columns(model, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert `rows`, tuples of the fields named in `columns` (attnames: "member_id")."""
    if not rows:
        return
    fields = [next(f for f in model._meta.concrete_fields if f.attname == name) for name in columns]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=5000
        )
        return
    qn = connection.ops.quote_name
    names = ", ".join(qn(f.column) for f in fields)
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({names}) SELECT * FROM unnest({array_casts(fields)})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.execute(sql, [list(column) for column in zip(*rows[start : start + CHUNK], strict=True)])


def insert_with_ids(model, columns: Sequence[str], rows: list[tuple]) -> list[int]:
    """Insert `rows` as insert_columns does; the new rows' primary keys, in the order of `rows`. On
    PostgreSQL the keys are drawn from the table's sequence first, so no RETURNING order is relied on."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        made = model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=5000
        )
        return [obj.pk for obj in made]
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    insert_columns(
        model, [model._meta.pk.attname, *columns], [(i, *row) for i, row in zip(ids, rows, strict=True)]
    )
    return ids


def json_column(value):
    """A JSON field's value as insert_columns passes it: text for PostgreSQL's jsonb[] cast, the value
    itself for bulk_create."""
    return json.dumps(value) if connection.vendor == "postgresql" else value
