"""One cell of an import file to one clean value: text, dates, CCCD and card numbers, yes/no, and the
controlled lists (sex, the 54 ethnic groups, religion, general education, political theory, status,
organisation kind and area).

Every cleaner takes the cell as openpyxl or the CSV reader gives it (None, str, int, float, bool,
datetime) and returns the value to store, or raises Invalid with a Vietnamese sentence that says what
is allowed. Lists are matched on a key without accents, case, spaces or punctuation, so "khơ-me",
"KHMER" and "Khmer" are one group; the canonical label is what the template lists and the export
writes. Pure: no database, no settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

from branches.formatting import day
from branches.models import Gender, Member, Organisation
from branches.text import fold, nfc

CCCD_DIGITS = 12
CARD_DIGITS = 8  # số thẻ đảng viên (domain-rules §5.1); the member form asks the same
EARLIEST_DATE = date(1900, 1, 1)
PARTY_FOUNDED = date(1930, 2, 3)  # no party date can be earlier
SEEN_SPELLINGS = 1000  # per list: what a file writes in a controlled column repeats
SHORT_LIST = 8  # a list this long is spelt out in a message; a longer one points at the template
# Characters people type inside an id: spaces (also the no-break one Excel pastes), dots, dashes.
ID_SEPARATORS = re.compile(r"[\s.\-\u00a0]")
DAY_FIRST = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d+)")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?")
GRADE = re.compile(r"(?:lop\s*)?(\d{1,2})(?:\s*/\s*(\d{1,2}))?")
GRADE_SYSTEMS = (9, 10, 12)  # years of general school: 9 and 10 in the North before 1981, 12 since


class Invalid(ValueError):
    """The cell cannot be read; str() is the Vietnamese explanation."""


def shown(raw) -> str:
    """The cell as the person sees it in Excel, for error lists."""
    if raw is None:
        return ""
    if isinstance(raw, datetime | date):
        return day(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    return str(raw)


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# Text and ids --------------------------------------------------------------------------------------


def clean_text(raw, max_length: int) -> str:
    """NFC, trimmed, inner runs of spaces made one; a number typed in a text column as written."""
    text = nfc(shown(raw))
    if len(text) > max_length:
        raise Invalid(f"Dài quá {max_length} ký tự (ô này có {len(text)} ký tự).")
    return text


def clean_code(raw, max_length: int) -> str:
    """An organisation's code: as the organisation form keeps it, in capitals."""
    return clean_text(raw, max_length).upper()


def _digits(raw, length: int, label: str) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        raise Invalid(f"{label} phải gồm đúng {length} chữ số.")
    if isinstance(raw, int | float):
        # A number cell has lost its leading zeros (CCCD 084… becomes 84…): put them back.
        if isinstance(raw, float) and not raw.is_integer():
            raise Invalid(f"{label} phải gồm đúng {length} chữ số.")
        text = str(int(raw)).zfill(length)
    else:
        text = ID_SEPARATORS.sub("", nfc(raw)).lstrip("'")
    if not (text.isascii() and text.isdecimal()):
        if not text:
            return ""
        raise Invalid(f"{label} chỉ gồm chữ số (đã bỏ dấu cách, dấu chấm); ô này có ký tự khác.")
    if len(text) != length:
        raise Invalid(f"{label} phải gồm đúng {length} chữ số; ô này có {len(text)} chữ số.")
    return text


def clean_cccd(raw) -> str:
    """Số căn cước công dân / số định danh cá nhân: 12 digits; spaces, dots and dashes dropped."""
    return _digits(raw, CCCD_DIGITS, "Số CCCD")


def clean_card_number(raw) -> str:
    return _digits(raw, CARD_DIGITS, "Số thẻ đảng viên")


# Dates ---------------------------------------------------------------------------------------------


def _checked(day_value: date, earliest: date, today: date) -> date:
    if day_value > today:
        raise Invalid(f"Ngày {day(day_value)} ở tương lai.")
    if day_value < earliest:
        raise Invalid(f"Ngày {day(day_value)} sớm hơn {day(earliest)}: hãy kiểm tra lại năm.")
    return day_value


