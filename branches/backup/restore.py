"""Reading an archive back: every sum checked before anything is touched, a non-empty target refused,
then the database loaded, the files moved in and the row counts compared with the manifest."""

import hashlib
import json
import os
import re
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.db import connection as default_connection
from django.db.migrations.loader import MigrationLoader

# --- the database side -------------------------------------------------------------------------
from .archive import media_files
from .common import (
    CHUNK,
    FORMAT,
    MANIFEST,
    MEDIA,
    PG_DUMP,
    SQLITE_COPY,
    BackupError,
    Outcome,
    damaged,
    refusal,
)
from .database import load_postgresql, load_sqlite, server_major, target_rows, vendor_of

# --- writing the archive -----------------------------------------------------------------------


# --- reading it back ---------------------------------------------------------------------------


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


def _refuse_non_empty(settings_dict: dict, vendor: str, media_root: Path) -> None:
    holding = {table: n for table, n in target_rows(settings_dict, vendor).items() if n}
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
    present = media_files(media_root)
    if present:
        raise refusal(
            f"Thư mục tệp riêng {media_root} đã có {len(present)} tệp (ví dụ {present[0].relative_to(media_root)}). "
            "Chỉ khôi phục vào một thư mục trống.",
            f"MEDIA_ROOT {media_root} already holds {len(present)} file(s); restore into an empty one.",
        )


def restore_backup(
    path: Path, *, settings_dict: dict, media_root: Path, connection=default_connection
) -> Outcome:
    path, media_root = Path(path).absolute(), Path(media_root).absolute()
    if not path.is_file():
        raise BackupError(f"Không có tệp {path}. / No such file {path}.")
    vendor = vendor_of(settings_dict)
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
            load_postgresql(settings_dict, work / PG_DUMP, server_major(settings_dict))
        else:
            load_sqlite(settings_dict, work / SQLITE_COPY)
        staged = work / MEDIA
        media_root.mkdir(parents=True, exist_ok=True)
        for source in media_files(staged):
            target = media_root / source.relative_to(staged)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    counts = target_rows(settings_dict, vendor)
    if counts != database["tables"]:
        differ = sorted(
            t for t in set(counts) | set(database["tables"]) if counts.get(t) != database["tables"].get(t)
        )
        raise BackupError(
            f"Đã khôi phục nhưng số dòng khác bản sao lưu ở {len(differ)} bảng: {', '.join(differ[:5])}. / Restored, but row "
            f"counts differ from the manifest in: {', '.join(differ[:5])}."
        )
    return Outcome(path, len(counts), sum(counts.values()), len(manifest["files"]) - 1, path.stat().st_size)
