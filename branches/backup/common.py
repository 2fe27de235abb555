"""What the archive's writer and reader share: its layout and its errors."""

from dataclasses import dataclass
from pathlib import Path

FORMAT = "chibo-backup"


VERSION = 1


MANIFEST = "manifest.json"


PG_DUMP = "database.dump"


SQLITE_COPY = "database.sqlite3"


MEDIA = "media"


CHUNK = 1 << 20


class BackupError(Exception):
    """A refusal a person can act on; the message is Vietnamese, then English."""


@dataclass(frozen=True)
class Outcome:
    path: Path
    tables: int
    rows: int
    files: int
    size: int


def refusal(vietnamese: str, english: str) -> BackupError:
    """A refusal that changed nothing, said in Vietnamese and then in English."""
    return BackupError(f"{vietnamese} Không có gì bị thay đổi. / {english} Nothing was changed.")


def damaged(vietnamese: str, english: str) -> BackupError:
    return refusal(
        f"Bản sao lưu bị hỏng hoặc đã bị sửa: {vietnamese}.",
        f"The archive is damaged or was altered: {english}.",
    )
