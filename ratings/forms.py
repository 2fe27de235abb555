"""Forms only parse and validate input; the rating services decide and write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from branches.forms import DateField

from .models import (
    LEVEL_CHOICES,
    SHEET_TOTAL,
    TASK_FIELDS,
    CriterionGroup,
    RatingCriterion,
    RatingPeriod,
    RatingSheet,
)
from .rules.common import Tasks, score_text
from .services.common import exact_points
from .services.periods import PERIOD_FIELDS

LEVEL_FIELD_CHOICES = [("", "— chọn —"), *LEVEL_CHOICES]


class ScoreField(forms.CharField):
    """A score typed the Vietnamese way ("89,5") or the English way ("89.5"), whole or with one
    decimal. A text field: a number input refuses the comma in an English-language browser."""

    def __init__(self, *, max_value: int, **kwargs):
        self.max_value = max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return score_text(value) if isinstance(value, int | float | Decimal) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            number = exact_points(value, label="Điểm")
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["score"]) from None
        if not 0 <= number <= self.max_value:
            raise forms.ValidationError(f"Điểm từ 0 đến {self.max_value}.")
        return number


class AssessmentForm(forms.Form):
    """Step 1: the score (QĐ 366's 100 points; none before 2025), the task figures, the level.

    With a score sheet (`criteria`), one field per criterion, all or none; the service sums them.
    The total field stays for a total copied from a paper sheet and counts only when no criterion
    is scored."""

    score = ScoreField(
        label="Tổng điểm tự chấm (0–100)",
        required=False,
        max_value=100,
        help_text="Được ghi một chữ số thập phân, ví dụ 89,5.",
    )
    tasks_assigned = forms.IntegerField(label="Số nhiệm vụ được giao", min_value=0, max_value=999, initial=0)
    tasks_on_time = forms.IntegerField(
        label="Hoàn thành đúng tiến độ, bảo đảm chất lượng", min_value=0, max_value=999, initial=0
    )
    tasks_exceeded = forms.IntegerField(label="Trong đó vượt yêu cầu", min_value=0, max_value=999, initial=0)
    tasks_late = forms.IntegerField(
        label="Hoàn thành nhưng chậm tiến độ", min_value=0, max_value=999, initial=0
    )
    tasks_not_done = forms.IntegerField(label="Không hoàn thành", min_value=0, max_value=999, initial=0)
    self_level = forms.ChoiceField(label="Tự xếp loại", choices=LEVEL_FIELD_CHOICES)
    strengths = forms.CharField(
        label="Ưu điểm, kết quả đạt được",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shortcomings = forms.CharField(
        label="Hạn chế, khuyết điểm và nguyên nhân",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remedies = forms.CharField(
        label="Phương hướng, biện pháp khắc phục",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args,
        scored: bool = True,
        criteria: list[RatingCriterion] = (),
        given: dict | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria) if scored else []
        if not scored:
            del self.fields["score"]
        elif self.criteria:
            self.fields["score"].label = "Hoặc chỉ ghi tổng điểm (khi không chấm từng tiêu chí)"
            self.fields[
                "score"
            ].help_text = "Đã chấm từng tiêu chí thì bỏ qua ô này: tổng điểm là tổng các tiêu chí."
            if given:
                self.initial["score"] = None
        for c in self.criteria:
            self.fields[f"point_{c.pk}"] = ScoreField(
                label=c.label,
                required=False,
                max_value=c.max_points,
                help_text=f"tối đa {c.max_points} điểm",
                initial=(given or {}).get(str(c.pk)),
            )
        for name in TASK_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs["inputmode"] = "numeric"

    def point_groups(self) -> list[tuple[str, int, list]]:
        """(group label, its points, its bound fields) in the sheet's order."""
        groups: dict[str, tuple[str, int, list]] = {}
        for c in self.criteria:
            label, points, fields = groups.get(c.group, (CriterionGroup(c.group).label, 0, []))
            groups[c.group] = (label, points + c.max_points, [*fields, self[f"point_{c.pk}"]])
        return list(groups.values())

    def other_fields(self) -> list:
        return [self[name] for name in self.fields if not name.startswith("point_")]

    def clean(self):
        data = super().clean()
        given = [c for c in self.criteria if data.get(f"point_{c.pk}") is not None]
        if given and len(given) < len(self.criteria):
            for c in self.criteria:
                if data.get(f"point_{c.pk}") is None and f"point_{c.pk}" not in self.errors:
                    self.add_error(f"point_{c.pk}", "Hãy chấm điểm tiêu chí này.")
        return data

    @property
    def total(self) -> Decimal | None:
        """The sum of the points entered so far (shown back when the page is sent again)."""
        values = [(getattr(self, "cleaned_data", {}) or {}).get(f"point_{c.pk}") for c in self.criteria]
        return (
            sum((v for v in values if v is not None), Decimal(0))
            if any(v is not None for v in values)
            else None
        )

    @property
    def points(self) -> dict[int, Decimal] | None:
        """{criterion id: points}, or None when only the total was entered."""
        d = self.cleaned_data
        if not any(d.get(f"point_{c.pk}") is not None for c in self.criteria):
            return None
        return {c.pk: d[f"point_{c.pk}"] for c in self.criteria}

    @property
    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ("strengths", "shortcomings", "remedies")}

    @property
    def tasks(self) -> Tasks:
        d = self.cleaned_data
        return Tasks(
            d["tasks_assigned"], d["tasks_on_time"], d["tasks_exceeded"], d["tasks_late"], d["tasks_not_done"]
        )


