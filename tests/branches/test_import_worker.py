"""The check of an uploaded file with a real Celery worker on Redis and PostgreSQL (as CI runs it):
the worker reads the stored file, stores the preview; the confirmation applies it."""

import pytest
from django.core.files.storage import default_storage

from branches.imports import checks, export, reader
from branches.models import ImportRecord, Member
from tests.branches.import_files import GOOD, members_csv, with_three_errors
from tests.ratings.test_worker import wait_for, worker  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_worker_checks_the_file_and_the_preview_is_applied(tree, people, worker):  # noqa: F811
    job = checks.request_check(scope=tree.x, members=members_csv(GOOD), by=people.province_staff)

    seen = wait_for(job)

    assert seen[-1] == "done"
    shown = checks.stored_result(job)
    assert (shown["counts"]["members_created"], shown["errors"]) == (3, [])
    record = checks.apply_checked(job=job, by=people.province_staff)
    assert (
        record.members_created,
        Member.objects.filter(organisation__path__startswith=tree.x.path).count(),
    ) == (
        3,
        3,
    )


def test_a_worker_lists_the_errors_and_nothing_can_be_confirmed(tree, people, worker):  # noqa: F811
    job = checks.request_check(scope=tree.x, members=members_csv(with_three_errors()), by=people.admin)

    assert wait_for(job)[-1] == "done"

    assert [(e["row"], e["column"]) for e in checks.stored_result(job)["errors"]] == [
        (2, "Ngày sinh"),
        (3, "Chi bộ"),
        (4, "Ngày chính thức"),
    ]
    with pytest.raises(Exception) as refusal:
        checks.apply_checked(job=job, by=people.admin)
    assert refusal.value.messages == ["Tệp còn 3 lỗi: hãy sửa tệp rồi tải lên lại."]
    assert not ImportRecord.objects.exists()


def test_a_worker_writes_the_export_in_the_template_layout(tree, people, member_a, worker):  # noqa: F811
    job = export.request_export(scope=tree.x, by=people.province_staff)

    assert wait_for(job)[-1] == "done"

    job.refresh_from_db()
    with default_storage.open(job.file.name, "rb") as stored:
        back = reader.read(stored, name="x.xlsx")
    assert [m.values["full_name"] for m in back.members] == ["Nguyễn Văn An"]
    assert [o.values["code"] for o in back.organisations] == ["X", "A", "A2", "G", "G1"]
