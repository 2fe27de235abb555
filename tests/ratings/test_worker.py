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
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from pypdf import PdfReader

from branches.models import Job
from ratings.reports import jobs
from tests.conftest import tasks_sent_to
from tests.ratings.test_reports import crowded, rated  # noqa: F401  (fixtures)

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


def start_worker(tmp_path, settings, *options: str, env: dict[str, str] | None = None):
    """A worker on both queues with `options` and settings `env` of its own (its environment);
    its output goes to the file `process.log`."""
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
        **os.environ,
        **(env or {}),
        "CELERY_BROKER_URL": broker,
        "PYTHONUNBUFFERED": "1",
        "PRIVATE_MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "purge", "-f", "-Q", "celery,pdf"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                "celery,pdf",
                *options,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=die_with_parent,
        )
    process.log = log
    try:
        with tasks_sent_to(broker):
            yield process
    finally:
        process.terminate()
        process.wait(timeout=30)
        print(log.read_text()[-4000:])


@pytest.fixture
def worker(tmp_path, settings):
    yield from start_worker(tmp_path, settings, "--concurrency=2", "--max-tasks-per-child=10")


@pytest.fixture
def one_process_worker(tmp_path, settings):
    """One pool process (prefork), so the part being rendered is the one that process holds."""
    yield from start_worker(tmp_path, settings, "--concurrency=1")


def wait_for(job: Job, timeout: float = 60) -> list[str]:
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


def test_a_real_worker_builds_the_report_from_redis(tree, people, rated, worker):
    job = jobs.request_report(kind="annual", scope=tree.x, year=2025, by=people.reviewer_x)

    seen = wait_for(job)

    assert seen == ["queued", "running", "done"]
    assert (job.parts_total, job.parts_done, job.attempts, job.error) == (2, 2, 1, "")
    with default_storage.open(job.file.name, "rb") as f:
        content = f.read()
    assert (content[:5], hashlib.sha256(content).hexdigest(), job.size) == (
        b"%PDF-",
        job.sha256,
        len(content),
    )
    assert not any(
        default_storage.exists(f"jobs/parts/{job.pk}/{i:04d}.part") for i in range(job.parts_total)
    )


def test_a_worker_that_cannot_write_fails_the_job_with_a_message(tree, people, rated, worker, settings):
    # The worker's private storage is a file, not a folder: every write fails, as on a full or broken disk.
    Path(settings.MEDIA_ROOT).write_text("not a folder")
    job = jobs.request_report(kind="annual", scope=tree.x, year=2025, by=people.reviewer_x)

    seen = wait_for(job)

    assert seen[-1] == "failed", seen
    assert (
        job.error.startswith("Không tạo được báo cáo do lỗi khi dựng văn bản. Hãy thử lại")
        and job.file.name == ""
    )


def pool_processes(worker: subprocess.Popen) -> list[int]:
    """The worker's pool processes: the children of its main process (Linux /proc)."""
    return [
        int(pid)
        for task in Path(f"/proc/{worker.pid}/task").iterdir()
        for pid in (task / "children").read_text().split()
    ]


def parts_logged(worker: subprocess.Popen, event: str) -> int:
    """How many part tasks the worker's log says were `event` ("received", "succeeded in")."""
    return sum(
        " Task branches.tasks.task_render_part[" in line and f"] {event}" in line
        for line in worker.log.read_text().splitlines()
    )


def part_rendering(worker: subprocess.Popen) -> bool:
    """Whether the pool process is rendering a part now: WeasyPrint has logged from the pool since the
    last part succeeded. A part the main process has received but not yet handed to the pool would
    simply go to the next pool process, and not show redelivery."""
    lines = worker.log.read_text().splitlines()
    last_done = max(
        (
            i
            for i, line in enumerate(lines)
            if " Task branches.tasks.task_render_part[" in line and "] succeeded in" in line
        ),
        default=-1,
    )
    return any(
        "ForkPoolWorker" in line and " - Fetching and parsing " in line for line in lines[last_done + 1 :]
    )


def test_a_part_lost_with_its_killed_worker_process_is_rendered_again_and_the_report_finishes(
    tree, people, crowded, one_process_worker
):
    started = time.monotonic()
    job = jobs.request_report(kind="annual", scope=tree.x, year=2025, by=people.reviewer_x)
    # Wait until a part is done and the next one is being rendered by the pool process: then kill
    # that process, as the kernel's OOM killer would.
    deadline = time.monotonic() + 40
    while True:
        job.refresh_from_db()
        if 1 <= job.parts_done < job.parts_total and part_rendering(one_process_worker):
            break
        assert time.monotonic() < deadline and not job.finished, (job.status, job.parts_done)
        time.sleep(0.02)
    [pool] = pool_processes(one_process_worker)
    os.kill(pool, signal.SIGKILL)
    killed_at = job.parts_done

    seen = wait_for(job, timeout=45)

    output = one_process_worker.log.read_text()
    assert seen[-1] == "done", (seen, job.error)
    assert f"pid:{pool} exited with 'signal 9 (SIGKILL)'" in output
    assert killed_at < job.parts_total == 4
    # Every part was received once, and the lost one once more: redelivered, not restarted.
    assert (
        parts_logged(one_process_worker, "received"),
        job.attempts,
        job.parts_done,
        len(job.part_files),
    ) == (5, 1, 4, 4)
    with default_storage.open(job.file.name, "rb") as f:
        content = f.read()
    pages = [page.extract_text() for page in PdfReader(BytesIO(content)).pages]
    assert (hashlib.sha256(content).hexdigest(), job.pages, len(pages) > 4) == (job.sha256, len(pages), True)
    assert [f"Trang {n}/{len(pages)}" in page for n, page in enumerate(pages, 1)] == [True] * len(pages)
    assert default_storage.listdir(f"jobs/parts/{job.pk}")[1] == []
    assert time.monotonic() - started < 60
