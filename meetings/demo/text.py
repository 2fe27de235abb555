"""What the demo's meetings say: absence reasons, the month's focus by kind of chi bộ, thematic
topics, speeches and tasks. Vietnamese, NFC, plausible for Trà Vinh in 2025–2026."""

from branches.demo import RESIDENTIAL
from branches.models import Organisation

Area = Organisation.Area

REASONS = {
    True: ["Ốm"] * 3 + ["Đi làm ăn xa"] * 3 + ["Việc gia đình"] * 3 + ["Đi công tác"],
    False: ["Ốm"] * 3 + ["Việc gia đình"] * 3 + ["Đi công tác"] * 4,
}
SEASONAL = {
    12: "kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2025",
    1: "chăm lo Tết cho hộ nghèo, gia đình chính sách; giữ an ninh trật tự dịp Tết Nguyên đán",
    2: "học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    3: "tuyên truyền, phục vụ cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp",
    4: "tổ chức Tết Chôl Chnăm Thmây của đồng bào Khmer vui tươi, an toàn",
}
FOCUS = {
    "residential": [
        "vận động bà con xuống giống đúng lịch thời vụ, dùng giống lúa chịu mặn",
        "chủ động trữ nước ngọt, phòng, chống hạn mặn cho sản xuất và sinh hoạt",
        "vận động các hộ còn lại tham gia bảo hiểm y tế, bảo hiểm xã hội tự nguyện",
        "giữ vững an ninh trật tự, phòng, chống ma túy và tệ nạn xã hội trên địa bàn",
        "ra quân vệ sinh môi trường, sửa chữa đường giao thông nông thôn",
        "chăm lo hộ nghèo, hộ cận nghèo và gia đình chính sách",
        "vận động học sinh đến trường, không để học sinh bỏ học giữa chừng",
        "tuyên truyền phòng, chống sốt xuất huyết, diệt lăng quăng",
        "hòa giải kịp thời mâu thuẫn trong khu dân cư",
    ],
    Area.SCHOOL: [
        "phụ đạo học sinh yếu, bồi dưỡng học sinh giỏi",
        "thực hiện chương trình giáo dục phổ thông mới ở các khối lớp",
        "giữ vững sĩ số, vận động học sinh có hoàn cảnh khó khăn đến lớp",
        "ứng dụng chuyển đổi số trong quản lý và giảng dạy",
    ],
    Area.HEALTH: [
        "nâng cao chất lượng khám, chữa bệnh và thái độ phục vụ người bệnh",
        "phòng, chống dịch sốt xuất huyết, tay chân miệng",
        "triển khai bệnh án điện tử, thanh toán không dùng tiền mặt",
        "thực hiện tiêm chủng mở rộng đúng kế hoạch",
    ],
    Area.ARMED_FORCES: [
        "duy trì nghiêm chế độ trực sẵn sàng chiến đấu",
        "hoàn thành kế hoạch huấn luyện, tuần tra, kiểm soát",
        "bảo đảm an ninh trật tự trên địa bàn được giao",
        "chăm lo đời sống vật chất, tinh thần của cán bộ, chiến sĩ",
    ],
    "office": [
        "hoàn thành kế hoạch công tác chuyên môn đúng tiến độ",
        "cải cách hành chính, giải quyết hồ sơ đúng hạn",
        "thực hành tiết kiệm, chống lãng phí trong cơ quan",
        "đẩy mạnh chuyển đổi số trong xử lý công việc",
    ],
}
TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về nêu gương của cán bộ, đảng viên",
    "Nâng cao chất lượng sinh hoạt chi bộ, phát huy vai trò tiền phong, gương mẫu của đảng viên",
    "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác quan điểm sai trái trên không gian mạng",
    "Phòng, chống tham nhũng, lãng phí, tiêu cực ở cơ sở",
    "Tăng cường khối đại đoàn kết các dân tộc Kinh – Khmer – Hoa",
    "Ứng dụng Sổ tay đảng viên điện tử trong sinh hoạt chi bộ",
]
TOPICS_FROM_2026 = ["Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng và việc vận dụng ở cơ sở"]
TOPICS_BY_AREA = {
    "residential": "Xây dựng nông thôn mới nâng cao, chuyển đổi cây trồng, vật nuôi thích ứng hạn mặn",
    Area.SCHOOL: "Đổi mới căn bản, toàn diện giáo dục và đào tạo; nêu gương nhà giáo",
    Area.HEALTH: "Nâng cao y đức, thực hiện quy tắc ứng xử của cán bộ y tế",
    Area.ARMED_FORCES: "Xây dựng lực lượng vũ trang vững mạnh về chính trị, sẵn sàng chiến đấu cao",
    "office": "Cải cách hành chính, nâng cao tinh thần trách nhiệm phục vụ nhân dân",
}
SPEECHES = [
    "Thống nhất với dự thảo nghị quyết; đề nghị giao chỉ tiêu cụ thể cho từng tổ đảng.",
    "Báo cáo kết quả thực hiện nhiệm vụ được phân công tháng trước.",
    "Phản ánh ý kiến của quần chúng; đề nghị chi bộ kiến nghị cấp trên xem xét.",
    "Đề nghị phân công đảng viên trẻ hướng dẫn cài đặt, sử dụng Sổ tay đảng viên.",
    "Tự phê bình việc chậm hoàn thành nhiệm vụ, hứa khắc phục trong tháng tới.",
    "Đề nghị biểu dương đảng viên gương mẫu, có nhiều đóng góp trong tháng.",
    "Liên hệ bản thân với nội dung sinh hoạt; đăng ký việc làm cụ thể.",
]
TASKS = {
    True: [
        "Vận động các hộ còn lại tham gia bảo hiểm y tế",
        "Nắm tình hình an ninh trật tự ở tổ tự quản, báo cáo chi ủy",
        "Giúp đỡ quần chúng ưu tú hoàn thiện hồ sơ kết nạp Đảng",
        "Vận động đóng góp Quỹ Vì người nghèo",
        "Phối hợp tổ hòa giải giải quyết tranh chấp ranh đất",
        "Theo dõi việc trữ nước ngọt của các hộ",
    ],
    False: [
        "Hoàn thành báo cáo chuyên môn quý đúng hạn",
        "Chuẩn bị dự thảo chuyên đề sinh hoạt quý tới",
        "Rà soát, cập nhật hồ sơ đảng viên",
        "Thu đảng phí và nộp cấp trên đúng hạn",
        "Giúp đỡ quần chúng ưu tú học lớp nhận thức về Đảng",
        "Nắm tình hình tư tưởng đảng viên, báo cáo chi ủy",
    ],
}


def theme(org: Organisation) -> str:
    """Which pool of focus and topics fits the chi bộ: a hamlet's, a school's, an office's…"""
    if org.area_type in RESIDENTIAL:
        return "residential"
    return org.area_type if org.area_type in FOCUS else "office"
