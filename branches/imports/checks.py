"""The check of an uploaded file as a background job (branches.jobs), and the confirmation of its
preview.

The upload is stored privately under a generated name (as branches.uploads names files), with the
sha256 of its bytes in the job's params; the job reads it, plans the import and stores the preview
(JSON) as its file, which the preview page shows. Confirming reads the stored file again, refuses
when its bytes changed, plans again and refuses when the plan is not the one previewed (the data
changed meanwhile), then applies it (branches.imports.apply).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
from dataclasses import replace
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .. import policy
from ..jobs import services as job_services
from ..jobs.kinds import JobKind, Messages, register
from ..models import ImportRecord, Job, Organisation
from ..text import nfc
from .apply import ACTION, Sources, apply_plan
from .preview import plan, preview
from .rows import ImportFileError, ReadResult

KIND = "import_check"
APPLY_KIND = (
    "import_apply"  # the confirmation: a province's first load takes half a minute, not for a request
)
FOLDER = "imports"
SUFFIX = re.compile(r"\.[a-z0-9]{1,5}")
FILES = ("members", "organisations")  # the params' keys: the stored name; "<key>_name": the sender's name

MESSAGES = Messages(
    failed=(
        "Không kiểm tra được tệp do lỗi khi xử lý. Hãy thử lại; nếu vẫn lỗi, báo cho quản trị hệ thống "
        "(mã việc {job})."
    ),
    broker_down=(
        "Máy chủ xử lý đang không hoạt động nên chưa kiểm tra được tệp. Hãy thử lại sau ít phút hoặc báo quản trị viên."
    ),
    interrupted="Việc kiểm tra tệp bị gián đoạn (máy chủ xử lý dừng giữa chừng). Hãy tải tệp lên lại.",
)
APPLY_MESSAGES = Messages(
    failed=(
        "Không ghi được dữ liệu do lỗi khi xử lý; chưa có gì được ghi. Hãy thử lại; nếu vẫn lỗi, báo cho "
        "quản trị hệ thống (mã việc {job})."
    ),
    broker_down=(
        "Máy chủ xử lý đang không hoạt động nên chưa ghi được dữ liệu. Hãy thử lại sau ít phút hoặc báo quản trị viên."
    ),
    interrupted="Việc ghi dữ liệu bị gián đoạn nên chưa có gì được ghi. Hãy xác nhận lại.",
)
STALE = (
    "Dữ liệu trong phạm vi đã thay đổi từ lúc kiểm tra tệp, nên bản xem trước không còn đúng. "
    "Hãy tải tệp lên để kiểm tra lại; chưa có gì được ghi."
)
FILE_CHANGED = "Tệp đã lưu không còn như lúc kiểm tra. Hãy tải tệp lên lại; chưa có gì được ghi."


def _store(upload) -> tuple[str, str]:
    content = upload.read()
    suffix = PurePath(upload.name or "").suffix.lower()
    suffix = suffix if SUFFIX.fullmatch(suffix) else ""
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}{suffix}", ContentFile(content))
    return name, hashlib.sha256(content).hexdigest()


def request_check(*, scope: Organisation, by, members=None, organisations=None) -> Job:
    """Store the uploaded file(s) privately and queue their check; `members` and `organisations`
    are uploaded files (either may be absent, not both)."""
    policy.check(by, ACTION, scope)
    if members is None and organisations is None:
        raise ValidationError("Hãy chọn tệp để tải lên.")
    params = {}
    for key, upload in (("members", members), ("organisations", organisations)):
        if upload is not None:
            params[key], params[f"{key}_sha256"] = _store(upload)
            params[f"{key}_name"] = nfc(PurePath((upload.name or "").replace("\\", "/")).name)[:150]
    return job_services.request_job(kind=KIND, scope=scope, params=params, by=by)


def read_contents(contents: dict[str, tuple[str, bytes]]) -> tuple[ReadResult, Sources]:
    """Read the files {"members" | "organisations": (name, bytes)} into one result; the reader's
    ImportFileError passes through."""
    from .reader import read  # the reading half (branches/imports/reader.py)

    merged, digests = ReadResult(), {}
    for key in FILES:
        if key not in contents:
            continue
        name, content = contents[key]
        digests[key] = hashlib.sha256(content).hexdigest()
        result = read(io.BytesIO(content), name=name)
        merged.organisations += result.organisations
        merged.members += result.members
        merged.errors += result.errors
        merged.unknown_columns += result.unknown_columns
    names = {key: PurePath(name).name for key, (name, _) in contents.items()}
    sources = Sources(
        names.get("members", ""),
        names.get("organisations", ""),
        digests.get("members", ""),
        digests.get("organisations", ""),
    )
    return merged, sources


def read_stored(params: dict) -> tuple[ReadResult, Sources]:
    """Read the stored files of a check, refusing (ValidationError) one whose bytes changed."""
    contents = {}
    for key in FILES:
        if not params.get(key):
            continue
        with default_storage.open(params[key], "rb") as stored:
            content = stored.read()
        if hashlib.sha256(content).hexdigest() != params[f"{key}_sha256"]:
            raise ValidationError(FILE_CHANGED)
        # Read under the sender's name: a CSV's one sheet is named after its file.
        contents[key] = (params.get(f"{key}_name") or params[key], content)
    result, sources = read_contents(contents)
    names = {
        "members_file": params.get("members_name", ""),
        "organisations_file": params.get("organisations_name", ""),
    }
    return result, replace(sources, **names)


def _check(job: Job, ids: list[int], index: int) -> bytes:
    try:
        result, _ = read_stored(job.params)
    except ImportFileError as refused:
        return json.dumps({"refused": str(refused)}).encode()
    return json.dumps(preview(plan(result, job.scope)), ensure_ascii=False).encode()


def _title(job: Job) -> str:
    name = job.params.get("members_name") or job.params.get("organisations_name") or ""
    return f"Kiểm tra tệp {name}".strip()


def _apply(job: Job, ids: list[int], index: int) -> bytes:
    """The confirmation as a job: the check it confirms is in its params; a refusal is its result."""
    check = Job.objects.select_related("scope").get(pk=job.params["check"], kind=KIND)
    try:
        record = apply_checked(job=check, by=job.requested_by)
    except ValidationError as refused:
        return json.dumps({"refused": " ".join(refused.messages)}, ensure_ascii=False).encode()
    return json.dumps({"record": record.pk}).encode()


def request_apply(*, check: Job, by) -> Job:
    """Queue the confirmation of a finished check; a second click while it runs returns that job."""
    policy.check(by, ACTION, check.scope)
    if check.kind != KIND or check.status != Job.Status.DONE:
        raise ValidationError("Tệp chưa được kiểm tra xong: chưa thể xác nhận.")
    return job_services.request_job(kind=APPLY_KIND, scope=check.scope, params={"check": check.pk}, by=by)


def register_kinds() -> None:
    """From BranchesConfig.ready."""
    register(
        APPLY_KIND,
        JobKind(
            "Nhập dữ liệu",
            _apply,
            "json",
            "application/json",
            ACTION,
            title=lambda job: "Ghi dữ liệu đã kiểm tra",
            messages=APPLY_MESSAGES,
        ),
    )
    register(
        KIND,
        JobKind(
            "Kiểm tra tệp nhập dữ liệu",
            _check,
            "json",
            "application/json",
            ACTION,
            title=_title,
            messages=MESSAGES,
            inputs=lambda job: [job.params.get(key, "") for key in FILES],
        ),
    )


def stored_result(job: Job) -> dict | None:
    """What a finished job stored: a check's preview, a confirmation's outcome; None while it runs
    or when it failed."""
    if job.status != Job.Status.DONE or not job.file or not default_storage.exists(job.file.name):
        return None
    with default_storage.open(job.file.name, "rb") as stored:
        return json.loads(stored.read())


def apply_checked(*, job: Job, by) -> ImportRecord:
    """Apply the preview of a finished check, if it is still what the files and the data give.
    A second confirmation returns the record of the first."""
    policy.check(by, ACTION, job.scope)
    done = ImportRecord.objects.filter(job=job).first()
    if done is not None:
        return done
    shown = stored_result(job)
    if shown is None or "refused" in shown:
        raise ValidationError("Tệp chưa được kiểm tra xong hoặc không đọc được: không thể xác nhận.")
    if shown["errors"]:
        raise ValidationError(f"Tệp còn {len(shown['errors'])} lỗi: hãy sửa tệp rồi tải lên lại.")
    try:
        result, sources = read_stored(job.params)
    except ImportFileError as refused:
        raise ValidationError(str(refused)) from None
    made = plan(result, job.scope)
    if made.digest() != shown["digest"]:
        raise ValidationError(STALE)
    return apply_plan(plan=made, sources=sources, by=by, job=job)
