"""Recognitions: schemes configured by administrators; an organisation registers at the start of the
year, reports at its end, the level above appraises, then recognises or refuses; a recognition may
be revoked, by hand or when a re-rating removes its basis. Each step checks its rule, writes in one
transaction with an event row, and refuses in Vietnamese leaving the database as it was."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from branches import uploads
from branches.models import BRANCH_KINDS, ChangeRecord, Organisation
from branches.policy import can
from branches.services import STALE_MESSAGE, audit
from branches.text import nfc, nfc_lines

from ..measures import evaluate_recognitions
from ..models import (
    CriterionKind,
    Measure,
    Recognition,
    RecognitionEvent,
    RecognitionResult,
    RecognitionScheme,
    RecognitionTarget,
)
from ..rules.recognition import BRANCH_ONLY, COMMITTEE_ONLY, NEEDS_LEVEL, UNITS, Judgement
from .common import may

S = Recognition.Status
CRITERION_FIELDS = ("order", "group", "label", "kind", "measure", "level", "comparison", "threshold")


def _lock(recognition: Recognition, version: int | None) -> Recognition:
    rec = (
        Recognition.objects.select_for_update(of=("self",))
        .select_related("scheme", "organisation")
        .prefetch_related("results")
        .get(pk=recognition.pk)
    )
    if version is not None and rec.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    return rec


def _step(rec: Recognition, to: str, by, note: str = "") -> Recognition:
    RecognitionEvent.objects.create(
        recognition=rec, from_status=rec.status, to_status=to, note=note[:500], by=by
    )
    # The event row is the workflow's step; the change record puts it in the organisation's history.
    changes = {"status": (rec.status, to)}
    rec.status = to
    rec.version += 1
    rec.save()
    audit(
        by, rec, ChangeRecord.Action.UPDATE, changes, f"{rec.scheme.name} năm {rec.year}: {note}".strip(": ")
    )
    return rec


def _wrong_step(rec: Recognition, what: str) -> ValidationError:
    return ValidationError(
        f"{what} (hồ sơ “{rec.scheme.name}” năm {rec.year} của {rec.organisation.name} "
        f"đang ở bước “{rec.get_status_display()}”).",
        code="step",
    )


def _judge_now(rec: Recognition) -> dict[int, Judgement]:
    return evaluate_recognitions([rec]).get(rec.pk, {})


def _snapshot(results: list[RecognitionResult], judged: dict[int, Judgement]) -> None:
    for result in results:
        if result.pk in judged:
            j = judged[result.pk]
            result.value, result.value_text, result.computed_met = j.value, j.explanation[:500], j.met


# Registration and the organisation's self-report --------------------------------------------------


@transaction.atomic
def register_recognition(
    *, scheme: RecognitionScheme, organisation: Organisation, year: int, by, today: date | None = None
) -> Recognition:
    """Đăng ký at the start of the year: the organisation commits to the scheme's criteria as they
    stand now (each is copied to the registration)."""
    may(by, "recognition.report", organisation)
    if not organisation.is_active:
        raise ValidationError(f"{organisation.name} đã giải thể.")
    if year < (today or date.today()).year:
        raise ValidationError(f"Năm {year} đã qua: danh hiệu được đăng ký vào đầu năm xét.")
    if scheme.province_id is not None and scheme.province_id != organisation.province_id:
        raise ValidationError(
            f"Danh hiệu “{scheme.name}” do {scheme.province.name} ban hành, không áp dụng cho {organisation.name}."
        )
    if not scheme.applies_to_org(organisation):
        raise ValidationError(
            f"Danh hiệu “{scheme.name}” áp dụng cho {scheme.kinds_display()}; "
            f"không áp dụng cho {organisation.name} ({organisation.get_kind_display().lower()})."
        )
    if year < scheme.valid_from or (scheme.valid_until and year > scheme.valid_until):
        raise ValidationError(
            f"Danh hiệu “{scheme.name}” áp dụng {scheme.years_display()}; không đăng ký cho năm {year}."
        )
    if scheme not in RecognitionScheme.objects.in_force(organisation.province_id, year):
        raise ValidationError(
            f"Tỉnh đã ban hành tiêu chí riêng thay cho “{scheme.name}” mặc định; hãy đăng ký theo tiêu chí của tỉnh."
        )
    # Any version of the scheme (the national template or the province's own) counts once a year.
    if Recognition.objects.filter(scheme__code=scheme.code, organisation=organisation, year=year).exists():
        raise ValidationError(f"{organisation.name} đã đăng ký “{scheme.name}” năm {year}.")
    criteria = list(scheme.criteria.all())
    if not criteria:
        raise ValidationError(f"Danh hiệu “{scheme.name}” chưa có tiêu chí nào.")
    rec = Recognition.objects.create(scheme=scheme, organisation=organisation, year=year)
    RecognitionResult.objects.bulk_create(
        RecognitionResult(recognition=rec, **{name: getattr(c, name) for name in CRITERION_FIELDS})
        for c in criteria
    )
    RecognitionEvent.objects.create(recognition=rec, from_status="", to_status=S.REGISTERED, by=by)
    audit(
        by,
        rec,
        ChangeRecord.Action.CREATE,
        {"status": ("", S.REGISTERED)},
        f"Đăng ký {scheme.name} năm {year}",
    )
    return rec


@transaction.atomic
def report_recognition(
    *,
    recognition: Recognition,
    version: int,
    evidence: dict[int, str],
    files: dict[int, object] | None = None,
    note: str = "",
    by,
) -> Recognition:
    """Báo cáo tự đánh giá at the year's end: evidence for each criterion reported by hand (with an
    optional scan or photo: {result id: upload}, a PDF, JPEG or PNG), and the computed criteria's
    values as the records give them today, kept with the report. May be sent again until appraised."""
    rec = _lock(recognition, version)
    may(by, "recognition.report", rec.organisation)
    if not rec.open_for_report:
        raise _wrong_step(rec, "Chỉ báo cáo tự đánh giá sau khi đăng ký và trước khi thẩm định")
    results = list(rec.results.all())
    texts = {r.pk: nfc_lines(evidence.get(r.pk, "")) for r in results if r.kind == CriterionKind.MANUAL}
    missing = {
        f"evidence_{pk}": "Hãy nêu kết quả thực hiện, minh chứng cho tiêu chí này."
        for pk, text in texts.items()
        if not text
    }
    if missing:
        raise ValidationError(missing)
    stored = {pk: uploads.accept(upload, field=f"file_{pk}") for pk, upload in (files or {}).items()}
    _snapshot(results, _judge_now(rec))
    for result in results:
        if result.pk in texts:
            result.evidence = texts[result.pk]
        if result.pk in stored:
            file = stored[result.pk]
            result.attachment, result.attachment_type, result.attachment_name = (
                file.file,
                file.content_type,
                file.name,
            )
        result.save()
    rec.report_note = nfc_lines(note)
    return _step(rec, S.REPORTED, by, nfc(note))


# The level above: appraisal, decision, revocation ---------------------------------------------------


@transaction.atomic
def appraise_recognition(
    *,
    recognition: Recognition,
    version: int,
    verdicts: dict[int, bool],
    notes: dict[int, str] | None = None,
    note: str = "",
    by,
) -> Recognition:
    """Thẩm định: the level above concludes on each criterion. A computed criterion the records
    show as not met cannot be confirmed (its value is taken again, fresh)."""
    rec = _lock(recognition, version)
    may(by, "recognition.decide", rec.organisation)
    if rec.status != S.REPORTED:
        raise _wrong_step(rec, "Chỉ thẩm định hồ sơ đã báo cáo tự đánh giá")
    results = list(rec.results.all())
    if any(r.pk not in verdicts for r in results):
        raise ValidationError("Hãy kết luận đạt hoặc không đạt cho từng tiêu chí.")
    judged = _judge_now(rec)
    for result in results:
        if verdicts[result.pk] and result.pk in judged and not judged[result.pk].met:
            raise ValidationError(
                {
                    f"verdict_{result.pk}": f"Tiêu chí “{result.label}” chưa đạt theo dữ liệu: "
                    f"{judged[result.pk].explanation} Không thể xác nhận đạt."
                }
            )
    _snapshot(results, judged)
    for result in results:
        result.confirmed = verdicts[result.pk]
        result.appraisal_note = nfc((notes or {}).get(result.pk, ""))[:500]
        result.save()
    met = sum(verdicts[r.pk] for r in results)
    rec.appraisal_note = nfc_lines(note)
    return _step(rec, S.APPRAISED, by, f"Đạt {met}/{len(results)} tiêu chí. {nfc(note)}".strip())


@transaction.atomic
def recognise(
    *, recognition: Recognition, version: int, decision_number: str, decided_on: date, note: str = "", by
) -> Recognition:
    """Công nhận, by decision. Every criterion must have been confirmed at the appraisal and the
    computed ones must still hold on today's records; otherwise the answer is to refuse."""
    rec = _lock(recognition, version)
    may(by, "recognition.decide", rec.organisation)
    if rec.status != S.APPRAISED:
        raise _wrong_step(rec, "Chỉ quyết định công nhận sau khi thẩm định")
    if not decision_number.strip():
        raise ValidationError({"decision_number": "Hãy ghi số quyết định công nhận."})
    judged = _judge_now(rec)
    failing = [r for r in rec.results.all() if not r.confirmed or (r.pk in judged and not judged[r.pk].met)]
    if failing:
        names = "; ".join(f"“{r.label}”" for r in failing[:3]) + (
            f" và {len(failing) - 3} tiêu chí khác" if len(failing) > 3 else ""
        )
        raise ValidationError(
            f"Không thể công nhận: chưa đạt tiêu chí {names}. Hãy quyết định không công nhận.",
            code="criteria",
        )
    rec.decision_number, rec.decided_on, rec.decision_note = nfc(decision_number), decided_on, nfc(note)[:500]
    return _step(
        rec,
        S.RECOGNISED,
        by,
        f"Quyết định số {rec.decision_number} ngày {decided_on:%d/%m/%Y}. {rec.decision_note}".strip(),
    )


