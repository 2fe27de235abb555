"""The demo's places: Trà Vinh's real districts, communes, wards and townships of 2022, the hamlets
below them (plausible, not a register), and where people come from."""

from __future__ import annotations

from ..models import Organisation

Area = Organisation.Area


RESIDENTIAL = {Area.HAMLET, Area.WARD_BLOCK}

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

# Where Khmer members live: mostly the southern and eastern districts (weights by district index).
KHMER_WEIGHT = [1, 2, 1, 3, 3, 3, 4, 6, 3, 1, 1, 1, 1]


HAMLETS_IN_PROVINCE = 810  # ấp and khóm, each with its chi bộ


def home_town(unit: str, district: str) -> str:
    return f"{unit}, {district}, tỉnh Trà Vinh"


HOME_TOWNS = [home_town(unit, district) for _, district, units in DISTRICT_UNITS for unit in units]


HOME_TOWN_OF_UNIT = {
    unit: home_town(unit, district) for _, district, units in DISTRICT_UNITS for unit in units
}
