"""The small forms of meetings: amendment reason, plan, comment, score adjustment, attachment, score
sheets; the record form itself is record_form.py. Forms parse; meetings.services decides and writes."""

from __future__ import annotations

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from branches import uploads
from branches.forms import DateField

from .models import Meeting, ScoreCriterion, ScoreSheet


class TimeField(forms.TimeField):
    """Hours and minutes, always 24-hour. Typed as text: Chromium shows an <input type=time> in the
    browser's locale, 7:00 PM in an English one. Accepts 19:30, 19.30, 19h30, 19g30 and 1930."""

    widget = forms.TimeInput
    default_error_messages = {"invalid": "Nhập giờ theo dạng 24 giờ, ví dụ 19:30."}
    PATTERN = re.compile(r"(\d{1,2})(?:\s*[:.,hg]\s*(\d{2})?|(\d{2}))?", re.IGNORECASE)

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TimeInput(
                format="%H:%M",
                attrs={
                    "placeholder": "hh:mm",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "maxlength": 5,
                    "class": "time-24",
                },
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, time):
            return value
        match = self.PATTERN.fullmatch(str(value).strip())
        if match is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        hours, minutes = int(match[1]), int(match[2] or match[3] or 0)
        if hours > 23 or minutes > 59:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return time(hours, minutes)


class AmendForm(forms.Form):
    reason = forms.CharField(label="Lý do sửa biên bản đã hoàn tất", max_length=500)


class PlanForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại", choices=[c for c in Meeting.Kind.choices if c[0] in ("regular", "thematic", "combined")]
    )
    day = DateField(label="Ngày dự kiến")
    start = TimeField(label="Giờ")
    topic = forms.CharField(label="Chủ đề / chuyên đề dự kiến", max_length=300, required=False)

    SERVICE_FIELDS = {"planned_start": "day"}

    def planned_start(self) -> datetime:
        d = self.cleaned_data
        return timezone.make_aware(datetime.combine(d["day"], d["start"]), timezone.get_current_timezone())


class CommentForm(forms.Form):
    text = forms.CharField(label="Ý kiến của cấp ủy cấp trên", widget=forms.Textarea(attrs={"rows": 3}))


class AdjustForm(forms.Form):
    criterion = forms.ModelChoiceField(label="Tiêu chí", queryset=ScoreCriterion.objects.none())
    points = forms.IntegerField(label="Điểm mới", min_value=0)
    reason = forms.CharField(label="Lý do điều chỉnh", max_length=300)

    def __init__(self, *args, sheet: ScoreSheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = sheet.criteria.all()


class AttachmentForm(forms.Form):
    file = uploads.DocumentField(label=f"Ảnh hoặc bản quét biên bản có chữ ký ({uploads.LABEL})")

    def __init__(self, *args, planned: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if planned:
            self.fields["file"].label = f"Tài liệu chuẩn bị cho buổi sinh hoạt ({uploads.LABEL})"


class SheetForm(forms.ModelForm):
    class Meta:
        model = ScoreSheet
        fields = ["name", "year", "good_min", "fair_min", "average_min", "source"]


class CriterionForm(forms.ModelForm):
    class Meta:
        model = ScoreCriterion
        fields = ["label", "max_points", "auto", "required_for_good"]
        widgets = {"label": forms.Textarea(attrs={"rows": 2})}


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True)
