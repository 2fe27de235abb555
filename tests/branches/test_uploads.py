"""Uploads: only real PDF, JPEG and PNG files, kept under generated names, refused past 5 MB while
the request is still streaming in."""

import re
import tracemalloc
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.urls import reverse
from pypdf import PdfWriter

from branches import uploads
from meetings import services
from meetings.models import Attachment
from tests.documents import image_bytes, pdf_bytes, pdf_upload
from tests.factories import MemberFactory, root
from tests.meetings.test_views import hold

MB = 1024 * 1024
FAKE_PDF = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("mat-khau")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (pdf_bytes(), "application/pdf"),
        (image_bytes("PNG"), "image/png"),
        (image_bytes("JPEG"), "image/jpeg"),
    ],
    ids=["pdf", "png", "jpeg"],
)
def test_documents_are_recognised_by_their_structure(content, content_type):
    assert uploads.detect(ContentFile(content, name="tep")).content_type == content_type


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (FAKE_PDF, uploads.NOT_A_DOCUMENT),
        (b"\x89PNG\r\n\x1a\n chi bo", uploads.NOT_A_DOCUMENT),
        (b"\xff\xd8\xff\xe0 chi bo", uploads.NOT_A_DOCUMENT),
        (image_bytes("PNG")[:40], uploads.NOT_A_DOCUMENT),
        (pdf_bytes()[:200], uploads.NOT_A_DOCUMENT),
        (image_bytes("GIF"), uploads.NOT_A_DOCUMENT),
        (b"MZ\x90\x00 an executable", uploads.NOT_A_DOCUMENT),
        (encrypted_pdf(), uploads.ENCRYPTED),
    ],
    ids=[
        "html-behind-pdf-magic",
        "png-magic-only",
        "jpeg-magic-only",
        "truncated-png",
        "truncated-pdf",
        "gif",
        "exe",
        "encrypted-pdf",
    ],
)
def test_anything_else_is_refused_whatever_its_first_bytes(content, message):
    with pytest.raises(ValidationError) as refused:
        uploads.detect(ContentFile(content, name="bien-ban.pdf"))
    assert refused.value.messages == [message]


@pytest.fixture
def meeting(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return hold(tree.a, [MemberFactory(organisation=tree.a) for _ in range(3)], 9)


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_an_attachment_is_stored_under_a_generated_name_and_keeps_its_own_for_display(
    client, people, meeting, settings
):
    client.force_login(people.secretary_a)

    client.post(
        reverse("meetings:attachment-add", args=[meeting.pk]),
        {"file": SimpleUploadedFile("Biên bản họp.exe", image_bytes("PNG"), content_type="application/pdf")},
    )

    attachment = Attachment.objects.get()
    assert re.fullmatch(r"meetings/\d{4}/[0-9a-f]{32}\.png", attachment.file.name)
    assert stored_files(settings) == [attachment.file.name]
    # The sender's name for display; the download gets the extension of what the file really is.
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "Biên bản họp.png",
        "image/png",
        len(image_bytes("PNG")),
    )
    download = client.get(reverse("meetings:attachment-download", args=[attachment.pk]))
    assert (
        download["Content-Disposition"]
        == "attachment; filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.png"
    )
    assert download["Content-Type"] == "image/png"


def test_a_page_of_html_behind_pdf_magic_is_refused_and_nothing_is_saved(client, people, meeting, settings):
    client.force_login(people.secretary_a)

    response = client.post(
        reverse("meetings:attachment-add", args=[meeting.pk]),
        {"file": SimpleUploadedFile("bien-ban.pdf", FAKE_PDF, content_type="application/pdf")},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["Chỉ nhận tệp PDF, JPG hoặc PNG."]
    assert (Attachment.objects.count(), stored_files(settings)) == (0, [])


def test_an_oversize_upload_is_refused_in_vietnamese_and_nothing_is_saved(client, people, meeting, settings):
    client.force_login(people.secretary_a)
    big = pdf_bytes() + b"%" * (6 * MB)  # a real PDF, padded past 5 MB

    response = client.post(
        reverse("meetings:attachment-add", args=[meeting.pk]),
        {"file": SimpleUploadedFile("bien-ban.pdf", big, content_type="application/pdf")},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [uploads.TOO_LARGE]
    assert (Attachment.objects.count(), stored_files(settings)) == (0, [])


def test_the_service_itself_refuses_what_is_not_a_document(meeting, settings):
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(meeting=meeting, upload=ContentFile(FAKE_PDF, name="bien-ban.pdf"), by=root())

    assert refused.value.message_dict == {"file": [uploads.NOT_A_DOCUMENT]}
    assert (Attachment.objects.count(), stored_files(settings)) == (0, [])


def test_the_service_refuses_an_oversize_file_before_saving(meeting, settings):
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(
            meeting=meeting, upload=ContentFile(pdf_bytes() + b"%" * (5 * MB), name="a.pdf"), by=root()
        )

    assert refused.value.message_dict == {"file": [uploads.TOO_LARGE]}
    assert (Attachment.objects.count(), stored_files(settings)) == (0, [])


class Body:
    """A multipart body of one file of `size` bytes, made as it is read: the test holds none of it."""

    BOUNDARY = "chibo-boundary"

    def __init__(self, size: int):
        self.parts = [
            f'--{self.BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="to.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode(),
            size,
            f"\r\n--{self.BOUNDARY}--\r\n".encode(),
        ]
        self.length = len(self.parts[0]) + size + len(self.parts[2])
        self.read_bytes = 0
        self.chunk = b"%" * (64 * 1024)

    def read(self, n: int = -1) -> bytes:
        n = self.length - self.read_bytes if n is None or n < 0 else min(n, self.length - self.read_bytes)
        out = bytearray()
        while len(out) < n:
            position = self.read_bytes + len(out)
            head, size = len(self.parts[0]), self.parts[1]
            if position < head:
                out += self.parts[0][position : position + n - len(out)]
            elif position < head + size:
                out += self.chunk[: min(n - len(out), head + size - position, len(self.chunk))]
            else:
                tail = position - head - size
                out += self.parts[2][tail : tail + n - len(out)]
        self.read_bytes += len(out)
        return bytes(out)

    def readline(self, size: int = -1) -> bytes:  # WSGI asks for it; multipart parsing never calls it
        raise NotImplementedError


def test_a_200_mb_upload_is_refused_while_streaming_without_being_kept_in_memory_or_on_disk(
    settings, tmp_path
):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    body = Body(200 * MB)
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": body,
            "CONTENT_LENGTH": str(body.length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={Body.BOUNDARY}",
        }
    )

    tracemalloc.start()
    try:
        upload = request.FILES["file"]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert (type(upload), upload.name, upload.size) == (uploads.TooLarge, "to.pdf", 200 * MB)
    assert body.read_bytes == body.length  # read to the end (so the browser gets the answer), and dropped
    assert peak < 8 * MB, peak
    assert list(tmp_path.iterdir()) == []  # the temporary file of the first 5 MB is gone


def test_an_upload_under_the_limit_goes_on_to_django_s_handlers(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    content = pdf_upload().read()
    boundary = "b"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        }
    )

    upload = request.FILES["file"]

    assert (type(upload).__name__, upload.read()) == ("InMemoryUploadedFile", content)
