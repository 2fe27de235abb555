"""Bringing a province's tree and members in from its Excel files (issue 12).

`rows` holds what the reader hands on; `reader` (with `columns` and `values`) turns a file into rows
and cell errors; matching, the preview and the apply step work on rows only.
"""
