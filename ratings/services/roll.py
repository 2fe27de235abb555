"""Who is rated: the year's list opened for a province (each member placed at the chi bộ and sheet that
rate them), and the undecided ratings following the member's facts while the year is open (exemption,
suspension, transfer, leaving, a newcomer), with the previous chi bộ's comment where one is due."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from branches.models import BRANCH_KINDS, ChangeRecord, Member, Organisation, Transfer
from branches.services import audit
from branches.text import nfc

from ..models import Comment, MemberRating, RatingPeriod, Status
from ..rules.common import Regime, regime_for
from ..rules.eligibility import Situation, eligibility
from .common import (
    audit_rating,
    may,
    snapshot,
    step,
)
from .members import lock_ratings
from .organisations import open_organisation_ratings

MONTHS_BEFORE = 6  # a member transferred in after this long at the old chi bộ needs its comment


def _sheet(member: Member) -> str:
    if member.holds_leadership_post:
        return MemberRating.Sheet.PL3
    return MemberRating.Sheet.PL4 if member.in_political_system else MemberRating.Sheet.PL5


def _placement(member: Member, period: RatingPeriod, arrival: Transfer | None) -> dict:
    """Whether the member is rated in `period` and, if so, which comments the rating waits for
    (the host of a temporary stay; the chi bộ left during the year after ≥ 6 months there)."""
    months_before = (arrival.confirmed_on.month - 1) if arrival else 0
    result = eligibility(
        Situation(
            ceremony_date=member.ceremony_date,
            review_date=period.review_date,
            exempt=member.is_exempt,
            suspended=member.is_suspended,
            temporary_host=member.temporary_organisation.name if member.temporary_organisation else "",
            previous_unit=arrival.from_organisation.name if arrival else "",
            months_at_previous_unit=months_before,
        ),
        Regime(period.regime),
        period.require_previous_unit_comment,
    )
    waiting = []
    if member.temporary_organisation_id and result.rated:
        waiting.append({"organisation_id": member.temporary_organisation_id, "label": result.waiting_for[0]})
    if arrival and result.rated and months_before >= MONTHS_BEFORE and period.require_previous_unit_comment:
        waiting.append({"organisation_id": arrival.from_organisation_id, "label": result.waiting_for[-1]})
    return {
        "status": Status.PENDING if result.rated else Status.EXCLUDED,
        "excluded_reason": result.reason,
        "excluded_column": result.column,
        "waiting_for": waiting,
    }


@transaction.atomic
def open_period(
    *, province: Organisation, year: int, finish_by: date | None = None, by, **parameters
) -> RatingPeriod:
    """Open the rating year and list every member of the province with whether, where and on which
    sheet they are rated, and which comments the rating must wait for."""
    may(by, "rating.open", province)
    if province.kind != Organisation.Kind.PROVINCE:
        raise ValidationError("Kỳ đánh giá được mở cho cả tỉnh.")
    if RatingPeriod.objects.filter(province=province, year=year).exists():
        raise ValidationError(f"Năm {year} đã được mở đánh giá.")
    period = RatingPeriod.objects.create(
        province=province,
        year=year,
        regime=regime_for(year),
        opened_by=by,
        finish_by=finish_by or date(year, 12, 31),
        files_by=date(year + 1, 2, 1),
        **parameters,
    )
    members = (
        Member.objects.current()
        .filter(organisation__path__startswith=province.path, organisation__kind__in=BRANCH_KINDS)
        .select_related("temporary_organisation")
    )
    arrivals = {
        t.member_id: t
        for t in Transfer.objects.filter(
            kind=Transfer.Kind.OFFICIAL,
            status=Transfer.Status.ENDED,
            confirmed_on__year=year,
            member__organisation__path__startswith=province.path,
        ).select_related("from_organisation")
    }
    ratings = [
        MemberRating(
            period=period,
            member=m,
            organisation_id=m.organisation_id,
            sheet=_sheet(m),
            **_placement(m, period, arrivals.get(m.pk)),
        )
        for m in members
    ]
    MemberRating.objects.bulk_create(ratings, batch_size=2000)
    open_organisation_ratings(period)
    audit(
        by,
        period,
        ChangeRecord.Action.CREATE,
        {"ratings": (None, len(ratings))},
        f"Mở đánh giá, xếp loại năm {year}",
    )
    return period


# Ratings that have not been decided follow the member's facts; a decided one changes only by a
# re-rating (Mẫu 03).
FOLLOWED = (Status.EXCLUDED, Status.PENDING, Status.SELF_ASSESSED, Status.PROPOSED)


LEFT_COLUMN = "left"  # not counted in the year's report at all


def follow_member(*, member: Member, on: date, by=None) -> None:
    """Keep the ratings of the years from `on`'s on (those not yet decided) in step with the
    member's standing: excluded with the reason when exempted, suspended or gone; back on the list
    when that ends; moved to the new chi bộ on a transfer, waiting for the comments now due.
    Called by every lifecycle service of branches (STANDING_LISTENERS), inside its transaction."""
    member = Member.objects.select_related("organisation", "temporary_organisation").get(pk=member.pk)
    current = {
        r.period_id: r
        for r in MemberRating.objects.current()
        .select_for_update(of=("self",))
        .filter(member=member)
        .select_related("period", "organisation")
    }
    for period in RatingPeriod.objects.filter(province_id=member.organisation.province_id, year__gte=on.year):
        rating = current.pop(period.pk, None)
        if rating is None:
            if member.is_current and member.organisation.kind in BRANCH_KINDS:
                _rate_newcomer(member, period, by)
        elif rating.status in FOLLOWED:
            before = snapshot(rating)
            _follow(rating, member, period, by)
            _audit_followed(rating, before, by)
    for rating in current.values():  # moved out of the province: its years there no longer rate them
        if rating.status in FOLLOWED and rating.status != Status.EXCLUDED and rating.period.year >= on.year:
            before = snapshot(rating)
            _exclude(rating, "Đã chuyển sinh hoạt ra ngoài tỉnh: không đánh giá tại đây.", LEFT_COLUMN, by)
            _audit_followed(rating, before, by)


def follow_members(*, member_ids: list[int], provinces: set[int], on: date, by=None) -> None:
    """follow_member for members admitted at once (an import): only a province with a rating year
    from `on`'s on has anyone to follow, and a province's first load has none."""
    if RatingPeriod.objects.filter(province_id__in=provinces, year__gte=on.year).exists():
        for pk in member_ids:
            follow_member(member=Member(pk=pk), on=on, by=by)


def _audit_followed(rating: MemberRating, before: dict, by) -> None:
    if snapshot(rating) != before:
        audit_rating(by, rating, before, "Cập nhật theo hồ sơ đảng viên")


def _rate_newcomer(member: Member, period: RatingPeriod, by) -> None:
    placed = _placement(member, period, _arrival(member, period))
    rating = MemberRating.objects.create(
        period=period, member=member, organisation=member.organisation, sheet=_sheet(member), **placed
    )
    step(rating, rating.status, by, "", "Vào danh sách sau khi mở năm đánh giá.")
    audit_rating(by, rating, {}, "Vào danh sách sau khi mở năm đánh giá", ChangeRecord.Action.CREATE)


def _arrival(member: Member, period: RatingPeriod) -> Transfer | None:
    return (
        Transfer.objects.filter(
            member=member,
            kind=Transfer.Kind.OFFICIAL,
            status=Transfer.Status.ENDED,
            confirmed_on__year=period.year,
        )
        .select_related("from_organisation")
        .order_by("-confirmed_on")
        .first()
    )


def _exclude(rating: MemberRating, reason: str, column: str, by) -> None:
    rating.excluded_reason, rating.excluded_column = reason[:200], column
    step(rating, Status.EXCLUDED, by, "", reason)
    rating.version += 1
    rating.save()


def _follow(rating: MemberRating, member: Member, period: RatingPeriod, by) -> None:
    if not member.is_current:
        if rating.status != Status.EXCLUDED:
            gone = (
                f"{member.get_status_display()} ngày {member.left_on:%d/%m/%Y}"
                if member.left_on
                else "Không còn là đảng viên"
            )
            _exclude(rating, f"{gone}: không đánh giá.", LEFT_COLUMN, by)
        return
    notes = []
    if rating.organisation_id != member.organisation_id:
        notes.append(
            f"Chuyển sinh hoạt từ {rating.organisation.name} đến {member.organisation.name}: chi bộ mới đánh giá."
        )
        rating.organisation = member.organisation
    placed = _placement(member, period, _arrival(member, period))
    if placed["status"] == Status.EXCLUDED:
        if rating.status != Status.EXCLUDED or rating.excluded_reason != placed["excluded_reason"] or notes:
            _exclude(rating, " ".join([*notes, placed["excluded_reason"]]), placed["excluded_column"], by)
        return
    commented = set(rating.comments.values_list("from_organisation_id", flat=True))
    # A comment already awaited stays awaited: a temporary stay that ended still has its host's word to give.
    waiting = [w for w in placed["waiting_for"] + rating.waiting_for if w["organisation_id"] not in commented]
    waiting = [w for i, w in enumerate(waiting) if w not in waiting[:i]]
    notes += [f"Chờ {w['label']}" for w in waiting if w not in rating.waiting_for]
    rating.waiting_for = waiting
    to = rating.status
    if rating.status == Status.EXCLUDED:
        notes.insert(0, "Trở lại danh sách đánh giá.")
        to = Status.SELF_ASSESSED if rating.self_level else Status.PENDING
        rating.excluded_reason = rating.excluded_column = ""
    elif rating.status == Status.PROPOSED and notes:
        # The proposal was made without the facts now known: the chi bộ proposes again.
        to = Status.SELF_ASSESSED
        notes.append("Chi bộ đề xuất lại.")
    if notes:
        step(rating, to, by, "", " ".join(notes))
        rating.version += 1
        rating.save()


@transaction.atomic
def record_comment(*, rating: MemberRating, from_organisation: Organisation, text: str, by) -> Comment:
    """The host (or former) chi bộ's comment; the rating no longer waits for it."""
    may(by, "rating.assess", from_organisation)
    rating = lock_ratings([rating])[0]
    if not text.strip():
        raise ValidationError({"text": "Hãy ghi nội dung nhận xét."})
    expected = [w for w in rating.waiting_for if w["organisation_id"] == from_organisation.pk]
    if not expected:
        raise ValidationError(
            f"Việc đánh giá {rating.member} không chờ nhận xét của {from_organisation.name}."
        )
    rating.waiting_for = [w for w in rating.waiting_for if w["organisation_id"] != from_organisation.pk]
    rating.version += 1
    rating.save(update_fields=["waiting_for", "version"])
    comment = Comment.objects.create(
        rating=rating, from_organisation=from_organisation, text=nfc(text), by=by
    )
    audit(
        by,
        rating,
        ChangeRecord.Action.UPDATE,
        {"comment": ("", comment.text)},
        f"Nhận xét của {from_organisation.name}",
    )
    return comment
