"""The report jobs become rows of the generic job (branches.Job, made by branches 0008): every row
is copied with its id (so the job pages and the download log's "việc N" still point at it), its
year moved into `params`, its file name and timings as they were. 0012 then drops the old table.

A new table and a copy rather than renaming the old one: the model moves to another app, loses a
column and gains one, and its constraints change, which a copy says plainly on SQLite and
PostgreSQL alike. Explicit ids leave PostgreSQL's sequence behind, so it is reset after the copy."""

from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import migrations

KINDS = ["annual", "rating_list", "excel"]
SAME = ["id", "kind", "scope_id", "requested_by_id", "status", "parts_total", "parts_done", "part_files", "attempts",
        "fingerprint", "file", "sha256", "size", "pages", "error", "reused", "created_at", "started_at", "finished_at"]


@contextmanager
def created_at_kept(model):
    """auto_now_add would stamp every copy with the time of the migration."""
    field = model._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def reset_sequence(schema_editor, model):
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def to_jobs(apps, schema_editor):
    ReportJob, Job = apps.get_model("ratings", "ReportJob"), apps.get_model("branches", "Job")
    with created_at_kept(Job):
        Job.objects.bulk_create(
            (Job(params={"year": row.pop("year")}, **row)
             for row in ReportJob.objects.order_by("pk").values(*SAME, "year").iterator()),
            batch_size=500,
        )
    reset_sequence(schema_editor, Job)


def to_report_jobs(apps, schema_editor):
    ReportJob, Job = apps.get_model("ratings", "ReportJob"), apps.get_model("branches", "Job")
    jobs = Job.objects.filter(kind__in=KINDS)
    with created_at_kept(ReportJob):
        ReportJob.objects.bulk_create(
            (ReportJob(year=row.pop("params")["year"], **row)
             for row in jobs.order_by("pk").values(*SAME, "params").iterator()),
            batch_size=500,
        )
    jobs.delete()
    reset_sequence(schema_editor, ReportJob)


class Migration(migrations.Migration):

    dependencies = [
        ("branches", "0008_job"),
        ("ratings", "0010_report_part_files"),
    ]

    operations = [migrations.RunPython(to_jobs, to_report_jobs)]
