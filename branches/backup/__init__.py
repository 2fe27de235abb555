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

from .archive import write_backup
from .common import BackupError, Outcome
from .restore import restore_backup

__all__ = ["BackupError", "Outcome", "restore_backup", "write_backup"]
