"""The demo's bodies: the province's bloc committees, agencies, armed forces and schools, the chi bộ
inside a đảng bộ cơ sở by the kind of body, and the office chi bộ of a commune."""

from __future__ import annotations

from ..models import Organisation
from .places import DISTRICT_UNITS

Area = Organisation.Area


AGENCY_CELLS = [
    "Trường Tiểu học",
    "Trường THCS",
    "Trạm Y tế",
    "Công an",
    "Quân sự",
    "Hợp tác xã",
    "Trường Mầm non",
]

BLOC_UPPERS = [
    ("Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh", Area.AGENCY),
    ("Đảng ủy Quân sự tỉnh", Area.ARMED_FORCES),
    ("Đảng ủy Công an tỉnh", Area.ARMED_FORCES),
    ("Đảng ủy Bộ đội Biên phòng tỉnh", Area.ARMED_FORCES),
]


DISTRICTS = [(name, Area.DISTRICT) for name, _, _ in DISTRICT_UNITS] + BLOC_UPPERS

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
