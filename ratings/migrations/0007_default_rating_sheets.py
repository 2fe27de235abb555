"""The national default rating score sheets (QĐ 366, HD 43; domain-rules §2.2).

Only the group totals of Phụ lục 4 and 5 are national (general criteria 30, task results 70). The
sub-criteria follow the annexes' wording, but their points are a default split: provinces must
"cụ thể hóa" the criteria and points (HD 43 Mục 1), so each copies these and adapts them.
"""

from django.db import migrations

# The general group is the same in Phụ lục 3, 4 and 5; 8/8/8/6 is a default split of its 30 points.
GENERAL = [
    ("Tư tưởng chính trị: trung thành với chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh, đường lối của Đảng; "
     "chấp hành chủ trương, chính sách, pháp luật", 8),
    ("Phẩm chất đạo đức, lối sống; không vi phạm những điều đảng viên không được làm, quy định nêu gương "
     "và quy ước nơi cư trú", 8),
    ("Chấp hành nguyên tắc tổ chức, sinh hoạt đảng; tự phê bình và phê bình; đoàn kết trong chi bộ; "
     "quan hệ mật thiết với nhân dân nơi cư trú", 8),
    ("Tự phê bình, phê bình và khắc phục hạn chế, khuyết điểm đã được chỉ ra", 6),
]
PL5_TASKS = [
    ("Thực hiện đầy đủ quyền và nhiệm vụ của đảng viên; hoàn thành nhiệm vụ chính trị được cấp ủy, chi bộ giao", 40),
    ("Tham gia học tập, quán triệt nghị quyết; phát biểu, đóng góp ý kiến xây dựng chi bộ", 15),
    ("Hoàn thành nhiệm vụ đột xuất; tham gia các hoạt động ở địa phương phù hợp với điều kiện, sức khỏe, độ tuổi", 15),
]
# Phụ lục 4's task group differs by sector (9 khối); two generic rows the province replaces.
PL4_TASKS = [
    ("Kết quả thực hiện chức trách, nhiệm vụ theo vị trí việc làm (cụ thể hóa theo từng khối)", 50),
    ("Tinh thần trách nhiệm, thái độ phục vụ nhân dân; học tập nghị quyết, tham gia sinh hoạt chi bộ", 20),
]
# Phụ lục 3 (leaders): their own tasks and the results of the unit they lead.
PL3_TASKS = [
    ("Kết quả thực hiện chức trách, nhiệm vụ được giao của cá nhân", 30),
    ("Kết quả thực hiện nhiệm vụ của cơ quan, đơn vị, lĩnh vực được giao lãnh đạo, quản lý", 30),
    ("Năng lực lãnh đạo, quản lý; trách nhiệm nêu gương; xây dựng đoàn kết nội bộ", 10),
]
# Phụ lục 1 (collectives): how its 100 points split between groups was not found (domain-rules
# §2.2 [U]), so the default is one ungrouped row the province divides.
PL1_ROWS = [("", "Kết quả thực hiện nhiệm vụ chính trị và công tác xây dựng Đảng của tập thể (Phụ lục 1)", 100)]

SOURCE = "Quy định 366-QĐ/TW (2025), Hướng dẫn 43-HD/BTCTW (2025)"
SHEETS = [
    ("PL5", "Phiếu chấm điểm đảng viên không làm việc trong hệ thống chính trị (Phụ lục 5, mặc định)",
     [("general", *c) for c in GENERAL] + [("tasks", *c) for c in PL5_TASKS]),
    ("PL4", "Phiếu chấm điểm đảng viên làm việc trong hệ thống chính trị (Phụ lục 4, mặc định)",
     [("general", *c) for c in GENERAL] + [("tasks", *c) for c in PL4_TASKS]),
    ("PL3", "Phiếu chấm điểm đảng viên giữ chức vụ lãnh đạo, quản lý (Phụ lục 3, mặc định)",
     [("general", *c) for c in GENERAL] + [("tasks", *c) for c in PL3_TASKS]),
    ("PL1", "Phiếu chấm điểm tập thể, tổ chức đảng (Phụ lục 1, mặc định)", PL1_ROWS),
]
YEAR = 2025  # QĐ 366 applies from the 2025 rating


def create(apps, schema_editor):
    RatingSheet = apps.get_model("ratings", "RatingSheet")
    RatingCriterion = apps.get_model("ratings", "RatingCriterion")
    for code, name, rows in SHEETS:
        sheet = RatingSheet.objects.create(name=name, year=YEAR, code=code, source=SOURCE)
        RatingCriterion.objects.bulk_create(
            RatingCriterion(sheet=sheet, group=group, order=i, label=label, max_points=points)
            for i, (group, label, points) in enumerate(rows)
        )


def remove(apps, schema_editor):
    apps.get_model("ratings", "RatingSheet").objects.filter(province__isnull=True, year=YEAR).delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0006_rating_sheets")]
    operations = [migrations.RunPython(create, remove)]
