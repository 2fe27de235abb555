"""Provincial staff bring members in from a file: the first upload has three mistakes, listed with
their row and column, and nothing is written; the fixed file is checked, confirmed and its counts
shown. On the demo as `make run` loads it, at phone width, with axe on each page.

The check is a background job; with no broker it runs in the request that queued it (the app's
embedded default), so the preview is there when the page opens. tests/branches/test_import_worker.py
covers a real worker."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from branches.imports import reader
from branches.models import ImportRecord, Member
from tests.e2e.conftest import PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser_context_args(viewport=PHONE, reduced_motion="reduce")]

HEADERS = "Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Số CCCD,Chi bộ,Tình trạng"
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "imports"
# Every control of the page: what is under 44 px or 16 px.
SMALL = """() => [...document.querySelectorAll("main a.btn, main button, main input[type=file], main summary")]
    .filter(e => e.getClientRects().length).map(e => {
        const box = e.getBoundingClientRect(), font = parseFloat(getComputedStyle(e).fontSize);
        return box.height < 44 || font < 16 ? `${e.textContent.trim().slice(0, 30)} ${Math.round(box.height)} px, ${font} px` : null;
    }).filter(Boolean)"""


def members_file(tmp_path: Path, name: str, branch: str, mistakes: bool) -> Path:
    rows = [
        [
            "Trần Thị Nhập",
            "Nữ",
            "31/02/1985" if mistakes else "28/02/1985",
            "19/05/2012",
            "19/05/2013",
            "084185990001",
            branch,
            "Chính thức",
        ],
        [
            "Lê Văn Nhập",
            "Nam",
            "07/08/1990",
            "03/02/2016",
            "03/02/2017",
            "084090990002",
            "KHONG-CO" if mistakes else branch,
            "Chính thức",
        ],
        [
            "Võ Thị Nhập",
            "Nữ",
            "11/11/1995",
            "01/09/2024",
            "01/10/2024" if mistakes else "01/09/2025",
            "084195990003",
            branch,
            "Chính thức",
        ],
    ]
    path = tmp_path / name
    path.write_text("\n".join([HEADERS] + [",".join(r) for r in rows]) + "\n", encoding="utf-8")
    return path


def look(page: Page, axe, name: str) -> list[str]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    return (
        [f"{name}: {v}" for v in axe(page)]
        + [f"{name}: {s}" for s in page.evaluate(SMALL)]
        + ([f"{name}: scrolls sideways"] if wide else [])
    )


def test_province_staff_fix_a_file_with_three_errors_and_import_it(page: Page, demo, axe, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    branch = demo.branch
    before = Member.objects.count()
    log_in(page, demo.users.bantochuc)
    page.goto(f"/to-chuc/{demo.province.pk}/")
    page.get_by_role("link", name="Nhập, xuất Excel").click()
    found = look(page, axe, "1-upload")

    page.get_by_label("Tệp đảng viên (.xlsx hoặc .csv)").set_input_files(
        members_file(tmp_path, "dang-vien.csv", branch.code, mistakes=True)
    )
    page.get_by_role("button", name="Tải lên và kiểm tra").click()

    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(3)
    rows = [[cell.strip() for cell in errors.nth(i).locator("td").all_inner_texts()][:3] for i in range(3)]
    # A CSV file's one sheet is named after the file.
    assert rows == [
        ["dang-vien", "2", "Ngày sinh"],
        ["dang-vien", "3", "Chi bộ"],
        ["dang-vien", "4", "Ngày chính thức"],
    ]
    expect(page.get_by_role("button", name="Xác nhận nhập dữ liệu")).to_have_count(0)
    found += look(page, axe, "2-errors")
    assert Member.objects.count() == before

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Tệp đảng viên (.xlsx hoặc .csv)").set_input_files(
        members_file(tmp_path, "dang-vien-da-sua.csv", branch.code, mistakes=False)
    )
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.locator("dl.import-counts dd").nth(2)).to_have_text("3")
    found += look(page, axe, "3-preview")
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()

    expect(page.get_by_role("heading", name="Đã nhập dữ liệu")).to_be_visible()
    expect(page.locator("dl.import-counts dd").nth(2)).to_have_text("3")
    found += look(page, axe, "4-result")
    record = ImportRecord.objects.get()
    assert (record.members_created, record.imported_by.username, Member.objects.count()) == (
        3,
        "bantochuc",
        before + 3,
    )
    assert sorted(
        Member.objects.filter(full_name__endswith="Nhập").values_list("full_name", "organisation")
    ) == [
        ("Lê Văn Nhập", branch.pk),
        ("Trần Thị Nhập", branch.pk),
        ("Võ Thị Nhập", branch.pk),
    ]
    assert "\n".join(found) == ""


def test_province_staff_export_the_province_and_read_it_back(page: Page, demo, axe, tmp_path, settings):
    """The export is written by the job mechanism; its page offers the file once it is there."""
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(page, demo.users.bantochuc)
    page.goto(f"/to-chuc/{demo.province.pk}/nhap-du-lieu/")

    page.get_by_role("button", name="Xuất Excel").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Danh sách tổ chức và đảng viên — {demo.province.name}"
    )
    found = look(page, axe, "5-export")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    back = reader.read(path.open("rb"), name=path.name)
    assert download.value.suggested_filename == f"dang-vien-{demo.province.code}.xlsx"
    assert len(back.members) == Member.objects.current().count()
    assert "\n".join(found) == ""