@transaction.atomic
def refuse_recognition(
    *, recognition: Recognition, version: int, reason: str, decided_on: date, decision_number: str = "", by
) -> Recognition:
    """Không công nhận, with the reason: after the appraisal, or for a registration never reported."""
    rec = _lock(recognition, version)
    may(by, "recognition.decide", rec.organisation)
    if not rec.open_for_decision:
        raise _wrong_step(rec, "Chỉ quyết định không công nhận hồ sơ chưa được quyết định")
    if not reason.strip():
        raise ValidationError({"note": "Hãy nêu lý do không công nhận."})
    rec.decision_number, rec.decided_on, rec.decision_note = (
        nfc(decision_number),
        decided_on,
        nfc(reason)[:500],
    )
    return _step(rec, S.REFUSED, by, rec.decision_note)


def _revoke(rec: Recognition, reason: str, on: date, by) -> Recognition:
    rec.revoked_on, rec.revoked_reason = on, nfc(reason)[:500]
    return _step(rec, S.REVOKED, by, rec.revoked_reason)


@transaction.atomic
def revoke_recognition(
    *, recognition: Recognition, version: int, reason: str, revoked_on: date, by
) -> Recognition:
    """Hủy bỏ kết quả công nhận when the organisation is found not to meet the criteria (the
    recognising level decides, with the reason)."""
    rec = _lock(recognition, version)
    may(by, "recognition.decide", rec.organisation)
    if rec.status != S.RECOGNISED:
        raise _wrong_step(rec, "Chỉ hủy được kết quả đã công nhận")
    if not reason.strip():
        raise ValidationError({"reason": "Hãy nêu lý do hủy công nhận."})
    return _revoke(rec, reason, revoked_on, by)


