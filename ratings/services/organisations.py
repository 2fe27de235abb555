"""Party organisations' ratings: opened with the year, self-assessed by their committee, proposed,
decided by the level HD 43 names after their members and sub-organisations, re-rated (Mẫu 03)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from branches.models import Discipline, Organisation, Position
from branches.rules import add_months
from branches.services import STALE_MESSAGE

from ..models import IN_FORCE, MemberRating, OrganisationRating, RatingPeriod, Status
from ..rules.common import Level, Regime, Tasks, Verdict
from ..rules.organisation import CollectiveFacts, LinkRules, collective_level
from . import common
from .recognitions import revoke_after_rerating
from .sheets import ORGANISATION_SHEET

RATED_KINDS = (
    Organisation.Kind.CELL,
    Organisation.Kind.GRASSROOTS_CELL,
    Organisation.Kind.SUB_COMMITTEE,
    Organisation.Kind.GRASSROOTS_COMMITTEE,
    Organisation.Kind.UPPER,
)
NEW_ORGANISATION_MONTHS = 6  # ⚠ HD 21: an organisation founded less than 6 months before is not rated


def open_organisation_ratings(period: RatingPeriod) -> None:
    orgs = Organisation.objects.filter(
        path__startswith=period.province.path, kind__in=RATED_KINDS, dissolved_on__isnull=True
    )
    rows = []
    for org in orgs:
        new = org.founded_on and add_months(org.founded_on, NEW_ORGANISATION_MONTHS) > period.review_date
        rows.append(
            OrganisationRating(
                period=period,
                organisation=org,
                status=Status.EXCLUDED if new else Status.PENDING,
                excluded_reason="Thành lập chưa đủ 6 tháng: không đánh giá." if new else "",
            )
        )
    OrganisationRating.objects.bulk_create(rows, batch_size=2000)


def _lock(rating: OrganisationRating, version: int | None = None) -> OrganisationRating:
    locked = (
        OrganisationRating.objects.select_for_update(of=("self",))
        .select_related("period__province", "organisation__parent")
        .get(pk=rating.pk)
    )
    if version is not None and locked.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    return locked


def _open(rating: OrganisationRating, version: int, by, action: str) -> tuple[OrganisationRating, dict]:
    """A step's start: the row locked at the version the page showed, the user's right to `action`
    checked, and the row as it was (for the change record)."""
    rating = _lock(rating, version)
    common.may(by, action, rating.organisation)
    return rating, common.snapshot(rating)


def leadership_disciplined(org: Organisation, year: int) -> tuple[bool, bool]:
    """(any member of the committee disciplined in the year, … for a duty-related violation),
    counted in the year the discipline was decided (§2.3)."""
    committee = Position.objects.filter(organisation=org, ends_on__isnull=True).values("member_id")
    forms = Discipline.objects.filter(member_id__in=committee, decided_on__year=year).values_list(
        "duty_related", flat=True
    )
    return bool(forms), any(forms)


def member_levels(rating: OrganisationRating) -> list[Level]:
    """The decided levels of the members the organisation rates, its head excepted (the head is
    rated after the collective)."""
    heads = common.heads_of(rating.organisation) if rating.period.head_not_above_collective else set()
    decided = (
        MemberRating.objects.in_force()
        .filter(period=rating.period, organisation=rating.organisation)
        .exclude(member_id__in=heads)
    )
    return [Level(level) for level in decided.values_list("level", flat=True)]


def organisation_verdict(rating: OrganisationRating) -> Verdict | None:
    """What the rules allow the organisation, from its self-assessment, its committee's discipline
    and its members' levels (QĐ 366; older regimes carry no score to check)."""
    period = rating.period
    if period.regime != Regime.QD366:
        return None
    any_disciplined, duty = leadership_disciplined(rating.organisation, period.year)
    facts = CollectiveFacts(
        rating.score, rating.tasks, leadership_disciplined=any_disciplined, leadership_disciplined_duty=duty
    )
    return collective_level(
        facts,
        member_levels(rating),
        LinkRules(member_ratio=period.member_ratio_rule),
        common.parameters_of(period),
    )


@transaction.atomic
def self_assess_organisation(
    *,
    rating: OrganisationRating,
    version: int,
    score,
    tasks: Tasks,
    self_level: str,
    points: dict | None = None,
    texts: dict[str, str] | None = None,
    by,
) -> OrganisationRating:
    """Step 1: the organisation's committee assesses it against the sheet (Phụ lục 1: with `points`
    the score is their sum, see `common.assessed_score`) and its task figures."""
    rating, before = _open(rating, version, by, "rating.assess")
    if rating.status not in (Status.PENDING, Status.SELF_ASSESSED):
        raise ValidationError(f"Không thể tự đánh giá khi phiếu đang ở bước “{rating.get_status_display()}”.")
    score, points = common.assessed_score(rating.period, ORGANISATION_SHEET, score, points)
    common.check_assessment(rating.period, score, tasks)
    rating.score, rating.points, rating.tasks, rating.self_level = score, points, tasks, Level(self_level)
    common.set_texts(rating, texts)
    common.check_self_level(rating.organisation.name, rating.self_level, organisation_verdict(rating), rating)
    common.step(rating, Status.SELF_ASSESSED, by, self_level)
    return common.save_step(rating, by, before, "Tự đánh giá")


