"""Party organisations' ratings: opened with the year, self-assessed by their committee, proposed,
decided by the level HD 43 names after their members and sub-organisations, re-rated (Mẫu 03)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from branches.models import Organisation
from branches.rules import add_months
from branches.services import STALE_MESSAGE

from ..models import MemberRating, OrganisationRating, RatingPeriod, Status, Transition
from ..rules.common import Level, Regime, Tasks
from ..rules.organisation import CollectiveFacts, LinkRules, collective_level
from .common import heads_of, parameters_of

RATED_KINDS = (
    Organisation.Kind.CELL, Organisation.Kind.GRASSROOTS_CELL, Organisation.Kind.SUB_COMMITTEE,
    Organisation.Kind.GRASSROOTS_COMMITTEE, Organisation.Kind.UPPER,
)
NEW_ORGANISATION_MONTHS = 6  # ⚠ HD 21: an organisation founded less than 6 months before is not rated


def open_organisation_ratings(period: RatingPeriod) -> None:
    orgs = Organisation.objects.filter(path__startswith=period.province.path, kind__in=RATED_KINDS, dissolved_on__isnull=True)
    rows = []
    for org in orgs:
        new = org.founded_on and add_months(org.founded_on, NEW_ORGANISATION_MONTHS) > period.review_date
        rows.append(OrganisationRating(
            period=period, organisation=org, status=Status.EXCLUDED if new else Status.PENDING,
            excluded_reason="Thành lập chưa đủ 6 tháng: không đánh giá." if new else "",
        ))
    OrganisationRating.objects.bulk_create(rows, batch_size=2000)


@transaction.atomic
def decide_organisation(*, rating: OrganisationRating, version: int, level: str, score: int | None, tasks: Tasks,
                        decision_number: str, decided_on: date, leadership_disciplined: bool = False,
                        override: str = "", by=None) -> OrganisationRating:
    """Decide a party organisation's level after its members (its head excepted: the collective
    comes first) and its sub-organisations, with the configured linking rules applied."""
    rating = OrganisationRating.objects.select_for_update().select_related("period", "organisation").get(pk=rating.pk)
    if rating.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    if rating.status not in (Status.PENDING, Status.SELF_ASSESSED, Status.PROPOSED):
        raise ValidationError(f"Không thể quyết định khi phiếu đang ở bước “{rating.get_status_display()}”.")
    if not decision_number.strip():
        raise ValidationError({"decision_number": "Hãy ghi số quyết định."})
    period, org = rating.period, rating.organisation
    heads = heads_of(org) if period.head_not_above_collective else set()
    members = MemberRating.objects.current().filter(period=period, organisation=org).exclude(status=Status.EXCLUDED)
    waiting = members.exclude(member_id__in=heads).exclude(status__in=[Status.DECIDED, Status.PUBLISHED]).count()
    if waiting:
        raise ValidationError(f"Còn {waiting} đảng viên của {org.name} chưa được quyết định xếp loại: "
                              "đánh giá đảng viên trước, tổ chức đảng sau (Quy định 366, Điều 12).")
    children = OrganisationRating.objects.current().filter(period=period, organisation__parent=org).exclude(status=Status.EXCLUDED)
    if children.exclude(status__in=[Status.DECIDED, Status.PUBLISHED]).exists():
        raise ValidationError("Các tổ chức đảng trực thuộc phải được xếp loại trước (cấp dưới trước, cấp trên sau).")
    member_levels = [Level(lv) for lv in members.exclude(member_id__in=heads).values_list("level", flat=True)]
    verdict = collective_level(
        CollectiveFacts(score, tasks, leadership_disciplined=leadership_disciplined),
        member_levels, LinkRules(member_ratio=period.member_ratio_rule), parameters_of(period),
    )
    chosen = Level(level)
    if period.regime == Regime.QD366 and chosen.rank > verdict.level.rank and not override.strip():
        raise ValidationError(f"Theo quy định {org.name} chỉ đạt mức “{verdict.level.label}”: {' '.join(verdict.reasons)}")
    rating.score, rating.tasks = score, tasks
    rating.level, rating.proposal_reasons = chosen, verdict.reasons
    rating.decision_number, rating.decided_on, rating.override_reason = decision_number.strip(), decided_on, override.strip()
    Transition.objects.create(organisation_rating=rating, from_status=rating.status, to_status=Status.DECIDED,
                              level=chosen, reason=override.strip(), by=by)
    rating.status = Status.DECIDED
    rating.version += 1
    rating.save()
    return rating