@transaction.atomic
def revoke_after_rerating(
    *, organisation: Organisation, year: int, by, on: date | None = None
) -> list[Recognition]:
    """After a re-rating of `organisation` for `year` (QĐ 366 Điều 15, Mẫu 03): recognitions of it and
    of the organisations above it that counted that year are judged again on today's records, and
    those whose computed basis no longer holds are revoked with the reason. Returns them. A step
    of the re-rating, so it asks what the re-rating asks (even when the recognition revoked is the
    committee's own above)."""
    may(by, "rating.decide", organisation)
    candidates = [
        rec
        for rec in Recognition.objects.select_for_update(of=("self",))
        .filter(
            status=S.RECOGNISED,
            organisation_id__in=[*organisation.ancestor_ids(), organisation.pk],
            year__gte=year,
        )
        .select_related("scheme", "organisation")
        .prefetch_related("results")
        .order_by("pk")
        if rec.year - rec.scheme.years_running < year
    ]
    judged = evaluate_recognitions(candidates)
    revoked = []
    for rec in candidates:
        failing = [r for r in rec.results.all() if r.pk in judged[rec.pk] and not judged[rec.pk][r.pk].met]
        if failing:
            first = judged[rec.pk][failing[0].pk]
            reason = (
                f"Xếp loại lại năm {year} của {organisation.name}: tiêu chí “{failing[0].label}” không còn đạt "
                f"({first.explanation})"
            )
            revoked.append(_revoke(rec, reason, on or date.today(), by))
    return revoked


