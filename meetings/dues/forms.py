"""Forms parse the dues pages' input; meetings.dues.services decides and writes."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django import forms

from branches.formatting import number
from branches.forms import DateField

from ..enums import BASIS_LABELS, Category, Method, State, Window
from .services import MAX_BASIS, MAX_PAYMENT, Collected
from .statements import Columns
from .values import Book, BookRow


class MoneyInput(forms.TextInput):
    """A sum in đồng, typed on a phone's number pad; shown with the dots people write (85.000)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return number(value)
        return super().format_value(value)


class MoneyField(forms.IntegerField):
    """Whole đồng: 85.000, 85,000, 85 000, 85000 and 85.000 đ all read as 85000."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": "Nhập số tiền bằng chữ số, ví dụ 85.000.",
        "max_value": "Số tiền quá lớn; hãy kiểm tra lại.",
        "min_value": "Số tiền không thể âm.",
    }

    def __init__(self, *, maximum: int = MAX_PAYMENT, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(max_value=maximum, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = re.sub(r"\s|đồng$|đ$|[.,]", "", str(value).strip().lower())
        if not (text.isascii() and text.isdecimal()) or len(text) > 15:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


# The month's book, at the meeting ---------------------------------------------------------------


def has_controls(row: BookRow) -> bool:
    """A payer the secretary marks: someone with something to pay this month, or a line already
    written with cash or a reason (it may be corrected). A month covered by what was paid ahead or
    on the portal is shown, not asked."""
    return row.expected > 0 or row.cash > 0 or bool(row.reason) or row.state in (State.UNPAID, State.EXCUSED)


class CollectForm(forms.Form):
    """The month's book as the secretary marks it: by default everyone pays the expected amount;
    untick who did not (and, if they have one, write their good reason)."""

    on = DateField(label="Ngày thu")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, book: Book, **kwargs):
        super().__init__(*args, **kwargs)
        self.book = book
        self.rows = [r for r in book.rows if has_controls(r)]
        self.shown_only = [r for r in book.rows if not has_controls(r)]
        if book.closed:
            self.fields["reason"] = forms.CharField(
                label="Lý do sửa sổ đã ghi",
                max_length=200,
                error_messages={"required": "Sổ tháng này đã ghi: muốn sửa phải nêu lý do."},
            )
        for r in self.rows:
            pk, fresh = r.member.pk, not book.closed
            self.fields[f"paid_{pk}"] = forms.BooleanField(
                label="Đã nộp", required=False, initial=r.expected > 0 if fresh else r.cash > 0
            )
            self.fields[f"amount_{pk}"] = MoneyField(
                label=f"Số tiền: {r.member.label}", required=False, initial=r.cash or r.expected
            )
            self.fields[f"why_{pk}"] = forms.CharField(
                label=f"Lý do chưa nộp: {r.member.label}", required=False, max_length=300, initial=r.reason
            )

    def lines(self):
        """(book row, paid box, amount, the amount as shown, reason) for the template."""
        for r in self.rows:
            pk = r.member.pk
            amount = self[f"amount_{pk}"]
            value = amount.value()
            shown = number(value) if isinstance(value, int) else (value or "")
            yield r, self[f"paid_{pk}"], amount, shown, self[f"why_{pk}"]

    def clean(self):
        data = super().clean()
        for r in self.rows:
            pk = r.member.pk
            if data.get(f"paid_{pk}") and not data.get(f"amount_{pk}") and f"amount_{pk}" not in self.errors:
                self.add_error(f"amount_{pk}", "Hãy nhập số tiền đã nộp, hoặc bỏ đánh dấu “Đã nộp”.")
        return data

    def collection(self) -> dict[str, object]:
        """The month as marked, as services.collect_month takes it: each payer's row, the day, the
        book's version, the form's token and (for a book already written) the reason."""
        d = self.cleaned_data
        rows = {
            r.member.pk: Collected(
                bool(d[f"paid_{r.member.pk}"]), d[f"amount_{r.member.pk}"] or 0, d[f"why_{r.member.pk}"]
            )
            for r in self.rows
        }
        return {
            "rows": rows,
            "on": d["on"],
            "version": d["version"],
            "submission": d["submission"],
            "reason": d.get("reason", ""),
        }

    def error_summary(self) -> list[tuple[str, str]]:
        """(what to fix, the id of its field) in page order, the form's own errors first."""
        rows = [(str(e), "") for e in self.non_field_errors()]
        for bound in (self[n] for n in self.fields):
            label = bound.label.partition(": ")[2] or bound.label
            rows += [(f"{label}: {e}", bound.auto_id) for e in bound.errors]
        return rows


# Between meetings --------------------------------------------------------------------------------


