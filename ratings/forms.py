"""Forms only parse and validate input; the rating services decide and write."""

from __future__ import annotations

from django import forms

from branches.forms import DateField

from .models import LEVEL_CHOICES, RatingPeriod
from .rules.common import Tasks

LEVEL_FIELD_CHOICES = [("", "— chọn —"), *LEVEL_CHOICES]


class AssessmentForm(forms.Form):
    """Step 1: the score (QĐ 366's 100 points; none before 2025), the task figures, the level."""

    score = forms.IntegerField(label="Tổng điểm tự chấm (0–100)", required=False, min_value=0, max_value=100)
    tasks_assigned = forms.IntegerField(label="Số nhiệm vụ được giao", min_value=0, max_value=999, initial=0)
    tasks_on_time = forms.IntegerField(label="Hoàn thành đúng tiến độ, bảo đảm chất lượng", min_value=0, max_value=999, initial=0)
    tasks_exceeded = forms.IntegerField(label="Trong đó vượt yêu cầu", min_value=0, max_value=999, initial=0)
    tasks_late = forms.IntegerField(label="Hoàn thành nhưng chậm tiến độ", min_value=0, max_value=999, initial=0)
    tasks_not_done = forms.IntegerField(label="Không hoàn thành", min_value=0, max_value=999, initial=0)
    self_level = forms.ChoiceField(label="Tự xếp loại", choices=LEVEL_FIELD_CHOICES)

    def __init__(self, *args, scored: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not scored:
            del self.fields["score"]
        for name in ("score", "tasks_assigned", "tasks_on_time", "tasks_exceeded", "tasks_late", "tasks_not_done"):
            if name in self.fields:
                self.fields[name].widget.attrs["inputmode"] = "numeric"

    @property
    def tasks(self) -> Tasks:
        d = self.cleaned_data
        return Tasks(d["tasks_assigned"], d["tasks_on_time"], d["tasks_exceeded"], d["tasks_late"], d["tasks_not_done"])


class MemberAssessmentForm(AssessmentForm):
    shortcomings_pointed = forms.IntegerField(label="Hạn chế, khuyết điểm đã chỉ ra năm trước", min_value=0, max_value=99, initial=0)
    shortcomings_remedied = forms.IntegerField(label="Trong đó đã khắc phục", min_value=0, max_value=99, initial=0)


class ProposalVotesForm(forms.Form):
    votes_for = forms.IntegerField(label="Số phiếu tán thành", required=False, min_value=0, max_value=999)
    votes_total = forms.IntegerField(label="Tổng số đảng viên biểu quyết", required=False, min_value=0, max_value=999)

    def clean(self):
        data = super().clean()
        if data.get("votes_for") is not None and data.get("votes_total") is not None and data["votes_for"] > data["votes_total"]:
            raise forms.ValidationError("Số phiếu tán thành không thể nhiều hơn số đảng viên biểu quyết.")
        return data


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định", max_length=40, widget=forms.TextInput(attrs={"placeholder": "12-QĐ/ĐU"}))
    decided_on = DateField(label="Ngày quyết định")
    exceptional_quota = forms.BooleanField(
        label="Áp dụng tỷ lệ ngoại lệ (cấp có thẩm quyền cho phép, tối đa 25%)", required=False
    )


class OrganisationDecisionForm(forms.Form):
    level = forms.ChoiceField(label="Xếp loại", choices=LEVEL_FIELD_CHOICES)
    decision_number = forms.CharField(label="Số quyết định", max_length=40)
    decided_on = DateField(label="Ngày quyết định")
    override = forms.CharField(label="Lý do xem xét ngoại lệ (nếu cao hơn mức quy định cho phép)", required=False, max_length=500)


class ProposalForm(forms.Form):
    level = forms.ChoiceField(label="Mức đề xuất", choices=LEVEL_FIELD_CHOICES)


class RerateForm(forms.Form):
    level = forms.ChoiceField(label="Xếp loại lại", choices=LEVEL_FIELD_CHOICES)
    reason = forms.CharField(label="Lý do hủy kết quả và xếp loại lại", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    decision_number = forms.CharField(label="Số quyết định (Mẫu 03-HD KĐ.ĐG)", max_length=40)
    decided_on = DateField(label="Ngày quyết định")


class CommentForm(forms.Form):
    text = forms.CharField(label="Nhận xét", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(forms.ModelForm):
    """The parameters a province sets for its rating year (defaults: QĐ 366 + HD 43)."""

    finish_by = DateField(label="Hoàn thành trước")
    files_by = DateField(label="Gửi hồ sơ trước")

    class Meta:
        model = RatingPeriod
        fields = [
            "finish_by", "files_by", "htxsnv_min", "httnv_min", "htnv_min", "exceeded_share", "late_share",
            "quota_share", "exceptional_quota_share", "quota_group", "small_group_minimum",
            "head_not_above_collective", "member_ratio_rule", "require_previous_unit_comment",
        ]

    def clean(self):
        data = super().clean()
        if all(data.get(k) is not None for k in ("htxsnv_min", "httnv_min", "htnv_min")) and not (
            data["htxsnv_min"] > data["httnv_min"] > data["htnv_min"]
        ):
            raise forms.ValidationError("Ngưỡng điểm phải giảm dần: xuất sắc > tốt > hoàn thành nhiệm vụ.")
        for name in ("exceeded_share", "late_share", "quota_share", "exceptional_quota_share"):
            if data.get(name) is not None and not 0 <= data[name] <= 1:
                self.add_error(name, "Tỷ lệ ghi dạng số thập phân từ 0 đến 1 (ví dụ 0,20 cho 20%).")
        return data


class OpenPeriodForm(forms.Form):
    year = forms.IntegerField(label="Năm đánh giá", min_value=2018, max_value=2100)
