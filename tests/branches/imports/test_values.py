"""Cleaning one cell: every value form of issue 12 §3, and what each wrong one is told."""

import unicodedata
from datetime import date, datetime

import pytest
from openpyxl.utils.datetime import MAC_EPOCH

from branches.imports import values
from branches.imports.values import Invalid
from branches.models import Member

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    "raw",
    [
        datetime(1970, 4, 5),
        datetime(1970, 4, 5, 13, 30),
        date(1970, 4, 5),
        25663,  # Excel's serial number of 05/04/1970
        25663.0,
        25663.75,  # a serial with a time of day
        "05/04/1970",
        "5/4/1970",
        "05-04-1970",
        "05.04.1970",
        " 5 / 4 / 1970 ",
        "1970-04-05",
    ],
    ids=repr,
)
def test_clean_date_reads_each_form_day_first(raw):
    assert values.clean_date(raw, today=TODAY) == date(1970, 4, 5)


def test_clean_date_reads_a_serial_in_the_1904_system():
    assert values.clean_date(24201, epoch=MAC_EPOCH, today=TODAY) == date(1970, 4, 5)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_clean_date_empty_is_none(raw):
    assert values.clean_date(raw, today=TODAY) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/02/1970", "Không có ngày 31/02/1970."),
        ("05/04/70", "Năm phải ghi đủ 4 chữ số, ví dụ 05/04/1970."),
        ("tháng 4 năm 1970", "Không đọc được ngày: hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/04/1970."),
        (True, "Không đọc được ngày: hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/04/1970."),
        (-3, "Số -3 không phải một ngày: hãy ghi theo dạng ngày/tháng/năm."),
        ("06/12/2026", "Ngày 06/12/2026 ở tương lai."),
        ("31/12/1899", "Ngày 31/12/1899 sớm hơn 01/01/1900: hãy kiểm tra lại năm."),
    ],
    ids=repr,
)
def test_clean_date_explains_what_it_cannot_read(raw, message):
    with pytest.raises(Invalid) as refused:
        values.clean_date(raw, today=TODAY)
    assert str(refused.value) == message


def test_clean_party_date_is_not_before_the_party_was_founded():
    assert values.clean_party_date("03/02/1930", today=TODAY) == date(1930, 2, 3)
    with pytest.raises(Invalid) as refused:
        values.clean_party_date("02/02/1930", today=TODAY)
    assert str(refused.value) == "Ngày 02/02/1930 sớm hơn 03/02/1930: hãy kiểm tra lại năm."


@pytest.mark.parametrize(
    "raw",
    [
        "084070001234",
        "084 070 001 234",
        "084.070.001.234",
        "084-070-001-234",
        "'084070001234",
        84070001234,
        84070001234.0,
    ],
    ids=repr,
)
def test_clean_cccd_keeps_twelve_digits(raw):
    # A number cell has dropped the leading zero of the province code: it comes back.
    assert values.clean_cccd(raw) == "084070001234"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("08407000123", "Số CCCD phải gồm đúng 12 chữ số; ô này có 11 chữ số."),
        ("0840700012345", "Số CCCD phải gồm đúng 12 chữ số; ô này có 13 chữ số."),
        ("08407000123A", "Số CCCD chỉ gồm chữ số (đã bỏ dấu cách, dấu chấm); ô này có ký tự khác."),
        (
            "０８４０７０００１２３４",
            "Số CCCD chỉ gồm chữ số (đã bỏ dấu cách, dấu chấm); ô này có ký tự khác.",
        ),
        (8407000.5, "Số CCCD phải gồm đúng 12 chữ số."),
        (1234567890123, "Số CCCD phải gồm đúng 12 chữ số; ô này có 13 chữ số."),
    ],
    ids=repr,
)
def test_clean_cccd_explains_a_wrong_number(raw, message):
    with pytest.raises(Invalid) as refused:
        values.clean_cccd(raw)
    assert str(refused.value) == message


@pytest.mark.parametrize("raw", ["10000001", "1000 0001", 10000001, "10.000.001"])
def test_clean_card_number_keeps_eight_digits(raw):
    assert values.clean_card_number(raw) == "10000001"


def test_clean_card_number_explains_a_wrong_number():
    with pytest.raises(Invalid) as refused:
        values.clean_card_number("1000001")
    assert str(refused.value) == "Số thẻ đảng viên phải gồm đúng 8 chữ số; ô này có 7 chữ số."


def test_clean_text_is_nfc_trimmed_and_single_spaced():
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị  Ánh ")
    assert values.clean_text(decomposed, 120) == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", values.clean_text(decomposed, 120))


def test_clean_text_writes_a_number_as_typed_and_refuses_what_is_too_long():
    assert values.clean_text(1975.0, 20) == "1975"
    with pytest.raises(Invalid) as refused:
        values.clean_text("x" * 13, 12)
    assert str(refused.value) == "Dài quá 12 ký tự (ô này có 13 ký tự)."


