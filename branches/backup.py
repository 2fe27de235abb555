"""One archive holds everything the app keeps: the database and the private files.

The archive is a tar (gzip when its name ends in .gz or .tgz) of
  database.dump      PostgreSQL: pg_dump custom format (-Fc), restored with pg_restore
  database.sqlite3   SQLite: a copy made with sqlite3's online backup API
  media/...          every file under MEDIA_ROOT (reports, uploads)
  manifest.json      the sha256 and size of every other member, the applied migrations, the row
                     count of every table (as the dump holds them), the time and the database name.

The database part is one snapshot: pg_dump runs in a snapshot exported from a repeatable-read
transaction in which the row counts and the migrations are read, and SQLite's backup API copies a
consistent database. Files are copied after the dump, so a report written meanwhile is an extra
file, never a row without its file unless the daily clean-up deleted it in between.

Restore checks every sum before it touches anything, refuses a target that holds any row or any
file, then loads the database and moves the files in, and compares the row counts with the manifest.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.db import connection as default_connection
from django.db.migrations.loader import MigrationLoader

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


# --- the database side -------------------------------------------------------------------------


def _vendor(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(
        f"Chỉ sao lưu được PostgreSQL hoặc SQLite, không phải {engine}. / Unsupported database engine {engine}."
    )


def _table_names(cursor, vendor: str) -> list[str]:
    if vendor == "postgresql":
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    return [name for (name,) in cursor.fetchall()]


def row_counts(cursor, vendor: str) -> dict[str, int]:
    """Rows per table of the connection's schema, in one query so it reads one snapshot."""
    tables = _table_names(cursor, vendor)
    if not tables:
        return {}
    quote = '"{}"'.format
    cursor.execute(" UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables))
    return dict(sorted(cursor.fetchall()))


def _migrations(cursor, tables: dict[str, int]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _pg_environ(settings_dict: dict) -> dict[str, str]:
    environ = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environ["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        environ["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    return environ


def _pg_arguments(settings_dict: dict) -> list[str]:
    arguments = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments.append(f"{flag}={settings_dict[key]}")
    return [*arguments, f"--dbname={settings_dict['NAME']}"]


def _pg_connect(settings_dict: dict):
    import psycopg2

    options = {k: v for k, v in settings_dict.get("OPTIONS", {}).items() if k in ("sslmode", "sslrootcert")}
    try:
        return psycopg2.connect(
            dbname=settings_dict["NAME"],
            user=settings_dict.get("USER") or None,
            password=settings_dict.get("PASSWORD") or None,
            host=settings_dict.get("HOST") or None,
            port=settings_dict.get("PORT") or None,
            **options,
        )
    except psycopg2.OperationalError as error:
        raise BackupError(
            f"Không kết nối được cơ sở dữ liệu {settings_dict['NAME']} (tạo nó trước bằng createdb nếu chưa có): {error}"
            f" / Cannot connect to the database {settings_dict['NAME']} (create it first with createdb)."
        ) from error


def _pg_tool(name: str, server_major: int) -> str:
    """The client of the server's major version: Debian installs each under its own directory, and
    a pg_dump older than the server refuses to dump it."""
    own = Path(f"/usr/lib/postgresql/{server_major}/bin/{name}")
    if own.exists():
        return str(own)
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"Không tìm thấy {name}: cài gói postgresql-client-{server_major}. / {name} not found: install postgresql-client-{server_major}."
        )
    return found


def _run(command: list[str], environ: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=environ, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{what} thất bại / failed ({done.returncode}): {done.stderr.strip()}")


def _dump_postgresql(settings_dict: dict, into: Path) -> dict:
    """pg_dump inside a snapshot whose row counts and migrations the manifest records."""
    link = _pg_connect(settings_dict)
    try:
        link.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with link.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')::int")
            snapshot, version_num = cursor.fetchone()
            tables = row_counts(cursor, "postgresql")
            migrations = _migrations(cursor, tables)
            pg_dump = _pg_tool("pg_dump", version_num // 10000)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={into}",
                    *_pg_arguments(settings_dict),
                ],
                _pg_environ(settings_dict),
                "pg_dump",
            )
        link.rollback()
    finally:
        link.close()
    tool = subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "engine": "postgresql",
        "name": settings_dict["NAME"],
        "method": f"{tool} --format=custom",
        "server_version_num": version_num,
        "tables": tables,
        "migrations": migrations,
    }


def _copy_sqlite(settings_dict: dict, connection, into: Path) -> dict:
    """sqlite3's online backup API: a consistent copy even while the site writes."""
    connection.ensure_connection()
    target = sqlite3.connect(into)
    try:
        connection.connection.backup(target)
        cursor = target.cursor()
        tables = row_counts(cursor, "sqlite")
        migrations = _migrations(cursor, tables)
    finally:
        target.close()
    return {
        "engine": "sqlite",
        "name": str(settings_dict["NAME"]),
        "method": f"sqlite3 backup API (SQLite {sqlite3.sqlite_version})",
        "tables": tables,
        "migrations": migrations,
    }


# --- writing the archive -----------------------------------------------------------------------


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


def _media_files(root: Path) -> list[Path]:
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
    vendor = _vendor(settings_dict)
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
            database = _dump_postgresql(settings_dict, database_file)
        else:
            database_file, member = Path(work) / SQLITE_COPY, SQLITE_COPY
            database = _copy_sqlite(settings_dict, connection, database_file)
        files = {}
        # The archive holds every member's dossier: readable by its owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode=f"w:{_compression(path)}") as archive,
            ):
                files[member] = _add(archive, database_file, member)
                for source in _media_files(media_root):
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


