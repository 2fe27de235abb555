"""Default recognition schemes (domain-rules §6, §2.9; seeds 000 and 002).

They are national templates (province empty), like the default meeting score sheets: a migration
runs before any province exists, the titles are set by each province anyway (no central criteria
were found), and a province adapts one by copying it (the copy replaces the template of the same
code there). Where a default comes from one locality's plan the basis says so.
"""

from django.db import migrations

CELLS = ["cell", "grassroots_cell"]
RESIDENTIAL = ["ap", "khom", "thon", "to_dan_pho"]
G1 = "(1) Hoàn thành tốt nhiệm vụ chính trị"
G2 = "(2) Chất lượng sinh hoạt tốt"
G3 = "(3) Đoàn kết, kỷ luật tốt"
G4 = "(4) Cán bộ, đảng viên tốt"


def computed(group, label, measure, comparison, threshold=None, level=""):
    return {"group": group, "label": label, "kind": "computed", "measure": measure, "comparison": comparison,
            "threshold": threshold, "level": level}


def manual(group, label):
    return {"group": group, "label": label, "kind": "manual", "measure": "", "comparison": "", "threshold": None, "level": ""}


SCHEMES = [
    {
        "code": "chi-bo-bon-tot",
        "name": "Chi bộ bốn tốt",
        "issuing_body": "Mẫu mặc định (tỉnh ủy, đảng ủy ban hành tiêu chí cụ thể)",
        "basis": "Nghị quyết 21-NQ/TW (Hội nghị Trung ương 5 khóa XIII, 2022); tiêu chí đo được theo Huyện ủy Tháp Mười (Đồng Tháp)",
        "valid_from": 2022, "applies_to": CELLS, "area_types": [], "years_running": 1,
        "appraised_by": "Ban Xây dựng Đảng của đảng ủy cấp trên trực tiếp",
        "decided_by": "Ban Thường vụ đảng ủy cấp trên trực tiếp",
        "revocation": "Hủy bỏ kết quả đã công nhận khi phát hiện chi bộ không bảo đảm tiêu chí (Kết luận 205-KL/TU Đồng Tháp), "
                      "hoặc khi kết quả xếp loại chất lượng năm đó bị hủy, xếp loại lại.",
        "criteria": [
            computed(G1, "Chi bộ được xếp loại chất lượng từ Hoàn thành tốt nhiệm vụ trở lên", "org_level", "ge", level="HTTNV"),
            manual(G1, "Lãnh đạo hoàn thành các chỉ tiêu, nhiệm vụ chính trị được giao trong năm ở địa bàn, đơn vị"),
            computed(G2, "Sinh hoạt thường kỳ đủ 12/12 kỳ trong năm", "regular_meetings", "ge", 12),
            computed(G2, "Sinh hoạt chuyên đề ít nhất 4 kỳ trong năm", "thematic_meetings", "ge", 4),
            computed(G3, "Không có đảng viên bị xử lý kỷ luật trong năm", "members_disciplined", "eq", 0),
            manual(G3, "Nội bộ đoàn kết, thống nhất; thực hiện nghiêm nguyên tắc tập trung dân chủ"),
            computed(G4, "100% đảng viên được xếp loại từ Hoàn thành nhiệm vụ trở lên", "member_share", "ge", 100, "HTNV"),
            computed(G4, "Ít nhất 80% đảng viên được xếp loại từ Hoàn thành tốt nhiệm vụ trở lên", "member_share", "ge", 80, "HTTNV"),
        ],
    },
    {
        "code": "dang-bo-co-so-bon-tot",
        "name": "Đảng bộ cơ sở bốn tốt",
        "issuing_body": "Mẫu mặc định (tỉnh ủy, đảng ủy ban hành tiêu chí cụ thể)",
        "basis": "Nghị quyết 21-NQ/TW (2022); tiêu chí theo Huyện ủy Tháp Mười (Đồng Tháp)",
        "valid_from": 2022, "applies_to": ["grassroots_committee"], "area_types": [], "years_running": 1,
        "appraised_by": "Ban Tổ chức (Ban Xây dựng Đảng) của cấp ủy cấp trên trực tiếp",
        "decided_by": "Ban Thường vụ cấp ủy cấp trên trực tiếp",
        "revocation": "Hủy bỏ kết quả đã công nhận khi phát hiện đảng bộ không bảo đảm tiêu chí, "
                      "hoặc khi kết quả xếp loại chất lượng năm đó bị hủy, xếp loại lại.",
        "criteria": [
            computed(G1, "Đảng bộ được xếp loại chất lượng từ Hoàn thành tốt nhiệm vụ trở lên", "org_level", "ge", level="HTTNV"),
            manual(G1, "Chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội cùng cấp được xếp loại chất lượng "
                       "từ Hoàn thành tốt nhiệm vụ trở lên"),
            computed(G3, "Ít nhất 90% chi bộ trực thuộc không có đảng viên bị xử lý kỷ luật trong năm",
                     "branches_clean_share", "ge", 90),
            computed(G3, "Chi bộ còn lại (nếu có đảng viên bị kỷ luật) không có cán bộ lãnh đạo, chủ chốt (cấp ủy viên) bị kỷ luật",
                     "branches_leader_disciplined", "eq", 0),
        ],
    },
    {
        "code": "chi-bo-tsvmtd",
        "name": "Chi bộ ấp, khu phố trong sạch, vững mạnh toàn diện",
        "issuing_body": "Mẫu theo Tỉnh ủy Bến Tre (nay thuộc tỉnh Vĩnh Long)",
        "basis": "Nghị quyết Đại hội XI Đảng bộ tỉnh Bến Tre, nhiệm kỳ 2020 - 2025 (chỉ tiêu 40 - 50% chi bộ ấp, khu phố)",
        "valid_from": 2020, "applies_to": CELLS, "area_types": RESIDENTIAL, "years_running": 2,
        "appraised_by": "Cấp ủy cấp xã và cán bộ cấp trên được phân công theo dõi",
        "decided_by": "Ban Thường vụ cấp ủy cấp trên",
        "revocation": "Hủy bỏ khi chi bộ không còn bảo đảm tiêu chí hoặc kết quả xếp loại chất lượng bị hủy, xếp loại lại; "
                      "chi bộ được công nhận phải mang tính bền vững, đúng thực chất.",
        "criteria": [
            computed("", "Chi bộ hoàn thành xuất sắc nhiệm vụ từ 2 năm liên tục trở lên", "org_level", "ge", level="HTXSNV"),
            manual("", "100% cán bộ, đảng viên và hộ dân trong ấp, khu phố đồng thuận, thống nhất với chủ trương của Đảng "
                       "và Nhà nước"),
            manual("", "Có việc làm, sản phẩm cụ thể trong thực hiện phong trào thi đua “Đồng khởi mới”"),
            manual("", "100% đảng viên được phân công nhiệm vụ và có việc làm cụ thể thực hiện khẩu hiệu "
                       "“Đảng viên đi trước, làng nước theo sau”"),
            manual("", "Có ít nhất 1 mô hình tại ấp, khu phố để phát triển sản xuất, kinh doanh, dịch vụ theo hướng bền vững"),
            manual("", "Tỷ lệ hộ nghèo, cận nghèo thấp hơn bình quân chung của tỉnh; không có đảng viên là chủ hộ nghèo, "
                       "cận nghèo (trừ hộ đang hưởng chính sách bảo trợ xã hội)"),
            manual("", "Chính quyền, ban công tác Mặt trận và các đoàn thể của ấp, khu phố, tổ nhân dân tự quản được củng cố, "
                       "kiện toàn kịp thời và duy trì họp thường xuyên"),
            manual("", "Địa bàn không xảy ra tội phạm nghiêm trọng, không có tụ điểm, băng nhóm, tệ nạn xã hội; "
                       "có mô hình an ninh trật tự hiệu quả"),
        ],
    },
    {
        "code": "chi-bo-kieu-mau",
        "name": "Chi bộ ấp kiểu mẫu",
        "issuing_body": "Mẫu theo Đảng ủy xã Tân Thuận Tây (thành phố Cao Lãnh, Đồng Tháp)",
        "basis": "Mô hình thí điểm tại chi bộ Ấp Tân Hùng; 10 tiêu chí, ngoài chỉ tiêu, kế hoạch cấp trên giao trong năm",
        "valid_from": 2023, "applies_to": CELLS, "area_types": RESIDENTIAL, "years_running": 1,
        "appraised_by": "Ban Xây dựng Đảng đảng ủy xã",
        "decided_by": "Ban Thường vụ đảng ủy xã",
        "revocation": "Hủy bỏ khi phát hiện chi bộ không bảo đảm tiêu chí.",
        "criteria": [
            manual("", "Thực hiện tốt các chỉ tiêu và kế hoạch được cấp trên giao trong năm"),
            computed("", "Sinh hoạt chuyên đề mỗi quý 1 lần", "thematic_quarters", "ge", 4),
            manual("", "Có mô hình mới trong năm và có khả năng nhân rộng"),
            manual("", "Không có đảng viên thuộc diện hộ nghèo"),
            computed("", "Không có chi ủy viên bị xử lý kỷ luật", "committee_disciplined", "eq", 0),
            computed("", "Không có đảng viên vi phạm (bị xử lý kỷ luật trong năm)", "members_disciplined", "eq", 0),
            manual("", "100% đảng viên kích hoạt tài khoản định danh điện tử VNeID mức độ 1"),
        ],
    },
    {
        "code": "htxsnv-tieu-bieu-5-nam",
        "name": "Hoàn thành xuất sắc nhiệm vụ tiêu biểu 5 năm liền",
        "issuing_body": "Ban Thường vụ Tỉnh ủy (tiêu chuẩn “tiêu biểu” do Ban Tổ chức Trung ương hướng dẫn)",
        "basis": "Hướng dẫn 06-HD/TW (2025), mục 19: bằng khen (và cờ với đảng bộ cơ sở, chi bộ cơ sở)",
        "valid_from": 2025, "applies_to": ["cell", "grassroots_cell", "sub_committee", "grassroots_committee"],
        "area_types": [], "years_running": 5,
        "appraised_by": "Ban Tổ chức Tỉnh ủy",
        "decided_by": "Ban Thường vụ Tỉnh ủy",
        "revocation": "Hủy bỏ khi kết quả xếp loại chất lượng của một trong các năm bị hủy, xếp loại lại thấp hơn "
                      "Hoàn thành xuất sắc nhiệm vụ.",
        "criteria": [
            computed("", "Tổ chức đảng hoàn thành xuất sắc nhiệm vụ 5 năm liền", "org_level", "ge", level="HTXSNV"),
            manual("", "Là tổ chức đảng tiêu biểu trong số các tổ chức hoàn thành xuất sắc nhiệm vụ "
                       "(theo tiêu chuẩn của Ban Tổ chức Trung ương)"),
        ],
    },
]


def create(apps, schema_editor):
    Scheme = apps.get_model("ratings", "RecognitionScheme")
    Criterion = apps.get_model("ratings", "RecognitionCriterion")
    for spec in SCHEMES:
        spec = dict(spec)
        criteria = spec.pop("criteria")
        scheme = Scheme.objects.create(province=None, **spec)
        Criterion.objects.bulk_create(Criterion(scheme=scheme, order=i, **c) for i, c in enumerate(criteria))


def remove(apps, schema_editor):
    Scheme = apps.get_model("ratings", "RecognitionScheme")
    for scheme in Scheme.objects.filter(province__isnull=True, code__in=[s["code"] for s in SCHEMES]):
        scheme.criteria.all().delete()
        scheme.delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0002_recognitions")]
    operations = [migrations.RunPython(create, remove)]
