"""The cell values of an .xlsx worksheet, streamed row by row with expat.

openpyxl's read-only mode took 27 s (43 s on a file without a <dimension>, which it then parses twice)
to hand over the 46,437 rows of a province's members, half the minute the whole preview may take; it
builds an element per cell. This reads the same XML with expat callbacks and keeps only values: the
rows come out as openpyxl would give them with values_only (str, int, float, bool, datetime for a
number in a date format, None for an empty cell), in a fraction of the time and flat memory.

Only what files.check_xlsx has already judged is read (no formulas, no bomb); the parser refuses a
DTD or an entity declaration, as defusedxml does, so no entity expansion can happen.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

from .files import CORRUPT, Book
from .rows import ImportFileError

CHUNK = 1 << 16


class _Forbidden(ValueError):
    pass


def _forbid(*args) -> None:
    raise _Forbidden("DTDs and entities are not read")


_LOCAL: dict[str, str] = {}
_COLUMNS: dict[str, int] = {}


def _local(name: str) -> str:
    """ "x:c" and "c" are one tag: some writers prefix the main namespace."""
    local = _LOCAL.get(name)
    if local is None:
        local = _LOCAL.setdefault(name, name.rpartition(":")[2])
    return local


def _column(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    index = _COLUMNS.get(letters)
    if index is None:
        index = _COLUMNS.setdefault(letters, column_index_from_string(letters))
    return index


def _parse(stream, start, end, text=None) -> Iterator[None]:
    """Feed the stream to expat in chunks; yields after each chunk so a caller can hand on rows."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = start, end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    try:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
            yield
        parser.Parse(b"", True)
        yield
    except (expat.ExpatError, _Forbidden):
        raise ImportFileError(CORRUPT) from None


def shared_strings(archive: zipfile.ZipFile, book: Book) -> list[str]:
    """The workbook's string table: each <si>'s text runs joined, phonetic runs (<rPh>) left out."""
    if book.shared_strings is None:
        return []
    strings: list[str] = []
    state = {"parts": None, "in_t": False, "phonetic": 0}

    def start(name, attrs):
        tag = _local(name)
        if tag == "si":
            state["parts"] = []
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["in_t"] = True

    def end(name):
        tag = _local(name)
        if tag == "si":
            strings.append("".join(state["parts"]))
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "t":
            state["in_t"] = False

    def text(data):
        if state["in_t"]:
            state["parts"].append(data)

    with archive.open(book.shared_strings) as stream:
        for _ in _parse(stream, start, end, text):
            pass
    return strings


def date_styles(archive: zipfile.ZipFile, book: Book) -> set[int]:
    """The cell styles (indices into <cellXfs>) whose number format shows a date."""
    if book.styles is None:
        return set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    state = {"in_xfs": False}

    def start(name, attrs):
        tag = _local(name)
        if tag == "numFmt":
            custom[int(attrs.get("numFmtId", -1))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            state["in_xfs"] = True
        elif tag == "xf" and state["in_xfs"]:
            formats.append(int(attrs.get("numFmtId", 0)))

    def end(name):
        if _local(name) == "cellXfs":
            state["in_xfs"] = False

    with archive.open(book.styles) as stream:
        for _ in _parse(stream, start, end):
            pass
    return {
        index
        for index, number_format in enumerate(formats)
        if is_date_format(custom.get(number_format) or BUILTIN_FORMATS.get(number_format) or "")
    }


class _Sheet:
    """expat callbacks for one worksheet; completed rows collect in `done` as (number, values)."""

    def __init__(self, strings: list[str], dates: set[int], epoch: datetime):
        self.strings, self.dates, self.epoch = strings, dates, epoch
        self.done: list[tuple[int, list]] = []
        self.row_number, self.cells = 0, []
        self.column, self.kind, self.style = 0, "n", None
        self.parts: list[str] | None = None
        self.collecting = False

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "c":
            ref = attrs.get("r")
            self.column = _column(ref) if ref else self.column + 1
            self.kind, self.style, self.parts = attrs.get("t", "n"), attrs.get("s"), None
        elif tag == "v" or (tag == "t" and self.kind == "inlineStr"):
            self.collecting = True
            if self.parts is None:
                self.parts = []
        elif tag == "row":
            self.row_number = int(attrs["r"]) if "r" in attrs else self.row_number + 1
            self.cells, self.column = [], 0

    def text(self, data):
        if self.collecting:
            self.parts.append(data)

    def end(self, name):
        tag = _local(name)
        if tag in ("v", "t"):
            self.collecting = False
        elif tag == "c":
            if self.parts is not None:
                cells = self.cells
                if len(cells) < self.column - 1:
                    cells.extend([None] * (self.column - 1 - len(cells)))
                cells.append(self.value("".join(self.parts)))
        elif tag == "row":
            self.done.append((self.row_number, self.cells))

    def value(self, raw: str):
        kind = self.kind
        try:
            if kind == "n":
                if self.style is not None and int(self.style) in self.dates:
                    return from_excel(float(raw), self.epoch)
                return int(raw) if raw.lstrip("-").isdigit() else float(raw)
            if kind == "s":
                return self.strings[int(raw)]
            if kind == "b":
                return raw == "1"
            if kind == "d":
                return datetime.fromisoformat(raw.rstrip("Z"))
        except (ValueError, IndexError, OverflowError):
            return raw  # shown as written; the column's cleaner explains what it expected
        return raw  # inlineStr, str, e (#N/A…)


def rows(
    archive: zipfile.ZipFile, path: str, book: Book, strings: list[str], dates: set[int]
) -> Iterator[tuple]:
    """The worksheet's rows as (row number, values); rows missing from the XML are skipped."""
    sheet = _Sheet(strings, dates, book.epoch)
    with archive.open(path) as stream:
        for _ in _parse(stream, sheet.start, sheet.end, sheet.text):
            yield from sheet.done
            sheet.done.clear()
