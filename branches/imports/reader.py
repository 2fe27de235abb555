"""An import file to rows and cell errors: `read(file) -> ReadResult`.

The file is first judged whole (files.py: its type, size, zip structure, formulas, merged and hidden
sheets; a refusal is an ImportFileError). Each sheet is then recognised by its name or its header row
(found among the first rows, under title lines), its headers matched to the columns (columns.py) on a
key without case, accents or spaces, and each cell cleaned (values.py). A column nobody knows is
ignored and listed; a cell that cannot be read is a CellError with its sheet, row, column and value;
a member twice in the file (the same CCCD or card number) or an organisation code twice is an error.
A row with an error is not handed on. Which organisation a row belongs to stays a string: matching
it is the next step's work.

Memory stays flat: sheets.py streams a worksheet's rows (openpyxl's read-only mode was too slow for a
province, see there), and values repeated from row to row (a chi bộ's code, an occupation, a home
town) are kept once.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import WINDOWS_EPOCH

from ..text import nfc
from . import sheets
from .columns import GUIDE_NAMES, IGNORED_KEYS, MEMBERS, SHEETS, Column, Sheet
from .files import NOT_CSV, NOT_UTF8, Limits, check_xlsx, kind_of
from .rows import CellError, ImportFileError, MemberRow, OrganisationRow, ReadResult
from .values import Invalid, Standing, choice_key, is_blank, shown

HEADER_ROWS = 10  # the header row is looked for among the first rows, under a title or two
MIN_HEADERS = 2  # a row with this many known headers is the header row
CSV_DELIMITERS = ",;\t"  # Excel on a Vietnamese system saves CSV with ";"
CSV_CHUNK = 1 << 16
# Free-text values that repeat from row to row: one copy of each is kept.
SHARED_FIELDS = frozenset(
    {"organisation", "home_town", "occupation", "professional_level", "general_education"}
)

NO_SHEET = (
    "Không tìm thấy danh sách đảng viên hay danh sách tổ chức trong tệp: hàng tiêu đề phải có tên cột "
    "như tệp mẫu (ví dụ “Họ và tên”, “Ngày sinh”, “Chi bộ” hoặc “Mã”, “Tên”, “Loại tổ chức”)."
)
NO_ROWS = "Tệp không có dòng dữ liệu nào dưới hàng tiêu đề."
FORMULA_IN_CSV = (
    "Ô {cell} của tệp CSV bắt đầu bằng dấu “=” nên sẽ thành công thức khi mở bằng Excel: tệp nhập chỉ "
    "được chứa giá trị. Hãy sửa ô đó rồi tải lên lại."
)
MISSING = "Thiếu cột bắt buộc “{header}”: các dòng của trang này chưa được đọc."
DOUBLE_COLUMN = "Cột “{header}” trùng nội dung với cột “{other}”: hãy xóa một trong hai."
BLANK = "Cột “{header}” không được để trống."
SAME_MEMBER = "{what} này đã có ở {where}: một đảng viên chỉ được ghi một lần trong tệp."
SAME_CODE = "Mã tổ chức này đã có ở {where}: mỗi tổ chức chỉ được ghi một lần."
PROBATIONARY_OFFICIAL = (
    "Đảng viên dự bị chưa có ngày chính thức: hãy xóa “Ngày chính thức” hoặc ghi “Chính thức”."
)


@dataclass
class _Reading:
    """What one read() accumulates across the file's sheets."""

    result: ReadResult
    limits: Limits
    epoch: datetime = WINDOWS_EPOCH
    today: date | None = None
    rows: int = 0
    sheets: int = 0  # sheets recognised as a list of members or organisations
    seen: dict = field(default_factory=dict)  # (what, value) -> (sheet, row) where it was first met
    shared: dict = field(default_factory=dict)  # one copy of each repeated string

    def count_row(self) -> None:
        self.rows += 1
        if self.rows > self.limits.max_rows:
            raise ImportFileError(self.limits.too_many_rows)

    def keep(self, text: str) -> str:
        return self.shared.setdefault(text, text)

    def first(self, what: str, value: str, where: tuple[str, int]) -> tuple[str, int] | None:
        """Where this value was met first: `where` itself the first time; None for no value."""
        return self.seen.setdefault((what, value), where) if value else None


