"""Every enumeration of meetings, with the Vietnamese label people see: score sheets, meetings and
their records, and the party dues' book. A leaf module (it imports nothing of the app): the models,
the rules, the forms and the documents share one spelling of each word."""

from __future__ import annotations

from django.db import models


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Sinh hoạt thường kỳ"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"
    COMBINED = "combined", "Thường kỳ kết hợp chuyên đề"
    EXTRAORDINARY = "extraordinary", "Sinh hoạt bất thường"
    COMMITTEE = "committee", "Họp chi ủy / đảng ủy"
    GROUP = "group", "Sinh hoạt tổ đảng"


class ScoreSheetApplies(models.TextChoices):
    """The meetings a score sheet scores: MeetingKind's two that are scored."""

    REGULAR = MeetingKind.REGULAR.value, MeetingKind.REGULAR.label
    THEMATIC = MeetingKind.THEMATIC.value, MeetingKind.THEMATIC.label


class ScoreCriterionAuto(models.TextChoices):
    MANUAL = "", "Chi bộ tự chấm"
    ATTENDANCE = "attendance", "Tự động: tỷ lệ dự họp"
    DURATION = "duration", "Tự động: thời lượng"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Kế hoạch"
    DRAFT = "draft", "Bản nháp"
    FINALISED = "finalised", "Đã hoàn tất"


class MeetingLevel(models.TextChoices):
    GOOD = "tot", "Tốt"
    FAIR = "kha", "Khá"
    AVERAGE = "trung_binh", "Trung bình"
    POOR = "kem", "Kém"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Có mặt"
    EXCUSED = "excused", "Vắng có lý do"
    UNEXCUSED = "unexcused", "Vắng không lý do"
    # Exempt, suspended, or away on temporary activity: listed, outside the denominator.
    NOT_COUNTED = "not_counted", "Không tính"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    LATE = "late", "Hoàn thành chậm"
    NOT_DONE = "not_done", "Không hoàn thành"


class NoteKind(models.TextChoices):
    AMENDMENT = "amendment", "Sửa biên bản đã hoàn tất"
    COMMENT = "comment", "Ý kiến cấp trên"
    ADJUSTMENT = "adjustment", "Điều chỉnh điểm chất lượng"


# Party dues ------------------------------------------------------------------------------------


class Regime(models.TextChoices):
    """The dues regime a month follows (domain-rules §14)."""

    QD342 = "qd342", "Quyết định 342-QĐ/TW ngày 28/12/2010"
    QD01 = "qd01", "Quy định 01-QĐ/TW ngày 03/02/2026"


class Category(models.TextChoices):
    """What a member's dues are reckoned from. The first three take a percentage of an amount the
    member reports (their basis); the others pay a fixed sum a month."""

    INSURED = "bhxh", "Tham gia bảo hiểm xã hội bắt buộc"
    ALLOWANCE = "tro_cap", "Nghỉ ốm đau, thai sản, hưởng trợ cấp bảo hiểm xã hội"
    PENSION = "huu_tri", "Hưởng lương hưu"
    STUDENT = "hoc_sinh", "Học sinh, sinh viên"
    OTHER_CITY = "khac_tp_tw", "Đảng viên khác — nội thành thành phố trực thuộc Trung ương"
    OTHER_URBAN = "khac_do_thi", "Đảng viên khác — nội thành, nội thị đô thị loại I, II, III"
    OTHER_REMOTE = "khac_vung_sau", "Đảng viên khác — miền núi, vùng sâu, vùng xa, biên giới, hải đảo"
    OTHER = "khac", "Đảng viên khác — các địa bàn còn lại"


# The category in a column of the book.
SHORT_LABELS = {
    Category.INSURED: "BHXH bắt buộc",
    Category.ALLOWANCE: "Trợ cấp ốm đau, thai sản",
    Category.PENSION: "Lương hưu",
    Category.STUDENT: "Học sinh, sinh viên",
    Category.OTHER_CITY: "Khác — nội thành TP trực thuộc TW",
    Category.OTHER_URBAN: "Khác — nội thành, nội thị",
    Category.OTHER_REMOTE: "Khác — vùng sâu, vùng xa",
    Category.OTHER: "Khác — địa bàn còn lại",
}
# Categories whose dues are a share of the member's own amount (insured salary, allowance, pension).
PERCENT_CATEGORIES = frozenset({Category.INSURED, Category.ALLOWANCE, Category.PENSION})
# What the amount of a basis is, by category, as the basis form and the book label it.
BASIS_LABELS = {
    Category.INSURED: "Tiền lương làm căn cứ đóng BHXH bắt buộc của tháng trước liền kề",
    Category.ALLOWANCE: "Mức trợ cấp ốm đau, thai sản do BHXH chi trả",
    Category.PENSION: "Mức lương hưu",
}
# A member with no basis recorded for the year pays as "the other members elsewhere" until the
# secretary records one; the book says so.
DEFAULT_CATEGORY = Category.OTHER


class Method(models.TextChoices):
    CASH = "tien_mat", "Tiền mặt, nộp cho chi bộ"
    PORTAL = "cong_dvc", "Cổng Dịch vụ công quốc gia"


class State(models.TextChoices):
    """A member's month in the book, decided by rules.month_state."""

    PAID = "da_nop", "Đã nộp"
    PREPAID = "nop_truoc", "Đã nộp trước"
    PARTIAL = "mot_phan", "Nộp chưa đủ"
    UNPAID = "chua_nop", "Chưa nộp"
    EXCUSED = "co_ly_do", "Chưa nộp, có lý do"
    NOTHING_DUE = "khong_phai_nop", "Không phải nộp"


# The states counted as "paid" in a collection rate.
PAID_STATES = (State.PAID, State.PREPAID, State.PARTIAL)


class Window(models.TextChoices):
    """Which months the xóa tên rule counts: "ba tháng trong năm"."""

    CALENDAR = "nam", "Trong năm dương lịch"
    ROLLING = "12_thang", "Trong 12 tháng liền trước"
