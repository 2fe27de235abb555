# Its rows were copied to branches.Job by 0011; a migration of its own, so that on PostgreSQL the
# copy is committed before the table is dropped.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("ratings", "0011_report_jobs_to_branches_job"),
    ]

    operations = [
        migrations.DeleteModel(
            name="ReportJob",
        ),
    ]
