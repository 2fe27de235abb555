"""The national default score sheets (domain-rules §3.6). Provinces add their own."""

from django.db import migrations

REGULAR = [
    ("Thời gian, thời lượng sinh hoạt (≥ 90 phút; ≥ 120 phút nếu kết hợp chuyên đề)", 5, "duration"),
    ("Tỷ lệ đảng viên dự họp (> 85%, không vắng không lý do, không ai vắng quá 3 lần liên tiếp)", 5, "attendance"),
    ("Công tác chuẩn bị (chi ủy họp trước, dự thảo nghị quyết/kết luận, tài liệu gửi trước)", 10, ""),
    ("Tổ chức sinh hoạt (đúng trình tự, điều hành linh hoạt, nhiều đảng viên phát biểu, biên bản đầy đủ)", 40, ""),
    ("Thực hiện nguyên tắc tổ chức, sinh hoạt đảng; tự phê bình và phê bình", 5, ""),
    ("Kết quả thực hiện nghị quyết, kết luận kỳ trước", 30, ""),
    ("Kết thúc sinh hoạt (kết luận, biểu quyết, phân công nhiệm vụ, thông qua biên bản)", 5, ""),
]
THEMATIC = [
    ("Thời gian, thời lượng sinh hoạt (≥ 90 phút)", 5, "duration"),
    ("Tỷ lệ đảng viên dự họp (> 85%, không vắng không lý do, không ai vắng quá 3 lần liên tiếp)", 5, "attendance"),
    ("Chọn chuyên đề phù hợp, chuẩn bị và gửi dự thảo chuyên đề trước", 20, ""),
    ("Trình bày chuyên đề", 20, ""),
    ("Thảo luận, liên hệ bản thân và đơn vị", 30, ""),
    ("Kết luận, vận dụng vào thực tiễn", 20, ""),
]


def create(apps, schema_editor):
    ScoreSheet = apps.get_model("meetings", "ScoreSheet")
    ScoreCriterion = apps.get_model("meetings", "ScoreCriterion")
    for applies, name, rows in (
        ("regular", "Phiếu chấm điểm sinh hoạt thường kỳ (mặc định, theo HD 12/HD 42)", REGULAR),
        ("thematic", "Phiếu chấm điểm sinh hoạt chuyên đề (mặc định)", THEMATIC),
    ):
        sheet = ScoreSheet.objects.create(
            name=name, year=2018, applies_to=applies, source="HD 12-HD/BTCTW (2018), HD 42-HD/BTCTW (2025)"
        )
        ScoreCriterion.objects.bulk_create(
            ScoreCriterion(sheet=sheet, order=i, label=label, max_points=points, auto=auto)
            for i, (label, points, auto) in enumerate(rows)
        )


def remove(apps, schema_editor):
    apps.get_model("meetings", "ScoreSheet").objects.filter(province__isnull=True, year=2018).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
