"""The import pages: upload, the check as a job, the preview with its errors, the confirmation, the
result; and who reaches them."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from branches.imports import checks, reader
from branches.imports.export import KIND as EXPORT_KIND
from branches.models import DownloadLog, ImportRecord, Job, Member
from tests.branches.import_files import GOOD, members_csv, with_three_errors
from tests.branches.test_access import PERSONAS, drive, row
from tests.factories import MemberFactory


def check(client, scope, upload, capture) -> Job:
    with capture(execute=True):
        response = client.post(reverse("branches:import-start", args=[scope.pk]), {"members": upload})
    return Job.objects.get(kind=checks.KIND, scope=scope, pk=int(response.url.rstrip("/").split("/")[-1]))


def confirm(client, job: Job, capture):
    """Confirm the check; the confirmation's job runs when the request commits, then its page."""
    with capture(execute=True):
        response = client.post(reverse("branches:import-confirm", args=[job.pk]))
    return client.get(response.url, follow=True)


@pytest.fixture
def imports(tree, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    preview = {"digest": "x", "counts": {}, "errors": [{"sheet": "Đảng viên", "row": 2}]}
    job = Job.objects.create(
        kind=checks.KIND,
        scope=tree.x,
        requested_by=people.admin,
        status=Job.Status.DONE,
        params={"members": "", "members_name": "dang-vien.csv"},
        file=default_storage.save("jobs/preview.json", ContentFile(json.dumps(preview).encode())),
    )
    applying = Job.objects.create(
        kind=checks.APPLY_KIND,
        scope=tree.x,
        requested_by=people.admin,
        status=Job.Status.DONE,
        params={"check": job.pk},
        file=default_storage.save(
            "jobs/outcome.json", ContentFile(b'{"refused": "T\\u1ec7p c\\u00f2n 1 l\\u1ed7i."}')
        ),
    )
    record = ImportRecord.objects.create(scope=tree.x, imported_by=people.admin, members_file="dang-vien.csv")
    export = Job.objects.create(kind=EXPORT_KIND, scope=tree.x, requested_by=people.admin)
    return SimpleNamespace(job=job, applying=applying, record=record, export=export)


# Only administrators and provincial staff of the scope import (commune X here); a reviewer of X
# sees X but may not; a secretary of chi bộ A does not see X at all.
IMPORT_MATRIX = [
    row("branches:import-start", lambda t, o: {"pk": t.x.pk}, [404, 403, 404, 200, 200]),
    row(
        "branches:import-template",
        lambda t, o: {"pk": t.x.pk, "kind": "dang-vien"},
        [404, 403, 404, 200, 200],
    ),
    row("branches:import-export", lambda t, o: {"pk": t.x.pk}, [404, 403, 404, 302, 302]),
    row("branches:import-export", lambda t, o: {"pk": t.x.pk}, [404, 403, 404, 302, 302], "post"),
    row("branches:export-job", lambda t, o: {"pk": o.export.pk}, [404, 403, 404, 200, 200]),
    row("branches:import-job", lambda t, o: {"pk": o.job.pk}, [404, 403, 404, 200, 200]),
    row("branches:import-confirm", lambda t, o: {"pk": o.job.pk}, [404, 403, 404, 302, 302], "post"),
    row("branches:import-applying", lambda t, o: {"pk": o.applying.pk}, [404, 403, 404, 200, 200]),
    row("branches:import-result", lambda t, o: {"pk": o.record.pk}, [404, 200, 404, 200, 200]),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), IMPORT_MATRIX)
def test_import_urls_answer_each_persona(
    client, tree, people, imports, persona, name, kwargs, method, expected
):
    drive(client, people, persona, reverse(name, kwargs=kwargs(tree, imports)), method, expected)


