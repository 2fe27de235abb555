import pytest

from branches.text import fold, name_sort_key, nfc, nfc_lines


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn An", "nguyen van an"),
        ("ĐẶNG THỊ HỒNG NHUNG", "dang thi hong nhung"),
        ("  Trần   Văn  Đạt ", "tran van dat"),
        ("Thạch Thị Sa Rết", "thach thi sa ret"),
    ],
)
def test_fold_strips_diacritics_and_case(text, folded):
    assert fold(text) == folded


def test_fold_treats_decomposed_input_like_composed():
    decomposed = "Nguye\u0302\u0303n"  # NFD, as some phones send it
    assert fold(decomposed) == "nguyen"
    assert nfc(decomposed) == "Nguyễn"


def test_name_sort_key_orders_by_given_name_then_middle_then_family():
    names = ["Trần Văn Bình", "Lê Thị An", "Nguyễn Văn An", "Bùi Văn Ân", "Phạm Đào", "Võ Văn Dũng"]
    assert sorted(names, key=name_sort_key) == [
        "Lê Thị An",  # An < Ân; middle "Thị" < "Văn"
        "Nguyễn Văn An",
        "Bùi Văn Ân",
        "Trần Văn Bình",
        "Võ Văn Dũng",
        "Phạm Đào",  # d < đ
    ]


def test_name_sort_key_breaks_ties_by_tone():
    assert sorted(["Lê Văn Án", "Lê Văn Àn", "Lê Văn An"], key=name_sort_key) == [
        "Lê Văn An",
        "Lê Văn Àn",
        "Lê Văn Án",
    ]


def test_name_sort_key_is_digits_only():
    assert name_sort_key("Nguyễn Thị Ánh Tuyết").isdigit()


def test_multi_line_text_keeps_its_lines():
    assert nfc_lines("1. Học tập  \r\n2. Thông tin thời sự\r\n\r\n") == "1. Học tập\n2. Thông tin thời sự"
