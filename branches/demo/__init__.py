"""Deterministic demo data: a commune for `make run`, the Trà Vinh province for benchmarks.

The province shape follows the seed article (Trà Vinh, 2022): 13 organisations under the
provincial committee, 519 grassroots organisations (196 đảng bộ cơ sở, 323 chi bộ cơ sở), 2,006
chi bộ trực thuộc, 46,437 members of whom 14,732 women, 8,013 Khmer, 170 Hoa, 14.99 % exempt.
Its tree uses the province's real districts, communes, wards and townships of that year; the
units below them (hamlets, offices, schools, police teams) are plausible, not a register.
Rows are bulk-inserted; nothing here goes through the per-row services except the few lifecycle
stories of the commune demo, which should look like real use. The same seed gives the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from .. import rules
from ..models import Member, MemberEvent, Organisation, Position, RoleAssignment
from ..text import fold, name_sort_key

Kind = Organisation.Kind
Area = Organisation.Area
DEMO_PASSWORD = "demo12345"
TODAY = date(2026, 11, 22)

FAMILY = (
    ["Nguyễn"] * 30 + ["Trần"] * 10 + ["Lê"] * 9 + ["Phạm"] * 6 + ["Huỳnh"] * 5 + ["Võ"] * 4
    + ["Phan"] * 3 + ["Trương"] * 2 + ["Đặng"] * 2 + ["Bùi"] * 2 + ["Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đoàn", "Châu", "Thái"]
)
MIDDLE_M = ["Văn"] * 6 + ["Minh", "Thanh", "Hoàng", "Quốc", "Hữu", "Công", "Đức", "Ngọc", "Thành"]
MIDDLE_F = ["Thị"] * 7 + ["Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Bích", "Hồng"]
GIVEN_M = "An Bình Cường Dũng Đạt Đông Hải Hậu Hiếu Hòa Hùng Huy Khang Khánh Kiệt Lâm Lộc Long Lợi Luân Minh Nam Nghĩa Nhân Phát Phong Phúc Phước Quang Sang Sơn Tài Tâm Tân Thắng Thành Thiện Thịnh Toàn Trí Trung Tuấn Tùng Vinh Vũ".split()
GIVEN_F = "Anh Ánh Bích Châu Diễm Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hồng Hương Huyền Lan Liên Linh Loan Mai My Nga Ngân Ngọc Nhung Oanh Phương Quyên Thảo Thơ Thủy Trang Trinh Tuyết Uyên Vân Xuân Yến".split()
KHMER_FAMILY = ["Thạch"] * 5 + ["Sơn"] * 4 + ["Kim"] * 3 + ["Danh", "Lâm", "Trà", "Kiên", "Thạch Thị"]
KHMER_GIVEN = "Sô Phal Sa Rết Sóc Kha Chanh Đa Ni Sa Ly Sà Rươne Sóc Phi Rô Tha Sa Rinh Ma Ra Si Phon Đa Ra Sóc Khenl Sa Vênh Kim Sang Chanh Thu".split(" ")
HOA_FAMILY = ["Lâm", "Quách", "Tạ", "Hứa", "Lưu", "Mã"]
OCCUPATIONS = ["Nông dân", "Giáo viên", "Cán bộ, công chức", "Hưu trí", "Buôn bán", "Công nhân", "Y sĩ", "Viên chức"]
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
RESIDENTIAL = {Area.HAMLET, Area.WARD_BLOCK}
THEORY = ["so_cap"] * 6 + ["trung_cap"] * 3 + ["cao_cap", ""]
HAMLET_NAMES = [
    "Chợ Dưới", "Tân Hạnh", "Phước Hòa", "Ô Đùng", "Bà Nhì", "Sóc Tro", "Cây Da", "Cà Săng", "Ngãi Lợi", "Đại Trường",
    "Bến Có", "Chông Bát", "Phú Thọ", "Ô Rồm", "Hòa Lạc", "Long Hiệp", "Trà Kha", "Nguyệt Lãng", "Rạch Sen", "Cây Gòn",
    "Đầu Giồng", "Tân Thành", "Phú Hòa", "Giồng Lức", "Sa Bình",
]
# The province draws each commune's hamlets from a longer list, without repeats inside a commune.
PROVINCE_HAMLET_NAMES = HAMLET_NAMES + [
    "Sóc Chà", "Ba Se", "Lò Ngò", "Trà Tro", "Bà Trầm", "Xoài Xiêm", "Ô Chát", "Giồng Tranh", "Cầu Tre", "Bãi Vàng",
    "Mé Rạch", "Rạch Bót", "Phú Mỹ", "Tân Lập", "Long Bình", "An Định", "Kinh Xáng", "Ngã Ba", "Sóc Ruộng", "Cây Xoài",
    "Đầu Bờ", "Ô Tre", "Ba Cụm", "Lạc Thạnh", "Thanh Nguyên", "Mỹ Quý", "Cồn Phụng", "Bến Chùa", "Nô Công", "Chợ",
    "Giồng Giữa", "Đại Thôn", "Bến Thế", "Kinh Đào", "Tân Định", "Láng Chim", "Sóc Mới", "Ô Lắc", "Trà Mềm", "Năm Căn",
]
COMMUNE_NAMES = [
    "Phước Hưng", "Đại Phúc", "Tập Sơn", "Hiếu Tử", "Long Hiệp", "Ngãi Xuyên", "Tân Hòa", "Hùng Hòa", "Phong Thạnh",
    "Tân Sơn", "Hàm Giang", "Kim Sơn", "An Quảng Hữu", "Lưu Nghiệp Anh", "Thanh Sơn", "Định An", "Đôn Xuân", "Long Sơn",
    "Hiệp Mỹ", "Mỹ Long", "Vinh Kim", "Kim Hòa", "Hòa Lợi", "Song Lộc", "Lương Hòa", "Đa Lộc", "Hưng Mỹ", "Phước Hảo",
    "Nhị Trường", "Thạnh Hòa Sơn", "Trường Thọ", "Hiệp Hòa", "Tam Ngãi", "Phong Phú", "An Phú Tân", "Ninh Thới",
    "Châu Điền", "Hòa Ân", "Thông Hòa", "Thạnh Phú", "Long Thới", "Tân Hùng", "Phú Cần", "Hòa Tân", "Huyền Hội",
    "Đại Phước", "Nhị Long", "Mỹ Cẩm", "Đức Mỹ", "Bình Phú", "Tân An", "An Trường", "Phương Thạnh", "Tân Bình",
]
AGENCY_CELLS = ["Trường Tiểu học", "Trường THCS", "Trạm Y tế", "Công an", "Quân sự", "Hợp tác xã", "Trường Mầm non"]

# Trà Vinh in 2022: nine district-level committees and their 106 communes, wards and townships.
DISTRICT_UNITS = [
    ("Thành ủy Trà Vinh", "thành phố Trà Vinh", [*(f"Phường {n}" for n in range(1, 10)), "xã Long Đức"]),
    ("Thị ủy Duyên Hải", "thị xã Duyên Hải", [
        "Phường 1", "Phường 2", "xã Long Toàn", "xã Long Hữu", "xã Dân Thành", "xã Trường Long Hòa", "xã Hiệp Thạnh",
    ]),
    ("Huyện ủy Càng Long", "huyện Càng Long", [
        "thị trấn Càng Long", "xã An Trường", "xã An Trường A", "xã Bình Phú", "xã Đại Phúc", "xã Đại Phước", "xã Đức Mỹ",
        "xã Huyền Hội", "xã Mỹ Cẩm", "xã Nhị Long", "xã Nhị Long Phú", "xã Phương Thạnh", "xã Tân An", "xã Tân Bình",
    ]),
    ("Huyện ủy Cầu Kè", "huyện Cầu Kè", [
        "thị trấn Cầu Kè", "xã An Phú Tân", "xã Châu Điền", "xã Hòa Ân", "xã Hòa Tân", "xã Ninh Thới", "xã Phong Phú",
        "xã Phong Thạnh", "xã Tam Ngãi", "xã Thạnh Phú", "xã Thông Hòa",
    ]),
    ("Huyện ủy Tiểu Cần", "huyện Tiểu Cần", [
        "thị trấn Tiểu Cần", "thị trấn Cầu Quan", "xã Hiếu Trung", "xã Hiếu Tử", "xã Hùng Hòa", "xã Long Thới",
        "xã Ngãi Hùng", "xã Phú Cần", "xã Tân Hòa", "xã Tân Hùng", "xã Tập Ngãi",
    ]),
    ("Huyện ủy Châu Thành", "huyện Châu Thành", [
        "thị trấn Châu Thành", "xã Đa Lộc", "xã Hòa Lợi", "xã Hòa Minh", "xã Hòa Thuận", "xã Hưng Mỹ", "xã Long Hòa",
        "xã Lương Hòa", "xã Lương Hòa A", "xã Mỹ Chánh", "xã Nguyệt Hóa", "xã Phước Hảo", "xã Song Lộc", "xã Thanh Mỹ",
    ]),
    ("Huyện ủy Cầu Ngang", "huyện Cầu Ngang", [
        "thị trấn Cầu Ngang", "thị trấn Mỹ Long", "xã Hiệp Hòa", "xã Hiệp Mỹ Đông", "xã Hiệp Mỹ Tây", "xã Kim Hòa",
        "xã Long Sơn", "xã Mỹ Hòa", "xã Mỹ Long Bắc", "xã Mỹ Long Nam", "xã Nhị Trường", "xã Thạnh Hòa Sơn",
        "xã Thuận Hòa", "xã Trường Thọ", "xã Vinh Kim",
    ]),
    ("Huyện ủy Trà Cú", "huyện Trà Cú", [
        "thị trấn Trà Cú", "thị trấn Định An", "xã An Quảng Hữu", "xã Đại An", "xã Định An", "xã Hàm Giang", "xã Hàm Tân",
        "xã Kim Sơn", "xã Long Hiệp", "xã Lưu Nghiệp Anh", "xã Ngãi Xuyên", "xã Ngọc Biên", "xã Phước Hưng",
        "xã Tân Hiệp", "xã Tân Sơn", "xã Tập Sơn", "xã Thanh Sơn",
    ]),
    ("Huyện ủy Duyên Hải", "huyện Duyên Hải", [
        "thị trấn Long Thành", "xã Đôn Châu", "xã Đôn Xuân", "xã Đông Hải", "xã Long Khánh", "xã Long Vĩnh", "xã Ngũ Lạc",
    ]),
]
BLOC_UPPERS = [
    ("Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh", Area.AGENCY),
    ("Đảng ủy Quân sự tỉnh", Area.ARMED_FORCES),
    ("Đảng ủy Công an tỉnh", Area.ARMED_FORCES),
    ("Đảng ủy Bộ đội Biên phòng tỉnh", Area.ARMED_FORCES),
]
DISTRICTS = [(name, Area.DISTRICT) for name, _, _ in DISTRICT_UNITS] + BLOC_UPPERS
# Where Khmer members live: mostly the southern and eastern districts (weights by district index).
KHMER_WEIGHT = [1, 2, 1, 3, 3, 3, 4, 6, 3, 1, 1, 1, 1]
HAMLETS_IN_PROVINCE = 810  # ấp and khóm, each with its chi bộ

# The chi bộ inside a đảng bộ cơ sở, by the kind of body: (area, named units, numbered unit).
SUBUNITS = {
    "government": (Area.AGENCY, [
        "Văn phòng HĐND và UBND", "Phòng Nội vụ", "Phòng Tài chính – Kế hoạch", "Phòng Tư pháp", "Phòng Kinh tế và Hạ tầng",
        "Phòng Tài nguyên và Môi trường", "Phòng Lao động – Thương binh và Xã hội", "Phòng Văn hóa và Thông tin",
        "Phòng Nông nghiệp và Phát triển nông thôn", "Thanh tra", "Phòng Dân tộc", "Phòng Y tế",
    ], "Tổ công tác"),
    "party": (Area.AGENCY, [
        "Văn phòng cấp ủy", "Ban Tổ chức", "Ban Tuyên giáo", "Ủy ban Kiểm tra", "Ban Dân vận", "Ủy ban Mặt trận Tổ quốc",
        "Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên", "Hội Cựu chiến binh", "Trung tâm Chính trị",
    ], "Tổ công tác"),
    "military": (Area.ARMED_FORCES, ["Ban Tham mưu", "Ban Chính trị", "Ban Hậu cần – Kỹ thuật"], "Đại đội"),
    "police": (Area.ARMED_FORCES, [
        "Đội Tổng hợp", "Đội An ninh", "Đội Cảnh sát hình sự", "Đội Cảnh sát điều tra tội phạm về kinh tế và ma túy",
        "Đội Cảnh sát giao thông – trật tự", "Đội Cảnh sát quản lý hành chính về trật tự xã hội",
        "Đội Cảnh sát thi hành án hình sự và hỗ trợ tư pháp", "Đội Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    ], "Đội"),
    "border": (Area.ARMED_FORCES, [
        "Đội Tham mưu – Hành chính", "Đội Vận động quần chúng", "Đội Trinh sát", "Đội Kiểm soát hành chính",
    ], "Tổ công tác"),
    "agency": (Area.AGENCY, [
        "Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch – Tài chính", "Thanh tra", "Phòng Quản lý chuyên ngành",
    ], "Phòng Nghiệp vụ"),
    "school": (Area.SCHOOL, [
        "Khoa Kinh tế, Luật", "Khoa Nông nghiệp – Thủy sản", "Khoa Kỹ thuật và Công nghệ", "Khoa Y – Dược", "Khoa Sư phạm",
        "Khoa Ngôn ngữ – Văn hóa – Nghệ thuật Khmer Nam Bộ", "Khoa Ngoại ngữ", "Phòng Đào tạo", "Phòng Tổ chức – Hành chính",
    ], "Bộ môn"),
    "hospital": (Area.HEALTH, [
        "Khoa Khám bệnh", "Khoa Nội", "Khoa Ngoại", "Khoa Sản", "Khoa Nhi", "Khoa Hồi sức tích cực – Chống độc",
        "Khoa Cấp cứu", "Khoa Dược", "Khoa Xét nghiệm", "Khoa Chẩn đoán hình ảnh", "Phòng Kế hoạch tổng hợp",
        "Phòng Điều dưỡng", "Phòng Tài chính – Kế toán",
    ], "Khoa lâm sàng"),
    "enterprise": (Area.ENTERPRISE, [
        "Văn phòng", "Phòng Kỹ thuật", "Phòng Kinh doanh", "Phòng Tài chính – Kế toán",
        *(f"Chi nhánh {place.split(' ', 1)[1]}" for _, place, _ in DISTRICT_UNITS[2:]),
    ], "Xí nghiệp"),
}
# A large school or hospital has more chi bộ than a small office.
SUBUNIT_WEIGHT = {"school": 2.5, "hospital": 2.0, "enterprise": 1.3}
COMMUNE_OFFICE_CELLS = [
    ("Chi bộ Cơ quan Đảng – Mặt trận", Area.AGENCY), ("Chi bộ Cơ quan Chính quyền", Area.AGENCY),
    ("Chi bộ Quân sự", Area.ARMED_FORCES), ("Chi bộ Công an", Area.ARMED_FORCES),
]
# Đảng bộ cơ sở of the bloc committees; the agencies list is long enough to reach the total.
PROVINCE_AGENCIES = [
    ("Cơ quan Văn phòng Ủy ban nhân dân tỉnh", "agency"), ("Sở Giáo dục và Đào tạo", "agency"), ("Sở Y tế", "agency"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "agency"), ("Sở Tài chính", "agency"), ("Sở Kế hoạch và Đầu tư", "agency"),
    ("Sở Giao thông vận tải", "agency"), ("Sở Xây dựng", "agency"), ("Sở Tài nguyên và Môi trường", "agency"),
    ("Sở Lao động – Thương binh và Xã hội", "agency"), ("Sở Văn hóa, Thể thao và Du lịch", "agency"),
    ("Sở Công Thương", "agency"), ("Sở Nội vụ", "agency"), ("Sở Tư pháp", "agency"), ("Sở Khoa học và Công nghệ", "agency"),
    ("Sở Thông tin và Truyền thông", "agency"), ("Thanh tra tỉnh", "agency"), ("Ban Dân tộc tỉnh", "agency"),
    ("Trường Đại học Trà Vinh", "school"), ("Trường Chính trị tỉnh", "school"), ("Trường Cao đẳng Nghề Trà Vinh", "school"),
    ("Bệnh viện Đa khoa tỉnh Trà Vinh", "hospital"), ("Bệnh viện Y dược cổ truyền tỉnh", "hospital"),
    ("Trung tâm Kiểm soát bệnh tật tỉnh", "hospital"), ("Đài Phát thanh và Truyền hình Trà Vinh", "agency"),
    ("Báo Trà Vinh", "agency"), ("Công ty Điện lực Trà Vinh", "enterprise"),
    ("Công ty Cổ phần Cấp thoát nước Trà Vinh", "enterprise"), ("Ngân hàng Nhà nước chi nhánh tỉnh Trà Vinh", "agency"),
    ("Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Trà Vinh", "enterprise"),
    ("Kho bạc Nhà nước Trà Vinh", "agency"), ("Cục Thuế tỉnh", "agency"), ("Bảo hiểm xã hội tỉnh", "agency"),
    ("Viễn thông Trà Vinh", "enterprise"), ("Bưu điện tỉnh Trà Vinh", "enterprise"), ("Tòa án nhân dân tỉnh", "agency"),
    ("Viện Kiểm sát nhân dân tỉnh", "agency"), ("Cục Thi hành án dân sự tỉnh", "agency"), ("Cục Thống kê tỉnh", "agency"),
    ("Ban Quản lý Khu kinh tế tỉnh", "agency"), ("Cơ quan Ủy ban Mặt trận Tổ quốc tỉnh", "agency"),
    ("Công ty Cổ phần Dược phẩm Trà Vinh", "enterprise"),
]
MILITARY_UNITS = [
    ("Cơ quan Bộ Chỉ huy Quân sự tỉnh", "military"), ("Trường Quân sự tỉnh", "military"),
    ("Tiểu đoàn Huấn luyện – Cơ động", "military"),
]
POLICE_UNITS = [
    ("Phòng Cảnh sát hình sự", "police"), ("Phòng Cảnh sát giao thông", "police"),
    ("Phòng An ninh chính trị nội bộ", "police"), ("Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ", "police"),
    ("Phòng Tham mưu", "police"), ("Trại tạm giam", "police"),
]
BORDER_UNITS = [
    ("Cơ quan Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "border"), ("Đồn Biên phòng Long Khánh", "border"),
    ("Đồn Biên phòng Trường Long Hòa", "border"), ("Đồn Biên phòng Đông Hải", "border"),
    ("Hải đội Biên phòng", "border"),
]
# Chi bộ cơ sở: offices of every district, its schools, and the smaller bodies of the blocs.
DISTRICT_OFFICES = [
    ("Tòa án nhân dân", Area.AGENCY), ("Viện Kiểm sát nhân dân", Area.AGENCY), ("Chi cục Thuế", Area.AGENCY),
    ("Kho bạc Nhà nước", Area.AGENCY), ("Chi cục Thi hành án dân sự", Area.AGENCY), ("Bảo hiểm xã hội", Area.AGENCY),
    ("Trung tâm Y tế", Area.HEALTH), ("Phòng Giáo dục và Đào tạo", Area.AGENCY),
    ("Phòng Giao dịch Ngân hàng Chính sách xã hội", Area.AGENCY),
    ("Trung tâm Văn hóa – Thể thao và Truyền thanh", Area.PUBLIC_SERVICE),
]
SCHOOL_LEVELS = ["Trường THCS", "Trường Tiểu học", "Trường Mầm non"]
BLOC_CELLS = [
    [
        ("Ban Quản lý dự án đầu tư xây dựng tỉnh", Area.AGENCY), ("Quỹ Đầu tư phát triển tỉnh", Area.AGENCY),
        ("Liên minh Hợp tác xã tỉnh", Area.AGENCY), ("Hội Chữ thập đỏ tỉnh", Area.AGENCY),
        ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", Area.AGENCY), ("Hội Văn học – Nghệ thuật tỉnh", Area.AGENCY),
        ("Công ty Xổ số kiến thiết Trà Vinh", Area.ENTERPRISE), ("Trung tâm Phục vụ hành chính công tỉnh", Area.PUBLIC_SERVICE),
        ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch", Area.PUBLIC_SERVICE), ("Bảo tàng tỉnh", Area.PUBLIC_SERVICE),
        ("Thư viện tỉnh", Area.PUBLIC_SERVICE), ("Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", Area.PUBLIC_SERVICE),
        ("Trường Cao đẳng Y tế Trà Vinh", Area.SCHOOL), ("Công ty Cổ phần Công trình đô thị Trà Vinh", Area.ENTERPRISE),
        ("Ngân hàng TMCP Công Thương chi nhánh Trà Vinh", Area.ENTERPRISE),
        ("Ngân hàng TMCP Đầu tư và Phát triển chi nhánh Trà Vinh", Area.ENTERPRISE),
        ("Ngân hàng TMCP Ngoại thương chi nhánh Trà Vinh", Area.ENTERPRISE), ("Chi cục Kiểm lâm", Area.AGENCY),
        ("Chi cục Thủy sản", Area.AGENCY), ("Trung tâm Công nghệ thông tin và Truyền thông", Area.PUBLIC_SERVICE),
    ],
    [("Đại đội Trinh sát", Area.ARMED_FORCES), ("Kho Kỹ thuật", Area.ARMED_FORCES)],
    [("Phòng Hồ sơ", Area.ARMED_FORCES), ("Phòng Quản lý xuất nhập cảnh", Area.ARMED_FORCES), ("Phòng Kỹ thuật hình sự", Area.ARMED_FORCES)],
    [("Đội Đặc nhiệm phòng, chống ma túy và tội phạm", Area.ARMED_FORCES)],
]


# The office chi bộ of the commune demo's đảng bộ cơ quan (the province uses COMMUNE_OFFICE_CELLS).
COMMUNE_DEMO_OFFICES = ["Cơ quan Đảng – Mặt trận", "Cơ quan chính quyền", "Quân sự – Công an", "Trạm Y tế"]


@dataclass(frozen=True)
class Shape:
    """How much to build. Counts are totals across the province."""

    uppers: int
    grassroots_committees: int
    grassroots_cells: int
    cells: int
    members: int
    women: int
    khmer: int
    hoa: int
    exempt_share: float


COMMUNE = Shape(uppers=2, grassroots_committees=1, grassroots_cells=2, cells=8, members=180, women=60, khmer=30, hoa=2, exempt_share=0.15)
PROVINCE = Shape(
    uppers=13, grassroots_committees=196, grassroots_cells=323, cells=2006, members=46437,
    women=14732, khmer=8013, hoa=170, exempt_share=0.1499,
)


@dataclass
class Built:
    province: Organisation
    uppers: list[Organisation] = field(default_factory=list)
    branches: list[Organisation] = field(default_factory=list)
    members: int = 0
    # Hamlet and ward-block chi bộ -> their commune, the usual quê quán of the people living there.
    places: dict[int, str] = field(default_factory=dict)


def _home_town(unit: str, district: str) -> str:
    return f"{unit}, {district}, tỉnh Trà Vinh"


HOME_TOWNS = [_home_town(unit, district) for _, district, units in DISTRICT_UNITS for unit in units]
HOME_TOWN_OF_UNIT = {unit: _home_town(unit, district) for _, district, units in DISTRICT_UNITS for unit in units}
# Who is a woman, relative to the province's average, by where the chi bộ is.
FEMALE_WEIGHT = {Area.ARMED_FORCES: 0.3, Area.SCHOOL: 2.0, Area.HEALTH: 2.0}


def _unit_area(unit: str) -> str:
    if unit.startswith("Phường"):
        return Area.WARD
    return Area.TOWNSHIP if unit.startswith("thị trấn") else Area.COMMUNE


def _place_name(unit: str) -> str:
    """The name a school takes from its commune: "xã Long Đức" -> "Long Đức"."""
    return unit.removeprefix("xã ").removeprefix("thị trấn ")


def _apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, exactly (largest remainders get the spare units)."""
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class Builder:
    def __init__(self, shape: Shape, seed: int):
        self.shape, self.rng = shape, random.Random(seed)
        self.codes = 0

    def _code(self, prefix: str) -> str:
        self.codes += 1
        return f"{prefix}{self.codes:05d}"

    def _orgs(self, specs: list[tuple[Organisation | None, str, str, str]]) -> list[Organisation]:
        """Insert one level of the tree, then set paths from the new primary keys."""
        founded = date(1976, 1, 1)
        rows = [
            Organisation(
                parent=parent, kind=kind, name=name, area_type=area, code=self._code("TV"),
                depth=parent.depth + 1 if parent else 0, founded_on=founded,
                online_pilot=self.rng.random() < 0.05,
            )
            for parent, kind, name, area in specs
        ]
        Organisation.objects.bulk_create(rows, batch_size=1000)
        for org in rows:
            org.path = f"{org.parent.path if org.parent else '/'}{org.pk}/"
        Organisation.objects.bulk_update(rows, ["path"], batch_size=1000)
        return rows

    def _split(self, total: int, parts: int, minimum: int = 1) -> list[int]:
        """`total` spread over `parts` buckets, each at least `minimum`, roughly even but uneven."""
        weights = [self.rng.uniform(0.6, 1.4) for _ in range(parts)]
        spare = total - minimum * parts
        counts = [minimum + int(spare * w / sum(weights)) for w in weights]
        for i in range(total - sum(counts)):
            counts[i % parts] += 1
        return counts

    def _sizes(self, total: int, weights: list[float], minimum: int) -> list[int]:
        """`total` over one bucket per weight, each at least `minimum`, uneven around the weights."""
        jittered = [w * self.rng.uniform(0.6, 1.4) for w in weights]
        return [minimum + n for n in _apportion(total - minimum * len(weights), jittered)]

    def build_tree(self) -> Built:
        return self._commune_tree() if self.shape is COMMUNE else self._province_tree()

    def _commune_tree(self) -> Built:
        """Communes of today's shape: the đảng ủy xã holds its chi bộ ấp directly."""
        s = self.shape
        province = self._orgs([(None, Kind.PROVINCE, "Đảng bộ tỉnh Trà Vinh", "")])[0]
        built = Built(province=province)
        communes = COMMUNE_NAMES[: s.uppers]
        built.uppers = self._orgs([(province, Kind.UPPER, f"Đảng bộ xã {n}", Area.COMMUNE) for n in communes])

        committees_per = self._split(s.grassroots_committees, s.uppers, 0)
        cells_per = self._split(s.grassroots_cells, s.uppers, 0)
        specs = []
        for commune, upper, n_committees, n_cells in zip(communes, built.uppers, committees_per, cells_per, strict=True):
            for _ in range(n_committees):
                specs.append((upper, Kind.GRASSROOTS_COMMITTEE, f"Đảng bộ cơ quan xã {commune}", Area.AGENCY))
            for i in range(n_cells):
                area = Area.SCHOOL if i % 7 in (0, 1, 6) else Area.AGENCY
                specs.append((upper, Kind.GRASSROOTS_CELL, f"Chi bộ {AGENCY_CELLS[i % len(AGENCY_CELLS)]} {commune}", area))
        grassroots = self._orgs(specs)

        committees = [g for g in grassroots if g.kind == Kind.GRASSROOTS_COMMITTEE]
        hosts = [*committees, *built.uppers]
        cell_specs = []
        for h, (host, n) in enumerate(zip(hosts, self._split(s.cells, len(hosts), 1), strict=True)):
            for i in range(n):
                if host.kind == Kind.GRASSROOTS_COMMITTEE:
                    cell_specs.append((host, Kind.CELL, f"Chi bộ {COMMUNE_DEMO_OFFICES[i % len(COMMUNE_DEMO_OFFICES)]}", Area.AGENCY))
                else:
                    hamlet = HAMLET_NAMES[(i + 7 * h) % len(HAMLET_NAMES)]
                    suffix = f" {i // len(HAMLET_NAMES) + 1}" if i >= len(HAMLET_NAMES) else ""
                    cell_specs.append((host, Kind.CELL, f"Chi bộ ấp {hamlet}{suffix}", Area.HAMLET))
        cells = self._orgs(cell_specs)
        built.branches = [*cells, *(g for g in grassroots if g.kind == Kind.GRASSROOTS_CELL)]
        for cell in cells:
            if cell.area_type == Area.HAMLET:
                unit = "xã " + cell.parent.name.removeprefix("Đảng bộ xã ")
                built.places[cell.pk] = HOME_TOWN_OF_UNIT.get(unit, f"{unit}, tỉnh Trà Vinh")
        return built

    def _province_tree(self) -> Built:
        """Trà Vinh, 2022: tỉnh → huyện ủy or bloc → đảng bộ cơ sở | chi bộ cơ sở → chi bộ trực thuộc."""
        s = self.shape
        if s.uppers != len(DISTRICTS):
            raise ValueError(f"The province shape has {len(DISTRICTS)} upper organisations, not {s.uppers}.")
        province = self._orgs([(None, Kind.PROVINCE, "Đảng bộ tỉnh Trà Vinh", "")])[0]
        built = Built(province=province)
        built.uppers = self._orgs([(province, Kind.UPPER, name, area) for name, area in DISTRICTS])
        districts, blocs = built.uppers[: len(DISTRICT_UNITS)], built.uppers[len(DISTRICT_UNITS) :]
        agencies, military, police, border = blocs

        # Đảng bộ cơ sở: every commune, ward and township; three bodies of each district; the blocs'
        # units, topped up with provincial agencies to the shape's total.
        committees: list[tuple[Organisation, str, str, str, str]] = []  # upper, name, area, subunits, home town
        for upper, (_, district, units) in zip(districts, DISTRICT_UNITS, strict=True):
            for unit in units:
                committees.append((upper, f"Đảng bộ {unit}", _unit_area(unit), "commune", _home_town(unit, district)))
            committees += [
                (upper, f"Đảng bộ Cơ quan Chính quyền {district}", Area.AGENCY, "government", ""),
                (upper, f"Đảng bộ Các cơ quan Đảng – Đoàn thể {district}", Area.AGENCY, "party", ""),
                (upper, f"Đảng bộ Quân sự {district}", Area.ARMED_FORCES, "military", ""),
            ]
        district_police = [(f"Công an {district}", "police") for _, district, _ in DISTRICT_UNITS]
        for upper, units in ((military, MILITARY_UNITS), (police, district_police + POLICE_UNITS), (border, BORDER_UNITS)):
            committees += [(upper, f"Đảng bộ {name}", SUBUNITS[key][0], key, "") for name, key in units]
        wanted = s.grassroots_committees - len(committees)
        if not 0 <= wanted <= len(PROVINCE_AGENCIES):
            raise ValueError(f"Cannot make {s.grassroots_committees} đảng bộ cơ sở from the province's lists.")
        committees += [(agencies, f"Đảng bộ {name}", SUBUNITS[key][0], key, "") for name, key in PROVINCE_AGENCIES[:wanted]]

        # Chi bộ cơ sở: the blocs' small bodies, each district's offices, then its schools.
        grassroots_cells = []
        for upper, bodies in zip(blocs, BLOC_CELLS, strict=True):
            grassroots_cells += [(upper, Kind.GRASSROOTS_CELL, f"Chi bộ {name}", area) for name, area in bodies]
        schools = s.grassroots_cells - len(grassroots_cells) - len(DISTRICT_OFFICES) * len(districts)
        quotas = _apportion(schools, [len(units) for _, _, units in DISTRICT_UNITS])
        for upper, (_, district, units), quota in zip(districts, DISTRICT_UNITS, quotas, strict=True):
            grassroots_cells += [(upper, Kind.GRASSROOTS_CELL, f"Chi bộ {office} {district}", area) for office, area in DISTRICT_OFFICES]
            names = [f"Chi bộ {level} {_place_name(unit)}" for level in SCHOOL_LEVELS for unit in units]
            if not 0 <= quota <= len(names):
                raise ValueError(f"Cannot make {s.grassroots_cells} chi bộ cơ sở from the province's lists.")
            grassroots_cells += [(upper, Kind.GRASSROOTS_CELL, name, Area.SCHOOL) for name in names[:quota]]
        grassroots = self._orgs([(upper, Kind.GRASSROOTS_COMMITTEE, name, area) for upper, name, area, _, _ in committees] + grassroots_cells)

        # Chi bộ trực thuộc: a commune has one per hamlet (ấp) or ward block (khóm) plus its four
        # office chi bộ; every other đảng bộ cơ sở has a few, more in a university or hospital.
        with_specs = list(zip(grassroots[: len(committees)], committees, strict=True))
        communal = [(org, spec) for org, spec in with_specs if spec[3] == "commune"]
        others = [(org, spec) for org, spec in with_specs if spec[3] != "commune"]
        hamlets = self._sizes(HAMLETS_IN_PROVINCE, [1.0] * len(communal), 4)
        rest = s.cells - HAMLETS_IN_PROVINCE - len(COMMUNE_OFFICE_CELLS) * len(communal)
        office_cells = self._sizes(rest, [SUBUNIT_WEIGHT.get(spec[3], 1.0) for _, spec in others], 3)
        cell_specs, cell_towns = [], []
        for (org, spec), n in zip(communal, hamlets, strict=True):
            if org.area_type == Area.COMMUNE:
                labels = [(f"Chi bộ ấp {name}", Area.HAMLET) for name in self.rng.sample(PROVINCE_HAMLET_NAMES, n)]
            else:
                labels = [(f"Chi bộ khóm {k}", Area.WARD_BLOCK) for k in range(1, n + 1)]
            for label, area in labels + COMMUNE_OFFICE_CELLS:
                cell_specs.append((org, Kind.CELL, label, area))
                cell_towns.append(spec[4] if area in RESIDENTIAL else "")
        for (org, spec), n in zip(others, office_cells, strict=True):
            area, named, numbered = SUBUNITS[spec[3]]
            labels = named[:n] + [f"{numbered} {k}" for k in range(1, n - len(named) + 1)]
            cell_specs += [(org, Kind.CELL, f"Chi bộ {label}", area) for label in labels]
            cell_towns += [""] * n
        cells = self._orgs(cell_specs)
        built.places = {cell.pk: town for cell, town in zip(cells, cell_towns, strict=True) if town}
        built.branches = [*cells, *(g for g in grassroots if g.kind == Kind.GRASSROOTS_CELL)]
        return built

    def _pick(self, count: int, weights: list[float]) -> set[int]:
        """Exactly `count` indices, drawn with the given weights (Efraimidis–Spirakis keys).

        A zero weight is never drawn.
        """
        keys = [self.rng.random() ** (1 / w) if w > 0 else -1.0 for w in weights]
        if sum(1 for w in weights if w > 0) < count:
            raise ValueError(f"Cannot pick {count} from {len(weights)} with these weights.")
        return set(sorted(range(len(weights)), key=lambda i: -keys[i])[:count])

    def _person(self, female: bool, ethnicity: str) -> str:
        rng = self.rng
        if ethnicity == "Khmer":
            family = rng.choice(KHMER_FAMILY)
            if not female:
                family = family.removesuffix(" Thị")
            middle = "Thị" if female and not family.endswith("Thị") else ""
            return " ".join(p for p in (family, middle, rng.choice(KHMER_GIVEN), rng.choice(KHMER_GIVEN)) if p)
        family = rng.choice(HOA_FAMILY if ethnicity == "Hoa" else FAMILY)
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        return f"{family} {middle} {rng.choice(GIVEN_F if female else GIVEN_M)}"

    def _cccd(self, birth: date, female: bool, taken: set[str]) -> str:
        """084 (Trà Vinh), the century-and-gender digit, the year of birth, six random digits."""
        prefix = f"084{(birth.year // 100 - 19) * 2 + female}{birth.year % 100:02d}"
        while True:
            number = f"{prefix}{self.rng.randint(0, 999999):06d}"
            if number not in taken:
                taken.add(number)
                return number

    def build_members(self, built: Built) -> list[Member]:
        s, rng = self.shape, self.rng
        branches = built.branches
        per_branch = self._sizes(s.members, [1.3 if b.area_type in RESIDENTIAL else 1.0 for b in branches], 3)
        homes = [b for b, n in zip(branches, per_branch, strict=True) for _ in range(n)]
        upper_index = {u.path: i for i, u in enumerate(built.uppers)}

        def district(b: Organisation) -> int:
            return upper_index.get("/".join(b.path.split("/")[:3]) + "/", 0)

        women = self._pick(s.women, [FEMALE_WEIGHT.get(b.area_type, 1.0) for b in homes])
        khmer = self._pick(s.khmer, [KHMER_WEIGHT[district(b) % len(KHMER_WEIGHT)] for b in homes])
        hoa = self._pick(s.hoa, [0.0 if i in khmer else 1.0 for i in range(s.members)])
        # Exemption is for age and health: retired members, who meet in their hamlet's chi bộ.
        exempt = self._pick(round(s.members * s.exempt_share), [1.0 if b.area_type in RESIDENTIAL else 0.02 for b in homes])
        cccds: set[str] = set()
        members = []
        for i, branch in enumerate(homes):
            female = i in women
            ethnicity = "Khmer" if i in khmer else "Hoa" if i in hoa else "Kinh"
            name = self._person(female, ethnicity)
            old = i in exempt
            residential = branch.area_type in RESIDENTIAL
            if old:
                year = rng.randint(1936, 1955)
            else:
                year = rng.randint(1956, 2004) if residential else rng.randint(1966, 2003)
            birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
            earliest = rules.add_months(birth, 18 * 12 + 1)
            ceremony = earliest + timedelta(days=rng.randint(0, max(0, (TODAY - earliest).days - 30)))
            if rng.random() < 0.6:  # most members joined in their twenties and thirties
                ceremony = min(ceremony, rules.add_months(birth, 12 * rng.randint(20, 40)))
            if old:  # exempted for age: members of long standing, official for decades
                ceremony = min(ceremony, rules.add_months(birth, 12 * 45))
            if ceremony >= TODAY:
                ceremony = TODAY - timedelta(days=rng.randint(30, 300))
            official = rules.probation_end(ceremony)
            status = Member.Status.OFFICIAL if official <= TODAY else Member.Status.PROBATIONARY
            if residential and branch.pk in built.places and rng.random() < 0.8:
                home_town = built.places[branch.pk]
            else:
                home_town = rng.choice(HOME_TOWNS)
            if old:
                occupation = "Hưu trí"
            else:
                occupation = rng.choice(OCCUPATIONS_BY_AREA.get(branch.area_type, OCCUPATIONS))
            if branch.area_type in (Area.AGENCY, Area.ARMED_FORCES):
                in_political_system = True
            elif branch.area_type in (Area.SCHOOL, Area.HEALTH, Area.PUBLIC_SERVICE):
                in_political_system = rng.random() < 0.2
            else:
                in_political_system = False
            members.append(
                Member(
                    organisation=branch, full_name=name, search_name=fold(name), sort_key=name_sort_key(name),
                    gender="F" if female else "M", birth_date=birth, ethnicity=ethnicity,
                    religion="Phật giáo Nam tông" if ethnicity == "Khmer" else rng.choice(["Không"] * 8 + ["Phật giáo", "Công giáo"]),
                    home_town=home_town, cccd=self._cccd(birth, female, cccds),
                    card_number=f"{i + 10000000:08d}" if status == Member.Status.OFFICIAL else "",
                    dossier_number=f"{i + 1:06d}TV", general_education="12/12" if rng.random() < 0.8 else "9/12",
                    political_theory=rng.choice(THEORY), occupation=occupation,
                    in_political_system=in_political_system,
                    admission_decision_date=ceremony - timedelta(days=rng.randint(5, 30)), ceremony_date=ceremony,
                    official_date=official if status == Member.Status.OFFICIAL else None, status=status,
                    is_exempt=old and status == Member.Status.OFFICIAL,
                )
            )
        Member.objects.bulk_create(members, batch_size=2000)
        built.members = len(members)
        return members

    def build_history(self, built: Built, members: list[Member]) -> None:
        events, positions = [], []
        for m in members:
            events.append(MemberEvent(member=m, kind=MemberEvent.Kind.ADMITTED, on=m.ceremony_date, organisation=m.organisation))
            if m.official_date:
                events.append(MemberEvent(member=m, kind=MemberEvent.Kind.RECOGNISED, on=m.official_date, organisation=m.organisation))
            if m.is_exempt:
                on = max(m.official_date or m.ceremony_date, date(2018, 1, 1))
                events.append(MemberEvent(member=m, kind=MemberEvent.Kind.EXEMPTED, on=on, organisation=m.organisation, description="Tuổi cao, sức khỏe yếu"))
        by_branch: dict[int, list[Member]] = {}
        for m in members:
            by_branch.setdefault(m.organisation_id, []).append(m)
        term = date(2025, 6, 15)
        for branch in built.branches:
            active = [m for m in by_branch.get(branch.pk, []) if not m.is_exempt and m.status == Member.Status.OFFICIAL]
            if not active:
                continue
            secretary = active[0]
            residential = branch.area_type in RESIDENTIAL
            positions.append(Position(member=secretary, organisation=branch, title=Position.Title.SECRETARY, starts_on=term))
            # The seeds count "bí thư kiêm trưởng ấp": most hamlet secretaries also head the hamlet.
            if residential and self.rng.random() < 0.7:
                positions.append(Position(member=secretary, organisation=branch, title=Position.Title.HAMLET_HEAD, starts_on=term))
            if len(active) > 1:
                positions.append(Position(member=active[1], organisation=branch, title=Position.Title.DEPUTY_SECRETARY, starts_on=term))
            if len(active) >= 9:
                positions.extend(Position(member=m, organisation=branch, title=Position.Title.COMMITTEE_MEMBER, starts_on=term) for m in active[2:5])
            if residential and len(active) > 5 and self.rng.random() < 0.5:
                positions.append(Position(member=active[5], organisation=branch, title=Position.Title.FRONT_HEAD, starts_on=term))
        for p in positions:
            events.append(MemberEvent(member=p.member, kind=MemberEvent.Kind.POSITION_STARTED, on=p.starts_on, organisation=p.organisation, description=f"{p.get_title_display()} — {p.organisation.name}"))
        Position.objects.bulk_create(positions, batch_size=2000)
        MemberEvent.objects.bulk_create(events, batch_size=5000)


