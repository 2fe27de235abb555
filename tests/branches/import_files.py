"""Small import files as people send them: a CSV with the template's Vietnamese headers."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

HEADERS = [
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số CCCD",
    "Chi bộ",
    "Tình trạng",
]


def members_csv(rows: list[list[str]], name: str = "dang-vien.csv") -> SimpleUploadedFile:
    lines = [",".join(HEADERS)] + [",".join(row) for row in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv")


GOOD = [
    ["Trần Thị Bích", "Nữ", "02/03/1985", "19/05/2012", "19/05/2013", "084185000001", "A", "Chính thức"],
    ["Lê Văn Cường", "Nam", "07/08/1990", "03/02/2016", "03/02/2017", "084090000002", "A2", "Chính thức"],
    ["Võ Thị Hoa", "Nữ", "11/11/1995", "01/09/2025", "", "084195000003", "Chi bộ ấp Chợ Dưới", "Dự bị"],
]


def with_three_errors() -> list[list[str]]:
    """GOOD with three mistakes: a date that is not one, a chi bộ outside the scope, an official
    date before the 12 months of probation end."""
    rows = [list(r) for r in GOOD]
    rows[0][2] = "31/02/1985"
    rows[1][6] = "B"
    rows[2][4], rows[2][7] = "01/10/2025", "Chính thức"
    return rows
