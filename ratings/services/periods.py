"""A rating year's parameters: set by the province, changed through here so the change is kept,
and once the year has decisions only with the reason for it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from branches.models import ChangeRecord
from branches.services import audit
from branches.services.common import apply
from branches.text import nfc

from ..models import MemberRating, OrganisationRating, RatingPeriod
from .common import may

PERIOD_FIELDS = (
    "finish_by",
    "files_by",
    "htxsnv_min",
    "httnv_min",
    "htnv_min",
    "exceeded_share",
    "late_share",
    "quota_share",
    "exceptional_quota_share",
    "quota_group",
    "small_group_minimum",
    "head_not_above_collective",
    "member_ratio_rule",
    "require_previous_unit_comment",
)
REASON_NEEDED = (
    "Năm đánh giá đã có kết quả xếp loại được quyết định: thay đổi tham số phải nêu lý do "
    "(lý do được ghi vào lịch sử thay đổi)."
)


def has_decisions(period: RatingPeriod) -> bool:
    """Any member or organisation of the year decided or published: its parameters then weighed
    in a decision, and changing them is an act to account for."""
    return (
        MemberRating.objects.in_force().filter(period=period).exists()
        or OrganisationRating.objects.in_force().filter(period=period).exists()
    )


@transaction.atomic
def update_period(*, period: RatingPeriod, by, reason: str = "", **fields) -> RatingPeriod:
    """Change the year's parameters (PERIOD_FIELDS). Refused without a reason once the year has
    decisions; the thresholds must fall (HTXSNV > HTTNV > HTNV) and the shares lie in 0–1."""
    unknown = set(fields) - set(PERIOD_FIELDS)
    if unknown:
        raise ValueError(f"not a period parameter: {sorted(unknown)}")
    period = RatingPeriod.objects.select_for_update().select_related("province").get(pk=period.pk)
    may(by, "rating.open", period.province)
    changed = apply(period, fields)
    if not changed:
        return period
    if not period.htxsnv_min > period.httnv_min > period.htnv_min:
        raise ValidationError("Ngưỡng điểm phải giảm dần: xuất sắc > tốt > hoàn thành nhiệm vụ.")
    for name in ("exceeded_share", "late_share", "quota_share", "exceptional_quota_share"):
        if not 0 <= getattr(period, name) <= 1:
            raise ValidationError({name: "Tỷ lệ ghi dạng số thập phân từ 0 đến 1 (ví dụ 0,20 cho 20%)."})
    reason = nfc(reason.strip())
    if not reason and has_decisions(period):
        raise ValidationError({"reason": REASON_NEEDED}, code="reason")
    period.save(update_fields=list(changed))
    audit(
        by,
        period,
        ChangeRecord.Action.UPDATE,
        changed,
        "Sửa tham số năm đánh giá" + (f". Lý do: {reason}" if reason else ""),
    )
    return period