# The demo member's own login: no role, just their self-assessment and results (Member.account).
MEMBER_LOGIN = "Đảng viên (tự đánh giá, xem kết quả của mình)"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    organisation: Organisation

    def describe(self) -> str:
        role = RoleAssignment.Role(self.role).label if self.role else MEMBER_LOGIN
        return f"{self.username:<18} {role} — {self.organisation.name}"


def _users(built: Built) -> list[DemoLogin]:
    commune = built.uppers[0]
    outsider_commune = built.uppers[1]
    own_branch = next(b for b in built.branches if b.path.startswith(commune.path) and b.area_type == Area.HAMLET)
    other_branch = next(b for b in built.branches if b.path.startswith(outsider_commune.path))
    logins = [
        DemoLogin("quantri", "Quản trị hệ thống", RoleAssignment.Role.ADMIN, built.province),
        DemoLogin("bantochuc", "Ban Tổ chức Tỉnh ủy", RoleAssignment.Role.PROVINCE_STAFF, built.province),
        DemoLogin("xetduyet", "Ban Xây dựng Đảng xã", RoleAssignment.Role.REVIEWER, commune),
        DemoLogin("bithu", "Bí thư chi bộ", RoleAssignment.Role.SECRETARY, own_branch),
        DemoLogin("bithu.khac", "Bí thư chi bộ (xã khác)", RoleAssignment.Role.SECRETARY, other_branch),
    ]
    # A member of the secretary's chi bộ who holds no post (the stories below use its last members).
    member = Member.objects.filter(organisation=own_branch, status=Member.Status.OFFICIAL, is_exempt=False, positions=None).order_by("pk").first()
    logins.append(DemoLogin("dangvien", member.full_name, "", own_branch))
    User = get_user_model()
    for login in logins:
        user = User(username=login.username, first_name=login.full_name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        if login.role:
            RoleAssignment.objects.create(user=user, organisation=login.organisation, role=login.role)
        else:
            Member.objects.filter(pk=member.pk).update(account=user)
    return logins


def _stories(built: Built) -> None:
    """A few lifecycle steps through the real services, so the commune's timelines look used."""
    from .. import services

    staff = get_user_model().objects.get(username="xetduyet")
    branches = [b for b in built.branches if b.path.startswith(built.uppers[0].path) and b.area_type == Area.HAMLET]
    first, second = branches[0], branches[1]
    official = list(Member.objects.filter(organisation=first, status=Member.Status.OFFICIAL, is_exempt=False).order_by("pk"))
    services.discipline_member(member=official[-1], form="khien_trach", decision_number="12-QĐ/CB", decided_on=date(2026, 3, 10), authority=f"{first.name}", reason="Vắng sinh hoạt nhiều lần không lý do", by=staff)
    services.request_transfer(member=official[-2], kind="temporary", to_organisation=second, decided_on=date(2026, 8, 1), ends_on=date(2027, 2, 1), note="Đi làm ăn xa", by=staff)
    services.confirm_transfer(transfer=official[-2].transfers.get(), on=date(2026, 8, 5), by=staff)
    services.request_transfer(member=official[-3], kind="official", to_organisation=second, decided_on=date(2026, 11, 10), note="Chuyển nơi cư trú", by=staff)
    services.admit_member(
        organisation=first, full_name="Nguyễn Thị Thu Hà", gender="F", birth_date=date(1998, 4, 5),
        ethnicity="Kinh", admission_decision_date=date(2025, 11, 20), ceremony_date=date(2025, 12, 19),
        occupation="Giáo viên", by=staff,
    )


@transaction.atomic
def seed(shape: Shape, seed: int = 2022) -> tuple[Built, list[DemoLogin]]:
    builder = Builder(shape, seed)
    built = builder.build_tree()
    members = builder.build_members(built)
    builder.build_history(built, members)
    logins = _users(built)
    if shape is COMMUNE:
        _stories(built)
    return built, logins
