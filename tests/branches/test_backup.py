"""`manage.py backup` and `manage.py restore`: the demo goes out as one archive and comes back, in
another database and another file root, with every table's rows and every file's bytes; a damaged
archive or a target that holds anything is refused and changes nothing.

The restore runs as its own process against a second, empty database on the same server (a fresh
SQLite file without DATABASE_URL), as it would on the machine of a restore drill. The source data
must be committed for pg_dump to see it, hence transactional_db."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from pypdf import PdfWriter

from branches.models import Job, Organisation
from meetings import services as meetings
from meetings.models import Meeting
from ratings.reports import jobs
from tests.e2e.conftest import restore_migration_defaults
from tests.factories import root

ROOT = Path(__file__).resolve().parents[2]
UNCHANGED = "Không có gì bị thay đổi. / "


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def rows_per_table(cursor, vendor: str) -> dict[str, int]:
    if vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    counts = {}
    for (table,) in sorted(cursor.fetchall()):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def sums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class Target:
    """An empty database of the kind the suite runs on, and an empty file root, for a restore."""

    def __init__(self, tmp_path: Path):
        self.media = tmp_path / "restored-media"
        source = connection.settings_dict
        if on_postgresql():
            self.name = f"chibo_restore_{uuid.uuid4().hex[:12]}"
            auth = quote(source["USER"]) + (f":{quote(source['PASSWORD'])}" if source.get("PASSWORD") else "")
            self.url = (
                f"postgres://{auth}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}/{self.name}"
            )
            self._server = dict(
                user=source["USER"],
                password=source.get("PASSWORD") or None,
                host=source["HOST"] or None,
                port=source["PORT"] or None,
            )
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.name = str(tmp_path / "restored.sqlite3")
            self.url = f"sqlite:///{self.name}"

    def _admin(self, sql: str) -> None:
        link = psycopg2.connect(dbname="postgres", **self._server)
        link.autocommit = True
        try:
            with link.cursor() as cursor:
                cursor.execute(sql)
        finally:
            link.close()

    def drop(self) -> None:
        if on_postgresql():
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def rows(self) -> dict[str, int]:
        if on_postgresql():
            link = psycopg2.connect(dbname=self.name, **self._server)
            try:
                with link.cursor() as cursor:
                    return rows_per_table(cursor, "postgresql")
            finally:
                link.close()
        if not Path(self.name).exists():
            return {}
        link = sqlite3.connect(self.name)
        try:
            return rows_per_table(link.cursor(), "sqlite")
        finally:
            link.close()

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "DATABASE_URL": self.url, "PRIVATE_MEDIA_ROOT": str(self.media)}
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )


@pytest.fixture
def target(tmp_path):
    made = Target(tmp_path)
    yield made
    made.drop()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def a_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_demo_comes_back_whole_in_an_empty_database(transactional_db, media, target, tmp_path):
    restore_migration_defaults()  # the flush after an earlier transactional test removed them
    call_command("seed_demo", stdout=StringIO())
    commune = Organisation.objects.filter(kind=Organisation.Kind.UPPER).order_by("pk").first()
    report = jobs.request_report(kind="excel", scope=commune, year=2025, by=root())
    meeting = Meeting.objects.filter(status=Meeting.Status.FINALISED).order_by("pk").first()
    meetings.add_attachment(meeting=meeting, upload=ContentFile(a_pdf(), name="bien-ban-ky.pdf"), by=root())
    report.refresh_from_db()
    assert report.status == Job.Status.DONE
    files = sums(media)
    assert sorted(name.split("/")[0] for name in files) == ["jobs", "meetings"]
    archive = tmp_path / "chibo.tar.gz"

    out = StringIO()
    call_command("backup", str(archive), stdout=out)

    rows = rows_per_table(connection.cursor(), connection.vendor)
    demo = "branches_member meetings_meeting meetings_attachment ratings_memberrating branches_job"
    assert min(rows[table] for table in demo.split()) > 0
    assert out.getvalue() == (
        f"Đã sao lưu {len(rows)} bảng ({sum(rows.values())} dòng) và 2 tệp vào {archive} "
        f"({archive.stat().st_size / 1e6:.1f} MB).\n"
    )
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    restored = target.manage("restore", str(archive))

    assert (restored.returncode, restored.stderr, restored.stdout) == (
        0,
        "",
        f"Đã khôi phục {len(rows)} bảng ({sum(rows.values())} dòng, khớp với bản sao lưu) và 2 tệp từ {archive}.\n",
    )
    assert target.rows() == rows
    assert sums(target.media) == files
    checked = target.manage("check_org_tree")
    assert (checked.returncode, checked.stdout) == (0, "Organisation tree OK.\n")

    again = target.manage("restore", str(archive))

    holding = [(t, n) for t, n in rows.items() if n]
    shown = ", ".join(f"{t} ({n})" for t, n in holding[:5]) + f" và {len(holding) - 5} bảng khác"
    fresh = (
        (
            "một cơ sở dữ liệu mới tạo bằng createdb, chưa chạy migrate",
            "a database just made with createdb, not migrated",
        )
        if on_postgresql()
        else ("một tệp SQLite chưa có", "a SQLite file that does not exist yet")
    )
    assert (again.returncode, again.stderr) == (
        1,
        f"CommandError: Cơ sở dữ liệu {target.name} đã có dữ liệu ở {len(holding)} bảng: {shown}. "
        f"Chỉ khôi phục vào {fresh[0]}. {UNCHANGED}The database {target.name} holds rows in {len(holding)} table(s); "
        f"restore into {fresh[1]}. Nothing was changed.\n",
    )
    assert target.rows() == rows


@pytest.fixture
def archive(request, transactional_db, media, tmp_path):
    """A small archive: the migrated test database and two private files; a plain tar unless the
    test asks for another suffix."""
    (media / "reports").mkdir()
    (media / "reports" / "bao-cao.xlsx").write_bytes(b"PK\x03\x04 bao cao")
    (media / "meetings" / "2025").mkdir(parents=True)
    (media / "meetings" / "2025" / "bien-ban.pdf").write_bytes(a_pdf())
    path = tmp_path / f"small{getattr(request, 'param', '.tar')}"
    call_command("backup", str(path), stdout=StringIO())
    return path


def rewritten(path: Path, change) -> Path:
    """The archive with one member's bytes changed, its manifest left as it was."""
    with tarfile.open(path) as source:
        members = [(info, source.extractfile(info).read()) for info in source]
    out = path.with_name("tampered.tar")
    with tarfile.open(out, "w") as archive:
        for info, data in members:
            data = change(info.name, data)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out


