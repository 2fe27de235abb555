"""The background job mechanism on its own, with a kind registered here rather than a report: what
a future kind (an import of members, dues) gets from it. The reports' own tests are in
tests/ratings/test_reports.py and tests/ratings/test_worker.py."""

import hashlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.urls import reverse

from branches.jobs import services
from branches.jobs.kinds import KINDS, JobKind, Messages, register
from branches.models import DownloadLog, Job
from tests.conftest import tasks_sent_to
from tests.factories import root

KIND = "test_numbers"


def numbers(job, ids, index) -> bytes:
    if job.params.get("broken"):
        raise ValueError("the numbers are broken")
    return "".join(f"{i};{i * job.params['factor']}\n" for i in ids).encode()


@pytest.fixture
def kind(settings, tmp_path):
    """Numbers in two parts, a CSV: parts joined in order, the file named by the kind."""
    settings.MEDIA_ROOT = tmp_path
    spec = JobKind(
        "Bảng số thử (CSV)",
        numbers,
        "csv",
        "text/csv",
        "org.edit",
        parts=lambda job: [[1, 2], [3]],
        title=lambda job: f"Bảng số thử, hệ số {job.params['factor']}",
        filename=lambda job: f"bang-so-{job.scope.code}-{job.params['factor']}",
    )
    register(KIND, spec)
    yield spec
    del KINDS[KIND]


def run(capture, scope, **params) -> Job:
    with capture(execute=True):
        job = services.request_job(kind=KIND, scope=scope, params=params, by=root())
    job.refresh_from_db()
    return job


def test_a_registered_kind_is_built_in_parts_and_downloaded_under_its_name(
    client, tree, people, kind, django_capture_on_commit_callbacks
):
    job = run(django_capture_on_commit_callbacks, tree.x, factor=10)
    client.force_login(people.reviewer_x)

    response = client.get(reverse("branches:job-download", args=[job.pk]))

    content = b"".join(response.streaming_content)
    assert (job.status, job.parts_total, job.parts_done, job.attempts, job.pages, job.error) == (
        "done",
        2,
        2,
        1,
        0,
        "",
    )
    assert content == b"1;10\n2;20\n3;30\n"
    assert (job.sha256, job.size, job.file.name) == (
        hashlib.sha256(content).hexdigest(),
        len(content),
        f"jobs/{job.sha256[:20]}.csv",
    )
    assert response["Content-Disposition"] == 'attachment; filename="bang-so-X-10.csv"'
    assert response["Content-Type"] == "text/csv"
    assert list(DownloadLog.objects.values_list("user__username", "what", "scope_path")) == [
        ("xetduyet_x", f"Bảng số thử, hệ số 10 (bang-so-X-10.csv, việc {job.pk})", tree.x.path)
    ]
    assert default_storage.listdir(f"jobs/parts/{job.pk}")[1] == []


def test_the_download_is_scoped_and_only_of_a_finished_file(
    client, tree, people, kind, django_capture_on_commit_callbacks
):
    done = run(django_capture_on_commit_callbacks, tree.x, factor=2)
    with tasks_sent_to("memory://"):  # nobody consumes it: the job stays queued
        waiting = run(django_capture_on_commit_callbacks, tree.x, factor=3)

    client.force_login(people.secretary_b)
    outsider = client.get(reverse("branches:job-download", args=[done.pk])).status_code
    client.force_login(people.reviewer_x)
    early = client.get(reverse("branches:job-download", args=[waiting.pk])).status_code

    assert (outsider, early, waiting.status) == (404, 404, "queued")
    assert DownloadLog.objects.count() == 0


def test_a_second_request_while_the_job_waits_returns_it(tree, kind, django_capture_on_commit_callbacks):
    with tasks_sent_to("memory://"):
        first = run(django_capture_on_commit_callbacks, tree.x, factor=4)
        again = run(django_capture_on_commit_callbacks, tree.x, factor=4)
        other = run(django_capture_on_commit_callbacks, tree.x, factor=5)

    assert (again.pk, other.pk != first.pk) == (first.pk, True)
    assert list(Job.objects.order_by("pk").values_list("params", "status")) == [
        ({"factor": 4}, "queued"),
        ({"factor": 5}, "queued"),
    ]


def test_a_kind_without_words_of_its_own_fails_with_the_general_message(
    tree, kind, django_capture_on_commit_callbacks
):
    job = run(django_capture_on_commit_callbacks, tree.x, factor=1, broken=True)

    assert (job.status, job.file.name) == ("failed", "")
    assert job.error == Messages().failed.format(job=job.pk)
    assert job.error.startswith("Không thực hiện được việc này do lỗi khi xử lý. Hãy thử lại")


def test_two_kinds_under_one_name_are_refused(kind):
    register(KIND, kind)  # the same again, as a second ready() would: nothing changes

    with pytest.raises(ImproperlyConfigured):
        register(KIND, JobKind("Khác", numbers, "csv", "text/csv", "org.edit"))
    assert KINDS[KIND] is kind
