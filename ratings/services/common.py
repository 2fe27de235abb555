"""What the member and organisation workflows share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from branches.models import ChangeRecord, Organisation, Position
from branches.policy import check
from branches.services import audit
from branches.text import nfc

from ..models import IN_FORCE, TASK_FIELDS, MemberRating, OrganisationRating, RatingPeriod, Status, Transition
from ..rules import qd366
from ..rules.common import Level, Regime, Tasks, score_text
from .sheets import score_points

Rating = MemberRating | OrganisationRating

REFUSALS = {
    "rating.open": "Đồng chí không quản trị việc đánh giá của {name}.",
    "rating.assess": "Đồng chí không phụ trách {name}, không thể đánh giá, đề xuất hay nhận xét thay.",
    "rating.self_assess": "Đồng chí không phụ trách {name}, không thể tự đánh giá thay đảng viên của chi bộ này.",
    "rating.appraise": "Việc thẩm định, đề xuất xếp loại {name} thuộc cấp ủy cấp trên của tổ chức này, "
    "ngoài phạm vi của đồng chí.",
    "rating.decide": "Việc quyết định xếp loại {name} thuộc cấp có thẩm quyền (Hướng dẫn 43-HD/BTCTW, Mục 3), "
    "ngoài phạm vi của đồng chí.",
    "recognition.report": "Đồng chí không phụ trách {name}, không thể đăng ký hay báo cáo thay.",
    "recognition.decide": "Việc thẩm định, công nhận {name} thuộc cấp ủy cấp trên của tổ chức này, "
    "ngoài phạm vi của đồng chí.",
}


def may(by, action: str, org: Organisation, obj=None) -> None:
    """The policy (ratings/policy.py), asked by the service itself so no caller decides outside
    its scope; refused with what the step is and whose it is. `obj` when the rule judges
    something other than the organisation (a member's own rating)."""
    check(by, action, org if obj is None else obj, REFUSALS[action].format(name=org.name))


def step(rating: Rating, to: str, by, level: str = "", reason: str = "") -> None:
    """Move a rating to `to`, writing the transition row (who, from → to, level, why)."""
    _record(rating, rating.status, to, by, level, reason)
    rating.status = to


# What a rating's change record compares, before → after. The Transition row keeps the workflow
# step (who moved it from which step to which, with the level); the change record keeps what else
# the step changed (the score, the tasks, the texts, the decision), so the history shows both.
AUDITED = (
    "status",
    "organisation",
    "score",
    *TASK_FIELDS,
    "shortcomings_pointed",
    "shortcomings_remedied",
    "self_level",
    "strengths",
    "shortcomings",
    "remedies",
    "proposed_level",
    "votes_for",
    "votes_total",
    "level",
    "decision_number",
    "decided_on",
    "override_reason",
    "excluded_reason",
)


def snapshot(rating: Rating) -> dict:
    return {name: getattr(rating, name) for name in AUDITED if hasattr(rating, name)}


def audit_rating(
    by, rating: Rating, before: dict, summary: str, action: str = ChangeRecord.Action.UPDATE
) -> None:
    after = snapshot(rating)
    audit(
        by, rating, action, {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}, summary
    )


def save_step(rating: Rating, by, before: dict, summary: str) -> Rating:
    """A step's end: the row saved at its next version, and what the step changed recorded."""
    rating.version += 1
    rating.save()
    audit_rating(by, rating, before, summary)
    return rating


def _record(rating: Rating, from_status: str, to: str, by, level: str, reason: str) -> None:
    owner = {"member_rating" if isinstance(rating, MemberRating) else "organisation_rating": rating}
    Transition.objects.create(
        **owner, from_status=from_status, to_status=to, level=level, reason=reason[:500], by=by
    )


def exact_points(value, field: str = "score", label: str = "Điểm tự chấm") -> Decimal | None:
    """A score or a criterion's points as stored: whole or with one decimal (89,5). A value that
    would need rounding to be stored is refused, never truncated."""
    if value is None:
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: f"{label} phải là một số, ví dụ 89,5."}) from None
    # "1.000" is refused too: read as 1 it would silently lose what a Vietnamese typist meant.
    if not number.is_finite() or number.as_tuple().exponent < -1:
        raise ValidationError(
            {field: f"{label} chỉ lấy tối đa một chữ số thập phân, ví dụ 89,5 (đã nhập {value})."}
        )
    return number


def assessed_score(
    period: RatingPeriod, code: str, score, points: dict | None
) -> tuple[Decimal | None, dict[str, int | float]]:
    """The score to record and the points behind it. Given points per criterion of the sheet in
    force, the score is their sum and a `score` passed beside them is ignored; without points the
    total stands as entered (older regimes, a total copied from a paper sheet)."""
    if points is None:
        return exact_points(score), {}
    return score_points(
        period, code, {pk: exact_points(v, "score", "Điểm tiêu chí") for pk, v in points.items()}
    )


TEXT_PARTS = ("strengths", "shortcomings", "remedies")


