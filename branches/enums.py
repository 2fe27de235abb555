"""Every enumeration of branches, with the Vietnamese label people see: the organisation tree, the
member's lifecycle, the roles, the audit trail and the background jobs. A leaf module (it imports
nothing of the app): the models, rules, forms, the Excel reader and the apps above share one
spelling of each word."""

from __future__ import annotations

from django.db import models


class OrganisationKind(models.TextChoices):
    PROVINCE = "province", "Đảng bộ tỉnh"
    UPPER = "upper", "Đảng bộ cấp trên cơ sở"
    GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
    GRASSROOTS_CELL = "grassroots_cell", "Chi bộ cơ sở"
    SUB_COMMITTEE = "sub_committee", "Đảng bộ bộ phận"
    CELL = "cell", "Chi bộ trực thuộc"
    GROUP = "group", "Tổ đảng"


class OrganisationArea(models.TextChoices):
    NONE = "", "—"
    HAMLET = "ap", "Ấp"
    VILLAGE = "thon", "Thôn"
    WARD_BLOCK = "khom", "Khóm"
    RESIDENTIAL = "to_dan_pho", "Tổ dân phố"
    COMMUNE = "xa", "Xã"
    WARD = "phuong", "Phường"
    TOWNSHIP = "thi_tran", "Thị trấn"
    DISTRICT = "huyen", "Huyện / thị xã / thành phố"
    AGENCY = "co_quan", "Cơ quan"
    ENTERPRISE = "doanh_nghiep", "Doanh nghiệp"
    SCHOOL = "truong_hoc", "Trường học"
    HEALTH = "y_te", "Y tế"
    ARMED_FORCES = "luc_luong_vu_trang", "Lực lượng vũ trang"
    PUBLIC_SERVICE = "don_vi_su_nghiep", "Đơn vị sự nghiệp"
    OTHER = "khac", "Khác"


class LeaveReason(models.TextChoices):
    RESIGNED = "xin_ra", "Xin ra khỏi Đảng"
    STRUCK_OFF = "xoa_ten", "Xóa tên"
    EXPELLED = "khai_tru", "Khai trừ"
    DIED = "tu_tran", "Từ trần"


class Gender(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Đảng viên dự bị"
    OFFICIAL = "official", "Đảng viên chính thức"
    LEFT = "left", "Đã ra khỏi Đảng"
    DECEASED = "deceased", "Đã từ trần"


class MemberTheory(models.TextChoices):
    NONE = "", "Chưa qua đào tạo"
    ELEMENTARY = "so_cap", "Sơ cấp"
    INTERMEDIATE = "trung_cap", "Trung cấp"
    ADVANCED = "cao_cap", "Cao cấp"
    BACHELOR = "cu_nhan", "Cử nhân"


class PositionTitle(models.TextChoices):
    # In rank order: lists of posts are sorted by it.
    SECRETARY = "bi_thu", "Bí thư"
    DEPUTY_SECRETARY = "pho_bi_thu", "Phó bí thư"
    STANDING_MEMBER = "uv_btv", "Ủy viên Ban Thường vụ"
    COMMITTEE_MEMBER = "chi_uy_vien", "Chi ủy viên / cấp ủy viên"
    FOLLOWING_MEMBER = "phu_trach", "Cấp ủy viên phụ trách chi bộ"
    GROUP_LEADER = "to_truong", "Tổ trưởng tổ đảng"
    GROUP_DEPUTY = "to_pho", "Tổ phó tổ đảng"
    HAMLET_HEAD = "truong_ap", "Trưởng ấp / khóm"
    FRONT_HEAD = "truong_ban_mt", "Trưởng ban công tác Mặt trận"


class TransferKind(models.TextChoices):
    OFFICIAL = "official", "Chuyển sinh hoạt chính thức"
    TEMPORARY = "temporary", "Sinh hoạt tạm thời"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "Chờ nơi đến xác nhận"
    CONFIRMED = "confirmed", "Đã tiếp nhận"
    ENDED = "ended", "Đã kết thúc"
    CANCELLED = "cancelled", "Đã hủy"


class DisciplineForm(models.TextChoices):
    REPRIMAND = "khien_trach", "Khiển trách"
    WARNING = "canh_cao", "Cảnh cáo"
    DISMISSAL = "cach_chuc", "Cách chức"
    EXPULSION = "khai_tru", "Khai trừ"


class MemberEventKind(models.TextChoices):
    ADMITTED = "admitted", "Kết nạp (đảng viên dự bị)"
    RECOGNISED = "recognised", "Công nhận đảng viên chính thức"
    EXEMPTED = "exempted", "Miễn công tác và sinh hoạt đảng"
    EXEMPTION_ENDED = "exemption_ended", "Thôi miễn sinh hoạt"
    SUSPENDED = "suspended", "Đình chỉ sinh hoạt đảng"
    SUSPENSION_ENDED = "suspension_ended", "Hết đình chỉ sinh hoạt"
    TRANSFER_REQUESTED = "transfer_requested", "Giới thiệu chuyển sinh hoạt chính thức"
    TRANSFERRED = "transferred", "Chuyển sinh hoạt chính thức"
    TEMPORARY_REQUESTED = "temporary_requested", "Giới thiệu sinh hoạt tạm thời"
    TEMPORARY_STARTED = "temporary_started", "Bắt đầu sinh hoạt tạm thời"
    TEMPORARY_ENDED = "temporary_ended", "Kết thúc sinh hoạt tạm thời"
    TRANSFER_CANCELLED = "transfer_cancelled", "Hủy chuyển sinh hoạt"
    DISCIPLINED = "disciplined", "Kỷ luật"
    LEFT = "left", "Ra khỏi Đảng"
    DIED = "died", "Từ trần"
    POSITION_STARTED = "position_started", "Nhận chức vụ"
    POSITION_ENDED = "position_ended", "Thôi chức vụ"


class Role(models.TextChoices):
    SECRETARY = "secretary", "Bí thư / văn phòng chi bộ"
    REVIEWER = "reviewer", "Cấp ủy, ban xây dựng Đảng (xét duyệt)"
    PROVINCE_STAFF = "province_staff", "Ban Tổ chức Tỉnh ủy"
    ADMIN = "admin", "Quản trị hệ thống"


class ChangeAction(models.TextChoices):
    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Sửa"
    DELETE = "delete", "Xóa"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tạo"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Lỗi"
