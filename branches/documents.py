"""Party documents (Hướng dẫn 36-HD/VPTW, domain-rules §7): the texts of the header, number,
date line and signature, and the one renderer every printable document goes through."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from functools import cache
from pathlib import Path
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .text import nfc

ASSET_DIR = Path(settings.BASE_DIR) / "static"
STYLESHEET = "documents/document.css"

# Months written with a leading zero in dates. HD 36's own examples leave the month bare
# ("ngày 03 tháng 4 năm 2018"); state practice (NĐ 30/2020) pads January and February so that
# "tháng 1" cannot be extended into "tháng 11" or "tháng 12". Tagged uncertain (⚠) in §7.2.
ZERO_PADDED_MONTHS: frozenset[int] = frozenset({1, 2})

# The body that issues for a đảng bộ is its cấp ủy: "ĐẢNG BỘ TỈNH … / ĐẢNG ỦY XÃ …".
_COMMITTEE_PREFIXES = (
    ("đảng bộ tỉnh ", "Tỉnh ủy "),
    ("đảng bộ thành phố ", "Thành ủy "),
    ("đảng bộ huyện ", "Huyện ủy "),
    ("đảng bộ quận ", "Quận ủy "),
    ("đảng bộ thị xã ", "Thị ủy "),
    ("đảng bộ ", "Đảng ủy "),
)
# Administrative units whose name is the place (địa danh) of the date line, longest first.
_UNITS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")


def caps(text: str) -> str:
    """Vietnamese upper case, NFC: "Chi bộ ấp Chợ Dưới" -> "CHI BỘ ẤP CHỢ DƯỚI"."""
    return nfc(nfc(text).upper())


def month_text(month: int) -> str:
    return f"{month:02d}" if month in ZERO_PADDED_MONTHS else str(month)


def short_date(day: date) -> str:
    """The body-text form: 03/10/2025 (HD 36 writes "ngày 08/3/2018")."""
    return f"{day.day:02d}/{month_text(day.month)}/{day.year}"


def place_date(place: str, day: date) -> str:
    """The date line: Tân Phú, ngày 03 tháng 4 năm 2026 (HD 36: the day in two digits)."""
    when = f"ngày {day.day:02d} tháng {month_text(day.month)} năm {day.year}"
    return f"{nfc(place)}, {when}" if place.strip() else when.capitalize()


def _local(moment: datetime) -> datetime:
    # Documents show the country's time (settings.TIME_ZONE), whatever zone a request activated.
    return timezone.localtime(moment, timezone.get_default_timezone())


def local_date(moment: datetime) -> date:
    return _local(moment).date()


def clock(moment: datetime) -> str:
    """The hour of a moment: 19 giờ 30 phút."""
    local = _local(moment)
    return f"{local.hour} giờ {local.minute:02d} phút"


def local_time(moment: datetime) -> str:
    """A moment in words: 19 giờ 30 phút, ngày 03/10/2025."""
    return f"{clock(moment)}, ngày {short_date(local_date(moment))}"


def paragraphs(text: str) -> list[str]:
    """A multi-line field as its non-empty lines, each set as its own indented paragraph."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def document_number(sequence: int, kind: str, issuer: str) -> str:
    """Số 07-BC/CB: numbered from 01 per document type and cấp ủy term; no colon after "Số"."""
    return f"Số {sequence:02d}-{nfc(kind)}/{nfc(issuer)}"


def _issuing_body(name: str) -> str:
    lowered = name.lower()
    for prefix, committee in _COMMITTEE_PREFIXES:
        if lowered.startswith(prefix):
            return committee + name[len(prefix) :]
    return name


def committee_name(organisation) -> str:
    """The body that acts for an organisation: "Đảng bộ tỉnh Trà Vinh" -> "Tỉnh ủy Trà Vinh"."""
    return _issuing_body(nfc(organisation.name))


def _party_body(name: str) -> str:
    return "Đảng bộ " + name[len("đảng ủy ") :] if name.lower().startswith("đảng ủy ") else name


