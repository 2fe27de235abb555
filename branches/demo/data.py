"""The demo's vocabulary: names of people and places, occupations, the province's real districts and
communes of 2022 and the units below them."""

from __future__ import annotations

from datetime import date

from ..models import Organisation

Kind = Organisation.Kind
Area = Organisation.Area


DEMO_PASSWORD = "demo12345"


TODAY = date(2026, 11, 22)


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


RESIDENTIAL = {Area.HAMLET, Area.WARD_BLOCK}


THEORY = ["so_cap"] * 6 + ["trung_cap"] * 3 + ["cao_cap", ""]


HAMLET_NAMES = [
    "Chợ Dưới",
    "Tân Hạnh",
    "Phước Hòa",
    "Ô Đùng",
    "Bà Nhì",
    "Sóc Tro",
    "Cây Da",
    "Cà Săng",
    "Ngãi Lợi",
    "Đại Trường",
    "Bến Có",
    "Chông Bát",
    "Phú Thọ",
    "Ô Rồm",
    "Hòa Lạc",
    "Long Hiệp",
    "Trà Kha",
    "Nguyệt Lãng",
    "Rạch Sen",
    "Cây Gòn",
    "Đầu Giồng",
    "Tân Thành",
    "Phú Hòa",
    "Giồng Lức",
    "Sa Bình",
]


# The province draws each commune's hamlets from a longer list, without repeats inside a commune.
PROVINCE_HAMLET_NAMES = HAMLET_NAMES + [
    "Sóc Chà",
    "Ba Se",
    "Lò Ngò",
    "Trà Tro",
    "Bà Trầm",
    "Xoài Xiêm",
    "Ô Chát",
    "Giồng Tranh",
    "Cầu Tre",
    "Bãi Vàng",
    "Mé Rạch",
    "Rạch Bót",
    "Phú Mỹ",
    "Tân Lập",
    "Long Bình",
    "An Định",
    "Kinh Xáng",
    "Ngã Ba",
    "Sóc Ruộng",
    "Cây Xoài",
    "Đầu Bờ",
    "Ô Tre",
    "Ba Cụm",
    "Lạc Thạnh",
    "Thanh Nguyên",
    "Mỹ Quý",
    "Cồn Phụng",
    "Bến Chùa",
    "Nô Công",
    "Chợ",
    "Giồng Giữa",
    "Đại Thôn",
    "Bến Thế",
    "Kinh Đào",
    "Tân Định",
    "Láng Chim",
    "Sóc Mới",
    "Ô Lắc",
    "Trà Mềm",
    "Năm Căn",
]


COMMUNE_NAMES = [
    "Phước Hưng",
    "Đại Phúc",
    "Tập Sơn",
    "Hiếu Tử",
    "Long Hiệp",
    "Ngãi Xuyên",
    "Tân Hòa",
    "Hùng Hòa",
    "Phong Thạnh",
    "Tân Sơn",
    "Hàm Giang",
    "Kim Sơn",
    "An Quảng Hữu",
    "Lưu Nghiệp Anh",
    "Thanh Sơn",
    "Định An",
    "Đôn Xuân",
    "Long Sơn",
    "Hiệp Mỹ",
    "Mỹ Long",
    "Vinh Kim",
    "Kim Hòa",
    "Hòa Lợi",
    "Song Lộc",
    "Lương Hòa",
    "Đa Lộc",
    "Hưng Mỹ",
    "Phước Hảo",
    "Nhị Trường",
    "Thạnh Hòa Sơn",
    "Trường Thọ",
    "Hiệp Hòa",
    "Tam Ngãi",
    "Phong Phú",
    "An Phú Tân",
    "Ninh Thới",
    "Châu Điền",
    "Hòa Ân",
    "Thông Hòa",
    "Thạnh Phú",
    "Long Thới",
    "Tân Hùng",
    "Phú Cần",
    "Hòa Tân",
    "Huyền Hội",
    "Đại Phước",
    "Nhị Long",
    "Mỹ Cẩm",
    "Đức Mỹ",
    "Bình Phú",
    "Tân An",
    "An Trường",
    "Phương Thạnh",
    "Tân Bình",
]


