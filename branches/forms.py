"""Forms only parse and validate input; the services decide and write."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from .models import (
    ALLOWED_CHILD_KINDS,
    BRANCH_KINDS,
    Discipline,
    Gender,
    LeaveReason,
    Member,
    Organisation,
    Position,
    RoleAssignment,
    Transfer,
)


class DateInput(forms.DateInput):
    """A typed dd/mm/yyyy date: quicker on a phone than a picker for birth dates decades ago."""

    def __init__(self, attrs=None):
        super().__init__(
            format="%d/%m/%Y",
            attrs={
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "autocomplete": "off",
                **(attrs or {}),
            },
        )


class DateField(forms.DateField):
    widget = DateInput
    default_error_messages = {"invalid": "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/04/2025."}

    def __init__(self, **kwargs):
        # Day first, always: never the US reading of 05/04/2025.
        super().__init__(input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"], **kwargs)


def _digits(value: str, length: int, label: str) -> str:
    value = value.strip().replace(" ", "")
    if value and not re.fullmatch(rf"\d{{{length}}}", value):
        raise forms.ValidationError(f"{label} gồm đúng {length} chữ số.")
    return value


# Organisations ----------------------------------------------------------------------------------


class OrganisationForm(forms.ModelForm):
    founded_on = DateField(label="Ngày thành lập", required=False)

    class Meta:
        model = Organisation
        fields = ["kind", "code", "name", "area_type", "founded_on", "online_pilot"]
        labels = {"kind": "Loại tổ chức"}

    def __init__(self, *args, parent: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if parent is not None:
            allowed = ALLOWED_CHILD_KINDS[parent.kind]
            self.fields["kind"].choices = [c for c in Organisation.Kind.choices if c[0] in allowed]

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class OrganisationEditForm(OrganisationForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(OrganisationForm.Meta):
        fields = ["code", "name", "area_type", "founded_on", "online_pilot"]


class MoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(label="Chuyển về trực thuộc", queryset=Organisation.objects.none())

    def __init__(self, *args, org: Organisation, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        parent_kinds = [kind for kind, children in ALLOWED_CHILD_KINDS.items() if org.kind in children]
        self.fields["new_parent"].queryset = (
            candidates.active().filter(kind__in=parent_kinds).exclude(path__startswith=org.path)
        )


class DissolveForm(forms.Form):
    on = DateField(label="Ngày giải thể")


# Members ----------------------------------------------------------------------------------------

MEMBER_FIELDS = list(Member.RECORD_FIELDS)


class MemberForm(forms.ModelForm):
    # Two choices, no "---------" radio button before them.
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices, widget=forms.RadioSelect)
    birth_date = DateField(label="Ngày sinh")
    admission_decision_date = DateField(label="Ngày quyết định kết nạp", required=False)
    ceremony_date = DateField(label="Ngày vào Đảng (lễ kết nạp)")
    official_date = DateField(
        label="Ngày chính thức",
        required=False,
        help_text="Để trống nếu đang là đảng viên dự bị.",
    )

    class Meta:
        model = Member
        fields = MEMBER_FIELDS

    def clean_cccd(self) -> str:
        return _digits(self.cleaned_data["cccd"], 12, "Số CCCD")

    def clean_card_number(self) -> str:
        return _digits(self.cleaned_data["card_number"], 8, "Số thẻ đảng viên")

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError("Nhập đầy đủ họ và tên.")
        return name

    def _post_clean(self):
        # The services validate against the database; skip ModelForm's own model validation.
        pass


class AdmitForm(MemberForm):
    """A new member's record. When the chi bộ already has someone with the same name and birth
    date, the page asks once more: `same_as` carries the members shown, the box confirms."""

    field_order = ["confirm_same", "same_as"]  # the question is answered right under it
    same_as = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_same = forms.BooleanField(
        label="Đúng, đây là một người khác: vẫn thêm", required=False, widget=forms.HiddenInput
    )

    def clean_same_as(self) -> list[int]:
        return [int(part) for part in self.cleaned_data["same_as"].split(",") if part.strip().isdigit()]

    def member_fields(self) -> dict:
        """The record for services.admit_member, with the namesakes the user confirmed."""
        data = dict(self.cleaned_data)
        same_as, confirmed = data.pop("same_as"), data.pop("confirm_same")
        return {**data, "same_as": same_as if confirmed else []}

    def ask_same_person(self, question) -> None:
        """Show the service's question (services.SamePerson) and the box to confirm it."""
        self.add_error(None, question)
        self.data = self.data.copy()
        self.data["same_as"] = ",".join(str(m.pk) for m in question.members)
        self.data.pop("confirm_same", None)
        self.fields["confirm_same"].widget = forms.CheckboxInput()