def set_texts(rating: Rating, texts: dict[str, str] | None) -> None:
    """The written parts of the self-review (ưu điểm; hạn chế, khuyết điểm; biện pháp khắc phục)."""
    for name, text in (texts or {}).items():
        if name not in TEXT_PARTS:
            raise ValueError(name)
        setattr(rating, name, nfc(text.strip()))


def check_assessment(period: RatingPeriod, score: Decimal | None, tasks: Tasks) -> None:
    """A self-assessment's score (QĐ 366's 100-point scale; older regimes have none) and task figures."""
    if period.regime == Regime.QD366 and (score is None or not 0 <= score <= 100):
        raise ValidationError({"score": "Điểm tự chấm từ 0 đến 100 (Quy định 366-QĐ/TW, Điều 10)."})
    if tasks.on_time + tasks.late + tasks.not_done != tasks.assigned:
        raise ValidationError(
            {
                "tasks_assigned": "Số nhiệm vụ đúng tiến độ, chậm và không hoàn thành phải cộng bằng số được giao."
            }
        )
    if tasks.exceeded > tasks.on_time:
        raise ValidationError(
            {"tasks_exceeded": "Số nhiệm vụ vượt yêu cầu không thể nhiều hơn số hoàn thành đúng tiến độ."}
        )


# Fields a re-rating does not carry over to the replacing row.
NOT_CARRIED = {
    "id",
    "status",
    "version",
    "level",
    "decision_number",
    "decided_on",
    "override_reason",
    "replaces",
}


def replacement(
    old: Rating, *, level: str, reason: str, decision_number: str, decided_on: date, by=None
) -> Rating:
    """Mẫu 03-HD KĐ.ĐG: cancel a decided result (locked by the caller) and decide a new row that
    carries the assessment over. The old row stays, cancelled, for the record."""
    if not reason.strip():
        raise ValidationError({"reason": "Xếp loại lại phải nêu lý do (Mẫu 03-HD KĐ.ĐG)."})
    if not decision_number.strip():
        raise ValidationError({"decision_number": "Hãy ghi số quyết định xếp loại lại."})
    if old.status not in IN_FORCE:
        raise ValidationError("Chỉ xếp loại lại kết quả đã quyết định.")
    reason = nfc(reason.strip())
    before = snapshot(old)
    step(old, Status.CANCELLED, by, old.level, reason)
    save_step(old, by, before, f"Hủy kết quả để xếp loại lại. Lý do: {reason}")
    carried = {
        f.attname: getattr(old, f.attname) for f in old._meta.concrete_fields if f.name not in NOT_CARRIED
    }
    new = type(old).objects.create(
        **carried,
        status=Status.DECIDED,
        # The count goes on: a page that showed the old row is stale for the new one too.
        version=old.version + 1,
        level=Level(level),
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        override_reason=reason[:500],
        replaces=old,
    )
    _record(new, Status.CANCELLED, Status.DECIDED, by, level, reason)
    audit_rating(by, new, before, f"Xếp loại lại. Lý do: {reason}", ChangeRecord.Action.CREATE)
    return new


def beyond_rules(subject: str, wanted: Level, verdict, score, period: RatingPeriod) -> str:
    """Why `wanted` is above what the rules allow, in full: the verdict's reasons, or, when the
    score alone keeps the level out of reach, the minimum it needs."""
    minimum = {
        Level.HTXSNV: period.htxsnv_min,
        Level.HTTNV: period.httnv_min,
        Level.HTNV: period.htnv_min,
    }.get(wanted)
    why = (
        " ".join(verdict.reasons)
        or f"Mức “{wanted.label}” cần từ {minimum} điểm; điểm tự chấm là {score_text(score)}."
    )
    return (
        f"{subject}: theo quy định chỉ đạt mức “{verdict.level.label}”, chưa thể xếp “{wanted.label}”. {why}"
    )


def check_self_level(subject: str, level: Level, verdict, rating) -> None:
    """One's own level cannot go above what the score and conditions allow; a verdict the rules
    leave to the deciding level (no level fits, a KHTNV trigger) does not bind the self-assessment."""
    if verdict is not None and not verdict.review and level.rank > verdict.level.rank:
        raise ValidationError(
            {"self_level": beyond_rules(subject, level, verdict, rating.score, rating.period)}
        )


def heads_of(org: Organisation) -> set[int]:
    """Member ids of the organisation's sitting bí thư (its người đứng đầu)."""
    return set(
        Position.objects.filter(
            organisation=org, title=Position.Title.SECRETARY, ends_on__isnull=True
        ).values_list("member_id", flat=True)
    )


def parameters_of(period: RatingPeriod) -> qd366.Parameters:
    return qd366.Parameters(
        htxsnv_min=period.htxsnv_min,
        httnv_min=period.httnv_min,
        htnv_min=period.htnv_min,
        exceeded_share=float(period.exceeded_share),
        late_share=float(period.late_share),
    )
