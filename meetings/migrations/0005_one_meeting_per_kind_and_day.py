from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0004 so the rows are updated before the index is built, in its own transaction."""

    dependencies = [
        ("meetings", "0004_meeting_day_and_submission"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind__in", ["regular", "combined", "thematic", "committee"])),
                fields=("organisation", "kind", "day"),
                name="one_meeting_per_kind_and_day",
            ),
        ),
    ]