@transaction.atomic
def propose_organisation(*, rating: OrganisationRating, version: int, level: str, by) -> OrganisationRating:
    """Step 2: the appraisal (thẩm định) by the level above proposes a level, with the rules'
    reasons beside it."""
    rating, before = _open(rating, version, by, "rating.appraise")
    if rating.status != Status.SELF_ASSESSED:
        raise ValidationError(
            f"{rating.organisation.name} chưa tự đánh giá, chưa thể đề xuất (bước “{rating.get_status_display()}”)."
        )
    verdict = organisation_verdict(rating)
    chosen = Level(level)
    if verdict is not None and chosen.rank > verdict.level.rank:
        raise ValidationError(
            common.beyond_rules(rating.organisation.name, chosen, verdict, rating.score, rating.period)
        )
    rating.proposed_level, rating.proposal_reasons = chosen, verdict.reasons if verdict else []
    common.step(rating, Status.PROPOSED, by, chosen)
    return common.save_step(rating, by, before, "Thẩm định, đề xuất")


@transaction.atomic
def decide_organisation(
    *,
    rating: OrganisationRating,
    version: int,
    level: str,
    decision_number: str,
    decided_on: date,
    override: str = "",
    by,
) -> OrganisationRating:
    """Step 3: the level HD 43 names decides, after the organisation's members (its head excepted:
    the collective comes first) and its sub-organisations, with the linking rules applied."""
    rating, before = _open(rating, version, by, "rating.decide")
    if rating.status != Status.PROPOSED:
        raise ValidationError(
            f"{rating.organisation.name} chưa được đề xuất, chưa thể quyết định (bước “{rating.get_status_display()}”)."
        )
    if not decision_number.strip():
        raise ValidationError({"decision_number": "Hãy ghi số quyết định."})
    period, org = rating.period, rating.organisation
    heads = common.heads_of(org) if period.head_not_above_collective else set()
    members = (
        MemberRating.objects.current().filter(period=period, organisation=org).exclude(status=Status.EXCLUDED)
    )
    waiting = members.exclude(member_id__in=heads).exclude(status__in=IN_FORCE).count()
    if waiting:
        raise ValidationError(
            f"Còn {waiting} đảng viên của {org.name} chưa được quyết định xếp loại: "
            "đánh giá đảng viên trước, tổ chức đảng sau (Quy định 366, Điều 12). "
            "Quyết định danh sách đảng viên trước, ở mục “Đảng viên” của trang này."
        )
    children = (
        OrganisationRating.objects.current()
        .filter(period=period, organisation__parent=org)
        .exclude(status=Status.EXCLUDED)
    )
    if children.exclude(status__in=IN_FORCE).exists():
        raise ValidationError(
            "Các tổ chức đảng trực thuộc phải được xếp loại trước (cấp dưới trước, cấp trên sau)."
        )
    verdict = organisation_verdict(rating)
    chosen = Level(level)
    if verdict is not None and chosen.rank > verdict.level.rank and not override.strip():
        raise ValidationError(
            common.beyond_rules(org.name, chosen, verdict, rating.score, period)
            + " Muốn xem xét ngoại lệ, ghi lý do ngoại lệ bên cạnh mức đã chọn."
        )
    rating.level, rating.proposal_reasons = chosen, verdict.reasons if verdict else rating.proposal_reasons
    rating.decision_number, rating.decided_on, rating.override_reason = (
        decision_number.strip(),
        decided_on,
        override.strip(),
    )
    common.step(rating, Status.DECIDED, by, chosen, rating.override_reason)
    return common.save_step(rating, by, before, f"Quyết định xếp loại số {rating.decision_number}")


@transaction.atomic
def publish_organisation(*, rating: OrganisationRating, by) -> OrganisationRating:
    rating = _lock(rating)
    common.may(by, "rating.decide", rating.organisation)
    if rating.status != Status.DECIDED:
        raise ValidationError(f"{rating.organisation.name}: chỉ công bố kết quả đã quyết định.")
    before = common.snapshot(rating)
    common.step(rating, Status.PUBLISHED, by, rating.level)
    return common.save_step(rating, by, before, "Công bố kết quả")


@transaction.atomic
def rerate_organisation(
    *,
    rating: OrganisationRating,
    version: int,
    level: str,
    reason: str,
    decision_number: str,
    decided_on: date,
    by,
) -> OrganisationRating:
    """Mẫu 03: the competent level cancels the organisation's result and rates it again; two
    re-ratings from the same page do not both go through (the second is stale)."""
    old = _lock(rating, version)
    common.may(by, "rating.decide", old.organisation)
    new = common.replacement(
        old, level=level, reason=reason, decision_number=decision_number, decided_on=decided_on, by=by
    )
    # Recognitions ("bốn tốt", TSVMTD, …) granted on the old result are revoked if their basis went.
    revoke_after_rerating(organisation=old.organisation, year=old.period.year, by=by, on=decided_on)
    return new