def _sheet_by_name(name: str) -> Sheet | None:
    key = choice_key(name)
    return next((sheet for sheet in SHEETS if any(choice_key(n) == key for n in sheet.names)), None)


def _header_match(cells, sheet: Sheet) -> int:
    keys = sheet.by_key()
    return sum(1 for cell in cells if not is_blank(cell) and choice_key(shown(cell)) in keys)


class _SheetReader:
    """One sheet: find its header row, match its columns, clean its rows."""

    def __init__(self, reading: _Reading, name: str):
        self.reading, self.name = reading, name
        self.sheet: Sheet | None = None
        self.columns: list[tuple[int, Column, str]] = []  # (index, column, header as written)
        self.header_row = 0

    def error(self, row: int, header: str, raw, message: str) -> None:
        self.reading.result.errors.append(CellError(self.name, row, header, shown(raw), message))

    def find_header(self, number: int, cells) -> bool:
        named = _sheet_by_name(self.name)
        candidates = [named] if named else SHEETS
        best = max(candidates, key=lambda sheet: _header_match(cells, sheet))
        if _header_match(cells, best) < MIN_HEADERS:
            return False
        self.sheet, self.header_row = best, number
        self.match_columns(cells)
        return True

    def match_columns(self, cells) -> None:
        keys, taken = self.sheet.by_key(), {}
        for index, cell in enumerate(cells):
            if is_blank(cell):
                continue
            header = nfc(shown(cell))
            key = choice_key(header)
            column = keys.get(key)
            if column is None:
                if key not in IGNORED_KEYS:
                    self.reading.result.unknown_columns.append(f"{self.name}: {header}")
            elif column.field in taken:
                self.error(
                    self.header_row,
                    header,
                    header,
                    DOUBLE_COLUMN.format(header=header, other=taken[column.field]),
                )
            else:
                taken[column.field] = header
                self.columns.append((index, column, header))
        for column in self.sheet.columns:
            if column.required and column.field not in taken:
                self.error(self.header_row, column.header, "", MISSING.format(header=column.header))
                self.columns = []  # no row of this sheet can be read whole

    def clean(self, number: int, cells) -> dict | None:
        values, ok = {}, True
        for index, column, header in self.columns:
            raw = cells[index] if index < len(cells) else None
            if is_blank(raw):
                if not column.blank:
                    self.error(number, header, raw, BLANK.format(header=header))
                    ok = False
                values[column.field] = column.empty
                continue
            try:
                value = column.clean(raw, epoch=self.reading.epoch, today=self.reading.today)
            except Invalid as invalid:
                self.error(number, header, raw, str(invalid))
                ok = False
                continue
            values[column.field] = self.reading.keep(value) if column.field in SHARED_FIELDS else value
        return values if ok else None

    def header_of(self, field_name: str) -> str:
        return next((header for _, column, header in self.columns if column.field == field_name), "")

    def unique(self, number: int, what: str, field_name: str, value: str, message: str) -> bool:
        before = self.reading.first(what, value, (self.name, number))
        if before is not None and before != (self.name, number):
            where = f"dòng {before[1]} trang “{before[0]}”"
            self.error(number, self.header_of(field_name), value, message.format(what=what, where=where))
            return False
        return True

    def member(self, number: int, values: dict) -> MemberRow | None:
        ok = self.unique(number, "Số CCCD", "cccd", values.get("cccd", ""), SAME_MEMBER)
        ok &= self.unique(
            number, "Số thẻ đảng viên", "card_number", values.get("card_number", ""), SAME_MEMBER
        )
        standing = values.pop("status", "")
        if standing:
            official = values.get("official_date")
            if standing == Standing.PROBATIONARY and official:
                self.error(number, self.header_of("status"), "Dự bị", PROBATIONARY_OFFICIAL)
                ok = False
            # An exempt member is official unless the file says there is no official date yet.
            is_official = standing == Standing.OFFICIAL or (
                standing == Standing.EXEMPT and (official or "official_date" not in values)
            )
            values["status"] = Standing.OFFICIAL if is_official else Standing.PROBATIONARY
            values["is_exempt"] = standing == Standing.EXEMPT
        organisation = values.pop("organisation")
        return MemberRow(self.name, number, values, organisation) if ok else None

    def organisation(self, number: int, values: dict) -> OrganisationRow | None:
        if not self.unique(number, "Mã", "code", values["code"], SAME_CODE):
            return None
        return OrganisationRow(self.name, number, values, values.pop("parent", ""))

    def add(self, number: int, cells) -> None:
        if not self.columns or all(is_blank(cell) for cell in cells):
            return
        values = self.clean(number, cells)
        if values is None:
            return
        result = self.reading.result
        if self.sheet is MEMBERS:
            row = self.member(number, values)
            if row is not None:
                result.members.append(row)
        elif (row := self.organisation(number, values)) is not None:
            result.organisations.append(row)


