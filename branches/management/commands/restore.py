from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from branches.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Load an archive written by `backup` into the configured database and MEDIA_ROOT, both empty. "
        "Every sha256 is checked first; a damaged archive or a non-empty target changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            done = restore_backup(
                file, settings_dict=settings.DATABASES["default"], media_root=settings.MEDIA_ROOT
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã khôi phục {done.tables} bảng ({done.rows} dòng, khớp với bản sao lưu) và {done.files} tệp từ {done.path}."
        )
