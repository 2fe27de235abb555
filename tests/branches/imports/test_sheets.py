"""Streaming a worksheet's values: the same values openpyxl gives, from every way a writer stores them."""

import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import MAC_EPOCH

from branches.imports import files, sheets
from branches.imports.files import Limits
from branches.imports.rows import ImportFileError
from tests.branches.imports.bad_files import handmade_xlsx, xlsx_bytes


def rows_of(data: bytes) -> list[tuple]:
    file = io.BytesIO(data)
    book, parts = files.check_xlsx(file, Limits.from_settings())
    with zipfile.ZipFile(file) as archive:
        strings, dates = sheets.shared_strings(archive, book), sheets.date_styles(archive, book)
        return list(sheets.rows(archive, parts[0].path, book, strings, dates))


def replace_in(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, content.replace(old, new) if info.filename == part else content)
    return out.getvalue()


def test_rows_give_each_kind_of_value_as_excel_stores_it():
    data = handmade_xlsx(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>25663</v></c><c r="C1"><v>84070001234</v></c>'
        '<c r="D1"><v>1.5</v></c><c r="E1" t="b"><v>1</v></c><c r="F1" s="2"><v>25663</v></c>'
        '<c r="G1" t="s"><v>1</v></c><c r="H1" s="3"><v>25663</v></c><c r="I1" s="1"/></row>',
        shared=[
            "<si><t>Nguyễn Văn An</t></si>",
            '<si><r><t xml:space="preserve">Chi bộ </t></r><r><rPr><b/></rPr><t>ấp 1</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>',
        ],
        styles='<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs>',
    )

    assert rows_of(data) == [
        (
            1,
            [
                "Nguyễn Văn An",
                datetime(1970, 4, 5),
                84070001234,
                1.5,
                True,
                datetime(1970, 4, 5),
                "Chi bộ ấp 1",
                25663,
            ],
        )
    ]


def test_rows_read_a_sheet_written_with_a_namespace_prefix_and_typed_cells():
    data = handmade_xlsx(
        '<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>Chi bộ &amp; tổ</x:t></x:is></x:c>'
        '<x:c r="C2" t="e"><x:v>#N/A</x:v></x:c><x:c r="D2" t="d"><x:v>1970-04-05T00:00:00</x:v></x:c>'
        '<x:c r="E2" t="b"><x:v>0</x:v></x:c><x:c t="str"><x:v>văn bản</x:v></x:c></x:row>',
        prefix="x",
    )

    assert rows_of(data) == [(2, [None, "Chi bộ & tổ", "#N/A", datetime(1970, 4, 5), False, "văn bản"])]


def test_rows_read_the_1904_date_system():
    data = handmade_xlsx(
        '<row r="1"><c r="A1" s="1"><v>24201</v></c><c r="B1"><v>24201</v></c></row>',
        styles='<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
        workbook_pr='<workbookPr date1904="1"/>',
    )
    book, _ = files.check_xlsx(io.BytesIO(data), Limits.from_settings())

    assert book.epoch == MAC_EPOCH
    assert rows_of(data) == [(1, [datetime(1970, 4, 5), 24201])]


@pytest.mark.parametrize("write_only", [False, True], ids=["normal", "write-only"])
def test_rows_read_what_openpyxl_writes(write_only):
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("Đảng viên") if write_only else wb.active
    ws.append(["Họ và tên", datetime(1970, 4, 5), 84070001234, 1.5, True, None, "084070001234"])

    assert rows_of(xlsx_bytes(wb)) == [
        (1, ["Họ và tên", datetime(1970, 4, 5), 84070001234, 1.5, True, None, "084070001234"])
    ]


def test_rows_keep_gaps_between_cells_and_skip_missing_rows():
    wb = Workbook()
    wb.active["A2"], wb.active["C2"], wb.active["B5"] = "a", "c", "b"

    assert rows_of(xlsx_bytes(wb)) == [(2, ["a", None, "c"]), (5, [None, "b"])]


def test_rows_refuse_an_entity_declaration():
    data = handmade_xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=["<si><t>&b;</t></si>"])
    data = replace_in(
        data,
        "xl/sharedStrings.xml",
        b'<?xml version="1.0" encoding="UTF-8"?>',
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    )

    with pytest.raises(ImportFileError) as refused:
        rows_of(data)
    assert str(refused.value) == files.CORRUPT
