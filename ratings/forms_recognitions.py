"""Forms for recognitions: they parse input; ratings.services.recognitions decides and writes."""

from __future__ import annotations

from datetime import date

from django import forms

from branches import uploads
from branches.forms import DateField
from branches.models import Organisation

from .models import LEVEL_CHOICES, Comparison, CriterionKind, Measure, RecognitionCriterion, RecognitionScheme

VERDICTS = [("1", "Đạt"), ("0", "Không đạt")]


class RegisterForm(forms.Form):
    scheme = forms.ModelChoiceField(label="Danh hiệu", queryset=RecognitionScheme.objects.none())

    def __init__(self, *args, schemes: list[RecognitionScheme], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = RecognitionScheme.objects.filter(pk__in=[s.pk for s in schemes])


class ReportForm(forms.Form):
    """The self-report: for each criterion reported by hand, what was done and an optional scan."""

    note = forms.CharField(
        label="Tóm tắt kết quả thực hiện trong năm", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.manual = [r for r in results if r.kind == CriterionKind.MANUAL]
        for r in self.manual:
            self.fields[f"evidence_{r.pk}"] = forms.CharField(
                label="Kết quả thực hiện, minh chứng",
                initial=r.evidence,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"file_{r.pk}"] = uploads.DocumentField(
                label=f"Tệp minh chứng ({uploads.LABEL})", required=False
            )

    def fields_for(self, result) -> tuple:
        if result.kind != CriterionKind.MANUAL:
            return None, None
        return self[f"evidence_{result.pk}"], self[f"file_{result.pk}"]

    def evidence(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data[f"evidence_{r.pk}"] for r in self.manual}

    def uploads(self) -> dict[int, object]:
        files = {r.pk: self.cleaned_data.get(f"file_{r.pk}") for r in self.manual}
        return {pk: upload for pk, upload in files.items() if upload}


class AppraiseForm(forms.Form):
    note = forms.CharField(
        label="Kết luận thẩm định", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, results, judged: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.results = list(results)
        for r in self.results:
            suggested = judged[r.pk].met if r.pk in judged else None
            self.fields[f"verdict_{r.pk}"] = forms.ChoiceField(
                label="Kết luận",
                choices=VERDICTS,
                widget=forms.RadioSelect,
                initial=None if suggested is None else ("1" if suggested else "0"),
            )
            self.fields[f"note_{r.pk}"] = forms.CharField(label="Ý kiến", max_length=500, required=False)

    def fields_for(self, result) -> tuple:
        return self[f"verdict_{result.pk}"], self[f"note_{result.pk}"]

    def verdicts(self) -> dict[int, bool]:
        return {r.pk: self.cleaned_data[f"verdict_{r.pk}"] == "1" for r in self.results}

    def notes(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data[f"note_{r.pk}"] for r in self.results}


class DecideForm(forms.Form):
    RECOGNISE, REFUSE = "recognise", "refuse"
    outcome = forms.ChoiceField(
        label="Quyết định",
        widget=forms.RadioSelect,
        choices=[(RECOGNISE, "Công nhận"), (REFUSE, "Không công nhận")],
    )
    decision_number = forms.CharField(label="Số quyết định", max_length=40, required=False)
    decided_on = DateField(label="Ngày quyết định", initial=date.today)
    note = forms.CharField(
        label="Ghi chú / lý do không công nhận",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Lý do hủy công nhận", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    revoked_on = DateField(label="Ngày hủy", initial=date.today)
    version = forms.IntegerField(widget=forms.HiddenInput)


# Configuration -------------------------------------------------------------------------------------


class SchemeForm(forms.ModelForm):
    applies_to = forms.MultipleChoiceField(
        label="Áp dụng cho loại tổ chức",
        widget=forms.CheckboxSelectMultiple,
        choices=[c for c in Organisation.Kind.choices if c[0] != Organisation.Kind.PROVINCE],
    )
    area_types = forms.MultipleChoiceField(
        label="Chỉ áp dụng cho địa bàn (để trống: mọi địa bàn)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[c for c in Organisation.Area.choices if c[0]],
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = RecognitionScheme
        fields = [
            "name",
            "issuing_body",
            "basis",
            "valid_from",
            "valid_until",
            "applies_to",
            "area_types",
            "years_running",
            "appraised_by",
            "decided_by",
            "revocation",
        ]
        widgets = {"revocation": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "years_running": "Các tiêu chí tính từ dữ liệu phải đạt trong từng năm (ví dụ: 2 năm liền)."
        }


class CriterionForm(forms.ModelForm):
    class Meta:
        model = RecognitionCriterion
        fields = ["group", "label", "kind", "measure", "level", "comparison", "threshold"]
        widgets = {"label": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "— (tự báo cáo)"), *Measure.choices]
        self.fields["level"].choices = [("", "—"), *LEVEL_CHOICES]
        self.fields["comparison"].choices = [("", "—"), *Comparison.choices]


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True)


class TargetForm(forms.Form):
    scope = forms.ModelChoiceField(label="Phạm vi (tổ chức đảng)", queryset=Organisation.objects.none())
    year = forms.IntegerField(label="Năm (đến năm)", min_value=2000, max_value=2100)
    min_share = forms.DecimalField(label="Tỷ lệ tối thiểu (%)", min_value=0, max_value=100, decimal_places=2)
    max_share = forms.DecimalField(
        label="Tỷ lệ tối đa (%)", min_value=0, max_value=100, decimal_places=2, required=False
    )
    note = forms.CharField(label="Căn cứ, ghi chú", max_length=300, required=False)

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scopes