def _read_sheet(reading: _Reading, name: str, rows) -> None:
    if any(choice_key(name) == choice_key(guide) for guide in GUIDE_NAMES):
        return
    sheet = _SheetReader(reading, name)
    has_content = False
    for number, cells in rows:
        reading.count_row()
        if sheet.sheet is not None:
            sheet.add(number, cells)
            continue
        if number > HEADER_ROWS:
            break
        has_content = has_content or any(not is_blank(cell) for cell in cells)
        if sheet.find_header(number, cells):
            reading.sheets += 1
    if sheet.sheet is None and has_content:
        reading.result.ignored_sheets.append(name)


def _read_xlsx(reading: _Reading, file) -> None:
    book, parts = check_xlsx(file, reading.limits)
    reading.epoch = book.epoch
    with zipfile.ZipFile(file) as archive:
        strings = sheets.shared_strings(archive, book)
        dates = sheets.date_styles(archive, book)
        for part in parts:
            _read_sheet(reading, part.name, sheets.rows(archive, part.path, book, strings, dates))


def _csv_lines(file) -> Iterator[str]:
    """The file's text line by line, line ends kept (a quoted cell may hold one), decoded as it is
    read so that memory stays flat; a byte that is not UTF-8 refuses the file."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    rest = ""
    try:
        while chunk := file.read(CSV_CHUNK):
            if b"\x00" in chunk:
                raise ImportFileError(NOT_CSV)
            # Split on \n, \r\n and \r only (str.splitlines would also split a cell at U+2028);
            # a last line without its \n waits for the next chunk, which may start with it.
            lines = io.StringIO(rest + decoder.decode(chunk), newline="").readlines()
            rest = lines.pop() if lines and not lines[-1].endswith("\n") else ""
            yield from lines
        rest += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ImportFileError(NOT_UTF8) from None
    if rest:
        yield rest


def _csv_rows(file) -> Iterator[tuple[int, list[str]]]:
    lines = _csv_lines(file)
    first = next(lines, "")
    delimiter = max(CSV_DELIMITERS, key=first.count)
    rows = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    for number, cells in enumerate(rows, start=1):
        for index, cell in enumerate(cells):
            if cell.startswith("="):
                raise ImportFileError(FORMULA_IN_CSV.format(cell=f"{get_column_letter(index + 1)}{number}"))
        yield number, cells


def _read_csv(reading: _Reading, file, name: str) -> None:
    file.seek(0)
    _read_sheet(reading, PurePath(name).stem or "CSV", _csv_rows(file))


def read(
    file, *, name: str | None = None, limits: Limits | None = None, today: date | None = None
) -> ReadResult:
    """Read an import file: a path, or an open binary file (an upload) whose `name` (or the `name`
    given) tells .xlsx from .csv. Raises ImportFileError for a file refused whole; every other problem
    is a CellError in the result."""
    limits = limits or Limits.from_settings()
    if isinstance(file, str | Path):
        with open(file, "rb") as opened:
            return read(opened, name=name or str(file), limits=limits, today=today)
    name = name if name is not None else getattr(file, "name", "") or ""
    reading = _Reading(ReadResult(), limits, today=today)
    if kind_of(file, name, limits) == "xlsx":
        _read_xlsx(reading, file)
    else:
        _read_csv(reading, file, name)
    result = reading.result
    if not result.errors and not result.members and not result.organisations:
        raise ImportFileError(NO_ROWS if reading.sheets else NO_SHEET)
    return result