def test_a_file_with_errors_is_previewed_with_each_error_and_nothing_is_written(
    client, tree, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.province_staff)

    job = check(client, tree.x, members_csv(with_three_errors()), django_capture_on_commit_callbacks)
    page = client.get(reverse("branches:import-job", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == "done"
    errors = [(e["row"], e["column"]) for e in page.context["preview"]["errors"]]
    assert errors == [(2, "Ngày sinh"), (3, "Chi bộ"), (4, "Ngày chính thức")]
    assert "Xác nhận nhập dữ liệu" not in page.content.decode()
    assert Member.objects.count() == 0


def test_a_good_file_is_confirmed_once_and_its_counts_shown(
    client, tree, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.province_staff)
    job = check(client, tree.x, members_csv(GOOD), django_capture_on_commit_callbacks)
    page = client.get(reverse("branches:import-job", args=[job.pk]))
    assert page.context["preview"]["counts"]["members_created"] == 3

    done = confirm(client, job, django_capture_on_commit_callbacks)
    again = confirm(client, job, django_capture_on_commit_callbacks)

    record = ImportRecord.objects.get()
    result = reverse("branches:import-result", args=[record.pk])
    assert (done.redirect_chain, again.redirect_chain) == ([(result, 302)], [(result, 302)])
    assert sorted(Member.objects.values_list("full_name", "organisation__code")) == [
        ("Lê Văn Cường", "A2"),
        ("Trần Thị Bích", "A"),
        ("Võ Thị Hoa", "A"),
    ]
    assert (done.context["record"].members_created, record.imported_by) == (3, people.province_staff)


def test_a_preview_made_stale_by_a_change_meanwhile_is_refused(
    client, tree, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Bích was entered by hand after the check: the file would now change her, not add her."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.admin)
    job = check(client, tree.x, members_csv(GOOD), django_capture_on_commit_callbacks)
    MemberFactory(organisation=tree.a, full_name="Trần Thị Bích", birth_date=date(1985, 3, 2))

    response = confirm(client, job, django_capture_on_commit_callbacks)

    assert response.context["refused"] == checks.STALE
    assert not ImportRecord.objects.exists() and Member.objects.count() == 1


def test_a_stored_file_changed_since_the_check_is_refused(
    client, tree, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.admin)
    job = check(client, tree.x, members_csv(GOOD), django_capture_on_commit_callbacks)
    (tmp_path / job.params["members"]).write_bytes(b"Ho va ten\nX\n")

    response = confirm(client, job, django_capture_on_commit_callbacks)

    assert response.context["refused"] == checks.FILE_CHANGED
    assert Member.objects.count() == 0


def test_the_start_page_lists_imports_in_a_fixed_number_of_queries(
    client, tree, people, django_assert_num_queries
):
    client.force_login(people.admin)
    url = reverse("branches:import-start", args=[tree.x.pk])
    ImportRecord.objects.create(scope=tree.x, imported_by=people.admin, members_file="1.csv")
    client.get(url)
    with django_assert_num_queries(6) as one:
        client.get(url)
    for n in range(2):
        ImportRecord.objects.create(scope=tree.x, imported_by=people.province_staff, members_file=f"{n}.csv")
        Job.objects.create(kind=checks.KIND, scope=tree.x, requested_by=people.admin, params={"n": n})
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_upload_still_checks_the_csrf_token(tree, people, settings, tmp_path):
    """The view sets its larger upload limit before the middleware reads the files, so it checks
    the token itself."""
    from django.test import Client

    settings.MEDIA_ROOT = tmp_path
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.admin)

    response = client.post(reverse("branches:import-start", args=[tree.x.pk]), {"members": members_csv(GOOD)})

    assert (response.status_code, Job.objects.count(), list(tmp_path.rglob("*.*"))) == (403, 0, [])


def test_a_file_over_the_limit_is_refused_next_to_its_field(client, tree, people, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(people.admin)

    response = client.post(
        reverse("branches:import-start", args=[tree.x.pk]),
        {"members": SimpleUploadedFile("lon.csv", b"x" * (1024 * 1024 + 1), content_type="text/csv")},
    )

    assert response.context["form"].errors == {"members": ["Tệp lớn hơn 1 MB: hãy tách theo đơn vị."]}
    assert Job.objects.count() == 0


def test_the_poll_of_a_finished_check_reloads_the_page_to_show_the_preview(client, tree, people, imports):
    client.force_login(people.admin)

    response = client.get(reverse("branches:import-job", args=[imports.job.pk]), HTTP_HX_REQUEST="true")

    assert (response.status_code, response["HX-Refresh"]) == (286, "true")


def test_the_export_is_written_by_a_worker_in_the_template_and_its_download_is_logged(
    client, tree, people, member_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.province_staff)
    start = client.get(reverse("branches:import-start", args=[tree.x.pk])).content.decode()
    assert f'action="{reverse("branches:import-export", args=[tree.x.pk])}"' in start

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("branches:import-export", args=[tree.x.pk]))
    job = Job.objects.get(kind=EXPORT_KIND)
    page = client.get(asked.url)
    download = client.get(reverse("branches:job-download", args=[job.pk]))

    assert asked.url == reverse("branches:export-job", args=[job.pk])
    assert "Danh sách tổ chức và đảng viên — Đảng bộ xã Phước Hưng" in page.content.decode()
    assert "Tải về" in page.content.decode()
    assert download["Content-Disposition"].endswith('filename="dang-vien-X.xlsx"')
    back = reader.read(BytesIO(b"".join(download.streaming_content)), name="x.xlsx")
    assert [m.values["full_name"] for m in back.members] == ["Nguyễn Văn An"]
    assert [o.values["code"] for o in back.organisations] == ["X", "A", "A2", "G", "G1"]
    assert list(DownloadLog.objects.values_list("user__username", "what")) == [
        (
            "bantochuc",
            f"Danh sách tổ chức và đảng viên — Đảng bộ xã Phước Hưng (dang-vien-X.xlsx, việc {job.pk})",
        )
    ]


def test_a_failed_export_says_why_and_offers_to_export_again(client, tree, people):
    job = Job.objects.create(
        kind=EXPORT_KIND, scope=tree.x, requested_by=people.admin, status=Job.Status.FAILED, error="Lỗi thử."
    )
    client.force_login(people.province_staff)

    page = client.get(reverse("branches:export-job", args=[job.pk])).content.decode()

    assert "Lỗi thử." in page
    assert f'<form method="post" action="{reverse("branches:import-export", args=[tree.x.pk])}">' in page


def test_a_second_click_on_the_export_joins_the_one_being_written(client, tree, people):
    client.force_login(people.province_staff)

    first = client.post(reverse("branches:import-export", args=[tree.x.pk]))
    second = client.post(reverse("branches:import-export", args=[tree.x.pk]))

    assert first.url == second.url and Job.objects.filter(kind=EXPORT_KIND).count() == 1


def test_an_old_checks_upload_is_deleted_with_its_preview(
    client, tree, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from branches.jobs import services

    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.admin)
    job = check(client, tree.x, members_csv(GOOD), django_capture_on_commit_callbacks)
    kept = check(client, tree.x, members_csv(GOOD, name="moi.csv"), django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=31))

    deleted = services.clean(keep_days=30)

    job.refresh_from_db()
    assert (deleted, job.file.name, default_storage.exists(job.params["members"])) == (2, "", False)
    assert default_storage.exists(kept.params["members"])
