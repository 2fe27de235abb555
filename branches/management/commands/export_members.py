from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from branches.models import Organisation


class Command(BaseCommand):
    help = "Write the organisations and members of a scope in the import template's layout (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--scope", required=True, help="the code of the organisation exported")
        parser.add_argument("file", type=Path)

    def handle(self, *args, scope, file, **options):
        from branches.imports import workbook  # the reading half (branches/imports/workbook.py)

        scope_org = Organisation.objects.filter(code=scope).first()
        if scope_org is None:
            raise CommandError(f"Không có tổ chức mã {scope}.")
        with file.open("wb") as out:
            counts = workbook.write_export(scope_org, out)
        self.stdout.write(
            f"Đã xuất {counts.organisations} tổ chức và {counts.members} đảng viên của {scope_org.name} vào {file}."
        )