def issuer_lines(organisation) -> tuple[str, str]:
    """(superior, issuer), both in capitals: line 1 regular, line 2 bold in the header.

    A root organisation has no superior line: ("", "TỈNH ỦY TRÀ VINH").
    """
    parent = organisation.parent
    superior = caps(_party_body(nfc(parent.name))) if parent else ""
    return superior, caps(_issuing_body(nfc(organisation.name)))


def locality(organisation) -> str:
    """The place of the date line: the commune, ward or province in the name of the
    organisation or its superior ("Chi bộ ấp Chợ Dưới" under "Đảng bộ xã Phước Hưng" ->
    "Phước Hưng"); "" when neither name holds one."""
    for org in (organisation, organisation.parent):
        if org is None:
            continue
        name = nfc(org.name)
        lowered = f" {name.lower()} "
        hits = [(lowered.find(f" {unit} "), unit) for unit in _UNITS]
        found = [(at, unit) for at, unit in hits if at >= 0]
        if found:
            at, unit = min(found)
            return name[at + len(unit) + 1 :].strip()
    return ""


def signature_title(on_behalf: str, deputy: bool) -> tuple[str, str]:
    """The two lines above a signature: ("T/M CHI BỘ", "BÍ THƯ"), or for a deputy signing
    for the secretary ("K/T BÍ THƯ", "PHÓ BÍ THƯ") (HD 36; domain-rules §10.7 D4)."""
    if deputy:
        return "K/T BÍ THƯ", "PHÓ BÍ THƯ"
    return f"T/M {caps(on_behalf)}", "BÍ THƯ"


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalAssetFetcher(URLFetcher):
        """Serves file:// URLs inside ASSET_DIR and refuses everything else, so a document
        never reaches the network or reads a file outside the static folder."""

        def fetch(self, url: str, headers=None):
            if not url.startswith("file:"):
                raise ValueError(f"Văn bản không được tải tài nguyên từ mạng: {url}")
            path = Path(url2pathname(url.removeprefix("file:").split("?")[0])).resolve()
            if not path.is_relative_to(ASSET_DIR.resolve()):
                raise ValueError(f"Văn bản chỉ được dùng tệp trong thư mục static: {url}")
            return URLFetcherResponse(url, path.read_bytes())

    return LocalAssetFetcher


def asset_fetcher():
    """WeasyPrint's URL fetcher for documents: static files only, and a refused URL stops the
    rendering instead of leaving a hole in the document."""
    return _fetcher_class()(fail_on_errors=True)


# A chunk of a longer document carries no page numbers of its own: they are stamped after the
# chunks are merged (number_pages), when the total is known.
UNNUMBERED = "@page { @bottom-center { content: none; } }"


def render_html(html: str, extra_css: str = "") -> bytes:
    """HTML rendered to an A4 PDF with the Party document stylesheet and the Liberation Serif
    fonts from static/fonts embedded."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    # Decomposed marks (some IMEs, Excel) would reach the PDF as separate glyphs.
    html = unicodedata.normalize("NFC", html)
    base_url = ASSET_DIR.resolve().as_uri() + "/"
    fetcher = asset_fetcher()
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
        for css in (render_to_string(STYLESHEET), extra_css)
        if css
    ]
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, font_config=fonts)


def render_pdf(template_name: str, context: dict, numbered: bool = True) -> bytes:
    """The template rendered as a Party document (numbered "Trang X/Y" unless it is a chunk)."""
    return render_html(render_to_string(template_name, context), "" if numbered else UNNUMBERED)


def number_pages(chunks: list[bytes], footer: str = "") -> tuple[bytes, int]:
    """Merge PDF chunks in order and stamp "Trang X/Y" (and a small footer line, e.g. who made the
    document and when) on every page. Returns the document and its number of pages."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for chunk in chunks:
        writer.append(PdfReader(BytesIO(chunk)))
    total = len(writer.pages)
    overlay = PdfReader(
        BytesIO(render_pdf("documents/page_numbers.html", {"pages": range(total), "footer": footer}))
    )
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        page.merge_page(stamp)
        # merge_page leaves the page's combined content stream uncompressed: five times the size
        # (the province report: 7.9 MB instead of 1.6 MB), for a tenth of a second of zlib.
        page.compress_content_streams()
    writer.compress_identical_objects()
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), total