def refused(target: Target, path: Path) -> str:
    done = target.manage("restore", str(path))
    assert (done.returncode, target.rows(), sums(target.media) if target.media.exists() else {}) == (
        1,
        {},
        {},
    )
    return done.stderr


def test_a_file_changed_inside_the_archive_is_refused_before_anything_is_written(archive, target):
    def flip(name, data):
        return data.replace(b"bao cao", b"bao cap") if name == "media/reports/bao-cao.xlsx" else data

    tampered = rewritten(archive, flip)

    assert refused(target, tampered) == (
        "CommandError: Bản sao lưu bị hỏng hoặc đã bị sửa: mã sha256 của 1 tệp không khớp với manifest.json "
        f"(media/reports/bao-cao.xlsx). {UNCHANGED}The archive is damaged or was altered: the sha256 of 1 file(s) "
        "does not match manifest.json (media/reports/bao-cao.xlsx). Nothing was changed.\n"
    )


def test_a_database_dump_missing_from_the_archive_is_refused(archive, target):
    database = "database.dump" if on_postgresql() else "database.sqlite3"
    with tarfile.open(archive) as source:
        members = [(info, source.extractfile(info).read()) for info in source if info.name != database]
    without = archive.with_name("without.tar")
    with tarfile.open(without, "w") as out:
        for info, data in members:
            out.addfile(info, io.BytesIO(data))

    assert refused(target, without) == (
        f"CommandError: Bản sao lưu bị hỏng hoặc đã bị sửa: mã sha256 của 1 tệp không khớp với manifest.json "
        f"({database}). {UNCHANGED}The archive is damaged or was altered: the sha256 of 1 file(s) does not match "
        f"manifest.json ({database}). Nothing was changed.\n"
    )


