"""The Party document format (HD 36-HD/VPTW): domain-rules §7 and the examples of §10.7."""

import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings

from branches import documents
from branches.documents import (
    caps,
    document_number,
    issuer_lines,
    local_time,
    locality,
    place_date,
    render_pdf,
    signature_title,
)
from branches.models import Organisation

Kind = Organisation.Kind

# Unsaved organisations: the formatting needs names and the parent link, not the database.
PROVINCE = Organisation(kind=Kind.PROVINCE, name="Đảng bộ tỉnh Trà Vinh")
COMMUNE = Organisation(kind=Kind.UPPER, name="Đảng bộ xã Phước Hưng", parent=PROVINCE)
HAMLET_BRANCH = Organisation(kind=Kind.CELL, name="Chi bộ ấp Chợ Dưới", parent=COMMUNE)


@pytest.mark.parametrize(
    ("produce", "expected"),
    [
        pytest.param(lambda: document_number(7, "BC", "CB"), "Số 07-BC/CB", id="D1"),
        pytest.param(
            lambda: (issuer_lines(COMMUNE), document_number(12, "BC", "ĐU")),
            (("ĐẢNG BỘ TỈNH TRÀ VINH", "ĐẢNG ỦY XÃ PHƯỚC HƯNG"), "Số 12-BC/ĐU"),
            id="D2",
        ),
        pytest.param(
            lambda: place_date("Tân Phú", date(2026, 4, 3)), "Tân Phú, ngày 03 tháng 4 năm 2026", id="D3"
        ),
        pytest.param(lambda: signature_title("CHI BỘ", deputy=True), ("K/T BÍ THƯ", "PHÓ BÍ THƯ"), id="D4"),
    ],
)
def test_document_format_examples(produce, expected):
    assert produce() == expected


def test_issuer_lines_of_a_branch_name_its_party_committee_above():
    assert issuer_lines(HAMLET_BRANCH) == ("ĐẢNG BỘ XÃ PHƯỚC HƯNG", "CHI BỘ ẤP CHỢ DƯỚI")


def test_issuer_lines_of_the_province_have_no_superior():
    assert issuer_lines(PROVINCE) == ("", "TỈNH ỦY TRÀ VINH")


def test_issuer_lines_write_a_superior_committee_as_its_party_body():
    bloc = Organisation(kind=Kind.UPPER, name="Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh")
    company = Organisation(kind=Kind.GRASSROOTS_COMMITTEE, name="Đảng bộ Công ty Điện lực", parent=bloc)

    assert issuer_lines(company) == ("ĐẢNG BỘ KHỐI CƠ QUAN VÀ DOANH NGHIỆP TỈNH", "ĐẢNG ỦY CÔNG TY ĐIỆN LỰC")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nguyễn Thị Ngọc Ánh", "NGUYỄN THỊ NGỌC ÁNH"),
        ("đặng hữu phước", "ĐẶNG HỮU PHƯỚC"),
        ("Trương Mỹ Ỷ  Lưu", "TRƯƠNG MỸ Ỷ LƯU"),
        (unicodedata.normalize("NFD", "Chi bộ ấp Chợ Dưới"), "CHI BỘ ẤP CHỢ DƯỚI"),
    ],
)
def test_caps_upper_cases_vietnamese_to_nfc(name, expected):
    result = caps(name)

    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "Tân Phú, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "Tân Phú, ngày 28 tháng 02 năm 2026"),
        (date(2026, 4, 3), "Tân Phú, ngày 03 tháng 4 năm 2026"),
        (date(2025, 11, 20), "Tân Phú, ngày 20 tháng 11 năm 2025"),
    ],
)
def test_place_date_pads_the_day_and_only_january_and_february(day, expected):
    assert place_date("Tân Phú", day) == expected


def test_place_date_month_padding_is_a_parameter(monkeypatch):
    monkeypatch.setattr(documents, "ZERO_PADDED_MONTHS", frozenset())

    assert place_date("Tân Phú", date(2026, 1, 5)) == "Tân Phú, ngày 05 tháng 1 năm 2026"


def test_place_date_without_a_place_starts_with_the_day():
    assert place_date("", date(2026, 4, 3)) == "Ngày 03 tháng 4 năm 2026"


@pytest.mark.parametrize(
    ("on_behalf", "deputy", "expected"),
    [
        ("CHI BỘ", False, ("T/M CHI BỘ", "BÍ THƯ")),
        ("chi ủy", False, ("T/M CHI ỦY", "BÍ THƯ")),
        ("Đảng ủy", False, ("T/M ĐẢNG ỦY", "BÍ THƯ")),
        ("CHI ỦY", True, ("K/T BÍ THƯ", "PHÓ BÍ THƯ")),
    ],
)
def test_signature_title(on_behalf, deputy, expected):
    assert signature_title(on_behalf, deputy) == expected


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        (HAMLET_BRANCH, "Phước Hưng"),
        (COMMUNE, "Phước Hưng"),
        (PROVINCE, "Trà Vinh"),
        (
            Organisation(
                name="Chi bộ Trường Tiểu học", parent=Organisation(name="Đảng bộ thị trấn Cầu Ngang")
            ),
            "Cầu Ngang",
        ),
        (Organisation(name="Chi bộ Cơ quan", parent=Organisation(name="Đảng bộ cơ quan xã")), ""),
    ],
)
def test_locality_is_the_administrative_unit_in_the_names(organisation, expected):
    assert locality(organisation) == expected


def test_local_time_is_in_vietnam_time():
    assert local_time(datetime(2025, 10, 3, 12, 5, tzinfo=UTC)) == "19 giờ 05 phút, ngày 03/10/2025"


HEADER = {"issuer": ("", "CHI BỘ ẤP 3"), "place_date": "Tân Phú, ngày 03 tháng 4 năm 2026"}


@pytest.fixture
def document_template(tmp_path, settings):
    """Writes a document template that extends the Party layout; returns its name."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]

    def write(body: str) -> str:
        (tmp_path / "doc.html").write_text(
            '{% extends "documents/base.html" %}{% block body %}' + body + "{% endblock %}", encoding="utf-8"
        )
        return "doc.html"

    return write


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/logo.png",
        "file:///etc/hostname",
        (Path(settings.BASE_DIR) / "static").as_uri() + "/../config/settings.py",
    ],
)
def test_render_pdf_refuses_resources_outside_static(document_template, url):
    from weasyprint.urls import FatalURLFetchingError

    template = document_template(f'<img src="{url}">')

    with pytest.raises(FatalURLFetchingError):
        render_pdf(template, HEADER)


def test_render_pdf_reads_files_in_static(document_template):
    template = document_template('<img src="favicon.svg" alt="">')

    pdf = render_pdf(template, HEADER)

    assert pdf.startswith(b"%PDF-")
