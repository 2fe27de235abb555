"""What the reader hands to matching, the preview and the apply step: cleaned rows and cell errors.

A leaf module: it imports nothing of the app, so the reader and the apply step can be built apart.
"""

from dataclasses import dataclass, field


class ImportFileError(Exception):
    """The whole file is refused (not a workbook, protected, too big, …); the message is Vietnamese and
    says what to do."""


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int  # as Excel numbers it: the header is row 1
    column: str  # the header as written in the file ("" for a whole-row error)
    value: str  # the cell as the user sees it
    message: str  # Vietnamese, says what is wrong and what is allowed


@dataclass
class OrganisationRow:
    sheet: str
    row: int
    values: dict  # Organisation field name -> cleaned value: code, name, kind, area_type, founded_on…
    parent: str = ""  # the superior as written: a code or a full name, matched within the scope


@dataclass
class MemberRow:
    sheet: str
    row: int
    values: dict  # Member field name -> cleaned value (str, date, bool); only the columns the file has
    organisation: str = ""  # the chi bộ as written: a code or a full name, matched within the scope


@dataclass
class ReadResult:
    organisations: list[OrganisationRow] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)  # "Sheet: header", ignored and listed
    ignored_sheets: list[str] = field(default_factory=list)  # sheets with content but no known header row
