"""The rating workflow for party members: open the year, self-assess, the chi bộ proposes, the
competent level decides (within the quota), publish, re-rate. Every step writes a transition row;
a refusal names the rule and leaves the database as it was."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from branches.models import Organisation, Position
from branches.services import STALE_MESSAGE

from ..models import IN_FORCE, MemberRating, OrganisationRating, RatingPeriod, Status
from ..rules import qd366
from ..rules.common import DisciplineFact, Level, MemberFacts, Regime, Tasks
from ..rules.organisation import head_level
from ..rules.quota import Quota
from . import common
from .recognitions import revoke_after_rerating


def lock_ratings(ratings, versions: dict[int, int] | None = None) -> list[MemberRating]:
    """Lock the rows; refuse when any changed since the page was loaded."""
    locked = list(
        MemberRating.objects.select_for_update(of=("self",))
        .filter(pk__in=[r.pk for r in ratings])
        .select_related("period", "organisation__parent", "member")
        .prefetch_related("member__disciplines")
        .order_by("pk")
    )
    for rating in locked:
        if versions is not None and versions.get(rating.pk, rating.version) != rating.version:
            raise ValidationError(f"{STALE_MESSAGE} ({rating.member})", code="stale")
    return locked


def _may_each(by, action: str, ratings: list[MemberRating]) -> None:
    """The policy for each chi bộ of the list (ratings/policy.py): one list may span several."""
    for org in {rating.organisation_id: rating.organisation for rating in ratings}.values():
        common.may(by, action, org)


# Opening the year -----------------------------------------------------------------------------------


# Self-assessment, proposal, decision --------------------------------------------------------------


@transaction.atomic
def self_assess(
    *,
    rating: MemberRating,
    version: int,
    score,
    tasks: Tasks,
    shortcomings_pointed: int,
    shortcomings_remedied: int,
    self_level: str,
    points: dict | None = None,
    texts: dict[str, str] | None = None,
    by,
) -> MemberRating:
    """Step 1: the member's own assessment (by the member's login or for them by the chi bộ). With
    `points` ({criterion id: points} on the sheet of the rating's annex) the score is their sum;
    see `common.assessed_score`."""
    rating = lock_ratings([rating], {rating.pk: version})[0]
    common.may(by, "rating.self_assess", rating.organisation, rating)
    before = common.snapshot(rating)
    if rating.status not in (Status.PENDING, Status.SELF_ASSESSED):
        raise ValidationError(f"Không thể tự đánh giá khi phiếu đang ở bước “{rating.get_status_display()}”.")
    score, points = common.assessed_score(rating.period, rating.sheet, score, points)
    common.check_assessment(rating.period, score, tasks)
    if shortcomings_remedied > shortcomings_pointed:
        raise ValidationError(
            {"shortcomings_remedied": "Số hạn chế đã khắc phục không thể nhiều hơn số đã chỉ ra."}
        )
    rating.score, rating.points, rating.tasks = score, points, tasks
    rating.shortcomings_pointed, rating.shortcomings_remedied = shortcomings_pointed, shortcomings_remedied
    rating.self_level = self_level
    common.set_texts(rating, texts)
    common.check_self_level(str(rating.member), Level(self_level), verdict_for(rating), rating)
    common.step(rating, Status.SELF_ASSESSED, by, self_level)
    common.save_step(rating, by, before, "Tự đánh giá")
    return rating


def facts_of(rating: MemberRating) -> MemberFacts:
    disciplines = tuple(
        DisciplineFact(d.form, d.duty_related, d.decided_on, d.organisation_id)
        for d in rating.member.disciplines.all()
    )
    return MemberFacts(
        score=rating.score,
        tasks=rating.tasks,
        shortcomings_pointed=rating.shortcomings_pointed,
        shortcomings_remedied=rating.shortcomings_remedied,
        disciplines=disciplines,
    )


def verdict_for(rating: MemberRating, quota_allows: bool = True):
    """What the rules allow for this rating (QĐ 366); older regimes carry no score to check."""
    if rating.period.regime != Regime.QD366:
        return None
    return qd366.member_level(
        facts_of(rating),
        rating.period.year,
        rating.organisation_id,
        common.parameters_of(rating.period),
        quota_allows,
    )


@transaction.atomic
def propose(
    *,
    ratings: list[MemberRating],
    levels: dict[int, str],
    versions: dict[int, int],
    votes_for: int | None = None,
    votes_total: int | None = None,
    by,
) -> list[MemberRating]:
    """The chi bộ's proposal for its members, on one page. A level above what the rules allow is
    refused with the rule; the deciding level may still grant a recorded exception."""
    locked = lock_ratings(ratings, versions)
    _may_each(by, "rating.assess", locked)
    for rating in locked:
        before = common.snapshot(rating)
        level = Level(levels[rating.pk])
        if rating.status != Status.SELF_ASSESSED:
            raise ValidationError(
                f"{rating.member}: chưa tự đánh giá, chưa thể đề xuất (bước “{rating.get_status_display()}”)."
            )
        if rating.waiting_for:
            raise ValidationError(f"{rating.member}: còn chờ {rating.waiting_for[0]['label']}")
        verdict = verdict_for(rating)
        if verdict is not None and level.rank > verdict.level.rank:
            raise ValidationError(
                common.beyond_rules(str(rating.member), level, verdict, rating.score, rating.period)
            )
        rating.proposed_level = level
        rating.proposal_reasons = verdict.reasons if verdict else []
        rating.votes_for, rating.votes_total = votes_for, votes_total
        common.step(rating, Status.PROPOSED, by, level)
        common.save_step(rating, by, before, "Chi bộ đề xuất")
    return locked


def quota_group(rating: MemberRating) -> tuple[str, ...]:
    return rating.period.quota_key(rating.organisation.path, rating.sheet)


def _group_filter(key: tuple) -> Q:
    if key[0] == "branch":
        return Q(organisation__path=key[1])
    q = Q(organisation__path__startswith=key[1])
    return q & Q(sheet=key[2]) if key[0] == "sheet" else q


@transaction.atomic
def decide(
    *,
    ratings: list[MemberRating],
    levels: dict[int, str],
    versions: dict[int, int],
    decision_number: str,
    decided_on: date,
    exceptional_quota: bool = False,
    overrides: dict[int, str] | None = None,
    by,
) -> list[MemberRating]:
    """The competent level decides a list. Refused as a whole when the HTXSNV quota of a group
    would be exceeded (saying how many are allowed), or a level goes above the rules without a
    recorded exception."""
    if not decision_number.strip():
        raise ValidationError({"decision_number": "Hãy ghi số quyết định."})
    overrides = overrides or {}
    locked = lock_ratings(ratings, versions)
    _may_each(by, "rating.decide", locked)
    before = {r.pk: common.snapshot(r) for r in locked}
    period = locked[0].period if locked else None
    for rating in locked:
        if rating.status != Status.PROPOSED:
            raise ValidationError(
                f"{rating.member}: chi bộ chưa đề xuất, chưa thể quyết định (bước “{rating.get_status_display()}”)."
            )
        level = Level(levels[rating.pk])
        verdict = verdict_for(rating)
        if (
            verdict is not None
            and level.rank > verdict.level.rank
            and not overrides.get(rating.pk, "").strip()
        ):
            raise ValidationError(
                common.beyond_rules(str(rating.member), level, verdict, rating.score, rating.period)
                + " Muốn xem xét ngoại lệ, ghi lý do ngoại lệ bên cạnh mức đã chọn."
            )
        rating.level = head_cap(rating, level)
    share = (
        Fraction(str(period.exceptional_quota_share if exceptional_quota else period.quota_share))
        if period
        else 0
    )
    for key in {quota_group(r) for r in locked}:
        # The group as it stands: decided members at their level, those still only proposed at
        # the proposed level, and this list at its new levels (so a list can be decided in parts).
        # A head's HTXSNV proposal counts as HTTNV until the head is decided: the head waits for
        # the collective, which waits for its members, so counting it could block them all. The
        # head's own decision is then held to the quota with everyone decided.
        heads = set(
            Position.objects.filter(title=Position.Title.SECRETARY, ends_on__isnull=True)
            .filter(
                member__ratings__in=MemberRating.objects.current().filter(
                    _group_filter(key), period=period, status=Status.PROPOSED
                )
            )
            .values_list("member_id", flat=True)
        )
        others = [
            Level.HTTNV
            if status == Status.PROPOSED and member_id in heads and proposed == Level.HTXSNV
            else (level or proposed)
            for level, proposed, status, member_id in MemberRating.objects.current()
            .filter(_group_filter(key), period=period, status__in=[Status.PROPOSED, *IN_FORCE])
            .exclude(pk__in=[r.pk for r in locked])
            .values_list("level", "proposed_level", "status", "member_id")
        ]
        quota = Quota.of(
            others + [r.level for r in locked if quota_group(r) == key], share, period.small_group_minimum
        )
        if quota.exceeded:
            raise ValidationError(
                f"Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ: {quota.excellent} đồng chí trong khi nhóm có {quota.good} đồng chí "
                f"hoàn thành tốt trở lên chỉ được tối đa {quota.allowed} (≤ {float(share) * 100:.0f}% số hoàn thành tốt nhiệm vụ). "
                f"Hạ mức {quota.excellent - quota.allowed} đồng chí xuống hoàn thành tốt nhiệm vụ"
                + ("." if exceptional_quota else ", hoặc đánh dấu tỷ lệ ngoại lệ nếu cấp trên đã cho phép.")
            )
    for rating in locked:
        rating.decision_number, rating.decided_on = decision_number.strip(), decided_on
        rating.override_reason = overrides.get(rating.pk, "").strip()
        common.step(rating, Status.DECIDED, by, rating.level, rating.override_reason)
        common.save_step(rating, by, before[rating.pk], f"Quyết định xếp loại số {rating.decision_number}")
    return locked


@transaction.atomic
def publish(*, ratings: list[MemberRating], by) -> None:
    locked = lock_ratings(ratings)
    _may_each(by, "rating.decide", locked)
    for rating in locked:
        if rating.status != Status.DECIDED:
            raise ValidationError(f"{rating.member}: chỉ công bố kết quả đã quyết định.")
        before = common.snapshot(rating)
        common.step(rating, Status.PUBLISHED, by, rating.level)
        common.save_step(rating, by, before, "Công bố kết quả")


@transaction.atomic
def rerate(
    *, rating: MemberRating, version: int, level: str, reason: str, decision_number: str, decided_on: date, by
) -> MemberRating:
    """Mẫu 03: the competent level cancels a decided result and rates again, with the reason.
    Recognitions of the chi bộ (and above) that counted its members' levels are judged again."""
    old = lock_ratings([rating], {rating.pk: version})[0]
    common.may(by, "rating.decide", old.organisation)
    new = common.replacement(
        old, level=level, reason=reason, decision_number=decision_number, decided_on=decided_on, by=by
    )
    revoke_after_rerating(organisation=old.organisation, year=old.period.year, by=by, on=decided_on)
    return new


COLLECTIVE_DONE = (*IN_FORCE, Status.EXCLUDED)  # a head no longer waits


def collective_of(period: RatingPeriod, org: Organisation) -> OrganisationRating | None:
    return OrganisationRating.objects.current().filter(period=period, organisation=org).first()


def heads_waiting(period: RatingPeriod, org: Organisation, collective: OrganisationRating | None) -> set[int]:
    """Member ids of the chi bộ's head(s) who are decided after its `collective` rating, not with
    the list (HD 43: the collective first, its head after, and not above it)."""
    if not period.head_not_above_collective or (
        collective is not None and collective.status in COLLECTIVE_DONE
    ):
        return set()
    return common.heads_of(org)


def head_cap(rating: MemberRating, level: Level) -> Level:
    """The head of a chi bộ waits for the collective's decision and is not rated above it."""
    if not rating.period.head_not_above_collective or rating.member_id not in common.heads_of(
        rating.organisation
    ):
        return level
    collective = collective_of(rating.period, rating.organisation)
    if collective is None or collective.status not in COLLECTIVE_DONE:
        raise ValidationError(
            f"{rating.member} là bí thư: quyết định sau khi xếp loại tập thể {rating.organisation.name}. "
            "Quyết định các đảng viên khác, rồi thẩm định và quyết định xếp loại tập thể ở mục bên dưới danh sách."
        )
    if collective.status == Status.EXCLUDED:
        return level
    capped, message = head_level(level, Level(collective.level))
    if capped != level:
        raise ValidationError(f"{rating.member}: {message} Chọn mức không cao hơn mức của tập thể.")
    return level
