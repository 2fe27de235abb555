"""The database side of a backup: the tables and their row counts, the applied migrations, a consistent
dump (pg_dump inside one exported snapshot, or SQLite's online backup API), and the tools that load it."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from .common import BackupError


def vendor_of(settings_dict: dict) -> str:
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


def dump_postgresql(settings_dict: dict, into: Path) -> dict:
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


def copy_sqlite(settings_dict: dict, connection, into: Path) -> dict:
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


def target_rows(settings_dict: dict, vendor: str) -> dict[str, int]:
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


def load_postgresql(settings_dict: dict, dump: Path, server_major: int) -> None:
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


def load_sqlite(settings_dict: dict, copy: Path) -> None:
    source, target = sqlite3.connect(copy), sqlite3.connect(str(settings_dict["NAME"]))
    try:
        source.backup(target)  # replaces the whole target database in one step
    finally:
        source.close()
        target.close()


def server_major(settings_dict: dict) -> int:
    link = _pg_connect(settings_dict)
    try:
        return link.server_version // 10000
    finally:
        link.close()