def test_clean_code_is_in_capitals():
    assert values.clean_code(" tv.cb01 ", 32) == "TV.CB01"


@pytest.mark.parametrize(
    ("choices", "raw", "value"),
    [
        (values.SEX, "Nam", "M"),
        (values.SEX, "NỮ", "F"),
        (values.SEX, "nu", "F"),
        (values.ETHNIC_GROUPS, "Khmer", "Khmer"),
        (values.ETHNIC_GROUPS, "khơ-me", "Khmer"),
        (values.ETHNIC_GROUPS, "KHƠ ME", "Khmer"),
        (values.ETHNIC_GROUPS, "kinh", "Kinh"),
        (values.ETHNIC_GROUPS, "Ê Đê", "Ê-đê"),
        (values.ETHNIC_GROUPS, "ede", "Ê-đê"),
        (values.ETHNIC_GROUPS, "H'Mông", "Mông"),
        (values.ETHNIC_GROUPS, "Bru - Vân Kiều", "Bru-Vân Kiều"),
        (values.ETHNIC_GROUPS, unicodedata.normalize("NFD", "Hoa"), "Hoa"),
        (values.RELIGIONS, "không", "Không"),
        (values.RELIGIONS, "Thiên Chúa giáo", "Công giáo"),
        (values.RELIGIONS, "hoa hao", "Phật giáo Hòa Hảo"),
        (values.RELIGIONS, "Phật giáo Hoà Hảo", "Phật giáo Hòa Hảo"),  # the old tone placement
        (values.RELIGIONS, "PHẬT GIÁO NAM TÔNG", "Phật giáo Nam tông"),
        (values.THEORY, "Sơ cấp", Member.Theory.ELEMENTARY),
        (values.THEORY, "Trung cấp LLCT", Member.Theory.INTERMEDIATE),
        (values.THEORY, "cao cap ly luan chinh tri", Member.Theory.ADVANCED),
        (values.THEORY, "Cử nhân chính trị", Member.Theory.BACHELOR),
        (values.THEORY, "Chưa qua đào tạo", Member.Theory.NONE),
        (values.STATUS, "dự bị", values.Standing.PROBATIONARY),
        (values.STATUS, "Đảng viên chính thức", values.Standing.OFFICIAL),
        (values.STATUS, "Miễn công tác và sinh hoạt đảng", values.Standing.EXEMPT),
        (values.STATUS, "mien sinh hoat", values.Standing.EXEMPT),
        (values.YES_NO, "Có", True),
        (values.YES_NO, "x", True),
        (values.YES_NO, True, True),
        (values.YES_NO, "không", False),
        (values.ORGANISATION_KIND, "chi bộ trực thuộc", "cell"),
        (values.ORGANISATION_KIND, "Đảng bộ cơ sở", "grassroots_committee"),
        (values.AREA, "ấp", "ap"),
        (values.AREA, "Khóm", "khom"),
    ],
    ids=lambda item: item if isinstance(item, str) else None,
)
def test_choices_match_without_accents_case_or_punctuation(choices, raw, value):
    assert choices.clean(raw) == value


def test_ethnic_groups_are_the_54():
    assert len(values.ETHNIC_GROUPS.options) == 54
    assert len({values.choice_key(label) for label in values.ETHNIC_GROUPS.labels}) == 54


def test_choices_refuse_a_value_outside_the_list():
    with pytest.raises(Invalid) as short:
        values.SEX.clean("Khác")
    assert str(short.value) == "Không có giới tính “Khác”: chỉ nhận “Nam”, “Nữ”."
    with pytest.raises(Invalid) as long:
        values.ETHNIC_GROUPS.clean("Kinh Khmer")
    assert (
        str(long.value) == "Không có dân tộc “Kinh Khmer” trong danh mục: xem trang “Danh mục” của tệp mẫu."
    )


def test_choices_refuse_a_synonym_that_names_two_options():
    with pytest.raises(ValueError, match="'NAM' names both 'Nam' and 'Bắc'"):
        values.Choices("x", [values.Option("a", "Nam"), values.Option("b", "Bắc", ("NAM",))])


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12/12", "12/12"),
        ("9/12", "9/12"),
        ("7/10", "7/10"),
        ("12", "12/12"),
        (12, "12/12"),
        ("Lớp 9", "9/12"),
        (" 10 / 10 ", "10/10"),
    ],
)
def test_clean_education_is_grade_over_system(raw, value):
    assert values.clean_education(raw) == value


@pytest.mark.parametrize("raw", ["13/12", "0/12", "12/11", "Đại học"])
def test_clean_education_refuses_what_is_no_grade(raw):
    with pytest.raises(Invalid) as refused:
        values.clean_education(raw)
    assert str(refused.value).startswith("Giáo dục phổ thông ghi theo dạng lớp/hệ")