# Configuration: criteria, targets (a province's copy and its edits: ratings.criteria_sets) ----------


def check_criteria(criteria: list[dict], applies_to: list[str]) -> None:
    """Each computed criterion names its measure, comparison and threshold (or level), and its
    measure means something for the organisations the scheme applies to."""
    if not criteria:
        raise ValidationError("Danh hiệu cần ít nhất một tiêu chí.")
    kinds = set(applies_to)
    for i, c in enumerate(criteria, start=1):
        where = f"Tiêu chí {i} (“{c['label'][:60]}”)"
        if c["kind"] == CriterionKind.MANUAL:
            if c.get("measure"):
                raise ValidationError(f"{where} tự báo cáo nên không chọn chỉ số.")
            continue
        measure = c.get("measure")
        if not measure or not c.get("comparison"):
            raise ValidationError(f"{where} tính từ dữ liệu: hãy chọn chỉ số và cách so sánh.")
        if measure in NEEDS_LEVEL and not c.get("level"):
            raise ValidationError(f"{where}: hãy chọn mức xếp loại.")
        if UNITS.get(measure) != "level" and c.get("threshold") is None:
            raise ValidationError(f"{where}: hãy nhập ngưỡng.")
        if UNITS.get(measure) == "percent" and not Decimal(0) <= c["threshold"] <= Decimal(100):
            raise ValidationError(f"{where}: ngưỡng tỷ lệ từ 0 đến 100%.")
        if measure in BRANCH_ONLY and not kinds <= BRANCH_KINDS:
            raise ValidationError(f"{where}: chỉ số “{Measure(measure).label}” chỉ tính cho chi bộ.")
        if measure in COMMITTEE_ONLY and kinds & BRANCH_KINDS:
            raise ValidationError(
                f"{where}: chỉ số “{Measure(measure).label}” chỉ tính cho đảng bộ có chi bộ trực thuộc."
            )


@transaction.atomic
def set_target(
    *,
    scheme: RecognitionScheme,
    scope: Organisation,
    year: int,
    min_share: Decimal,
    max_share: Decimal | None = None,
    note: str = "",
    by=None,
) -> RecognitionTarget:
    """The share of the scope's eligible organisations to be recognised in a year (e.g. 40–50 % of
    chi bộ ấp, khu phố TSVMTD by 2025). Setting it again replaces it."""
    if scheme.province_id is not None and scope.province_id != scheme.province_id:
        raise ValidationError({"scope": f"{scope.name} không thuộc {scheme.province.name}."})
    if by is not None and not can(by, "recognition.configure", scope):
        raise ValidationError({"scope": f"Đồng chí không quản trị {scope.name}."})
    if not Decimal(0) <= min_share <= Decimal(100) or (
        max_share is not None and not min_share <= max_share <= Decimal(100)
    ):
        raise ValidationError({"min_share": "Tỷ lệ từ 0 đến 100%, tối thiểu không lớn hơn tối đa."})
    old = RecognitionTarget.objects.filter(scheme=scheme, scope=scope, year=year).first()
    target, created = RecognitionTarget.objects.update_or_create(
        scheme=scheme,
        scope=scope,
        year=year,
        defaults={"min_share": min_share, "max_share": max_share, "note": nfc(note), "set_by": by},
    )
    changes = {
        name: (getattr(old, name, None), getattr(target, name)) for name in ("min_share", "max_share", "note")
    }
    audit(
        by,
        target,
        ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE,
        {k: pair for k, pair in changes.items() if pair[0] != pair[1]},
        f"Chỉ tiêu {scheme.name} năm {year}",
    )
    return target