class BasisForm(forms.Form):
    category = forms.ChoiceField(label="Đối tượng đóng đảng phí", choices=Category.choices)
    amount = MoneyField(
        label="Số tiền làm căn cứ (đồng)",
        maximum=MAX_BASIS,
        required=False,
        help_text="; ".join(f"{Category(c).label}: {text}" for c, text in BASIS_LABELS.items())
        + ". Các đối tượng khác đóng mức cố định: để trống.",
    )
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class PaymentForm(forms.Form):
    on = DateField(label="Ngày nộp", initial=date.today)
    amount = MoneyField(
        label="Số tiền (đồng)",
        help_text="Nộp cho nhiều tháng: ghi tổng số tiền; phần vượt mức "
        "tháng này được tính là nộp trước cho các tháng sau.",
    )
    method = forms.ChoiceField(label="Hình thức", choices=Method.choices, initial=Method.CASH)
    reference = forms.CharField(label="Mã giao dịch trên Cổng Dịch vụ công", max_length=60, required=False)
    reason = forms.CharField(label="Lý do (khi sổ tháng đó đã ghi)", max_length=200, required=False)


class ExcuseForm(forms.Form):
    reason = forms.CharField(
        label="Lý do chính đáng chưa nộp đảng phí",
        max_length=300,
        required=False,
        help_text="Để trống để bỏ lý do đã ghi.",
    )


# Parameters of a province ----------------------------------------------------------------------


def _plain(value: Decimal) -> Decimal | int:
    """30.00 shown as 30, 12.50 as 12,5."""
    return int(value) if value == int(value) else value.normalize()


def _percent_field(label: str, value: Decimal, source: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=_plain(value),
        help_text=source,
        localize=True,
    )


class ParametersForm(forms.Form):
    """The province's own values of the [U] parameters, from a date."""

    effective_from = DateField(label="Áp dụng từ ngày", help_text="Các tháng đã ghi sổ giữ mức cũ.")
    window = forms.ChoiceField(label="Tính “ba tháng trong năm” không đóng đảng phí", choices=Window.choices)

    def __init__(self, *args, rates: list, kinds: list[tuple[str, str, Decimal, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.rate_names, self.kind_names = [], []
        for category, label, percent, amount, source in rates:
            name = f"rate_{category}"
            if percent is not None:
                self.fields[name] = _percent_field(f"{label} (%)", percent, source)
            else:
                self.fields[name] = MoneyField(
                    label=f"{label} (đồng/tháng)", initial=amount, help_text=source
                )
            self.rate_names.append(name)
        for kind, label, kept, source in kinds:
            name = f"kept_{kind}"
            self.fields[name] = _percent_field(f"{label}: tỷ lệ trích giữ lại (%)", kept, source)
            self.kind_names.append(name)

    def rate_fields(self):
        return [self[name] for name in self.rate_names]

    def kept_fields(self):
        return [self[name] for name in self.kind_names]

    def parameters(self) -> dict[str, object]:
        """The values as configure.update_parameters takes them: rates by category, shares kept by kind."""
        d = self.cleaned_data
        return {
            "effective_from": d["effective_from"],
            "rates": {name.removeprefix("rate_"): d[name] for name in self.rate_names},
            "kept": {name.removeprefix("kept_"): d[name] for name in self.kind_names},
            "window": d["window"],
        }


# A portal statement ----------------------------------------------------------------------------

STATEMENT_BYTES = 5 * 1024 * 1024


class ColumnField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            max_length=1,
            widget=forms.TextInput(attrs={"class": "column-letter", "autocomplete": "off"}),
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value).strip().upper()
        if value and not ("A" <= value <= "Z"):
            raise forms.ValidationError("Ghi cột bằng một chữ cái từ A đến Z.")
        return value


class StatementForm(forms.Form):
    """The statement file and where its columns are (the portal's file layout is a parameter)."""

    file = forms.FileField(label="Tệp sao kê (CSV UTF-8 hoặc Excel .xlsx)")
    identifier_kind = forms.ChoiceField(
        label="Đảng viên được nhận biết bằng",
        initial="card",
        choices=[("card", "Số thẻ đảng viên"), ("cccd", "Số căn cước công dân")],
    )
    identifier = ColumnField(label="Cột số thẻ / số căn cước", initial="C")
    amount = ColumnField(label="Cột số tiền", initial="E")
    day = ColumnField(label="Cột ngày nộp", initial="B")
    reference = ColumnField(label="Cột mã giao dịch", initial="A")
    month = ColumnField(label="Cột kỳ đóng (tháng/năm), nếu có", initial="F", required=False)
    first_row = forms.IntegerField(label="Dữ liệu bắt đầu từ dòng", min_value=1, max_value=100, initial=2)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > STATEMENT_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 5 MB: hãy tách theo tháng.")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Chỉ nhận tệp .csv hoặc .xlsx.")
        return upload

    def columns(self) -> Columns:
        d = self.cleaned_data
        return Columns(
            d["identifier"],
            d["identifier_kind"],
            d["amount"],
            d["day"],
            d["reference"],
            d["month"],
            d["first_row"],
        )
