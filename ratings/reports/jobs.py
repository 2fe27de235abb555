"""The reports as kinds of background job (branches.jobs, DESIGN §4 Jobs): the annual report, the
rating list and the Excel workbook of a scope and year; what a report is built from, so that an
unchanged one is served again; and the service that asks for one. The job's life (queue, parts,
merge, failures, the sweep) is branches.jobs.services."""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Sum
from django.utils import timezone

from branches.jobs import services as job_services
from branches.jobs.kinds import JobKind, Messages, register
from branches.models import Job, Member, Organisation
from meetings.models import Meeting

from ..enums import ReportKind
from ..models import MemberRating, OrganisationRating, Recognition
from ..queries import period_for
from . import annual, excel

FORMAT_VERSION = "2"  # bump when a report's layout changes, so stored files are not reused
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


MESSAGES = Messages(
    failed=(
        "Không tạo được báo cáo do lỗi khi dựng văn bản. Hãy thử lại; nếu vẫn lỗi, báo cho quản trị hệ thống "
        "(mã việc {job})."
    ),
    broker_down=(
        "Máy chủ xử lý báo cáo đang không hoạt động nên chưa tạo được báo cáo. "
        "Hãy thử lại sau ít phút hoặc báo quản trị viên."
    ),
    not_taken=(
        "Báo cáo chờ quá lâu mà máy chủ xử lý chưa nhận (máy chủ xử lý đang dừng hoặc quá tải). "
        "Hãy tạo lại sau ít phút hoặc báo quản trị viên."
    ),
    interrupted="Tiến trình tạo báo cáo bị gián đoạn (máy chủ xử lý dừng giữa chừng). Hãy tạo lại báo cáo.",
    gave_up="Không tạo được báo cáo sau nhiều lần thử. Hãy báo cho quản trị hệ thống.",
)


def year_of(job: Job) -> int:
    return job.params["year"]


def made_on(job: Job) -> date:
    """The report's date, printed on it: the day it was asked for."""
    return timezone.localtime(job.created_at).date()


def _annual_parts(job: Job) -> list[list[int]]:
    return annual.parts(job.scope, year_of(job))


def _annual_part(job: Job, ids: list[int], index: int) -> bytes:
    return annual.render_part(job.scope, year_of(job), ids, index, made_on(job))


def _rating_list(job: Job, ids: list[int], index: int) -> bytes:
    return annual.render_rating_list(job.scope, year_of(job), ids, index, made_on(job))


def _workbook(job: Job, ids: list[int], index: int) -> bytes:
    return excel.workbook(job.scope, year_of(job))


def _title(job: Job) -> str:
    return f"{job.kind_label} năm {year_of(job)}"


def _filename(job: Job) -> str:
    return f"{job.kind}-{job.scope.code or job.scope.pk}-{year_of(job)}"


ACTION = "report.request"  # ratings/policy.py
_NAMED = {"title": _title, "filename": _filename, "messages": MESSAGES}
KINDS = {
    ReportKind.ANNUAL.value: JobKind(
        ReportKind.ANNUAL.label, _annual_part, "pdf", PDF, ACTION, parts=_annual_parts, **_NAMED
    ),
    ReportKind.RATING_LIST.value: JobKind(
        ReportKind.RATING_LIST.label, _rating_list, "pdf", PDF, ACTION, **_NAMED
    ),
    ReportKind.EXCEL.value: JobKind(ReportKind.EXCEL.label, _workbook, "xlsx", XLSX, ACTION, **_NAMED),
}


def register_kinds() -> None:
    """From RatingsConfig.ready: the workers can build reports without knowing about ratings."""
    for kind, spec in KINDS.items():
        register(kind, spec)


def fingerprint(kind: str, scope: Organisation, year: int, today: date) -> str:
    """What a report is built from: the same value means the stored file can be served again."""
    period = period_for(scope, year)
    in_scope = {"organisation__path__startswith": scope.path}
    markers = [
        FORMAT_VERSION,
        kind,
        scope.pk,
        scope.name,
        year,
        today.isoformat(),
        MemberRating.objects.filter(period=period, **in_scope).aggregate(
            n=Count("pk"), v=Sum("version"), m=Max("pk")
        ),
        OrganisationRating.objects.filter(period=period, **in_scope).aggregate(
            n=Count("pk"), v=Sum("version"), m=Max("pk")
        ),
        Meeting.objects.filter(year=year, **in_scope).aggregate(n=Count("pk"), v=Sum("version"), m=Max("pk")),
        Recognition.objects.filter(year=year, **in_scope).aggregate(
            n=Count("pk"), v=Sum("version"), m=Max("pk")
        ),
        Member.objects.filter(**in_scope).aggregate(n=Count("pk"), v=Sum("version"), m=Max("pk")),
    ]
    return hashlib.sha256(repr(markers).encode()).hexdigest()


def request_report(*, kind: str, scope: Organisation, year: int, by, today: date | None = None) -> Job:
    """Ask for a report: its job is queued after the commit; a file built from the same data is
    served again; a second click while one is being built returns that job."""
    if kind not in KINDS:
        raise ValidationError("Loại báo cáo không hợp lệ.")
    if not 2000 <= year <= 2100:
        raise ValidationError("Năm báo cáo không hợp lệ.")
    today = today or timezone.localdate()
    return job_services.request_job(
        kind=kind,
        scope=scope,
        params={"year": year},
        by=by,
        fingerprint=fingerprint(kind, scope, year, today),
    )
