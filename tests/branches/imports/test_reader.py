"""Reading an import file: headers matched tolerantly, each cell cleaned or reported with its sheet,
row, column and value, and every kind of file refused whole with its own message (issue 12 §1, §4)."""

import io
import unicodedata
import zipfile
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

from branches.imports import files, reader
from branches.imports.files import Limits
from branches.imports.rows import CellError, ImportFileError, MemberRow, OrganisationRow
from tests.branches.imports.bad_files import (
    encrypted_workbook,
    legacy_workbook,
    lying_sizes,
    with_parts,
    xlsx_bytes,
)

TODAY = date(2026, 12, 5)
HEAD = ["Chi bộ", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng"]
ROW = ["TV.CB01", "Nguyễn Văn An", "Nam", "05/04/1970", "19/05/1995"]
SMALL = Limits(max_bytes=1 << 20, max_rows=5, max_unpacked_bytes=1 << 20, max_ratio=200)


def workbook(sheets: dict[str, list[list]]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    return wb


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    return xlsx_bytes(workbook(sheets))


def read(data: bytes, name: str = "danh-sach.xlsx", limits: Limits | None = None):
    return reader.read(io.BytesIO(data), name=name, limits=limits, today=TODAY)


def refusal(data: bytes, name: str = "danh-sach.xlsx", limits: Limits | None = None) -> str:
    with pytest.raises(ImportFileError) as refused:
        read(data, name, limits)
    return str(refused.value)


# Headers and values --------------------------------------------------------------------------------


def test_read_matches_headers_under_a_title_by_case_accents_spacing_and_synonyms():
    data = xlsx(
        {
            "Danh sách": [
                ["DANH SÁCH ĐẢNG VIÊN CHI BỘ ẤP CHỢ DƯỚI"],
                [],
                ["STT", "CHI BỘ", "họ tên", "Giới  tính", "ngay sinh", "Ngày kết nạp", "Căn cước công dân"]
                + ["Số thẻ Đảng", "Dân tộc", "Tình trạng", "Ngày chính thức", "Ghi chú"],
                [
                    1,
                    "TV.CB01",
                    "Nguyễn Văn  An",
                    "nam",
                    "05/04/1970",
                    datetime(1995, 5, 19),
                    "084 070 001 234",
                ]
                + [10000001, "khơ-me", "chính thức", "19/05/1996", "chuyển đến 2020"],
            ]
        }
    )

    result = read(data)

    assert result.errors == []
    assert result.members == [
        MemberRow(
            "Danh sách",
            4,
            {
                "full_name": "Nguyễn Văn An",
                "gender": "M",
                "birth_date": date(1970, 4, 5),
                "ceremony_date": date(1995, 5, 19),
                "cccd": "084070001234",
                "card_number": "10000001",
                "ethnicity": "Khmer",
                "official_date": date(1996, 5, 19),
                "status": "official",
                "is_exempt": False,
            },
            "TV.CB01",
        )
    ]
    assert result.unknown_columns == ["Danh sách: Ghi chú"]  # STT is known and skipped
    assert result.organisations == []


def test_read_reports_every_bad_cell_with_sheet_row_column_and_value_and_hands_on_the_good_rows():
    data = xlsx(
        {
            "Đảng viên": [
                [*HEAD, "Số CCCD"],
                ["TV.CB01", "Trần Thị Bé", "Nữ", "05/04/1970", "19/05/1995", "084070001234"],
                ["TV.CB01", "Lê Văn Cường", "X", "31/02/1970", "19/05/1995", "08407000123"],
                ["TV.CB01", "", "Nam", "05/04/1970", "19/05/1995", ""],
            ]
        }
    )

    result = read(data)

    assert result.errors == [
        CellError("Đảng viên", 3, "Giới tính", "X", "Không có giới tính “X”: chỉ nhận “Nam”, “Nữ”."),
        CellError("Đảng viên", 3, "Ngày sinh", "31/02/1970", "Không có ngày 31/02/1970."),
        CellError(
            "Đảng viên", 3, "Số CCCD", "08407000123", "Số CCCD phải gồm đúng 12 chữ số; ô này có 11 chữ số."
        ),
        CellError("Đảng viên", 4, "Họ và tên", "", "Cột “Họ và tên” không được để trống."),
    ]
    assert [(row.row, row.values["full_name"]) for row in result.members] == [(2, "Trần Thị Bé")]


def test_read_refuses_a_member_twice_in_the_file_by_cccd_or_card_number_across_sheets():
    data = xlsx(
        {
            "Xã Phước Hưng": [
                [*HEAD, "Số CCCD", "Số thẻ đảng viên"],
                [*ROW, "084070001234", "10000001"],
                ["TV.CB01", "Nguyễn Văn An", "Nam", "05/04/1970", "19/05/1995", "084 070 001 234", ""],
            ],
            "Xã Đại Phúc": [
                [*HEAD, "Số thẻ đảng viên"],
                ["TV.CB02", "Phạm Văn Dũng", "Nam", "01/01/1980", "01/01/2005", "1000 0001"],
            ],
        }
    )

    result = read(data)

    assert result.errors == [
        CellError(
            "Xã Phước Hưng",
            3,
            "Số CCCD",
            "084070001234",
            "Số CCCD này đã có ở dòng 2 trang “Xã Phước Hưng”: một đảng viên chỉ được ghi một lần trong tệp.",
        ),
        CellError(
            "Xã Đại Phúc",
            2,
            "Số thẻ đảng viên",
            "10000001",
            "Số thẻ đảng viên này đã có ở dòng 2 trang “Xã Phước Hưng”: một đảng viên chỉ được ghi một lần trong tệp.",
        ),
    ]
    assert [row.row for row in result.members] == [2]


def test_read_names_a_missing_required_column_and_reads_no_row_of_that_sheet():
    data = xlsx(
        {
            "Đảng viên": [
                ["Chi bộ", "Họ và tên", "Giới tính", "Ngày vào Đảng"],
                ["A", "An", "Nam", "19/05/1995"],
            ]
        }
    )

    result = read(data)

    assert result.errors == [
        CellError(
            "Đảng viên",
            1,
            "Ngày sinh",
            "",
            "Thiếu cột bắt buộc “Ngày sinh”: các dòng của trang này chưa được đọc.",
        )
    ]
    assert result.members == []


def test_read_refuses_two_columns_for_one_field():
    data = xlsx({"Đảng viên": [[*HEAD, "Họ tên"], [*ROW, "Nguyễn Văn Ân"]]})

    result = read(data)

    assert result.errors == [
        CellError(
            "Đảng viên",
            1,
            "Họ tên",
            "Họ tên",
            "Cột “Họ tên” trùng nội dung với cột “Họ và tên”: hãy xóa một trong hai.",
        )
    ]


@pytest.mark.parametrize(
    ("columns", "cells", "status", "is_exempt"),
    [
        (["Tình trạng"], ["Dự bị"], "probationary", False),
        (["Tình trạng", "Ngày chính thức"], ["Chính thức", "19/05/1996"], "official", False),
        (["Tình trạng", "Ngày chính thức"], ["Miễn sinh hoạt đảng", "19/05/1996"], "official", True),
        (["Tình trạng", "Ngày chính thức"], ["Miễn công tác và sinh hoạt đảng", ""], "probationary", True),
        (["Tình trạng"], ["Miễn công tác và sinh hoạt đảng"], "official", True),
    ],
)
def test_read_maps_the_status_to_status_and_exemption(columns, cells, status, is_exempt):
    result = read(xlsx({"Đảng viên": [[*HEAD, *columns], [*ROW, *cells]]}))

    assert result.errors == []
    assert (result.members[0].values["status"], result.members[0].values["is_exempt"]) == (status, is_exempt)


def test_read_refuses_a_probationary_member_with_an_official_date():
    result = read(
        xlsx({"Đảng viên": [[*HEAD, "Tình trạng", "Ngày chính thức"], [*ROW, "Dự bị", "19/05/1996"]]})
    )

    assert result.errors == [
        CellError(
            "Đảng viên",
            2,
            "Tình trạng",
            "Dự bị",
            "Đảng viên dự bị chưa có ngày chính thức: hãy xóa “Ngày chính thức” hoặc ghi “Chính thức”.",
        )
    ]
    assert result.members == []


def test_read_organisations_with_their_superior_as_written():
    data = xlsx(
        {
            "Tổ chức": [
                ["Mã", "Tên", "Loại tổ chức", "Trực thuộc", "Loại địa bàn", "Ngày thành lập"],
                ["tv", "Đảng bộ tỉnh Trà Vinh", "Đảng bộ tỉnh", "", "", ""],
                ["TV.X01", "Đảng bộ xã Phước Hưng", "dang bo cap tren co so", "TV", "Xã", "02/03/1976"],
                ["TV.X01", "Đảng bộ xã Đại Phúc", "Đảng bộ cấp trên cơ sở", "TV", "Xã", ""],
            ]
        }
    )

    result = read(data)

    assert result.organisations == [
        OrganisationRow(
            "Tổ chức",
            2,
            {
                "code": "TV",
                "name": "Đảng bộ tỉnh Trà Vinh",
                "kind": "province",
                "area_type": "",
                "founded_on": None,
            },
            "",
        ),
        OrganisationRow(
            "Tổ chức",
            3,
            {
                "code": "TV.X01",
                "name": "Đảng bộ xã Phước Hưng",
                "kind": "upper",
                "area_type": "xa",
                "founded_on": date(1976, 3, 2),
            },
            "TV",
        ),
    ]
    assert result.errors == [
        CellError(
            "Tổ chức",
            4,
            "Mã",
            "TV.X01",
            "Mã tổ chức này đã có ở dòng 3 trang “Tổ chức”: mỗi tổ chức chỉ được ghi một lần.",
        )
    ]


def test_read_skips_the_guide_and_empty_sheets_and_lists_a_sheet_it_does_not_know():
    data = xlsx(
        {
            "Hướng dẫn": [["Cột", "Giải thích"], ["Họ và tên", "Họ và tên đang dùng"], ["Ngày sinh", "…"]],
            "Đảng viên": [HEAD, ROW],
            "Sheet2": [],
            "Thống kê": [["Tổng số", 46437]],
        }
    )

    result = read(data)

    assert [row.values["full_name"] for row in result.members] == ["Nguyễn Văn An"]
    assert result.ignored_sheets == ["Thống kê"]
    assert result.errors == []


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (",".join(HEAD) + "\r\n" + ",".join(ROW) + "\r\n", "utf-8-sig"),
        (";".join(HEAD) + "\n" + ";".join(ROW) + "\n", "utf-8"),
        ("\t".join(HEAD) + "\n" + "\t".join(ROW), "utf-8"),
    ],
    ids=["comma-with-bom", "semicolon", "tab"],
)
def test_read_csv_in_utf8_with_or_without_bom(text, encoding):
    result = read(text.encode(encoding), name="dang-vien.csv")

    assert result.errors == []
    assert result.members == [
        MemberRow(
            "dang-vien",
            2,
            {
                "full_name": "Nguyễn Văn An",
                "gender": "M",
                "birth_date": date(1970, 4, 5),
                "ceremony_date": date(1995, 5, 19),
            },
            "TV.CB01",
        )
    ]


