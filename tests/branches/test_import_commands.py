"""manage.py import_members: the same checks and services as the pages, for a province's first load."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from branches.models import ChangeRecord, ImportRecord, Member
from tests.branches.import_files import GOOD, members_csv, with_three_errors


def write(tmp_path, rows, name="dang-vien.csv"):
    path = tmp_path / name
    path.write_bytes(members_csv(rows).read())
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("import_members", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_the_counts_and_errors_and_writes_nothing(tree, people, tmp_path):
    path = write(tmp_path, with_three_errors())
    records = ChangeRecord.objects.count()

    printed = run(str(path), "--scope", "X", "--user", "bantochuc", "--dry-run")

    lines = printed.splitlines()
    assert lines[2:3] == ["Đảng viên mới: 0"] and "Lỗi: 3" in lines
    # A CSV file's only sheet is named after the file.
    assert [line.split(":")[0] for line in lines if ", dòng " in line] == [
        "dang-vien, dòng 2, cột Ngày sinh (31/02/1985)",
        "dang-vien, dòng 3, cột Chi bộ (B)",
        "dang-vien, dòng 4, cột Ngày chính thức (01/10/2025)",
    ]
    assert lines[-1] == "Chạy thử: chưa ghi gì."
    assert (Member.objects.count(), ChangeRecord.objects.count()) == (0, records)


def test_an_import_writes_and_the_same_file_again_changes_nothing(tree, people, tmp_path):
    path = write(tmp_path, GOOD)

    printed = run(str(path), "--scope", "X", "--user", "bantochuc")
    with pytest.raises(CommandError) as again:
        run(str(path), "--scope", "X", "--user", "bantochuc")

    record = ImportRecord.objects.get()
    assert printed.splitlines()[-1] == f"Đã nhập (bản ghi nhập dữ liệu số {record.pk})."
    assert (record.members_created, record.members_file, len(record.sha256)) == (3, "dang-vien.csv", 64)
    assert str(again.value) == "Tệp không có gì khác với dữ liệu hiện có: không có gì để ghi."
    assert Member.objects.count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scope", "X", "--user", "xetduyet_x"], "Việc này nằm ngoài quyền hạn của đồng chí."),
        (["--scope", "ZZ", "--user", "bantochuc"], "Không có tổ chức mã ZZ."),
        (["--scope", "X", "--user", "ai_do"], "Không có tài khoản ai_do (đang hoạt động)."),
    ],
)
def test_an_import_is_refused_with_a_message(tree, people, tmp_path, args, message):
    path = write(tmp_path, GOOD)

    with pytest.raises(CommandError) as refusal:
        run(str(path), *args)

    assert str(refusal.value) == message
    assert Member.objects.count() == 0


def test_an_export_imported_again_is_a_round_trip_with_no_changes(tree, people, tmp_path):
    """export_members writes the template's layout; importing it back finds nothing to change."""
    from datetime import date

    from tests.factories import MemberFactory

    MemberFactory(organisation=tree.a, full_name="Nguyễn Thị Hoa", cccd="084185000001", ethnicity="Khmer")
    MemberFactory(
        organisation=tree.g1,
        full_name="Lê Văn Tư",
        card_number="12345678",
        official_date=None,
        birth_date=date(1990, 2, 3),
    )
    path = tmp_path / "xuat.xlsx"
    out = StringIO()
    call_command("export_members", "--scope", "X", str(path), stdout=out)

    printed = run(str(path), "--scope", "X", "--user", "quantri", "--dry-run")

    assert out.getvalue() == f"Đã xuất 5 tổ chức và 2 đảng viên của Đảng bộ xã Phước Hưng vào {path}.\n"
    assert printed.splitlines()[:8] == [
        "Tổ chức mới: 0",
        "Tổ chức thay đổi: 0",
        "Đảng viên mới: 0",
        "Đảng viên thay đổi: 0",
        "  trong đó chuyển chi bộ: 0",
        "Đảng viên không thay đổi: 2",
        "Có trong hệ thống, không có trong tệp (không xóa): 0",
        "Lỗi: 0",
    ]
