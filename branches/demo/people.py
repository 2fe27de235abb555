"""The demo's people: family, middle and given names (Kinh, Khmer, Hoa), occupations by where a chi bộ
is, political theory."""

from __future__ import annotations

from ..models import Organisation

Area = Organisation.Area


FAMILY = (
    ["Nguyễn"] * 30
    + ["Trần"] * 10
    + ["Lê"] * 9
    + ["Phạm"] * 6
    + ["Huỳnh"] * 5
    + ["Võ"] * 4
    + ["Phan"] * 3
    + ["Trương"] * 2
    + ["Đặng"] * 2
    + ["Bùi"] * 2
    + ["Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đoàn", "Châu", "Thái"]
)


MIDDLE_M = ["Văn"] * 6 + ["Minh", "Thanh", "Hoàng", "Quốc", "Hữu", "Công", "Đức", "Ngọc", "Thành"]


MIDDLE_F = ["Thị"] * 7 + ["Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Bích", "Hồng"]


GIVEN_M = "An Bình Cường Dũng Đạt Đông Hải Hậu Hiếu Hòa Hùng Huy Khang Khánh Kiệt Lâm Lộc Long Lợi Luân Minh Nam Nghĩa Nhân Phát Phong Phúc Phước Quang Sang Sơn Tài Tâm Tân Thắng Thành Thiện Thịnh Toàn Trí Trung Tuấn Tùng Vinh Vũ".split()


GIVEN_F = "Anh Ánh Bích Châu Diễm Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hồng Hương Huyền Lan Liên Linh Loan Mai My Nga Ngân Ngọc Nhung Oanh Phương Quyên Thảo Thơ Thủy Trang Trinh Tuyết Uyên Vân Xuân Yến".split()


KHMER_FAMILY = ["Thạch"] * 5 + ["Sơn"] * 4 + ["Kim"] * 3 + ["Danh", "Lâm", "Trà", "Kiên", "Thạch Thị"]


KHMER_GIVEN = "Sô Phal Sa Rết Sóc Kha Chanh Đa Ni Sa Ly Sà Rươne Sóc Phi Rô Tha Sa Rinh Ma Ra Si Phon Đa Ra Sóc Khenl Sa Vênh Kim Sang Chanh Thu".split(
    " "
)


HOA_FAMILY = ["Lâm", "Quách", "Tạ", "Hứa", "Lưu", "Mã"]


OCCUPATIONS = [
    "Nông dân",
    "Giáo viên",
    "Cán bộ, công chức",
    "Hưu trí",
    "Buôn bán",
    "Công nhân",
    "Y sĩ",
    "Viên chức",
]


# What the members of a chi bộ do, by where the chi bộ is; other places draw from OCCUPATIONS.
OCCUPATIONS_BY_AREA = {
    Area.HAMLET: ["Nông dân"] * 5 + ["Buôn bán", "Công nhân", "Giáo viên", "Nuôi trồng thủy sản"],
    Area.WARD_BLOCK: ["Buôn bán"] * 3 + ["Công nhân", "Cán bộ, công chức", "Viên chức", "Lao động tự do"],
    Area.SCHOOL: ["Giáo viên"] * 6 + ["Giảng viên", "Cán bộ quản lý giáo dục", "Nhân viên"],
    Area.HEALTH: ["Bác sĩ"] * 2 + ["Điều dưỡng"] * 2 + ["Y sĩ", "Dược sĩ", "Hộ sinh", "Kỹ thuật viên"],
    Area.ARMED_FORCES: ["Sĩ quan"] * 4 + ["Hạ sĩ quan", "Quân nhân chuyên nghiệp", "Chiến sĩ"],
    Area.AGENCY: ["Cán bộ, công chức"] * 4 + ["Viên chức", "Người lao động"],
    Area.PUBLIC_SERVICE: ["Viên chức"] * 4 + ["Người lao động"],
    Area.ENTERPRISE: ["Công nhân"] * 2 + ["Kỹ sư", "Nhân viên kinh doanh", "Kế toán", "Quản lý doanh nghiệp"],
}


THEORY = ["so_cap"] * 6 + ["trung_cap"] * 3 + ["cao_cap", ""]