@pytest.mark.parametrize(
    "archive, error",
    [
        (".tar", "unexpected end of data"),
        (".tar.gz", "Compressed file ended before the end-of-stream marker was reached"),
    ],
    indirect=["archive"],
)
def test_a_truncated_archive_is_refused(archive, error, target):
    truncated = archive.with_name(f"truncated-{archive.name}")
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])

    assert refused(target, truncated) == (
        "CommandError: Bản sao lưu bị hỏng hoặc đã bị sửa: không đọc hết được tệp, có thể tệp bị cắt ngắn "
        f"({error}). {UNCHANGED}The archive is damaged or was altered: it cannot be read to the end, "
        f"perhaps truncated ({error}). Nothing was changed.\n"
    )


def test_a_file_root_that_holds_a_file_is_refused_and_the_database_stays_empty(archive, target):
    (target.media / "reports").mkdir(parents=True)
    (target.media / "reports" / "old.pdf").write_bytes(b"%PDF old")

    done = target.manage("restore", str(archive))

    assert (done.returncode, done.stderr, target.rows(), sums(target.media)) == (
        1,
        f"CommandError: Thư mục tệp riêng {target.media} đã có 1 tệp (ví dụ reports/old.pdf). Chỉ khôi phục vào một "
        f"thư mục trống. {UNCHANGED}MEDIA_ROOT {target.media} already holds 1 file(s); restore into an empty one. "
        "Nothing was changed.\n",
        {},
        {"reports/old.pdf": hashlib.sha256(b"%PDF old").hexdigest()},
    )


def test_the_manifest_lists_every_file_with_its_sum_the_migrations_and_the_database(archive, media):
    with tarfile.open(archive) as source:
        names = source.getnames()
        manifest = json.loads(source.extractfile("manifest.json").read())
        inside = {
            n: hashlib.sha256(source.extractfile(n).read()).hexdigest() for n in names if n != "manifest.json"
        }

    database = "database.dump" if on_postgresql() else "database.sqlite3"
    assert names == [
        database,
        "media/meetings/2025/bien-ban.pdf",
        "media/reports/bao-cao.xlsx",
        "manifest.json",
    ]
    assert {n: f["sha256"] for n, f in manifest["files"].items()} == inside
    assert inside["media/reports/bao-cao.xlsx"] == hashlib.sha256(b"PK\x03\x04 bao cao").hexdigest()
    applied = sorted(MigrationRecorder(connection).applied_migrations())
    assert (
        sorted((app, n) for app, names_ in manifest["database"]["migrations"].items() for n in names_)
        == applied
    )
    assert (manifest["database"]["engine"], manifest["database"]["name"], manifest["database"]["tables"]) == (
        connection.vendor,
        str(connection.settings_dict["NAME"]),
        rows_per_table(connection.cursor(), connection.vendor),
    )
    # pg_dump of the server's own major version, or SQLite's online backup.
    server = (
        f"pg_dump (PostgreSQL) {connection.pg_version // 10000}." if on_postgresql() else "sqlite3 backup API"
    )
    assert manifest["database"]["method"].startswith(server)
    assert manifest["created_at"].endswith("+00:00")


def test_a_backup_never_overwrites_a_file_nor_writes_inside_the_private_files(db, media, tmp_path):
    kept = tmp_path / "chibo.tar"
    kept.write_bytes(b"yesterday")

    with pytest.raises(CommandError) as existing:
        call_command("backup", str(kept), stdout=StringIO())
    with pytest.raises(CommandError) as inside:
        call_command("backup", str(media / "chibo.tar"), stdout=StringIO())

    assert (
        str(existing.value),
        str(inside.value),
        kept.read_bytes(),
        sorted(p.name for p in tmp_path.iterdir()),
    ) == (
        f"Tệp {kept} đã có; hãy chọn tên khác. / {kept} already exists; choose another name.",
        f"Không ghi bản sao lưu vào thư mục tệp riêng {media}. / Do not write the archive inside MEDIA_ROOT {media}.",
        b"yesterday",
        ["chibo.tar", "media"],
    )
