"""Whether an uploaded file may be read at all, decided before any spreadsheet library opens it.

Only .xlsx and .csv (UTF-8, with or without BOM), recognised by their bytes as well as their name: a
renamed PDF, an .xls, a password-protected workbook (an encrypted OLE container, whatever its name),
a macro-enabled one, an .ods are refused, each with its own message. An .xlsx is a zip: the declared
sizes of its members, their compression ratios and the bytes they really unpack to are bounded before
openpyxl sees it (a zip bomb of a few kB can claim gigabytes), and the same pass over the worksheets'
XML finds formulas (a `<f>` element: data_only would silently read the cached result instead) and
merged cells. Hidden sheets are read from the workbook's XML. Every refusal is an ImportFileError
with a Vietnamese message that says what to do.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from posixpath import normpath

from defusedxml import DefusedXmlException, ElementTree
from django.conf import settings
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

from branches.formatting import number

from .rows import ImportFileError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # how Office stores an encrypted .xlsx
CHUNK = 1 << 20
OVERLAP = 1024  # longer than any cell's start tag, so a match cut by a chunk boundary is still seen
SMALL_PART = 1 << 20  # parts smaller than this are not judged by their compression ratio

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3}[0-9]+)"')
SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>")
MERGED = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="([A-Z0-9:$]+)"')

SAVE_AS_XLSX = "hãy mở tệp trong Excel và chọn Lưu thành (Save As) → Sổ làm việc Excel (*.xlsx)"
NOT_SUPPORTED = (
    "Chỉ nhận tệp Excel .xlsx hoặc tệp .csv (UTF-8). Hãy dùng tệp mẫu tải về từ trang nhập dữ liệu."
)
EMPTY = "Tệp trống (0 byte): hãy chọn lại đúng tệp danh sách."
XLS = f"Tệp Excel 97-2003 (.xls) không được nhận: {SAVE_AS_XLSX}, rồi tải lên tệp .xlsx."
XLSB = f"Tệp Excel dạng nhị phân (.xlsb) không được nhận: {SAVE_AS_XLSX}."
ODS = f"Tệp OpenDocument (.ods) không được nhận: {SAVE_AS_XLSX}."
PDF = (
    "Tệp này là PDF, không phải bảng tính: hãy tải lên tệp Excel .xlsx hoặc .csv (có thể tệp đã bị đổi tên)."
)
NOT_XLSX = (
    "Tệp có đuôi .xlsx nhưng không phải sổ làm việc Excel (có thể đã bị đổi tên hoặc hỏng): "
    + SAVE_AS_XLSX
    + "."
)
NOT_CSV = "Tệp có đuôi .csv nhưng không phải văn bản CSV: hãy xuất lại từ Excel bằng Lưu thành → CSV UTF-8."
NOT_UTF8 = (
    "Tệp CSV không ở bảng mã UTF-8 nên tiếng Việt sẽ bị lỗi: trong Excel chọn Lưu thành → "
    "“CSV UTF-8 (Comma delimited)”, hoặc tải lên tệp .xlsx."
)
PROTECTED = (
    "Tệp có đặt mật khẩu nên không đọc được: hãy mở tệp trong Excel, vào Tệp → Thông tin → Bảo vệ sổ "
    "làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu, lưu lại rồi tải lên."
)
MACRO = f"Tệp có macro (.xlsm) không được nhận vì macro có thể chứa mã độc: {SAVE_AS_XLSX} (không macro)."
CORRUPT = f"Tệp .xlsx bị hỏng, không mở được: {SAVE_AS_XLSX} rồi thử lại."
HIDDEN = "Trang “{sheet}” đang bị ẩn: hãy bỏ ẩn (nhấp phải vào tên trang → Bỏ ẩn) hoặc xóa trang đó, để không dữ liệu nào được nhập mà không ai nhìn thấy."
FORMULAS = (
    "Trang “{sheet}” có công thức ở ô {cell} (và có thể ở các ô khác): tệp nhập chỉ được chứa giá trị. "
    "Hãy chọn cả trang, Sao chép rồi Dán đặc biệt → Chỉ giá trị (Paste Values), lưu lại và tải lên."
)
MERGED_CELLS = (
    "Trang “{sheet}” có ô gộp ({cells}): mỗi ô chỉ được chứa một giá trị của một dòng. Hãy chọn cả trang "
    "và bỏ gộp ô (Trang đầu → Gộp và Căn giữa → Bỏ gộp ô), điền lại các ô trống rồi tải lên."
)


@dataclass(frozen=True)
class Limits:
    """What a file may weigh; from settings (IMPORT_…), smaller in tests."""

    max_bytes: int
    max_rows: int
    max_unpacked_bytes: int
    max_ratio: int
    max_parts: int = 10_000

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
            max_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
        )

    @property
    def too_large(self) -> str:
        size = number(self.max_bytes / (1 << 20), 0)
        return f"Tệp lớn hơn {size} MB: hãy chia thành nhiều tệp (ví dụ theo từng đảng bộ) hoặc xóa các trang, cột không cần."

    @property
    def too_many_rows(self) -> str:
        return f"Tệp có hơn {number(self.max_rows)} dòng: hãy chia thành nhiều tệp (ví dụ theo từng đảng bộ)."

    @property
    def bomb(self) -> str:
        size = number(self.max_unpacked_bytes / (1 << 20), 0)
        return (
            f"Tệp .xlsx khi giải nén vượt quá {size} MB hoặc có cấu trúc bất thường (có thể là tệp độc hại): "
            f"{SAVE_AS_XLSX} với dữ liệu cần nhập rồi thử lại."
        )


@dataclass(frozen=True)
class Book:
    """Where a workbook keeps what its sheets refer to."""

    epoch: datetime
    shared_strings: str | None  # part paths in the zip
    styles: str | None


@dataclass(frozen=True)
class SheetPart:
    name: str
    path: str  # the worksheet's part in the zip


def size_of(file) -> int:
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    return size


def kind_of(file, name: str, limits: Limits) -> str:
    """ "xlsx" or "csv"; anything else, or a file too big or empty, is refused."""
    size = size_of(file)
    if size == 0:
        raise ImportFileError(EMPTY)
    if size > limits.max_bytes:
        raise ImportFileError(limits.too_large)
    suffix = PurePath(name).suffix.lower()
    refused = {".xls": XLS, ".xlsm": MACRO, ".xltm": MACRO, ".xlsb": XLSB, ".ods": ODS, ".pdf": PDF}
    if suffix in refused:
        raise ImportFileError(refused[suffix])
    head = file.read(8)
    file.seek(0)
    if head.startswith(OLE_MAGIC):
        # Office wraps an encrypted .xlsx in an OLE container; an unencrypted one is an .xls.
        raise ImportFileError(PROTECTED if ENCRYPTED_STREAM in file.read() else XLS)
    if head.startswith(PDF_MAGIC):
        raise ImportFileError(PDF)
    if suffix not in (".xlsx", ".csv", ""):
        raise ImportFileError(NOT_SUPPORTED)
    if head.startswith(ZIP_MAGIC):
        if suffix == ".csv":
            raise ImportFileError(NOT_CSV)
        return "xlsx"
    if suffix == ".xlsx":
        raise ImportFileError(NOT_XLSX)
    return "csv"


def _check_sizes(archive: zipfile.ZipFile, limits: Limits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_parts or sum(info.file_size for info in infos) > limits.max_unpacked_bytes:
        raise ImportFileError(limits.bomb)
    for info in infos:
        if info.file_size > SMALL_PART and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ImportFileError(limits.bomb)


def _check_package(archive: zipfile.ZipFile) -> None:
    names = {name.lower() for name in archive.namelist()}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise ImportFileError(MACRO)
    if "mimetype" in names and "content.xml" in names:
        raise ImportFileError(ODS)
    if "xl/workbook.bin" in names:
        raise ImportFileError(XLSB)
    if "xl/workbook.xml" not in names:
        raise ImportFileError(NOT_XLSX)
    if b"macroenabled" in archive.read("[Content_Types].xml").lower():
        raise ImportFileError(MACRO)


def _part(target: str) -> str:
    """A relationship's target as a path in the zip (relative to xl/, or absolute)."""
    return target.lstrip("/") if target.startswith("/") else normpath(f"xl/{target}")