def test_read_a_csv_with_a_quoted_comma_and_a_decomposed_name():
    text = 'Chi bộ,Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Quê quán\nTV.CB01,Nguyễn Văn An,Nam,5/4/1970,19-05-1995,"Ấp Chợ Dưới, xã Phước Hưng"\n'
    result = read(unicodedata.normalize("NFD", text).encode(), name="dang-vien.csv")

    assert result.members[0].values["home_town"] == "Ấp Chợ Dưới, xã Phước Hưng"
    assert result.members[0].values["full_name"] == "Nguyễn Văn An"


def test_read_takes_an_upload_by_its_own_name_or_a_path(tmp_path):
    path = tmp_path / "dang-vien.xlsx"
    path.write_bytes(xlsx({"Đảng viên": [HEAD, ROW]}))
    in_memory = SimpleUploadedFile("Danh sách.XLSX", path.read_bytes())
    on_disk = TemporaryUploadedFile("dang-vien.csv", "text/csv", 0, "utf-8")
    on_disk.write((",".join(HEAD) + "\n" + ",".join(ROW)).encode())

    assert len(reader.read(path, today=TODAY).members) == 1
    assert len(reader.read(in_memory, today=TODAY).members) == 1
    assert len(reader.read(on_disk, today=TODAY).members) == 1