# --- reading it back ---------------------------------------------------------------------------


def refusal(vietnamese: str, english: str) -> BackupError:
    """A refusal that changed nothing, said in Vietnamese and then in English."""
    return BackupError(f"{vietnamese} Không có gì bị thay đổi. / {english} Nothing was changed.")


def damaged(vietnamese: str, english: str) -> BackupError:
    return refusal(
        f"Bản sao lưu bị hỏng hoặc đã bị sửa: {vietnamese}.",
        f"The archive is damaged or was altered: {english}.",
    )


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and bool(re.fullmatch(r"[^\x00-\x1f]+", name))


def _unpack(path: Path, into: Path) -> dict:
    """Every member into `into`, each summed as it is written; the manifest must list exactly them."""
    sums: dict[str, dict] = {}
    manifest = None
    try:
        with tarfile.open(path, mode="r:*") as archive:
            for info in archive:
                if not info.isfile() or not _safe_name(info.name) or info.name in sums:
                    raise damaged(f"có thành phần lạ {info.name!r}", f"unexpected member {info.name!r}")
                stream = archive.extractfile(info)
                if info.name == MANIFEST:
                    manifest = json.loads(stream.read().decode())
                    continue
                target = into / info.name
                target.parent.mkdir(parents=True, exist_ok=True)
                sha = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := stream.read(CHUNK):
                        sha.update(chunk)
                        out.write(chunk)
                sums[info.name] = {"sha256": sha.hexdigest(), "size": info.size}
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise damaged(
            f"không đọc hết được tệp, có thể tệp bị cắt ngắn ({error})",
            f"it cannot be read to the end, perhaps truncated ({error})",
        ) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise damaged(f"không đọc được {MANIFEST}", f"{MANIFEST} is unreadable") from error
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("files"), dict)
    ):
        raise damaged(f"thiếu {MANIFEST}", f"no {MANIFEST}")
    listed = manifest["files"]
    wrong = sorted(name for name in set(listed) | set(sums) if listed.get(name) != sums.get(name))
    if wrong:
        shown = ", ".join(wrong[:5]) + ("…" if len(wrong) > 5 else "")
        raise damaged(
            f"mã sha256 của {len(wrong)} tệp không khớp với {MANIFEST} ({shown})",
            f"the sha256 of {len(wrong)} file(s) does not match {MANIFEST} ({shown})",
        )
    return manifest


def _unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(applied.items())
        for name in names
        if (app, name) not in known
    ]


def _target_rows(settings_dict: dict, vendor: str) -> dict[str, int]:
    if vendor == "postgresql":
        link = _pg_connect(settings_dict)
        try:
            with link.cursor() as cursor:
                return row_counts(cursor, vendor)
        finally:
            link.close()
    name = str(settings_dict["NAME"])
    if not Path(name).exists():
        return {}
    link = sqlite3.connect(name)
    try:
        return row_counts(link.cursor(), vendor)
    finally:
        link.close()


