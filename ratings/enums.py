"""Every enumeration of ratings, with the Vietnamese label people see: the rating's steps, the
rating sheets, the recognition schemes and the reports. A leaf module (it imports nothing of the
app): the models, the rules, the forms and the documents share one spelling of each word."""

from __future__ import annotations

from django.db import models


class QuotaGroup(models.TextChoices):
    BRANCH = "branch", "Trong từng chi bộ"
    GRASSROOTS = "grassroots", "Trong từng tổ chức cơ sở đảng"
    SHEET = "sheet", "Theo loại phiếu (PL4 / PL5) trong tổ chức cơ sở đảng"


class Status(models.TextChoices):
    EXCLUDED = "excluded", "Không đánh giá"
    PENDING = "pending", "Chưa tự đánh giá"
    SELF_ASSESSED = "self_assessed", "Đã tự đánh giá"
    PROPOSED = "proposed", "Chi bộ đã đề xuất"
    DECIDED = "decided", "Đã quyết định"
    PUBLISHED = "published", "Đã công bố"
    CANCELLED = "cancelled", "Đã hủy (xếp loại lại)"


class SheetCode(models.TextChoices):
    PL1 = "PL1", "Phụ lục 1 — tập thể, tổ chức đảng (Mẫu 01)"
    PL3 = "PL3", "Phụ lục 3 — giữ chức vụ lãnh đạo, quản lý (Mẫu 2A)"
    PL4 = "PL4", "Phụ lục 4 — làm việc trong hệ thống chính trị (Mẫu 2B)"
    PL5 = "PL5", "Phụ lục 5 — không làm việc trong hệ thống chính trị (Mẫu 2C)"


class MemberRatingSheet(models.TextChoices):
    """The sheets a member is rated on: SheetCode's, in the order a member's sheet is offered."""

    PL4 = SheetCode.PL4.value, SheetCode.PL4.label
    PL5 = SheetCode.PL5.value, SheetCode.PL5.label
    PL3 = SheetCode.PL3.value, SheetCode.PL3.label


class CriterionGroup(models.TextChoices):
    GENERAL = "general", "Nhóm tiêu chí chung"
    TASKS = "tasks", "Nhóm tiêu chí về kết quả thực hiện nhiệm vụ"
    # Phụ lục 1's split between groups was not found (domain-rules §2.2 [U]).
    UNGROUPED = "", "Chưa chia nhóm"


class Measure(models.TextChoices):
    """The fixed library of computed criteria (ratings.measures reads them in bulk)."""

    MEMBER_SHARE = "member_share", "Tỷ lệ đảng viên được xếp loại từ mức … trở lên (%)"
    REGULAR_MEETINGS = "regular_meetings", "Số kỳ sinh hoạt thường kỳ trong năm"
    THEMATIC_MEETINGS = "thematic_meetings", "Số buổi sinh hoạt chuyên đề trong năm"
    THEMATIC_QUARTERS = "thematic_quarters", "Số quý có sinh hoạt chuyên đề"
    GOOD_MEETING_SHARE = "good_meeting_share", "Tỷ lệ buổi sinh hoạt xếp loại Tốt (%)"
    ATTENDANCE_SHARE = "attendance_share", "Tỷ lệ lượt đảng viên dự sinh hoạt thường kỳ (%)"
    MEMBERS_DISCIPLINED = "members_disciplined", "Số đảng viên bị kỷ luật trong năm"
    COMMITTEE_DISCIPLINED = "committee_disciplined", "Số cấp ủy viên bị kỷ luật trong năm"
    ORG_LEVEL = "org_level", "Xếp loại chất lượng của tổ chức trong năm"
    BRANCHES_CLEAN_SHARE = "branches_clean_share", "Tỷ lệ chi bộ trực thuộc không có đảng viên bị kỷ luật (%)"
    BRANCHES_LEADER_DISCIPLINED = (
        "branches_leader_disciplined",
        "Số chi bộ trực thuộc có cấp ủy viên bị kỷ luật",
    )


class Comparison(models.TextChoices):
    AT_LEAST = "ge", "≥ (từ … trở lên)"
    AT_MOST = "le", "≤ (không quá)"
    EQUAL = "eq", "= (bằng)"


class CriterionKind(models.TextChoices):
    COMPUTED = "computed", "Tính từ dữ liệu"
    MANUAL = "manual", "Tự báo cáo, có minh chứng"


class RecognitionStatus(models.TextChoices):
    REGISTERED = "registered", "Đã đăng ký"
    REPORTED = "reported", "Đã báo cáo tự đánh giá"
    APPRAISED = "appraised", "Đã thẩm định"
    RECOGNISED = "recognised", "Được công nhận"
    REFUSED = "refused", "Không công nhận"
    REVOKED = "revoked", "Đã hủy công nhận"


class ReportKind(models.TextChoices):
    ANNUAL = "annual", "Báo cáo kết quả kiểm điểm, đánh giá, xếp loại (PDF)"
    RATING_LIST = "rating_list", "Danh sách đảng viên xếp loại (PDF)"
    EXCEL = "excel", "Bảng số liệu đánh giá, xếp loại (Excel)"