# Files refused whole ---------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert refusal(b"") == files.EMPTY


def test_a_file_over_the_size_limit_is_refused():
    assert refusal(b"\0" * (20 * 1024 * 1024 + 1)) == (
        "Tệp lớn hơn 20 MB: hãy chia thành nhiều tệp (ví dụ theo từng đảng bộ) hoặc xóa các trang, cột không cần."
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (legacy_workbook(), "danh-sach.xls", files.XLS),
        (legacy_workbook(), "danh-sach.xlsx", files.XLS),  # an .xls renamed
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "danh-sach.xlsx", files.PDF),  # a PDF renamed
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "danh-sach.csv", files.PDF),
        (b"Ho va ten\nAn\n", "danh-sach.txt", files.NOT_SUPPORTED),
        (b"Chi bo,Ho va ten\nA,An\n", "danh-sach.xlsx", files.NOT_XLSX),  # a CSV renamed
        (b"PK\x03\x04" + bytes(100), "danh-sach.xlsx", files.CORRUPT),
        (b"\x00\x01binary\x00", "danh-sach.csv", files.NOT_CSV),
        # Windows-1258, as old Vietnamese Windows saved text: a base letter and a separate tone mark.
        ("Chi b\u00f4\u0323,Ho\u0323 va\u0300 t\u00ean\n".encode("cp1258"), "danh-sach.csv", files.NOT_UTF8),
    ],
    ids=[
        "xls",
        "xls-renamed",
        "pdf-renamed-xlsx",
        "pdf-renamed-csv",
        "txt",
        "csv-renamed",
        "broken-zip",
        "binary-csv",
        "not-utf8",
    ],
)
def test_a_file_that_is_not_xlsx_or_csv_is_refused(data, name, message):
    assert refusal(data, name) == message


