"""Demo recognitions, seeded after the member and organisation ratings: for each year already rated,
the organisations whose records meet a scheme's computed criteria are recognised (one is later
revoked with its reason, one that falls short is refused), a few wait for the appraisal; for the
current year a few chi bộ have registered. Bulk reads and writes: a province takes seconds."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from branches.models import Organisation, RoleAssignment

from .. import measures
from ..models import Recognition, RecognitionEvent, RecognitionResult, RecognitionScheme, RecognitionTarget
from ..rules.recognition import Judgement
from ..services.recognitions import CRITERION_FIELDS

S = Recognition.Status
REVOKED_REASON = (
    "Phát hiện đảng viên của chi bộ vi phạm trong năm được công nhận nhưng chưa được xem xét, xử lý kịp thời; "
    "hủy bỏ kết quả đã công nhận."
)
EVIDENCE = "Chi bộ đã thực hiện; có nghị quyết, biên bản và báo cáo kết quả kèm theo hồ sơ."
GRANT_SHARE = Decimal("0.45")  # of the eligible organisations, at most: the seeds' targets are 40–50 %
REGISTERED_THIS_YEAR = 4


def _story_commune(province: Organisation) -> Organisation | None:
    """The commune of the demo secretary (branches.demo), so the demo logins see the examples."""
    role = (
        RoleAssignment.objects.filter(
            user__username="bithu",
            role=RoleAssignment.Role.SECRETARY,
            organisation__path__startswith=province.path,
        )
        .select_related("organisation__parent")
        .first()
    )
    return role.organisation.parent if role else None


def _eligible(scheme: RecognitionScheme, orgs: list[Organisation], year: int) -> list[Organisation]:
    return [
        o
        for o in orgs
        if scheme.applies_to_org(o)
        and (o.founded_on is None or o.founded_on.year <= year)
        and (o.dissolved_on is None or o.dissolved_on.year >= year)
    ]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


class _Rows:
    """The rows to write, with each step's date, so the history reads like the real workflow."""

    def __init__(self):
        self.recognitions: list[Recognition] = []
        self.results: dict[int, list[RecognitionResult]] = {}  # by index of the recognition
        self.steps: dict[int, list[tuple[str, str, str, date]]] = {}

    def add(
        self, rec: Recognition, results: list[RecognitionResult], steps: list[tuple[str, str, str, date]]
    ) -> None:
        self.results[len(self.recognitions)] = results
        self.steps[len(self.recognitions)] = steps
        self.recognitions.append(rec)

    def write(self) -> None:
        Recognition.objects.bulk_create(self.recognitions, batch_size=1000)
        results, events = [], []
        for i, rec in enumerate(self.recognitions):
            for result in self.results[i]:
                result.recognition = rec
                results.append(result)
            for from_status, to_status, note, _ in self.steps[i]:
                events.append(
                    RecognitionEvent(recognition=rec, from_status=from_status, to_status=to_status, note=note)
                )
        RecognitionResult.objects.bulk_create(results, batch_size=2000)
        created = RecognitionEvent.objects.bulk_create(events, batch_size=2000)
        # auto_now_add stamps today; the history should carry each step's own day.
        days = [day for i in range(len(self.recognitions)) for *_, day in self.steps[i]]
        for event, day in zip(created, days, strict=True):
            event.at = _at(day)
        RecognitionEvent.objects.bulk_update(created, ["at"], batch_size=2000)


def _results(
    criteria: list, judged: list[Judgement] | None, reported: bool, confirmed: bool
) -> list[RecognitionResult]:
    computed = iter(judged or [])
    rows = []
    for c in criteria:
        result = RecognitionResult(**{name: getattr(c, name) for name in CRITERION_FIELDS})
        if c.is_computed and reported:
            j = next(computed)
            result.value, result.value_text, result.computed_met = j.value, j.explanation[:500], j.met
            result.confirmed = j.met if confirmed else None
        elif reported:
            result.evidence, result.confirmed = EVIDENCE, (True if confirmed else None)
        rows.append(result)
    return rows