def _from_text(text: str) -> date:
    found = DAY_FIRST.fullmatch(text)
    if found:
        d, m, y = found.groups()
    elif found := ISO_DATE.fullmatch(text):
        y, m, d = found.groups()
    else:
        raise Invalid("Không đọc được ngày: hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/04/1970.")
    if len(y) != 4:
        raise Invalid("Năm phải ghi đủ 4 chữ số, ví dụ 05/04/1970.")
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise Invalid(f"Không có ngày {int(d):02d}/{int(m):02d}/{y}.") from None


def clean_date(
    raw, *, epoch: datetime = WINDOWS_EPOCH, earliest: date = EARLIEST_DATE, today: date | None = None
) -> date | None:
    """An Excel date, an Excel serial number (1 = 01/01/1900 in `epoch`'s system) or day-first text
    ("05/04/1970", "5/4/1970", "05-04-1970", "05.04.1970"; ISO "1970-04-05" too). Never the US
    month-first reading. None for an empty cell."""
    if is_blank(raw):
        return None
    today = today or date.today()
    if isinstance(raw, datetime):
        return _checked(raw.date(), earliest, today)
    if isinstance(raw, date):
        return _checked(raw, earliest, today)
    if isinstance(raw, bool):
        raise Invalid("Không đọc được ngày: hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/04/1970.")
    if isinstance(raw, int | float):
        try:
            serial = from_excel(raw, epoch)
        except (ValueError, OverflowError):
            serial = None
        if not isinstance(serial, datetime) or raw < 1:
            raise Invalid(f"Số {shown(raw)} không phải một ngày: hãy ghi theo dạng ngày/tháng/năm.")
        return _checked(serial.date(), earliest, today)
    return _checked(_from_text(nfc(str(raw))), earliest, today)


def clean_party_date(raw, *, epoch: datetime = WINDOWS_EPOCH, today: date | None = None) -> date | None:
    """A date of party life: not before the Party was founded (03/02/1930)."""
    return clean_date(raw, epoch=epoch, earliest=PARTY_FOUNDED, today=today)


# Controlled lists -----------------------------------------------------------------------------------


