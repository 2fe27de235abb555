from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from branches.imports.apply import apply_plan
from branches.imports.checks import read_contents
from branches.imports.preview import plan
from branches.imports.rows import ImportFileError
from branches.models import Organisation

COUNTS = {
    "organisations_created": "Tổ chức mới",
    "organisations_changed": "Tổ chức thay đổi",
    "members_created": "Đảng viên mới",
    "members_changed": "Đảng viên thay đổi",
    "members_moved": "  trong đó chuyển chi bộ",
    "members_unchanged": "Đảng viên không thay đổi",
    "members_missing": "Có trong hệ thống, không có trong tệp (không xóa)",
    "errors": "Lỗi",
}


class Command(BaseCommand):
    help = (
        "Import a province's members (and organisations) from the Excel/CSV templates, as the import "
        "pages do: the same checks, the same services, all or nothing. --dry-run prints the preview's "
        "counts and errors and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?", help="the members' file (.xlsx or .csv)")
        parser.add_argument("--organisations", type=Path, help="the organisations' file")
        parser.add_argument("--scope", required=True, help="the code of the organisation imported into")
        parser.add_argument(
            "--user", required=True, help="who imports (an administrator or provincial staff)"
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, organisations, scope, user, dry_run, **options):
        if file is None and organisations is None:
            raise CommandError("Chưa chỉ ra tệp nào để nhập.")
        scope_org = Organisation.objects.filter(code=scope).first()
        if scope_org is None:
            raise CommandError(f"Không có tổ chức mã {scope}.")
        by = get_user_model().objects.filter(username=user, is_active=True).first()
        if by is None:
            raise CommandError(f"Không có tài khoản {user} (đang hoạt động).")
        contents = {}
        for key, path in (("members", file), ("organisations", organisations)):
            if path is not None:
                if not path.is_file():
                    raise CommandError(f"Không có tệp {path}.")
                contents[key] = (path.name, path.read_bytes())
        try:
            result, sources = read_contents(contents)
        except ImportFileError as refused:
            raise CommandError(str(refused)) from None
        made = plan(result, scope_org)
        counts = made.counts()
        for key, label in COUNTS.items():
            self.stdout.write(f"{label}: {counts[key]}")
        for error in made.errors:
            where = f"{error.sheet}, dòng {error.row}" + (f", cột {error.column}" if error.column else "")
            shown = f" ({error.value})" if error.value else ""
            self.stdout.write(f"{where}{shown}: {error.message}")
        if dry_run:
            self.stdout.write("Chạy thử: chưa ghi gì.")
            return
        try:
            record = apply_plan(plan=made, sources=sources, by=by)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from None
        self.stdout.write(f"Đã nhập (bản ghi nhập dữ liệu số {record.pk}).")