def test_a_zip_that_is_not_a_workbook_is_refused():
    docx = with_parts(xlsx({"Đảng viên": [HEAD, ROW]}), {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if not info.filename.startswith("xl/"):
                target.writestr(info, source.read(info))
        target.writestr("word/document.xml", "<w:document/>")
    assert refusal(out.getvalue()) == files.NOT_XLSX
    assert refusal(docx, "danh-sach.csv") == files.NOT_CSV


def test_an_xlsx_saved_as_ods_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", "<office:document-content/>")
    assert refusal(out.getvalue(), "danh-sach.xlsx") == files.ODS
    assert refusal(out.getvalue(), "danh-sach.ods") == files.ODS


@pytest.mark.parametrize("name", ["danh-sach.xlsx", "danh-sach.xls", "danh-sach"])
def test_a_password_protected_workbook_is_refused(name):
    message = refusal(encrypted_workbook(), name)
    assert message == (files.XLS if name.endswith(".xls") else files.PROTECTED)


def test_a_macro_enabled_workbook_is_refused_by_its_name_its_vba_part_or_its_content_type():
    plain = xlsx({"Đảng viên": [HEAD, ROW]})
    assert refusal(plain, "danh-sach.xlsm") == files.MACRO
    assert refusal(with_parts(plain, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})) == files.MACRO
    wb = workbook({"Đảng viên": [HEAD, ROW]})
    out = io.BytesIO()
    wb.save(out)
    patched = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(patched, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
            target.writestr(info, data)
    assert refusal(patched.getvalue()) == files.MACRO


def test_a_file_over_the_row_limit_is_refused():
    # Blank rows count: a CSV of 200,000 empty lines is refused before it is walked to the end.
    csv = ",".join(HEAD) + "\n" + ",,,,\n" * 200_000
    assert refusal(csv.encode(), "danh-sach.csv") == (
        "Tệp có hơn 200.000 dòng: hãy chia thành nhiều tệp (ví dụ theo từng đảng bộ)."
    )
    small = "Tệp có hơn 5 dòng: hãy chia thành nhiều tệp (ví dụ theo từng đảng bộ)."
    assert refusal(xlsx({"Đảng viên": [HEAD] + [ROW] * 5}), limits=SMALL) == small
    assert len(read(xlsx({"Đảng viên": [HEAD] + [ROW] * 4}), limits=SMALL).members) == 4


def test_rows_missing_from_the_xml_cost_nothing_and_keep_their_numbers():
    wb = workbook({"Đảng viên": [HEAD]})
    for column, value in enumerate(ROW, start=1):
        wb["Đảng viên"].cell(row=1_000_000, column=column, value=value)

    result = read(xlsx_bytes(wb), limits=SMALL)

    assert [row.row for row in result.members] == [1_000_000]


def test_a_zip_bomb_is_refused_by_declared_size_by_ratio_and_when_sizes_lie():
    plain = xlsx({"Đảng viên": [HEAD, ROW]})
    big = with_parts(plain, {"xl/media/image1.png": b"\0" * (2 << 20)})
    bomb = SMALL.bomb

    assert refusal(big, limits=SMALL) == bomb  # 2 MB unpacked > 1 MB
    assert refusal(big) == Limits.from_settings().bomb  # 2 MB of zeros pack 1000:1 > 200:1
    # Sizes that lie: zipfile stops at the declared size and the checksum then fails.
    lying = lying_sizes(
        with_parts(plain, {"xl/media/image1.png": b"\0" * 300_000}), "xl/media/image1.png", 1000
    )
    assert refusal(lying) == files.CORRUPT


def test_a_formula_is_refused_naming_its_cell_even_deep_in_a_long_sheet():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Đảng viên")
    ws.append(HEAD)
    for _ in range(12_000):
        ws.append(ROW)
    ws.append([*ROW, "=DATE(1970,4,5)"])
    data = xlsx_bytes(wb)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 2 * files.CHUNK  # read in chunks

    assert refusal(data) == files.FORMULAS.format(sheet="Đảng viên", cell="F12002")


def test_an_array_formula_is_refused():
    wb = workbook({"Đảng viên": [HEAD, ROW]})
    wb["Đảng viên"]["C2"] = ArrayFormula("C2", "=UPPER(B2)")

    assert refusal(xlsx_bytes(wb)) == files.FORMULAS.format(sheet="Đảng viên", cell="C2")


def test_text_that_starts_with_an_equals_sign_is_not_a_formula_in_xlsx_but_is_refused_in_csv():
    wb = workbook({"Đảng viên": [HEAD, ROW]})
    cell = wb["Đảng viên"]["B2"]
    cell.value, cell.data_type = "=HYPERLINK(1)", "s"
    assert read(xlsx_bytes(wb)).members[0].values["full_name"] == "=HYPERLINK(1)"

    csv = ",".join(HEAD) + "\nTV.CB01,=HYPERLINK(1),Nam,05/04/1970,19/05/1995\n"
    assert refusal(csv.encode(), "danh-sach.csv") == reader.FORMULA_IN_CSV.format(cell="B2")


def test_merged_cells_are_refused():
    wb = workbook({"Đảng viên": [["DANH SÁCH"], HEAD, ROW]})
    wb["Đảng viên"].merge_cells("A1:E1")

    assert refusal(xlsx_bytes(wb)) == files.MERGED_CELLS.format(sheet="Đảng viên", cells="A1:E1")


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_is_refused(state):
    wb = workbook({"Đảng viên": [HEAD, ROW], "Cũ": [HEAD, ROW]})
    wb["Cũ"].sheet_state = state

    assert refusal(xlsx_bytes(wb)) == files.HIDDEN.format(sheet="Cũ")


def test_a_file_without_data_rows_or_without_a_known_header_is_refused():
    assert refusal(xlsx({"Đảng viên": [HEAD, [], []]})) == reader.NO_ROWS
    assert refusal(xlsx({"Sheet1": [["Tên hàng", "Số lượng"], ["Gạo", 5]]})) == reader.NO_SHEET
    assert refusal(",".join(HEAD).encode(), "dang-vien.csv") == reader.NO_ROWS


def test_read_csv_across_chunks_keeps_record_numbers_with_crlf_and_a_cell_on_two_lines():
    head = ",".join([*HEAD, "Quê quán"]) + "\r\n"
    filler = "".join(f"TV.CB01,Người {n},Nam,05/04/1970,19/05/1995,Ấp {n}\r\n" for n in range(3000))
    text = head + filler + 'TV.CB01,Nguyễn Văn An,Nam,05/04/1970,19/05/1995,"Ấp 1\nxã\u2028Phước Hưng"\r\n'
    data = text.encode()
    assert len(data) > 2 * reader.CSV_CHUNK

    result = read(data, "dang-vien.csv")

    assert result.errors == []
    assert len(result.members) == 3001
    assert (result.members[-1].row, result.members[-1].values["home_town"]) == (3002, "Ấp 1 xã Phước Hưng")
