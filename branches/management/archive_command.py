"""What the backup and restore commands share: one archive FILE, this site's database and
MEDIA_ROOT, and a BackupError (a refusal a person can act on) as the command's error."""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from branches.backup import BackupError, Outcome


class ArchiveCommand(BaseCommand):
    """A subclass names the work (`write_backup` or `restore_backup`) and what it tells when done."""

    work: Callable[..., Outcome]

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            done = self.work(
                file, settings_dict=settings.DATABASES["default"], media_root=settings.MEDIA_ROOT
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.done_message(done))

    def done_message(self, done: Outcome) -> str:
        raise NotImplementedError
