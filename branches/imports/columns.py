"""The columns of the two import sheets, one list each: the field a column fills, its Vietnamese header
and the other headers it is known by, whether the file must have it, and how its cells are cleaned.

The template, the explanation sheet, the export and the reader all read these lists, so a column is
added in one place. Headers are compared on a key without case, accents, spaces or punctuation:
"HỌ VÀ TÊN", "Họ và tên" and "Ho va ten" are one header.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from branches.models import Member, Organisation

from . import values
from .values import Choices, choice_key

# Columns a list often carries and the import has no use for: skipped without being reported.
ROW_NUMBER_HEADERS = ("STT", "TT", "Số TT", "Số thứ tự")


@dataclass(frozen=True)
class Column:
    field: str  # the model field ("organisation" / "parent": the superior as written)
    header: str  # as the template writes it
    synonyms: tuple[str, ...] = ()
    required: bool = False  # the file must have this column
    blank: bool = True  # a cell may be empty
    clean: Callable = None  # cell -> value (values.Invalid when it cannot be read)
    choices: Choices | None = None
    empty: object = ""  # the value of an empty cell
    explanation: str = ""
    example: object = ""
    width: int = 16

    @property
    def keys(self) -> set[str]:
        return {choice_key(text) for text in (self.header, *self.synonyms)}

    def allowed(self) -> str:
        """The values the explanation sheet lists for this column."""
        if self.choices is None:
            return ""
        if len(self.choices.options) > values.SHORT_LIST:
            return f"Theo danh mục ({len(self.choices.options)} giá trị, xem trang “Danh mục”)"
        return "; ".join(label for label in self.choices.labels if label)


@dataclass(frozen=True)
class Sheet:
    kind: str  # "organisations" | "members"
    title: str  # the sheet's name in the template
    names: tuple[str, ...]  # sheet names that say what a sheet holds
    columns: tuple[Column, ...]

    def by_key(self) -> dict[str, Column]:
        return {key: column for column in self.columns for key in column.keys}


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _text(model, field: str) -> Callable:
    length = _max_length(model, field)
    return lambda raw, **_: values.clean_text(raw, length)


def _choice(choices: Choices) -> Callable:
    return lambda raw, **_: choices.clean(raw)


def _date(raw, *, epoch, today=None):
    return values.clean_date(raw, epoch=epoch, today=today)


def _party_date(raw, *, epoch, today=None):
    return values.clean_party_date(raw, epoch=epoch, today=today)


def member_text(field: str, header: str, *synonyms: str, example: str = "", width: int = 18, **kw) -> Column:
    return Column(field, header, synonyms, clean=_text(Member, field), example=example, width=width, **kw)


def party_date(field: str, header: str, *synonyms: str, example: date | None = None, **kw) -> Column:
    return Column(field, header, synonyms, clean=_party_date, empty=None, example=example, width=12, **kw)


def choice(field: str, header: str, choices: Choices, *synonyms: str, **kw) -> Column:
    return Column(field, header, synonyms, clean=_choice(choices), choices=choices, **kw)


MEMBERS = Sheet(
    "members",
    "Đảng viên",
    ("Đảng viên", "Danh sách đảng viên", "DSĐV"),
    (
        Column(
            "organisation",
            "Chi bộ",
            ("Mã chi bộ", "Tên chi bộ", "Chi bộ sinh hoạt", "Sinh hoạt tại chi bộ"),
            required=True,
            blank=False,
            clean=_text(Organisation, "name"),
            explanation="Mã hoặc tên đầy đủ của chi bộ nơi đảng viên sinh hoạt chính thức.",
            example="TV.CB01",
            width=14,
        ),
        member_text(
            "full_name",
            "Họ và tên",
            "Họ tên",
            "Họ và tên đang dùng",
            "Họ tên đảng viên",
            required=True,
            blank=False,
            explanation="Họ và tên đang dùng.",
            example="Nguyễn Văn An",
            width=26,
        ),
        member_text(
            "birth_name", "Họ tên khai sinh", "Họ và tên khai sinh", explanation="Nếu khác họ tên đang dùng."
        ),
        choice(
            "gender",
            "Giới tính",
            values.SEX,
            "Nam/Nữ",
            "Nam, nữ",
            "Nam nữ",
            required=True,
            blank=False,
            example="Nam",
            width=10,
        ),
        Column(
            "birth_date",
            "Ngày sinh",
            ("Ngày tháng năm sinh", "Sinh ngày"),
            required=True,
            blank=False,
            clean=_date,
            empty=None,
            explanation="Ngày/tháng/năm, ví dụ 05/04/1970, hoặc ô kiểu ngày của Excel.",
            example=date(1970, 4, 5),
            width=12,
        ),
        choice("ethnicity", "Dân tộc", values.ETHNIC_GROUPS, blank=False, example="Kinh", width=12),
        choice("religion", "Tôn giáo", values.RELIGIONS, example="Không", width=14),
        member_text("home_town", "Quê quán", example="Xã Phước Hưng, tỉnh Trà Vinh", width=28),
        Column(
            "cccd",
            "Số CCCD",
            (
                "Căn cước công dân",
                "Số căn cước công dân",
                "Số định danh",
                "Số định danh cá nhân",
                "CCCD",
                "Số căn cước",
                "CMND/CCCD",
                "Số CMND/CCCD",
            ),
            clean=lambda raw, **_: values.clean_cccd(raw),
            explanation="12 chữ số; dấu cách và dấu chấm được bỏ qua. Dùng để đối chiếu đảng viên.",
            example="084070001234",
            width=15,
        ),
        Column(
            "card_number",
            "Số thẻ đảng viên",
            ("Số thẻ Đảng", "Số thẻ", "Số thẻ ĐV"),
            clean=lambda raw, **_: values.clean_card_number(raw),
            explanation="8 chữ số; để trống nếu là đảng viên dự bị.",
            example="10000001",
            width=14,
        ),
        member_text(
            "dossier_number", "Số lý lịch", "Số lý lịch đảng viên", "Số LLĐV", example="000001TV", width=12
        ),
        Column(
            "general_education",
            "Giáo dục phổ thông",
            ("Văn hóa", "Trình độ văn hóa", "Trình độ giáo dục phổ thông", "Học vấn"),
            clean=lambda raw, **_: values.clean_education(raw),
            explanation="Lớp/hệ, ví dụ 12/12, 9/12, 10/10.",
            example="12/12",
            width=10,
        ),
        member_text(
            "professional_level",
            "Chuyên môn nghiệp vụ",
            "Trình độ chuyên môn",
            "Chuyên môn",
            example="Đại học Sư phạm",
        ),
        choice(
            "political_theory",
            "Lý luận chính trị",
            values.THEORY,
            "Trình độ lý luận chính trị",
            "LLCT",
            "Trình độ LLCT",
            example="Sơ cấp",
        ),
        member_text("occupation", "Nghề nghiệp", "Nghề nghiệp hiện nay", example="Giáo viên"),
        choice(
            "in_political_system",
            "Làm việc trong hệ thống chính trị",
            values.YES_NO,
            "Trong hệ thống chính trị",
            "Làm việc trong HTCT",
            empty=False,
            explanation="Có hoặc Không (quyết định mẫu phiếu đánh giá).",
            example="Không",
        ),
        choice(
            "holds_leadership_post",
            "Giữ chức vụ lãnh đạo, quản lý",
            values.YES_NO,
            "Lãnh đạo, quản lý",
            "Giữ chức vụ lãnh đạo quản lý",
            empty=False,
            explanation="Có hoặc Không.",
            example="Không",
        ),
        party_date(
            "admission_decision_date",
            "Ngày quyết định kết nạp",
            "Ngày ký quyết định kết nạp",
            "Ngày QĐ kết nạp",
            example=date(1995, 4, 20),
        ),
        party_date(
            "ceremony_date",
            "Ngày vào Đảng",
            "Ngày kết nạp",
            "Ngày vào Đảng (lễ kết nạp)",
            "Ngày kết nạp Đảng",
            "Ngày lễ kết nạp",
            required=True,
            blank=False,
            explanation="Ngày lễ kết nạp.",
            example=date(1995, 5, 19),
        ),
        party_date(
            "official_date",
            "Ngày chính thức",
            "Ngày công nhận chính thức",
            "Ngày chuyển chính thức",
            explanation="Để trống nếu là đảng viên dự bị.",
            example=date(1996, 5, 19),
        ),
        choice(
            "status",
            "Tình trạng",
            values.STATUS,
            "Trạng thái",
            "Tình trạng đảng viên",
            "Loại đảng viên",
            explanation=values.STATUS.note,
            example="Chính thức",
        ),
    ),
)

ORGANISATIONS = Sheet(
    "organisations",
    "Tổ chức",
    ("Tổ chức", "Tổ chức đảng", "Tổ chức cơ sở đảng", "Cây tổ chức", "Đơn vị"),
    (
        Column(
            "code",
            "Mã",
            ("Mã tổ chức", "Mã đơn vị", "Mã số"),
            required=True,
            blank=False,
            clean=lambda raw, **_: values.clean_code(raw, _max_length(Organisation, "code")),
            explanation="Mã riêng của tổ chức, không trùng trong toàn tỉnh.",
            example="TV.CB01",
            width=14,
        ),
        Column(
            "name",
            "Tên",
            ("Tên tổ chức", "Tên tổ chức đảng", "Tên đơn vị"),
            required=True,
            blank=False,
            clean=_text(Organisation, "name"),
            example="Chi bộ ấp Chợ Dưới",
            width=36,
        ),
        choice(
            "kind",
            "Loại tổ chức",
            values.ORGANISATION_KIND,
            "Loại",
            required=True,
            blank=False,
            example="Chi bộ trực thuộc",
            width=22,
        ),
        Column(
            "parent",
            "Trực thuộc",
            ("Cấp trên", "Tổ chức cấp trên", "Mã cấp trên", "Thuộc"),
            clean=_text(Organisation, "name"),
            explanation="Mã hoặc tên đầy đủ của tổ chức cấp trên trực tiếp; để trống cho tổ chức cao nhất.",
            example="TV.X01",
            width=14,
        ),
        choice("area_type", "Loại địa bàn", values.AREA, "Địa bàn", example="Ấp", width=14),
        party_date("founded_on", "Ngày thành lập", example=date(1976, 3, 2)),
        party_date("dissolved_on", "Ngày giải thể", explanation="Để trống nếu còn hoạt động."),
        choice(
            "online_pilot",
            "Thí điểm sinh hoạt trực tuyến",
            values.YES_NO,
            "Sinh hoạt trực tuyến",
            empty=False,
            explanation="Có hoặc Không.",
            example="Không",
        ),
    ),
)

SHEETS = (ORGANISATIONS, MEMBERS)
# The template's own sheets of explanation: never read as data.
GUIDE_TITLE = "Hướng dẫn"
LISTS_TITLE = "Danh mục"
GUIDE_NAMES = (GUIDE_TITLE, LISTS_TITLE, "Giải thích", "Ghi chú")
IGNORED_KEYS = {choice_key(text) for text in ROW_NUMBER_HEADERS}
