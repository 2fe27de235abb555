"""Writing the archive: the database part, every private file, the manifest of their sha256 sums."""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection as default_connection

from .common import FORMAT, MANIFEST, MEDIA, PG_DUMP, SQLITE_COPY, VERSION, BackupError, Outcome
from .database import copy_sqlite, dump_postgresql, vendor_of


class _Hashing(io.RawIOBase):
    """Hashes what tarfile reads, so a file is summed exactly as it went into the archive."""

    def __init__(self, stream):
        self.stream, self.sha = stream, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha.update(data)
        return data


def _add(archive: tarfile.TarFile, source: Path, name: str) -> dict:
    info = archive.gettarinfo(str(source), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with source.open("rb") as stream:
        hashing = _Hashing(stream)
        archive.addfile(info, hashing)
    return {"sha256": hashing.sha.hexdigest(), "size": info.size}


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _compression(path: Path) -> str:
    return "gz" if path.name.endswith((".gz", ".tgz")) else ""


def write_backup(
    path: Path, *, settings_dict: dict, media_root: Path, connection=default_connection
) -> Outcome:
    path, media_root = Path(path).absolute(), Path(media_root).absolute()
    if path.exists():
        raise BackupError(
            f"Tệp {path} đã có; hãy chọn tên khác. / {path} already exists; choose another name."
        )
    if path.is_relative_to(media_root):
        raise BackupError(
            f"Không ghi bản sao lưu vào thư mục tệp riêng {media_root}. / Do not write the archive inside MEDIA_ROOT {media_root}."
        )
    if not path.parent.is_dir():
        raise BackupError(f"Không có thư mục {path.parent}. / No such directory {path.parent}.")
    vendor = vendor_of(settings_dict)
    try:
        return _write(path, settings_dict, vendor, media_root, connection)
    except OSError as error:
        raise BackupError(
            f"Không ghi được bản sao lưu {path}: {error} / Could not write the archive."
        ) from error


def _write(path: Path, settings_dict: dict, vendor: str, media_root: Path, connection) -> Outcome:
    partial = path.with_name(f".{path.name}.partial")
    started = datetime.now(UTC)  # the moment the database part shows, give or take the dump's start
    # The dump is staged beside the archive: /tmp may be a small tmpfs.
    with tempfile.TemporaryDirectory(prefix=".chibo-backup-", dir=path.parent) as work:
        if vendor == "postgresql":
            database_file, member = Path(work) / PG_DUMP, PG_DUMP
            database = dump_postgresql(settings_dict, database_file)
        else:
            database_file, member = Path(work) / SQLITE_COPY, SQLITE_COPY
            database = copy_sqlite(settings_dict, connection, database_file)
        files = {}
        # The archive holds every member's dossier: readable by its owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode=f"w:{_compression(path)}") as archive,
            ):
                files[member] = _add(archive, database_file, member)
                for source in media_files(media_root):
                    name = f"{MEDIA}/{source.relative_to(media_root).as_posix()}"
                    files[name] = _add(archive, source, name)
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "created_at": started.isoformat(timespec="seconds"),
                    "database": database,
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(started.timestamp())
                archive.addfile(info, io.BytesIO(data))
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    tables = database["tables"]
    return Outcome(path, len(tables), sum(tables.values()), len(files) - 1, path.stat().st_size)