def _decided(scheme, criteria, org, year, judged, number: int, rows: _Rows) -> Recognition:
    passed = all(j.met for j in judged)
    decided_on = date(year + 1, 1, 15)
    rec = Recognition(
        scheme=scheme,
        organisation=org,
        year=year,
        status=S.RECOGNISED if passed else S.REFUSED,
        report_note="Chi bộ tự đánh giá đạt các tiêu chí đã đăng ký.",
        appraisal_note="Đã thẩm định hồ sơ và số liệu.",
        decision_number=f"{number:02d}-QĐ/ĐU" if passed else "",
        decided_on=decided_on,
        decision_note="" if passed else next(j.explanation for j in judged if not j.met)[:500],
        version=4,
    )
    last = (
        S.APPRAISED,
        rec.status,
        f"Quyết định số {rec.decision_number}" if passed else rec.decision_note,
        decided_on,
    )
    rows.add(
        rec,
        _results(criteria, judged, reported=True, confirmed=True),
        [
            ("", S.REGISTERED, "", date(year, 1, 20)),
            (S.REGISTERED, S.REPORTED, "", date(year, 12, 10)),
            (S.REPORTED, S.APPRAISED, "", date(year + 1, 1, 5)),
            last,
        ],
    )
    return rec


@transaction.atomic
def seed(province: Organisation, years: list[int], today: date) -> dict[str, int]:
    """Recognitions for the rated `years` before today's, registrations for today's year, and the
    TSVMTD target of the seeds (40–50 % of chi bộ ấp, khu phố by 2025)."""
    orgs = list(
        Organisation.objects.filter(path__startswith=province.path)
        .exclude(kind=Organisation.Kind.PROVINCE)
        .order_by("path")
    )
    commune = _story_commune(province)
    # The demo commune's organisations first, so its logins meet the examples.
    orgs.sort(key=lambda o: not (commune and o.path.startswith(commune.path)))
    rows, number = _Rows(), 0
    revoke_candidate = None
    rated = sorted(y for y in years if y < today.year)
    for year in rated:
        for scheme in RecognitionScheme.objects.in_force(province.pk, year):
            eligible, criteria = _eligible(scheme, orgs, year), list(scheme.criteria.all())
            judged = measures.evaluate(
                [c.rule() for c in criteria if c.is_computed], eligible, year, scheme.years_running
            )
            passing = [o for o in eligible if all(j.met for j in judged[o.pk])]
            failing = [o for o in eligible if not all(j.met for j in judged[o.pk])]
            for org in passing[: int(len(eligible) * GRANT_SHARE) or 1]:
                number += 1
                rec = _decided(scheme, criteria, org, year, judged[org.pk], number, rows)
                if year == rated[-1]:
                    revoke_candidate = revoke_candidate or rec
            # The latest year also shows a refusal, with the criterion that failed as its reason.
            for org in failing[:1] if year == rated[-1] else []:
                _decided(scheme, criteria, org, year, judged[org.pk], number, rows)
    if revoke_candidate is not None:
        i = rows.recognitions.index(revoke_candidate)
        revoke_candidate.status, revoke_candidate.revoked_reason = S.REVOKED, REVOKED_REASON
        revoke_candidate.revoked_on = min(date(revoke_candidate.year + 1, 6, 1), today)
        rows.steps[i].append((S.RECOGNISED, S.REVOKED, REVOKED_REASON, revoke_candidate.revoked_on))
    registered = 0
    for scheme in RecognitionScheme.objects.in_force(province.pk, today.year):
        if registered >= REGISTERED_THIS_YEAR:
            break
        criteria = list(scheme.criteria.all())
        for org in _eligible(scheme, orgs, today.year)[:2]:
            rows.add(
                Recognition(scheme=scheme, organisation=org, year=today.year),
                _results(criteria, None, False, False),
                [("", S.REGISTERED, "", date(today.year, 1, 20))],
            )
            registered += 1
    rows.write()
    tsvmtd = RecognitionScheme.objects.filter(
        Q(province=province) | Q(province__isnull=True), code="chi-bo-tsvmtd"
    ).first()
    if tsvmtd:
        RecognitionTarget.objects.get_or_create(
            scheme=tsvmtd,
            scope=province,
            year=2025,
            defaults={
                "min_share": Decimal(40),
                "max_share": Decimal(50),
                "note": "Theo mục tiêu Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2020 - 2025 (mẫu Bến Tre)",
            },
        )
    return {"recognitions": len(rows.recognitions), "registered": registered}
