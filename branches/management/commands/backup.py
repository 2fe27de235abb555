from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from branches.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write one archive of the database (pg_dump -Fc, or SQLite's backup API) and the private files "
        "(MEDIA_ROOT), with a manifest of sha256 sums. FILE ending in .gz or .tgz is gzipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            done = write_backup(
                file, settings_dict=settings.DATABASES["default"], media_root=settings.MEDIA_ROOT
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã sao lưu {done.tables} bảng ({done.rows} dòng) và {done.files} tệp vào {done.path} "
            f"({done.size / 1e6:.1f} MB)."
        )
