"""Rows as the reader hands them (branches.imports.rows), for the tests of matching, preview and
apply, which need no file."""

from __future__ import annotations

from datetime import date

from branches.imports.rows import MemberRow, OrganisationRow, ReadResult

MEMBERS, ORGANISATIONS = "Đảng viên", "Tổ chức"


def member_row(row: int, organisation: str, **values) -> MemberRow:
    fields = {
        "full_name": "Trần Thị Bích",
        "gender": "F",
        "birth_date": date(1985, 3, 2),
        "ethnicity": "Kinh",
        "ceremony_date": date(2012, 5, 19),
        "official_date": date(2013, 5, 19),
        "status": "official",
        **values,
    }
    return MemberRow(MEMBERS, row, fields, organisation)


def organisation_row(
    row: int, code: str, name: str, parent: str, kind: str = "cell", **values
) -> OrganisationRow:
    return OrganisationRow(ORGANISATIONS, row, {"code": code, "name": name, "kind": kind, **values}, parent)


def stored_row(row: int, member, organisation: str = "", **values) -> MemberRow:
    """The row an export writes for `member`: the stored values, with `values` changed (and the chi
    bộ, when `organisation` names another)."""
    fields = {
        name: getattr(member, name)
        for name in (
            "full_name",
            "gender",
            "birth_date",
            "ethnicity",
            "ceremony_date",
            "official_date",
            "cccd",
            "card_number",
        )
    }
    fields = {**fields, "status": member.status, **values}
    return MemberRow(MEMBERS, row, fields, organisation or member.organisation.code)


def result(members=(), organisations=(), errors=()) -> ReadResult:
    return ReadResult(organisations=list(organisations), members=list(members), errors=list(errors))
