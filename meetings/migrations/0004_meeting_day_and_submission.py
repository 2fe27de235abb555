from django.db import migrations, models
from django.utils import timezone

ONE_A_DAY_KINDS = ("regular", "combined", "thematic", "committee")


def fill_days(apps, schema_editor):
    """Each meeting's local day, from its start (or its plan). Where the double-submit bug left two
    sittings of a kind on one day, the later row keeps no day so the constraint can be added; it
    stays listed, and the chi bộ's records are not touched otherwise."""
    Meeting = apps.get_model("meetings", "Meeting")
    seen, batch = set(), []
    rows = Meeting.objects.order_by("pk").values_list(
        "pk", "organisation_id", "kind", "started_at", "planned_start"
    )
    for pk, org_id, kind, started_at, planned_start in rows.iterator(chunk_size=2000):
        when = started_at or planned_start
        if when is None:
            continue
        day = timezone.localtime(when).date()
        if kind in ONE_A_DAY_KINDS:
            if (org_id, kind, day) in seen:
                continue
            seen.add((org_id, kind, day))
        batch.append(Meeting(pk=pk, day=day))
        if len(batch) == 2000:
            Meeting.objects.bulk_update(batch, ["day"])
            batch = []
    Meeting.objects.bulk_update(batch, ["day"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_attendance_absence_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="day",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="ngày"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="submission",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.RunPython(fill_days, migrations.RunPython.noop),
    ]
