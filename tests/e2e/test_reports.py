"""Provincial staff ask for the province's annual report, watch the progress bar move while the
parts are rendered, and download the PDF; a commune reviewer cannot open it.

The browser sees the real job page polling the real row. The tasks are the real Celery tasks,
run here one by one in the test (`.apply()`) instead of by a worker process, so that each state
of the bar can be seen; tests/ratings/test_worker.py covers a worker consuming from Redis."""

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from branches.models import Job
from branches.tasks import task_build_job, task_merge_job, task_render_part
from tests.conftest import tasks_sent_to
from tests.e2e.conftest import log_in
from tests.ratings.test_reports import rated  # noqa: F401  (fixture)

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def queued_tasks(settings, tmp_path):
    """Tasks go to an in-memory broker nobody consumes, so a job waits until the test runs it."""
    settings.MEDIA_ROOT = tmp_path
    with tasks_sent_to("memory://"):
        yield


def test_province_staff_watch_the_report_being_built_and_download_it(
    page: Page, tree, people, rated, queued_tasks
):
    log_in(page, people.province_staff)
    page.goto(f"/to-chuc/{tree.province.pk}/")
    page.get_by_role("link", name="Báo cáo").click()
    page.get_by_label("Báo cáo kết quả kiểm điểm, đánh giá, xếp loại (PDF)").select_option("2025")
    page.get_by_role("button", name="Tạo").first.click()

    expect(page.get_by_text("Đang chờ máy chủ xử lý…")).to_be_visible()
    bar = page.locator("progress#job-progress")
    expect(bar).to_have_attribute("value", "0")
    job = Job.objects.get()

    task_build_job.apply(args=[job.pk])  # the worker picks the job up and plans its parts
    expect(page.get_by_text("Đang tạo: 0/2 phần")).to_be_visible(timeout=6000)
    task_render_part.apply(args=[job.pk, 0])
    expect(page.get_by_text("Đang tạo: 1/2 phần")).to_be_visible(timeout=6000)
    expect(bar).to_have_attribute("value", "45")
    task_render_part.apply(args=[job.pk, 1])
    task_merge_job.apply(args=[job.pk])
    expect(page.get_by_text("Đã tạo xong")).to_be_visible(timeout=6000)

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").click()
    reader = PdfReader(download.value.path())
    first = " ".join(reader.pages[0].extract_text().split())
    assert ("TỈNH ỦY TRÀ VINH" in first, "BÁO CÁO" in first, f"Trang 1/{len(reader.pages)}" in first) == (
        True,
        True,
        True,
    )
    assert download.value.suggested_filename == "annual-TV-2025.pdf"


def test_a_commune_reviewer_cannot_open_the_province_report(
    page: Page, tree, people, rated, queued_tasks, browser_errors
):
    job = Job.objects.create(
        kind="annual", scope=tree.province, params={"year": 2025}, requested_by=people.province_staff
    )
    browser_errors.allow("404")
    log_in(page, people.reviewer_x)

    response = page.goto(f"/bao-cao/{job.pk}/")

    assert response.status == 404
    expect(page.get_by_role("link", name="Tải về")).to_have_count(0)