class MemberAssessmentForm(AssessmentForm):
    shortcomings_pointed = forms.IntegerField(
        label="Hạn chế, khuyết điểm đã chỉ ra năm trước", min_value=0, max_value=99, initial=0
    )
    shortcomings_remedied = forms.IntegerField(
        label="Trong đó đã khắc phục", min_value=0, max_value=99, initial=0
    )


class ProposalVotesForm(forms.Form):
    votes_for = forms.IntegerField(label="Số phiếu tán thành", required=False, min_value=0, max_value=999)
    votes_total = forms.IntegerField(
        label="Tổng số đảng viên biểu quyết", required=False, min_value=0, max_value=999
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("votes_for") is not None
            and data.get("votes_total") is not None
            and data["votes_for"] > data["votes_total"]
        ):
            raise forms.ValidationError("Số phiếu tán thành không thể nhiều hơn số đảng viên biểu quyết.")
        return data


class DecisionForm(forms.Form):
    decision_number = forms.CharField(
        label="Số quyết định", max_length=40, widget=forms.TextInput(attrs={"placeholder": "12-QĐ/ĐU"})
    )
    decided_on = DateField(label="Ngày quyết định")
    exceptional_quota = forms.BooleanField(
        label="Áp dụng tỷ lệ ngoại lệ (cấp có thẩm quyền cho phép, tối đa 25%)", required=False
    )


class OrganisationDecisionForm(forms.Form):
    level = forms.ChoiceField(label="Xếp loại", choices=LEVEL_FIELD_CHOICES)
    decision_number = forms.CharField(label="Số quyết định", max_length=40)
    decided_on = DateField(label="Ngày quyết định")
    override = forms.CharField(
        label="Lý do xem xét ngoại lệ (nếu cao hơn mức quy định cho phép)", required=False, max_length=500
    )


class ProposalForm(forms.Form):
    level = forms.ChoiceField(label="Mức đề xuất", choices=LEVEL_FIELD_CHOICES)


class RerateForm(forms.Form):
    level = forms.ChoiceField(label="Xếp loại lại", choices=LEVEL_FIELD_CHOICES)
    reason = forms.CharField(
        label="Lý do hủy kết quả và xếp loại lại", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
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
        fields = PERIOD_FIELDS

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

    def __init__(self, *args, needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_reason:
            # The year has decisions: the service refuses a change without the reason, which the
            # history keeps beside it.
            self.fields["reason"] = forms.CharField(
                label="Lý do thay đổi",
                max_length=150,
                required=False,
                help_text="Năm đánh giá đã có kết quả được quyết định: thay đổi tham số phải nêu lý do.",
            )


class OpenPeriodForm(forms.Form):
    year = forms.IntegerField(label="Năm đánh giá", min_value=2018, max_value=2100)


class RatingSheetForm(forms.ModelForm):
    class Meta:
        model = RatingSheet
        fields = ["name"]
        labels = {"name": "Tên phiếu"}


class RatingCriterionForm(forms.ModelForm):
    max_points = forms.IntegerField(
        label="Điểm tối đa",
        min_value=1,
        max_value=SHEET_TOTAL,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = RatingCriterion
        fields = ["group", "label", "max_points"]
        widgets = {"label": forms.Textarea(attrs={"rows": 2})}


RatingCriteriaFormSet = forms.formset_factory(RatingCriterionForm, extra=2, can_delete=True)