def choice_key(text: str) -> str:
    """ "Khơ-me", "KHƠ ME" and "khome" share the key "khome"."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


@dataclass(frozen=True)
class Option:
    value: object  # what is stored
    label: str  # what the template lists and the export writes
    synonyms: tuple[str, ...] = ()


class Choices:
    """A controlled list, matched without regard to accents, case, spaces or punctuation."""

    def __init__(self, what: str, options: Iterable[Option], *, note: str = "", title: str = ""):
        self.what = what  # "dân tộc": named in messages
        self.title = title or what[0].upper() + what[1:]  # the list's header in the template
        self.options = tuple(options)
        self.note = note
        self._by_key: dict[str, Option] = {}
        self._by_value = {option.value: option for option in self.options}
        self._seen: dict[str, object] = {}  # the few spellings a file repeats, looked up once
        for option in self.options:
            for text in (option.label, str(option.value), *option.synonyms):
                taken = self._by_key.setdefault(choice_key(text), option)
                if taken is not option:
                    raise ValueError(f"{what}: {text!r} names both {taken.label!r} and {option.label!r}")

    @property
    def labels(self) -> list[str]:
        return [option.label for option in self.options]

    def label(self, value) -> str:
        option = self._by_value.get(value)
        return option.label if option else ("" if value is None else str(value))

    def clean(self, raw):
        text = shown(raw)
        if text in self._seen:
            return self._seen[text]
        option = self._by_key.get(choice_key(text))
        if option is None:
            if len(self.options) <= SHORT_LIST:
                allowed = ", ".join(f"“{label}”" for label in self.labels if label)
                raise Invalid(f"Không có {self.what} “{nfc(shown(raw))}”: chỉ nhận {allowed}.")
            raise Invalid(
                f"Không có {self.what} “{nfc(shown(raw))}” trong danh mục: xem trang “Danh mục” của tệp mẫu."
            )
        if len(self._seen) < SEEN_SPELLINGS:
            self._seen[text] = option.value
        return option.value


SEX = Choices("giới tính", [Option(Gender.MALE.value, "Nam"), Option(Gender.FEMALE.value, "Nữ")])

YES_NO = Choices(
    "lựa chọn",
    [
        Option(True, "Có", ("x", "1", "true", "yes", "đúng", "phải")),
        Option(False, "Không", ("", "0", "false", "no", "sai")),
    ],
    title="Có / Không",
)

# The 54 ethnic groups (Danh mục các dân tộc Việt Nam, Tổng cục Thống kê), in its order. The label is
# the name the app stores: "Khmer", as the demo and the reports write it; spellings in use match too.
ETHNIC_GROUPS = Choices(
    "dân tộc",
    [
        Option(name, name, synonyms)
        for name, *synonyms in (
            ("Kinh", "Việt", "Việt (Kinh)"),
            ("Tày",),
            ("Thái",),
            ("Mường",),
            ("Khmer", "Khơ-me", "Khơ Me", "Khơme", "Khmer Krôm"),
            ("Hoa", "Người Hoa", "Hán"),
            ("Nùng",),
            ("Mông", "H'Mông", "Hmông", "Mèo"),
            ("Dao",),
            ("Gia-rai", "Jrai", "Gia Lai"),
            ("Ê-đê", "Rhade"),
            ("Ba-na", "Bahnar"),
            ("Sán Chay", "Cao Lan", "Sán Chỉ", "Cao Lan - Sán Chỉ"),
            ("Chăm", "Chàm", "Chăm Hroi"),
            ("Cơ-ho", "Kơ Ho", "Koho"),
            ("Xơ-đăng", "Sê Đăng", "Sedang"),
            ("Sán Dìu",),
            ("Hrê", "H're"),
            ("Ra-glai", "Raglay", "Rag Lai"),
            ("Mnông", "M'Nông", "Mơ Nông"),
            ("Thổ",),
            ("Xtiêng", "X'Tiêng", "Stiêng"),
            ("Khơ-mú", "Khmu", "Kmụ"),
            ("Bru-Vân Kiều", "Bru - Vân Kiều", "Vân Kiều", "Bru"),
            ("Cơ-tu", "Ka Tu", "Katu"),
            ("Giáy",),
            ("Tà-ôi", "Ta Oi", "Pa Cô"),
            ("Mạ",),
            ("Giẻ-Triêng", "Gié Triêng", "Gié-Triêng"),
            ("Co", "Cor"),
            ("Chơ-ro", "Châu Ro"),
            ("Xinh-mun", "Puộc"),
            ("Hà Nhì",),
            ("Chu-ru", "Chu Ru"),
            ("Lào",),
            ("La Chí",),
            ("Kháng",),
            ("Phù Lá",),
            ("La Hủ",),
            ("La Ha",),
            ("Pà Thẻn", "Pà Hưng"),
            ("Lự",),
            ("Ngái",),
            ("Chứt",),
            ("Lô Lô",),
            ("Mảng",),
            ("Cơ Lao",),
            ("Bố Y",),
            ("Cống",),
            ("Si La",),
            ("Pu Péo",),
            ("Rơ-măm",),
            ("Brâu",),
            ("Ơ-đu",),
        )
    ],
)

# The religions recognised in Việt Nam, and "Không". Phật giáo Nam tông (the Khmer Theravāda
# tradition) is kept apart, as member records in the Mekong delta write it.
RELIGIONS = Choices(
    "tôn giáo",
    [
        Option("Không", "Không", ("Không có", "Không theo tôn giáo", "Không tôn giáo", "Không theo đạo")),
        Option("Phật giáo", "Phật giáo", ("Đạo Phật", "Phật", "Phật giáo Bắc tông")),
        Option("Phật giáo Nam tông", "Phật giáo Nam tông", ("Nam tông", "Phật giáo Nam tông Khmer")),
        Option(
            "Công giáo", "Công giáo", ("Thiên Chúa giáo", "Thiên Chúa", "Đạo Thiên Chúa", "Công giáo La Mã")
        ),
        Option("Tin Lành", "Tin Lành", ("Đạo Tin Lành", "Tin Lành giáo")),
        Option("Cao Đài", "Cao Đài", ("Đạo Cao Đài",)),
        Option("Phật giáo Hòa Hảo", "Phật giáo Hòa Hảo", ("Hòa Hảo", "Đạo Hòa Hảo")),
        Option("Hồi giáo", "Hồi giáo", ("Hồi", "Islam", "Đạo Hồi")),
        Option("Bà-la-môn", "Bà-la-môn", ("Bà La Môn giáo", "Chăm Bà-la-môn")),
        Option("Tịnh độ Cư sĩ Phật hội Việt Nam", "Tịnh độ Cư sĩ Phật hội Việt Nam", ("Tịnh độ Cư sĩ",)),
        Option("Tứ Ân Hiếu Nghĩa", "Tứ Ân Hiếu Nghĩa", ("Phật giáo Tứ Ân Hiếu Nghĩa",)),
        Option("Bửu Sơn Kỳ Hương", "Bửu Sơn Kỳ Hương", ("Phật hội Bửu Sơn Kỳ Hương",)),
        Option("Minh Sư đạo", "Minh Sư đạo"),
        Option("Minh Lý đạo", "Minh Lý đạo", ("Minh Lý đạo - Tam Tông Miếu",)),
        Option("Phật giáo Hiếu Nghĩa Tà Lơn", "Phật giáo Hiếu Nghĩa Tà Lơn"),
        Option("Bahá'í", "Bahá'í", ("Baha'i", "Bahai")),
        Option("Cơ đốc Phục lâm", "Cơ đốc Phục lâm", ("Cơ đốc Phục lâm Việt Nam",)),
        Option("Các Thánh hữu Ngày sau", "Các Thánh hữu Ngày sau", ("Mặc Môn", "Mormon")),
    ],
)

THEORY = Choices(
    "trình độ lý luận chính trị",
    [
        Option(Member.Theory.NONE.value, "Chưa qua đào tạo", ("Không", "Chưa", "Chưa học", "Không có")),
        Option(Member.Theory.ELEMENTARY.value, "Sơ cấp", ("SC", "Sơ cấp LLCT", "Sơ cấp lý luận chính trị")),
        Option(
            Member.Theory.INTERMEDIATE.value,
            "Trung cấp",
            ("TC", "Trung cấp LLCT", "Trung cấp lý luận chính trị", "Trung cấp chính trị - hành chính"),
        ),
        Option(
            Member.Theory.ADVANCED.value,
            "Cao cấp",
            ("CC", "Cao cấp LLCT", "Cao cấp lý luận chính trị", "Cao cấp chính trị - hành chính"),
        ),
        Option(
            Member.Theory.BACHELOR.value, "Cử nhân", ("CN", "Cử nhân chính trị", "Cử nhân lý luận chính trị")
        ),
    ],
)


class Standing:
    """The status column's three values; the reader turns them into Member.status and is_exempt."""

    PROBATIONARY = Member.Status.PROBATIONARY.value
    OFFICIAL = Member.Status.OFFICIAL.value
    EXEMPT = "exempt"


