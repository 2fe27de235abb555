"""Report jobs with a real Celery worker consuming from Redis (CI has Redis and PostgreSQL): the
worker is a separate process started with the project's own settings, against this test's
database; its queues are purged first."""

import ctypes
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from ratings.models import ReportJob
from ratings.reports import jobs
from tests.conftest import tasks_sent_to
from tests.ratings.test_reports import rated  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True)]
BROKER = os.environ.get("CELERY_BROKER_URL", "")
ROOT = Path(__file__).resolve().parents[2]


def die_with_parent() -> None:
    """In the worker's process: take SIGTERM when the test run ends, however it ends (Linux), so no
    stray worker is left consuming the queues."""
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def real_services() -> str:
    if connection.vendor != "postgresql" or not BROKER:
        return "needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL), as .ci/run provides"
    return ""


@pytest.fixture
def worker(tmp_path, settings):
    reason = real_services()
    if reason:
        if os.environ.get("REQUIRE_REAL_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)
    # The environment's broker: Celery reads CELERY_BROKER_URL from the environment before any setting.
    broker = BROKER
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    db = connection.settings_dict
    env = {
        **os.environ, "CELERY_BROKER_URL": broker, "PRIVATE_MEDIA_ROOT": str(media), "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    subprocess.run([sys.executable, "-m", "celery", "-A", "config", "purge", "-f", "-Q", "celery,pdf"], env=env, cwd=ROOT,
                   check=True, capture_output=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "celery,pdf", "--concurrency=2",
         "--max-tasks-per-child=10", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=die_with_parent,
    )
    try:
        with tasks_sent_to(broker):
            yield process
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output[-4000:])


def wait_for(job: ReportJob, timeout: float = 60) -> list[str]:
    """Poll the row as the page does; the statuses seen, in order."""
    seen, deadline = [job.status], time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not seen or seen[-1] != job.status:
            seen.append(job.status)
        if job.finished:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"job still {job.status} after {timeout} s: {seen}")


def test_a_real_worker_builds_the_report_from_redis(tree, people, rated, worker):  # noqa: F811
    job = jobs.request_report(kind="annual", scope=tree.x, year=2025, by=people.reviewer_x)

    seen = wait_for(job)

    assert seen == ["queued", "running", "done"]
    assert (job.parts_total, job.parts_done, job.attempts, job.error) == (2, 2, 1, "")
    with default_storage.open(job.file.name, "rb") as f:
        content = f.read()
    assert (content[:5], hashlib.sha256(content).hexdigest(), job.size) == (b"%PDF-", job.sha256, len(content))
    assert not any(default_storage.exists(f"reports/parts/{job.pk}/{i:04d}.part") for i in range(job.parts_total))


def test_a_worker_that_cannot_write_fails_the_job_with_a_message(tree, people, rated, worker, settings):  # noqa: F811
    # The worker's private storage is a file, not a folder: every write fails, as on a full or broken disk.
    Path(settings.MEDIA_ROOT).write_text("not a folder")
    job = jobs.request_report(kind="annual", scope=tree.x, year=2025, by=people.reviewer_x)

    seen = wait_for(job)

    assert seen[-1] == "failed", seen
    assert job.error.startswith("Không tạo được báo cáo do lỗi khi dựng văn bản. Hãy thử lại") and job.file.name == ""