def _book(archive: zipfile.ZipFile) -> tuple[Book, list[SheetPart]]:
    """Where the workbook keeps its strings and styles, its date system, and its worksheets in
    order; a hidden sheet is refused."""
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): (rel.get("Type", ""), _part(rel.get("Target", "")))
        for rel in rels.iter(f"{PKG_REL_NS}Relationship")
    }
    by_type = {kind.removeprefix(OFFICE_REL): path for kind, path in targets.values()}
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    properties = workbook.find(f"{MAIN_NS}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "0").lower() in ("1", "true")
    parts = []
    for sheet in workbook.iter(f"{MAIN_NS}sheet"):
        name = sheet.get("name", "")
        if sheet.get("state", "visible") != "visible":
            raise ImportFileError(HIDDEN.format(sheet=name))
        kind, path = targets.get(sheet.get(f"{REL_NS}id"), ("", ""))
        if kind == OFFICE_REL + "worksheet":  # a chart sheet holds no rows
            parts.append(SheetPart(name, path))
    book = Book(MAC_EPOCH if date1904 else WINDOWS_EPOCH, by_type.get("sharedStrings"), by_type.get("styles"))
    return book, parts


class Unpacked:
    """What the parts really unpack to, counted as they are read (the sizes the zip declares may
    lie): past the limit the file is refused as a zip bomb."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.total = 0

    def read(self, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Iterator[bytes]:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                self.total += len(chunk)
                if self.total > self.limits.max_unpacked_bytes:
                    raise ImportFileError(self.limits.bomb)
                yield chunk


def _scan(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, part: SheetPart, unpacked: Unpacked) -> None:
    """Stream one worksheet's XML, refusing formulas and merged cells."""
    tail, in_data = b"", True
    for chunk in unpacked.read(archive, entry):
        text = tail + chunk
        if in_data:
            end = SHEET_DATA_END.search(text)
            found = FORMULA.search(text, 0, end.start() if end else len(text))
            if found:
                refs = CELL_REF.findall(text, max(0, found.start() - OVERLAP), found.start())
                cell = refs[-1].decode() if refs else "?"
                raise ImportFileError(FORMULAS.format(sheet=part.name, cell=cell))
            in_data = end is None
        if merged := MERGED.search(text):
            raise ImportFileError(MERGED_CELLS.format(sheet=part.name, cells=merged[1].decode()))
        tail = text[-OVERLAP:]


def check_xlsx(file, limits: Limits) -> tuple[Book, list[SheetPart]]:
    """Open the zip, bound it, and scan every part: what sheets.py then reads is safe to read."""
    try:
        with zipfile.ZipFile(file) as archive:
            _check_sizes(archive, limits)
            _check_package(archive)
            book, sheets = _book(archive)
            worksheet_paths = {part.path: part for part in sheets}
            unpacked = Unpacked(limits)
            for info in archive.infolist():
                if (part := worksheet_paths.get(info.filename)) is not None:
                    _scan(archive, info, part, unpacked)
                else:
                    for _chunk in unpacked.read(archive, info):
                        pass
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        KeyError,
        EOFError,
        ElementTree.ParseError,
        DefusedXmlException,
        NotImplementedError,
    ):
        # NotImplementedError: a compression method zipfile does not know (not one Excel uses).
        raise ImportFileError(CORRUPT) from None
    finally:
        file.seek(0)
    return book, sheets
