"""The export of a scope's organisations and members, in the import template's layout (edit, then
import back), as a background job: a province's 46,000 members take a quarter of a minute to
write, too long for a request."""

from __future__ import annotations

from io import BytesIO

from ..jobs import services as job_services
from ..jobs.kinds import JobKind, register
from ..models import Job, Organisation
from ..web import FILE_TYPES
from .apply import ACTION
from .workbook import write_export

KIND = "member_export"


def _write(job: Job, ids: list[int], index: int) -> bytes:
    out = BytesIO()
    write_export(job.scope, out)
    return out.getvalue()


def register_kind() -> None:
    """From BranchesConfig.ready."""
    register(
        KIND,
        JobKind(
            "Danh sách tổ chức và đảng viên (Excel)",
            _write,
            "xlsx",
            FILE_TYPES["xlsx"],
            ACTION,
            title=lambda job: f"Danh sách tổ chức và đảng viên — {job.scope.name}",
            filename=lambda job: f"dang-vien-{job.scope.code or job.scope.pk}",
        ),
    )


def request_export(*, scope: Organisation, by) -> Job:
    """Queue the export of `scope` for a user who may import there; a second click while it is
    being written returns that job."""
    return job_services.request_job(kind=KIND, scope=scope, params={}, by=by)
