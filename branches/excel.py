"""Writing workbook cells safely, for every Excel export of the apps: text always stays text.

What Excel and LibreOffice would read as the start of a formula (or, after a tab or a carriage
return, of a pasted one) is written as a string with a quote prefix: an organisation named
"=HYPERLINK(...)" must print as its name. Counts get the thousands format."""

from __future__ import annotations

COUNT = "#,##0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_plain(cell, value) -> None:
    """Text as text, never as a formula; whole numbers with the thousands format; anything else
    as openpyxl writes it."""
    cell.value = value
    if isinstance(value, str):
        if value.startswith(FORMULA_STARTS):
            # openpyxl makes any string starting with "=" a formula; "s" keeps it a string, and the
            # quote prefix keeps it one when a reader edits the cell.
            cell.data_type, cell.quotePrefix = "s", True
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = COUNT
