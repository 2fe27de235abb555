"""The national dues rulebooks (domain-rules §14) and the [U] parameters' documented defaults.

QĐ 342-QĐ/TW (28/12/2010, with HD 03-HD/VPTW of 2016) governs the months before QĐ 01-QĐ/TW of
03/02/2026. Rows marked unconfirmed are values no official text was seen for: an administrator of a
province sets the province's own (meetings.dues.services.update_parameters)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

QD342, QD01 = date(2011, 1, 1), date(2026, 2, 3)
S342 = "Quyết định 342-QĐ/TW ngày 28/12/2010"
HD03 = "Hướng dẫn 03-HD/VPTW năm 2016 (thi hành QĐ 342)"
S01 = "Quy định 01-QĐ/TW ngày 03/02/2026"

# (regime, from, category, percent, amount, source, unconfirmed)
RATES = [
    ("qd342", QD342, "bhxh", Decimal(1), None, f"{S342}: 1% tiền lương, phụ cấp tính đóng BHXH", False),
    ("qd342", QD342, "tro_cap", Decimal(1), None, f"[U] {S342}: 1% mức trợ cấp BHXH (chưa thấy văn bản)", True),
    ("qd342", QD342, "huu_tri", Decimal("0.5"), None, f"[U] {S342}: 0,5% lương hưu (chưa thấy văn bản)", True),
    ("qd342", QD342, "hoc_sinh", None, 3000, f"[U] {HD03}: học sinh, sinh viên (chưa thấy văn bản)", True),
    ("qd342", QD342, "khac_tp_tw", None, 10000, f"{HD03}: nội thành thành phố trực thuộc Trung ương", False),
    ("qd342", QD342, "khac_do_thi", None, 8000, f"{HD03}: nội thành, nội thị đô thị loại I, II, III", False),
    ("qd342", QD342, "khac_vung_sau", None, 4000, f"{HD03}: miền núi, vùng sâu, vùng xa, biên giới, hải đảo", False),
    ("qd342", QD342, "khac", None, 6000, f"{HD03}: các địa bàn còn lại", False),
    ("qd01", QD01, "bhxh", Decimal(1), None, f"{S01}: 1% tiền lương làm căn cứ đóng BHXH bắt buộc của tháng trước liền kề", False),
    ("qd01", QD01, "tro_cap", Decimal(1), None, f"{S01}: 1% mức trợ cấp ốm đau, thai sản do BHXH chi trả", False),
    ("qd01", QD01, "huu_tri", Decimal("0.5"), None, f"{S01}: 0,5% lương hưu", False),
    ("qd01", QD01, "hoc_sinh", None, 5000, f"{S01}: học sinh, sinh viên 5.000 đồng/tháng", False),
    ("qd01", QD01, "khac_tp_tw", None, 10000, f"[U] {S01}: mức cố định chưa thấy; tạm theo {HD03}", True),
    ("qd01", QD01, "khac_do_thi", None, 8000, f"[U] {S01}: mức cố định chưa thấy; tạm theo {HD03}", True),
    ("qd01", QD01, "khac_vung_sau", None, 4000, f"[U] {S01}: mức cố định chưa thấy; tạm theo {HD03}", True),
    ("qd01", QD01, "khac", None, 6000, f"[U] {S01}: mức cố định chưa thấy; tạm theo {HD03}", True),
]
SPLIT_SOURCE = "[U] Tỷ lệ trích giữ lại, nộp cấp trên: chưa thấy văn bản; tỉnh đặt theo hướng dẫn của Văn phòng Tỉnh ủy"
# The share each level keeps of what it collects or receives; the rest goes up.
SPLIT = [
    ("cell", Decimal(30)),
    ("grassroots_cell", Decimal(50)),
    ("sub_committee", Decimal(30)),
    ("grassroots_committee", Decimal(50)),
    ("upper", Decimal(50)),
    ("province", Decimal(100)),
]
POLICY_SOURCE = "Điều lệ Đảng Điều 8; Quy định 01-QĐ/TW: ba tháng trong năm — tính theo năm dương lịch [U]"


def create(apps, schema_editor):
    DuesRate = apps.get_model("meetings", "DuesRate")
    DuesSplit = apps.get_model("meetings", "DuesSplit")
    DuesPolicy = apps.get_model("meetings", "DuesPolicy")
    DuesRate.objects.bulk_create(
        DuesRate(regime=regime, effective_from=start, category=category, percent=percent, amount=amount,
                 source=source, unconfirmed=unconfirmed)
        for regime, start, category, percent, amount, source, unconfirmed in RATES
    )
    DuesSplit.objects.bulk_create(
        DuesSplit(effective_from=QD342, kind=kind, kept_percent=kept, source=SPLIT_SOURCE) for kind, kept in SPLIT
    )
    DuesPolicy.objects.create(effective_from=QD342, window="nam", source=POLICY_SOURCE)


def remove(apps, schema_editor):
    for name in ("DuesRate", "DuesSplit", "DuesPolicy"):
        apps.get_model("meetings", name).objects.filter(province__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_dues")]
    operations = [migrations.RunPython(create, remove)]
