from branches.backup import Outcome, restore_backup
from branches.management.archive_command import ArchiveCommand


class Command(ArchiveCommand):
    help = (
        "Load an archive written by `backup` into the configured database and MEDIA_ROOT, both empty. "
        "Every sha256 is checked first; a damaged archive or a non-empty target changes nothing."
    )
    work = staticmethod(restore_backup)

    def done_message(self, done: Outcome) -> str:
        return (
            f"Đã khôi phục {done.tables} bảng ({done.rows} dòng, khớp với bản sao lưu) và {done.files} tệp "
            f"từ {done.path}."
        )