AGENCY_CELLS = [
    "Trường Tiểu học",
    "Trường THCS",
    "Trạm Y tế",
    "Công an",
    "Quân sự",
    "Hợp tác xã",
    "Trường Mầm non",
]


# Trà Vinh in 2022: nine district-level committees and their 106 communes, wards and townships.
DISTRICT_UNITS = [
    ("Thành ủy Trà Vinh", "thành phố Trà Vinh", [*(f"Phường {n}" for n in range(1, 10)), "xã Long Đức"]),
    (
        "Thị ủy Duyên Hải",
        "thị xã Duyên Hải",
        [
            "Phường 1",
            "Phường 2",
            "xã Long Toàn",
            "xã Long Hữu",
            "xã Dân Thành",
            "xã Trường Long Hòa",
            "xã Hiệp Thạnh",
        ],
    ),
    (
        "Huyện ủy Càng Long",
        "huyện Càng Long",
        [
            "thị trấn Càng Long",
            "xã An Trường",
            "xã An Trường A",
            "xã Bình Phú",
            "xã Đại Phúc",
            "xã Đại Phước",
            "xã Đức Mỹ",
            "xã Huyền Hội",
            "xã Mỹ Cẩm",
            "xã Nhị Long",
            "xã Nhị Long Phú",
            "xã Phương Thạnh",
            "xã Tân An",
            "xã Tân Bình",
        ],
    ),
    (
        "Huyện ủy Cầu Kè",
        "huyện Cầu Kè",
        [
            "thị trấn Cầu Kè",
            "xã An Phú Tân",
            "xã Châu Điền",
            "xã Hòa Ân",
            "xã Hòa Tân",
            "xã Ninh Thới",
            "xã Phong Phú",
            "xã Phong Thạnh",
            "xã Tam Ngãi",
            "xã Thạnh Phú",
            "xã Thông Hòa",
        ],
    ),
    (
        "Huyện ủy Tiểu Cần",
        "huyện Tiểu Cần",
        [
            "thị trấn Tiểu Cần",
            "thị trấn Cầu Quan",
            "xã Hiếu Trung",
            "xã Hiếu Tử",
            "xã Hùng Hòa",
            "xã Long Thới",
            "xã Ngãi Hùng",
            "xã Phú Cần",
            "xã Tân Hòa",
            "xã Tân Hùng",
            "xã Tập Ngãi",
        ],
    ),
    (
        "Huyện ủy Châu Thành",
        "huyện Châu Thành",
        [
            "thị trấn Châu Thành",
            "xã Đa Lộc",
            "xã Hòa Lợi",
            "xã Hòa Minh",
            "xã Hòa Thuận",
            "xã Hưng Mỹ",
            "xã Long Hòa",
            "xã Lương Hòa",
            "xã Lương Hòa A",
            "xã Mỹ Chánh",
            "xã Nguyệt Hóa",
            "xã Phước Hảo",
            "xã Song Lộc",
            "xã Thanh Mỹ",
        ],
    ),
    (
        "Huyện ủy Cầu Ngang",
        "huyện Cầu Ngang",
        [
            "thị trấn Cầu Ngang",
            "thị trấn Mỹ Long",
            "xã Hiệp Hòa",
            "xã Hiệp Mỹ Đông",
            "xã Hiệp Mỹ Tây",
            "xã Kim Hòa",
            "xã Long Sơn",
            "xã Mỹ Hòa",
            "xã Mỹ Long Bắc",
            "xã Mỹ Long Nam",
            "xã Nhị Trường",
            "xã Thạnh Hòa Sơn",
            "xã Thuận Hòa",
            "xã Trường Thọ",
            "xã Vinh Kim",
        ],
    ),
    (
        "Huyện ủy Trà Cú",
        "huyện Trà Cú",
        [
            "thị trấn Trà Cú",
            "thị trấn Định An",
            "xã An Quảng Hữu",
            "xã Đại An",
            "xã Định An",
            "xã Hàm Giang",
            "xã Hàm Tân",
            "xã Kim Sơn",
            "xã Long Hiệp",
            "xã Lưu Nghiệp Anh",
            "xã Ngãi Xuyên",
            "xã Ngọc Biên",
            "xã Phước Hưng",
            "xã Tân Hiệp",
            "xã Tân Sơn",
            "xã Tập Sơn",
            "xã Thanh Sơn",
        ],
    ),
    (
        "Huyện ủy Duyên Hải",
        "huyện Duyên Hải",
        [
            "thị trấn Long Thành",
            "xã Đôn Châu",
            "xã Đôn Xuân",
            "xã Đông Hải",
            "xã Long Khánh",
            "xã Long Vĩnh",
            "xã Ngũ Lạc",
        ],
    ),
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
    "government": (
        Area.AGENCY,
        [
            "Văn phòng HĐND và UBND",
            "Phòng Nội vụ",
            "Phòng Tài chính – Kế hoạch",
            "Phòng Tư pháp",
            "Phòng Kinh tế và Hạ tầng",
            "Phòng Tài nguyên và Môi trường",
            "Phòng Lao động – Thương binh và Xã hội",
            "Phòng Văn hóa và Thông tin",
            "Phòng Nông nghiệp và Phát triển nông thôn",
            "Thanh tra",
            "Phòng Dân tộc",
            "Phòng Y tế",
        ],
        "Tổ công tác",
    ),
    "party": (
        Area.AGENCY,
        [
            "Văn phòng cấp ủy",
            "Ban Tổ chức",
            "Ban Tuyên giáo",
            "Ủy ban Kiểm tra",
            "Ban Dân vận",
            "Ủy ban Mặt trận Tổ quốc",
            "Hội Nông dân",
            "Hội Liên hiệp Phụ nữ",
            "Đoàn Thanh niên",
            "Hội Cựu chiến binh",
            "Trung tâm Chính trị",
        ],
        "Tổ công tác",
    ),
    "military": (Area.ARMED_FORCES, ["Ban Tham mưu", "Ban Chính trị", "Ban Hậu cần – Kỹ thuật"], "Đại đội"),
    "police": (
        Area.ARMED_FORCES,
        [
            "Đội Tổng hợp",
            "Đội An ninh",
            "Đội Cảnh sát hình sự",
            "Đội Cảnh sát điều tra tội phạm về kinh tế và ma túy",
            "Đội Cảnh sát giao thông – trật tự",
            "Đội Cảnh sát quản lý hành chính về trật tự xã hội",
            "Đội Cảnh sát thi hành án hình sự và hỗ trợ tư pháp",
            "Đội Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        ],
        "Đội",
    ),
    "border": (
        Area.ARMED_FORCES,
        [
            "Đội Tham mưu – Hành chính",
            "Đội Vận động quần chúng",
            "Đội Trinh sát",
            "Đội Kiểm soát hành chính",
        ],
        "Tổ công tác",
    ),
    "agency": (
        Area.AGENCY,
        [
            "Văn phòng",
            "Phòng Tổ chức cán bộ",
            "Phòng Kế hoạch – Tài chính",
            "Thanh tra",
            "Phòng Quản lý chuyên ngành",
        ],
        "Phòng Nghiệp vụ",
    ),
    "school": (
        Area.SCHOOL,
        [
            "Khoa Kinh tế, Luật",
            "Khoa Nông nghiệp – Thủy sản",
            "Khoa Kỹ thuật và Công nghệ",
            "Khoa Y – Dược",
            "Khoa Sư phạm",
            "Khoa Ngôn ngữ – Văn hóa – Nghệ thuật Khmer Nam Bộ",
            "Khoa Ngoại ngữ",
            "Phòng Đào tạo",
            "Phòng Tổ chức – Hành chính",
        ],
        "Bộ môn",
    ),
    "hospital": (
        Area.HEALTH,
        [
            "Khoa Khám bệnh",
            "Khoa Nội",
            "Khoa Ngoại",
            "Khoa Sản",
            "Khoa Nhi",
            "Khoa Hồi sức tích cực – Chống độc",
            "Khoa Cấp cứu",
            "Khoa Dược",
            "Khoa Xét nghiệm",
            "Khoa Chẩn đoán hình ảnh",
            "Phòng Kế hoạch tổng hợp",
            "Phòng Điều dưỡng",
            "Phòng Tài chính – Kế toán",
        ],
        "Khoa lâm sàng",
    ),
    "enterprise": (
        Area.ENTERPRISE,
        [
            "Văn phòng",
            "Phòng Kỹ thuật",
            "Phòng Kinh doanh",
            "Phòng Tài chính – Kế toán",
            *(f"Chi nhánh {place.split(' ', 1)[1]}" for _, place, _ in DISTRICT_UNITS[2:]),
        ],
        "Xí nghiệp",
    ),
}


# A large school or hospital has more chi bộ than a small office.
SUBUNIT_WEIGHT = {"school": 2.5, "hospital": 2.0, "enterprise": 1.3}


COMMUNE_OFFICE_CELLS = [
    ("Chi bộ Cơ quan Đảng – Mặt trận", Area.AGENCY),
    ("Chi bộ Cơ quan Chính quyền", Area.AGENCY),
    ("Chi bộ Quân sự", Area.ARMED_FORCES),
    ("Chi bộ Công an", Area.ARMED_FORCES),
]


# Đảng bộ cơ sở of the bloc committees; the agencies list is long enough to reach the total.
PROVINCE_AGENCIES = [
    ("Cơ quan Văn phòng Ủy ban nhân dân tỉnh", "agency"),
    ("Sở Giáo dục và Đào tạo", "agency"),
    ("Sở Y tế", "agency"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "agency"),
    ("Sở Tài chính", "agency"),
    ("Sở Kế hoạch và Đầu tư", "agency"),
    ("Sở Giao thông vận tải", "agency"),
    ("Sở Xây dựng", "agency"),
    ("Sở Tài nguyên và Môi trường", "agency"),
    ("Sở Lao động – Thương binh và Xã hội", "agency"),
    ("Sở Văn hóa, Thể thao và Du lịch", "agency"),
    ("Sở Công Thương", "agency"),
    ("Sở Nội vụ", "agency"),
    ("Sở Tư pháp", "agency"),
    ("Sở Khoa học và Công nghệ", "agency"),
    ("Sở Thông tin và Truyền thông", "agency"),
    ("Thanh tra tỉnh", "agency"),
    ("Ban Dân tộc tỉnh", "agency"),
    ("Trường Đại học Trà Vinh", "school"),
    ("Trường Chính trị tỉnh", "school"),
    ("Trường Cao đẳng Nghề Trà Vinh", "school"),
    ("Bệnh viện Đa khoa tỉnh Trà Vinh", "hospital"),
    ("Bệnh viện Y dược cổ truyền tỉnh", "hospital"),
    ("Trung tâm Kiểm soát bệnh tật tỉnh", "hospital"),
    ("Đài Phát thanh và Truyền hình Trà Vinh", "agency"),
    ("Báo Trà Vinh", "agency"),
    ("Công ty Điện lực Trà Vinh", "enterprise"),
    ("Công ty Cổ phần Cấp thoát nước Trà Vinh", "enterprise"),
    ("Ngân hàng Nhà nước chi nhánh tỉnh Trà Vinh", "agency"),
    ("Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Trà Vinh", "enterprise"),
    ("Kho bạc Nhà nước Trà Vinh", "agency"),
    ("Cục Thuế tỉnh", "agency"),
    ("Bảo hiểm xã hội tỉnh", "agency"),
    ("Viễn thông Trà Vinh", "enterprise"),
    ("Bưu điện tỉnh Trà Vinh", "enterprise"),
    ("Tòa án nhân dân tỉnh", "agency"),
    ("Viện Kiểm sát nhân dân tỉnh", "agency"),
    ("Cục Thi hành án dân sự tỉnh", "agency"),
    ("Cục Thống kê tỉnh", "agency"),
    ("Ban Quản lý Khu kinh tế tỉnh", "agency"),
    ("Cơ quan Ủy ban Mặt trận Tổ quốc tỉnh", "agency"),
    ("Công ty Cổ phần Dược phẩm Trà Vinh", "enterprise"),
]


MILITARY_UNITS = [
    ("Cơ quan Bộ Chỉ huy Quân sự tỉnh", "military"),
    ("Trường Quân sự tỉnh", "military"),
    ("Tiểu đoàn Huấn luyện – Cơ động", "military"),
]


POLICE_UNITS = [
    ("Phòng Cảnh sát hình sự", "police"),
    ("Phòng Cảnh sát giao thông", "police"),
    ("Phòng An ninh chính trị nội bộ", "police"),
    ("Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ", "police"),
    ("Phòng Tham mưu", "police"),
    ("Trại tạm giam", "police"),
]


BORDER_UNITS = [
    ("Cơ quan Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "border"),
    ("Đồn Biên phòng Long Khánh", "border"),
    ("Đồn Biên phòng Trường Long Hòa", "border"),
    ("Đồn Biên phòng Đông Hải", "border"),
    ("Hải đội Biên phòng", "border"),
]


# Chi bộ cơ sở: offices of every district, its schools, and the smaller bodies of the blocs.
DISTRICT_OFFICES = [
    ("Tòa án nhân dân", Area.AGENCY),
    ("Viện Kiểm sát nhân dân", Area.AGENCY),
    ("Chi cục Thuế", Area.AGENCY),
    ("Kho bạc Nhà nước", Area.AGENCY),
    ("Chi cục Thi hành án dân sự", Area.AGENCY),
    ("Bảo hiểm xã hội", Area.AGENCY),
    ("Trung tâm Y tế", Area.HEALTH),
    ("Phòng Giáo dục và Đào tạo", Area.AGENCY),
    ("Phòng Giao dịch Ngân hàng Chính sách xã hội", Area.AGENCY),
    ("Trung tâm Văn hóa – Thể thao và Truyền thanh", Area.PUBLIC_SERVICE),
]


SCHOOL_LEVELS = ["Trường THCS", "Trường Tiểu học", "Trường Mầm non"]


BLOC_CELLS = [
    [
        ("Ban Quản lý dự án đầu tư xây dựng tỉnh", Area.AGENCY),
        ("Quỹ Đầu tư phát triển tỉnh", Area.AGENCY),
        ("Liên minh Hợp tác xã tỉnh", Area.AGENCY),
        ("Hội Chữ thập đỏ tỉnh", Area.AGENCY),
        ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", Area.AGENCY),
        ("Hội Văn học – Nghệ thuật tỉnh", Area.AGENCY),
        ("Công ty Xổ số kiến thiết Trà Vinh", Area.ENTERPRISE),
        ("Trung tâm Phục vụ hành chính công tỉnh", Area.PUBLIC_SERVICE),
        ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch", Area.PUBLIC_SERVICE),
        ("Bảo tàng tỉnh", Area.PUBLIC_SERVICE),
        ("Thư viện tỉnh", Area.PUBLIC_SERVICE),
        ("Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", Area.PUBLIC_SERVICE),
        ("Trường Cao đẳng Y tế Trà Vinh", Area.SCHOOL),
        ("Công ty Cổ phần Công trình đô thị Trà Vinh", Area.ENTERPRISE),
        ("Ngân hàng TMCP Công Thương chi nhánh Trà Vinh", Area.ENTERPRISE),
        ("Ngân hàng TMCP Đầu tư và Phát triển chi nhánh Trà Vinh", Area.ENTERPRISE),
        ("Ngân hàng TMCP Ngoại thương chi nhánh Trà Vinh", Area.ENTERPRISE),
        ("Chi cục Kiểm lâm", Area.AGENCY),
        ("Chi cục Thủy sản", Area.AGENCY),
        ("Trung tâm Công nghệ thông tin và Truyền thông", Area.PUBLIC_SERVICE),
    ],
    [("Đại đội Trinh sát", Area.ARMED_FORCES), ("Kho Kỹ thuật", Area.ARMED_FORCES)],
    [
        ("Phòng Hồ sơ", Area.ARMED_FORCES),
        ("Phòng Quản lý xuất nhập cảnh", Area.ARMED_FORCES),
        ("Phòng Kỹ thuật hình sự", Area.ARMED_FORCES),
    ],
    [("Đội Đặc nhiệm phòng, chống ma túy và tội phạm", Area.ARMED_FORCES)],
]


# The office chi bộ of the commune demo's đảng bộ cơ quan (the province uses COMMUNE_OFFICE_CELLS).
COMMUNE_DEMO_OFFICES = ["Cơ quan Đảng – Mặt trận", "Cơ quan chính quyền", "Quân sự – Công an", "Trạm Y tế"]
