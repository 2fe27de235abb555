"""The kinds of job. An app registers each kind it runs from its AppConfig.ready (ratings registers
its reports), so the mechanism builds any of them without importing the app that owns it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from .models import Job


@dataclass(frozen=True)
class Messages:
    """What a person reads on a job that ended without its result, by cause; `{job}` is the job's
    id, which an administrator finds in the worker's log."""

    failed: str = (
        "Không thực hiện được việc này do lỗi khi xử lý. Hãy thử lại; nếu vẫn lỗi, báo cho quản trị hệ thống "
        "(mã việc {job})."
    )
    broker_down: str = (
        "Máy chủ xử lý đang không hoạt động nên chưa thực hiện được việc này. "
        "Hãy thử lại sau ít phút hoặc báo quản trị viên."
    )
    not_taken: str = (
        "Việc chờ quá lâu mà máy chủ xử lý chưa nhận (máy chủ xử lý đang dừng hoặc quá tải). "
        "Hãy thử lại sau ít phút hoặc báo quản trị viên."
    )
    interrupted: str = "Tiến trình xử lý bị gián đoạn (máy chủ xử lý dừng giữa chừng). Hãy thực hiện lại."
    gave_up: str = "Không thực hiện được sau nhiều lần thử. Hãy báo cho quản trị hệ thống."


def one_part(job: Job) -> list[list[int]]:
    return [[]]


@dataclass(frozen=True)
class JobKind:
    """How to build one kind of job. Its parts are rendered in parallel, each by its own task, and
    merged in order: a PDF's pages are numbered across the parts, other files are joined."""

    label: str
    render: Callable[
        [Job, list[int], int], bytes
    ]  # (job, the ids of the part, its index) -> the part's bytes
    extension: str
    content_type: str
    action: str  # the policy action the requester needs on the job's scope (branches.policy)
    parts: Callable[[Job], list[list[int]]] = one_part  # the ids each part covers
    title: Callable[[Job], str] | None = (
        None  # the result as pages and the download log name it; else the label
    )
    filename: Callable[[Job], str] | None = None  # the download's name, without the extension
    # Stored files the job was made from (an upload), deleted with the job's own file when it is old.
    inputs: Callable[[Job], list[str]] | None = None
    messages: Messages = Messages()

    def title_of(self, job: Job) -> str:
        return self.title(job) if self.title else self.label

    def filename_of(self, job: Job) -> str:
        stem = (
            self.filename(job) if self.filename else f"{job.kind}-{job.scope.code or job.scope.pk}-{job.pk}"
        )
        return f"{stem}.{self.extension}"


KINDS: dict[str, JobKind] = {}


def register(kind: str, spec: JobKind) -> None:
    """Make `kind` buildable; the same spec again is a no-op, another spec under a taken name is a
    mistake that would serve one app's jobs with another's builder."""
    if KINDS.setdefault(kind, spec) is not spec:
        raise ImproperlyConfigured(f"The job kind {kind!r} is registered twice.")


def kind_of(kind: str) -> JobKind:
    """The registered spec; a LookupError for a kind no installed app registers."""
    return KINDS[kind]


def messages_for(kind: str) -> Messages:
    spec = KINDS.get(kind)
    return spec.messages if spec else Messages()
