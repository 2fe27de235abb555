"""Uploaded documents: the photographed signed minutes, a plan's materials, recognition evidence.

Only PDF, JPEG and PNG, recognised by their structure (pypdf opens the PDF and finds its pages,
Pillow verifies the image), never by the name or the first bytes: a page of HTML that starts with
"%PDF" is not a PDF. A stored file is named by a fresh UUID with the extension of the type found,
so no name chosen by a sender reaches the disk; the sender's name is kept for display and as the
download name (with the extension of the type found).

The size limit holds while the request streams in: SizeLimitUploadHandler, first in
FILE_UPLOAD_HANDLERS, stops passing a file's bytes on once it passes MAX_BYTES and drops what the
handlers after it had buffered, so a 200 MB upload costs a read, never 200 MB of memory or disk.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PyPdfError

from .text import nfc

MAX_BYTES = 5 * 1024 * 1024
TOO_LARGE = "Tệp lớn hơn 5 MB: hãy chụp hoặc quét lại với độ phân giải thấp hơn."
NOT_A_DOCUMENT = "Chỉ nhận tệp PDF, JPG hoặc PNG."
ENCRYPTED = "Tệp PDF có đặt mật khẩu: hãy gửi bản không đặt mật khẩu."
LABEL = "PDF, JPG, PNG, tối đa 5 MB"


@dataclass(frozen=True)
class DocumentType:
    content_type: str
    extension: str
    suffixes: tuple[str, ...]  # what a sender's name may already end with


PDF = DocumentType("application/pdf", ".pdf", (".pdf",))
JPEG = DocumentType("image/jpeg", ".jpg", (".jpg", ".jpeg"))
PNG = DocumentType("image/png", ".png", (".png",))
IMAGES = {"JPEG": JPEG, "PNG": PNG}


class TooLarge(UploadedFile):
    """What the handler hands on for a file past MAX_BYTES: its name and size, none of its bytes."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(BytesIO(), name=name, content_type=content_type, size=size)


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts each file's bytes as they arrive; past `limit` the rest is read and dropped."""

    limit = MAX_BYTES

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received <= self.limit:
            return raw_data
        if self.received - len(raw_data) <= self.limit:  # just crossed: free what the others kept
            for handler in self.request.upload_handlers:
                if handler is not self and getattr(handler, "file", None) is not None:
                    handler.file.close()  # a temporary file is deleted on close
                    handler.file = None
        return None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= self.limit:
            return None  # the next handler (memory, then a temporary file) holds it
        return TooLarge(self.file_name, self.content_type, self.received)


def with_limit(request, limit: int) -> None:
    """Let this request's files be up to `limit` bytes (a province's Excel file, not a photo): call
    before the request's files are read, so from a view exempt from the CSRF middleware, which
    reads them, that checks the token itself afterwards (django.views.decorators.csrf)."""
    handler = type("SizeLimitUploadHandler", (SizeLimitUploadHandler,), {"limit": limit})(request)
    request.upload_handlers = [
        handler if isinstance(h, SizeLimitUploadHandler) else h for h in request.upload_handlers
    ]


def _pdf(upload) -> bool:
    try:
        return len(PdfReader(upload).pages) > 0
    except FileNotDecryptedError:
        raise ValidationError(ENCRYPTED, code="encrypted") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return False


def _image(upload) -> DocumentType | None:
    try:
        with Image.open(upload) as image:
            kind = IMAGES.get(image.format)
            image.verify()
            return kind
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return None


def detect(upload) -> DocumentType:
    """The upload's type by its structure; a refusal says why in Vietnamese."""
    if upload.size is None or upload.size > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    try:
        upload.seek(0)
        kind = PDF if _pdf(upload) else None
        upload.seek(0)
        kind = kind or _image(upload)
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError(NOT_A_DOCUMENT, code="not_a_document")
    return kind


@dataclass(frozen=True)
class Stored:
    file: File  # under a generated name; the model's upload_to puts it in its folder
    content_type: str
    name: str  # for display and as the download name
    size: int


def display_name(sent: str, kind: DocumentType) -> str:
    name = nfc(PurePath(sent.replace("\\", "/")).name)[:150] or "tep"
    path = PurePath(name)
    return name if path.suffix.lower() in kind.suffixes else f"{path.stem or 'tep'}{kind.extension}"


def accept(upload, *, field: str) -> Stored:
    """Check an upload and name it for storage; every service that keeps a file calls this. A
    refusal names `field`, so that it shows next to the form's file input."""
    try:
        kind = detect(upload)
    except ValidationError as refused:
        raise ValidationError({field: refused.messages}) from None
    return Stored(
        File(upload, name=f"{uuid.uuid4().hex}{kind.extension}"),
        kind.content_type,
        display_name(upload.name or "", kind),
        upload.size,
    )


class DocumentField(forms.FileField):
    """A file field that refuses, next to the field, what accept() would refuse."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            detect(upload)
        return upload