class MemberEditForm(MemberForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecogniseForm(forms.Form):
    decided_on = DateField(label="Ngày quyết định công nhận")


class ExemptForm(forms.Form):
    on = DateField(label="Từ ngày (theo nghị quyết chi bộ)")
    reason = forms.CharField(label="Lý do", max_length=300, help_text="Ví dụ: tuổi cao, sức khỏe yếu.")


class SuspendForm(forms.Form):
    on = DateField(label="Từ ngày")
    reason = forms.CharField(label="Lý do", max_length=300)


class DateOnlyForm(forms.Form):
    on = DateField(label="Ngày")


def branch_choices():
    return (
        Organisation.objects.active()
        .filter(kind__in=BRANCH_KINDS)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


class BranchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} — {obj.parent.name}" if obj.parent else obj.name


class TransferForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=Transfer.Kind.choices)
    # Any chi bộ of the province: a member may move beyond the sender's own scope.
    to_organisation = BranchChoiceField(
        label="Chuyển đến chi bộ", queryset=Organisation.objects.none(), empty_label="Chọn chi bộ nơi đến…"
    )
    decided_on = DateField(label="Ngày quyết định / giới thiệu")
    ends_on = DateField(label="Đến ngày (sinh hoạt tạm thời)", required=False)
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = branch_choices()


class DisciplineForm(forms.Form):
    form = forms.ChoiceField(label="Hình thức kỷ luật", choices=Discipline.Form.choices)
    decision_number = forms.CharField(label="Số quyết định", max_length=40)
    decided_on = DateField(label="Ngày quyết định")
    authority = forms.CharField(label="Cấp quyết định", max_length=120)
    duty_related = forms.BooleanField(label="Vi phạm liên quan đến thực thi công vụ", required=False)
    reason = forms.CharField(
        label="Nội dung vi phạm", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class LeaveForm(forms.Form):
    # Khai trừ is a discipline decision, entered as one.
    reason = forms.ChoiceField(
        label="Hình thức", choices=[c for c in LeaveReason.choices if c[0] != LeaveReason.EXPELLED]
    )
    on = DateField(label="Ngày")
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)


class PositionForm(forms.Form):
    title = forms.ChoiceField(label="Chức vụ", choices=Position.Title.choices)
    organisation = forms.ModelChoiceField(label="Tại tổ chức", queryset=Organisation.objects.none())
    starts_on = DateField(label="Từ ngày")

    def __init__(self, *args, organisations, **kwargs):
        """`organisations`: the member's chi bộ and the committees above it where the user may
        record posts (the view asks the policy)."""
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].initial = organisations.order_by("-depth").first()


# Search and roles -------------------------------------------------------------------------------


class MemberFilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo tên", required=False)
    status = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        choices=[
            ("", "Đang sinh hoạt"),
            ("official", "Chính thức"),
            ("probationary", "Dự bị"),
            ("due", "Dự bị đến hạn xét chính thức"),
            ("exempt", "Miễn sinh hoạt"),
            ("suspended", "Đình chỉ sinh hoạt"),
            ("temporary", "Sinh hoạt tạm thời nơi khác"),
            ("left", "Đã ra khỏi Đảng / từ trần"),
        ],
    )
    gender = forms.ChoiceField(
        label="Giới tính",
        required=False,
        choices=[("", "Tất cả"), ("M", "Nam"), ("F", "Nữ")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    ethnicity = forms.CharField(label="Dân tộc", required=False)
    position = forms.ChoiceField(
        label="Chức vụ",
        required=False,
        choices=[("", "Tất cả"), *Position.Title.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AccountForm(UserCreationForm):
    full_name = forms.CharField(label="Họ và tên", max_length=150)

    class Meta(UserCreationForm.Meta):
        fields = ["username", "full_name"]


class MemberLoginForm(forms.Form):
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        help_text="Chữ không dấu, số và các dấu . _ -. Đảng viên đăng nhập bằng tên này.",
    )


class RoleForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    organisation = forms.ModelChoiceField(label="Tại tổ chức", queryset=Organisation.objects.none())
    role = forms.ChoiceField(label="Vai trò", choices=RoleAssignment.Role.choices)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(f"Không có tài khoản “{username}”.")
        return user


class CopyCriteriaSetForm(forms.Form):
    """A province's copy of a criteria set: for which province, and from which year when the kind
    is copied per year (a scheme's copy keeps the source's years)."""

    province = forms.ModelChoiceField(label="Tỉnh", queryset=Organisation.objects.none())

    def __init__(self, *args, provinces, first_year: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        if first_year is not None:
            self.fields["year"] = forms.IntegerField(
                label="Áp dụng từ năm", min_value=first_year, max_value=2100
            )
            self.order_fields(["year", "province"])


INVALID_EMAIL = "Địa chỉ email không hợp lệ (ví dụ: ten@example.vn)."


class OwnEmailForm(forms.Form):
    """The user's own email address and whether the day's reminders are emailed to it. The address
    is also where a forgotten password's link goes, so changing it asks for the current password:
    someone at a session left open cannot make the login theirs."""

    email = forms.EmailField(
        label="Địa chỉ email",
        required=False,
        max_length=254,
        error_messages={"invalid": INVALID_EMAIL},
    )
    email_reminders = forms.BooleanField(label="Gửi email tóm tắt việc cần làm mỗi ngày", required=False)
    password = forms.CharField(
        label="Mật khẩu hiện tại",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Cần khi đổi địa chỉ email.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        changed = "email" in data and data["email"].lower() != self.user.email.lower()
        if changed and not self.user.check_password(data.get("password", "")):
            self.add_error("password", "Mật khẩu hiện tại không đúng: cần mật khẩu để đổi địa chỉ email.")
        data.pop("password", None)
        return data