STATUS = Choices(
    "tình trạng",
    [
        Option(Standing.PROBATIONARY, "Dự bị", ("Đảng viên dự bị", "DB")),
        Option(Standing.OFFICIAL, "Chính thức", ("Đảng viên chính thức", "CT")),
        Option(
            Standing.EXEMPT,
            "Miễn công tác và sinh hoạt đảng",
            (
                "Miễn",
                "Miễn sinh hoạt",
                "Miễn sinh hoạt đảng",
                "Miễn công tác và sinh hoạt",
                "Miễn công tác, sinh hoạt đảng",
            ),
        ),
    ],
    note="“Miễn công tác và sinh hoạt đảng” là đảng viên chính thức được miễn; nếu để trống "
    "“Ngày chính thức” thì là đảng viên dự bị được miễn.",
)

ORGANISATION_KIND = Choices("loại tổ chức", [Option(kind.value, kind.label) for kind in Organisation.Kind])
AREA = Choices(
    "loại địa bàn",
    [Option(area.value, "" if area == Organisation.Area.NONE else area.label) for area in Organisation.Area],
)


def clean_education(raw) -> str:
    """Giáo dục phổ thông as party records write it, grade over system: "12/12", "9/12", "7/10".
    A bare grade ("12", "lớp 9") is of the 12-year system."""
    if is_blank(raw):
        return ""
    found = GRADE.fullmatch(fold(shown(raw)))
    grade, system = (int(found[1]), int(found[2] or 12)) if found else (0, 0)
    if system not in GRADE_SYSTEMS or not 1 <= grade <= system:
        raise Invalid(
            "Giáo dục phổ thông ghi theo dạng lớp/hệ, ví dụ “12/12”, “9/12”, “10/10” (hệ 9, 10 hoặc 12 năm)."
        )
    return f"{grade}/{system}"