def _refuse_non_empty(settings_dict: dict, vendor: str, media_root: Path) -> None:
    holding = {table: n for table, n in _target_rows(settings_dict, vendor).items() if n}
    if holding:
        shown = ", ".join(f"{t} ({n})" for t, n in list(holding.items())[:5])
        if len(holding) > 5:
            shown += f" và {len(holding) - 5} bảng khác"
        fresh = (
            "một cơ sở dữ liệu mới tạo bằng createdb, chưa chạy migrate",
            "a database just made with createdb, not migrated",
        )
        if vendor == "sqlite":
            fresh = ("một tệp SQLite chưa có", "a SQLite file that does not exist yet")
        raise refusal(
            f"Cơ sở dữ liệu {settings_dict['NAME']} đã có dữ liệu ở {len(holding)} bảng: {shown}. Chỉ khôi phục vào {fresh[0]}.",
            f"The database {settings_dict['NAME']} holds rows in {len(holding)} table(s); restore into {fresh[1]}.",
        )
    present = _media_files(media_root)
    if present:
        raise refusal(
            f"Thư mục tệp riêng {media_root} đã có {len(present)} tệp (ví dụ {present[0].relative_to(media_root)}). "
            "Chỉ khôi phục vào một thư mục trống.",
            f"MEDIA_ROOT {media_root} already holds {len(present)} file(s); restore into an empty one.",
        )


def _load_postgresql(settings_dict: dict, dump: Path, server_major: int) -> None:
    # --clean --if-exists drops whatever empty tables a migrate left; one transaction: all or nothing.
    _run(
        [
            _pg_tool("pg_restore", server_major),
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            *_pg_arguments(settings_dict),
            str(dump),
        ],
        _pg_environ(settings_dict),
        "pg_restore",
    )


def _load_sqlite(settings_dict: dict, copy: Path) -> None:
    source, target = sqlite3.connect(copy), sqlite3.connect(str(settings_dict["NAME"]))
    try:
        source.backup(target)  # replaces the whole target database in one step
    finally:
        source.close()
        target.close()


def _server_major(settings_dict: dict) -> int:
    link = _pg_connect(settings_dict)
    try:
        return link.server_version // 10000
    finally:
        link.close()


def restore_backup(
    path: Path, *, settings_dict: dict, media_root: Path, connection=default_connection
) -> Outcome:
    path, media_root = Path(path).absolute(), Path(media_root).absolute()
    if not path.is_file():
        raise BackupError(f"Không có tệp {path}. / No such file {path}.")
    vendor = _vendor(settings_dict)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked next to MEDIA_ROOT, so the files are moved into place, not copied.
    with tempfile.TemporaryDirectory(prefix=".chibo-restore-", dir=media_root.parent) as work:
        work = Path(work)
        manifest = _unpack(path, work)
        database = manifest.get("database", {})
        if database.get("engine") != vendor:
            raise refusal(
                f"Bản sao lưu là cơ sở dữ liệu {database.get('engine')}, nơi khôi phục là {vendor}.",
                f"The archive holds a {database.get('engine')} database; the target is {vendor}.",
            )
        unknown = _unknown_migrations(database.get("migrations", {}))
        if unknown:
            raise refusal(
                f"Bản sao lưu được tạo bởi phiên bản mới hơn của phần mềm (migration {', '.join(unknown[:3])}). "
                "Hãy cập nhật phần mềm trước.",
                "The archive comes from a newer version of the app; update the code first.",
            )
        _refuse_non_empty(settings_dict, vendor, media_root)
        connection.close()  # Django's own connection must not hold the target while it is replaced
        if vendor == "postgresql":
            _load_postgresql(settings_dict, work / PG_DUMP, _server_major(settings_dict))
        else:
            _load_sqlite(settings_dict, work / SQLITE_COPY)
        staged = work / MEDIA
        media_root.mkdir(parents=True, exist_ok=True)
        for source in _media_files(staged):
            target = media_root / source.relative_to(staged)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    counts = _target_rows(settings_dict, vendor)
    if counts != database["tables"]:
        differ = sorted(
            t for t in set(counts) | set(database["tables"]) if counts.get(t) != database["tables"].get(t)
        )
        raise BackupError(
            f"Đã khôi phục nhưng số dòng khác bản sao lưu ở {len(differ)} bảng: {', '.join(differ[:5])}. / Restored, but row "
            f"counts differ from the manifest in: {', '.join(differ[:5])}."
        )
    return Outcome(path, len(counts), sum(counts.values()), len(manifest["files"]) - 1, path.stat().st_size)
