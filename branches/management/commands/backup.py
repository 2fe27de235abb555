from branches.backup import Outcome, write_backup
from branches.management.archive_command import ArchiveCommand


class Command(ArchiveCommand):
    help = (
        "Write one archive of the database (pg_dump -Fc, or SQLite's backup API) and the private files "
        "(MEDIA_ROOT), with a manifest of sha256 sums. FILE ending in .gz or .tgz is gzipped."
    )
    work = staticmethod(write_backup)

    def done_message(self, done: Outcome) -> str:
        return (
            f"Đã sao lưu {done.tables} bảng ({done.rows} dòng) và {done.files} tệp vào {done.path} "
            f"({done.size / 1e6:.1f} MB)."
        )
