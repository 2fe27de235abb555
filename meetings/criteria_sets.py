"""The meeting-quality score sheet as a kind of criteria set (branches.criteria_sets): a province
copies the national sheet for a year and adapts it; a sheet that scored a meeting is frozen."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from branches.criteria_sets import CriteriaSetKind

from .forms import CriteriaFormSet, SheetForm
from .models import Meeting, ScoreSheet

SHEET_TOTAL = 100  # HD 42 and the provincial sheets seen all score out of 100


class ScoreSheets(CriteriaSetKind):
    slug = "sinh-hoat"
    model = ScoreSheet
    action = "sheet.manage"
    form_class = SheetForm
    criteria_formset = CriteriaFormSet
    list_template = "meetings/sheet_list.html"
    edit_template = "meetings/sheet_edit.html"
    copied_message = "Đã tạo phiếu chấm điểm mới; hãy chỉnh các tiêu chí."
    frozen_message = (
        "Phiếu này đã dùng để chấm điểm các buổi sinh hoạt nên không sửa được; hãy tạo bản sao cho năm mới."
    )

    def duplicate_message(self, source: ScoreSheet, province, year) -> str:
        return f"{province.name} đã có phiếu {source.get_applies_to_display().lower()} năm {year}."

    def in_use(self, sheet: ScoreSheet) -> bool:
        return Meeting.objects.filter(sheet=sheet).exists()

    def check(self, sheet: ScoreSheet, fields: dict, criteria: list[dict]) -> None:
        if sum(c["max_points"] for c in criteria) != SHEET_TOTAL:
            raise ValidationError(f"Tổng điểm tối đa của các tiêu chí phải là {SHEET_TOTAL}.")
        if not fields["good_min"] > fields["fair_min"] > fields["average_min"]:
            raise ValidationError("Ngưỡng xếp loại phải giảm dần: Tốt > Khá > Trung bình.")
        autos = [c["auto"] for c in criteria if c["auto"]]
        if len(autos) != len(set(autos)):
            raise ValidationError("Mỗi tiêu chí tự động (dự họp, thời lượng) chỉ dùng một lần.")


SCORE_SHEETS = ScoreSheets()
