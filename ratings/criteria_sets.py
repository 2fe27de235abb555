"""Rating score sheets and recognition schemes as kinds of criteria set (branches.criteria_sets).

A province copies the national Phụ lục for a year and "cụ thể hóa" its criteria (HD 43 Mục 1); the
sheet freezes once a self-assessment is scored on it. A province's version of a recognition scheme
keeps the template's years and replaces it in the province; it never freezes, since each
registration keeps its own copy of the criteria it registered for.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.criteria_sets import CriteriaSetKind

from .forms import RatingCriteriaFormSet, RatingSheetForm
from .forms_recognitions import CriteriaFormSet, SchemeForm
from .models import CriterionGroup, RatingPeriod, RatingSheet, RecognitionScheme
from .services.recognitions import check_criteria as check_scheme_criteria
from .services.sheets import check_criteria as check_sheet_criteria
from .services.sheets import scored, sheet_in_use

GROUP_ORDER = [CriterionGroup.GENERAL, CriterionGroup.TASKS, CriterionGroup.UNGROUPED]


class RatingSheets(CriteriaSetKind):
    slug = "xep-loai"
    model = RatingSheet
    action = "rating.open"  # who opens a rating year sets its sheets
    form_class = RatingSheetForm
    criteria_formset = RatingCriteriaFormSet
    first_year = 2025  # QĐ 366, the first regime scored on a sheet
    list_template = "ratings/sheets/sheet_list.html"
    edit_template = "ratings/sheets/sheet_edit.html"
    copied_message = "Đã tạo phiếu chấm điểm của tỉnh; hãy cụ thể hóa các tiêu chí."
    frozen_message = "Phiếu này đã dùng để tự chấm điểm nên không sửa được; hãy tạo bản sao cho năm mới."

    def duplicate_message(self, source: RatingSheet, province, year) -> str:
        return f"{province.name} đã có phiếu {source.code} năm {year}."

    def check_copy(self, source: RatingSheet, province, year) -> None:
        # A new sheet would take over from the one the year's self-assessments were scored on.
        if scored(list(RatingPeriod.objects.filter(province=province, year__gte=year)), source.code):
            raise ValidationError(
                {
                    "year": f"Đã có bản tự đánh giá chấm theo phiếu {source.code} từ năm {year}; "
                    "hãy tạo phiếu cho năm sau."
                }
            )

    def in_use(self, sheet: RatingSheet) -> bool:
        return sheet_in_use(sheet)

    def check(self, sheet: RatingSheet, fields: dict, criteria: list[dict]) -> None:
        check_sheet_criteria(sheet.code, criteria)

    def ordered(self, criteria: list[dict]) -> list[dict]:
        return sorted(
            criteria, key=lambda c: GROUP_ORDER.index(c["group"])
        )  # stable: the general group first


class RecognitionSchemes(CriteriaSetKind):
    slug = "danh-hieu"
    model = RecognitionScheme
    action = "recognition.configure"
    form_class = SchemeForm
    criteria_formset = CriteriaFormSet
    per_year = False
    versioned = True
    multi_line_fields = ("revocation",)
    edit_template = "ratings/recognitions/scheme_edit.html"  # listed on the recognition pages
    copy_title = "Tạo bản riêng của tỉnh: {name}"
    copied_message = "Đã tạo bản riêng của tỉnh; hãy chỉnh tiêu chí cho phù hợp."
    saved_message = "Đã lưu danh hiệu và tiêu chí."
    province_only = "Danh hiệu riêng được ban hành theo tỉnh."
    national_only = (
        "Tiêu chí mặc định toàn quốc chỉ quản trị hệ thống cấp trung ương được sửa; "
        "hãy tạo bản riêng của tỉnh."
    )
    copied_summary = "Bản riêng của tỉnh, sao chép từ “{name}”"
    edited_summary = "Sửa tiêu chí danh hiệu"

    def copy_name(self, source: RecognitionScheme, province, year) -> str:
        return source.name

    def copy_fields(self, source: RecognitionScheme, province, year) -> dict:
        # "Đảng bộ tỉnh Trà Vinh" → "Tỉnh ủy Trà Vinh": the body that issues a province's own titles.
        prefix = "Đảng bộ tỉnh "
        issuer = (
            f"Tỉnh ủy {province.name.removeprefix(prefix)}"
            if province.name.startswith(prefix)
            else f"Tỉnh ủy ({province.name})"
        )
        return super().copy_fields(source, province, year) | {"issuing_body": issuer}

    def duplicate_message(self, source: RecognitionScheme, province, year) -> str:
        return f"{province.name} đã có bản riêng của “{source.name}”."

    def check(self, scheme: RecognitionScheme, fields: dict, criteria: list[dict]) -> None:
        if not fields["applies_to"]:
            raise ValidationError({"applies_to": "Hãy chọn loại tổ chức áp dụng."})
        if fields.get("valid_until") and fields["valid_until"] < fields["valid_from"]:
            raise ValidationError({"valid_until": "Năm kết thúc không thể trước năm bắt đầu."})
        check_scheme_criteria(criteria, fields["applies_to"])

    def page_after(self, scheme: RecognitionScheme) -> str:
        return reverse("ratings:recognition-scheme-detail", args=[scheme.pk])


RATING_SHEETS = RatingSheets()
RECOGNITION_SCHEMES = RecognitionSchemes()
