"""The commune demo's three rating years read as if the app had recorded them: every rating went
through the steps the services enforce, in their order, within the rules."""

from collections import Counter, defaultdict
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from branches.demo import TODAY
from branches.models import Discipline, Member, Organisation, Position, RoleAssignment
from ratings import queries, services
from ratings.models import MemberRating, OrganisationRating, RatingPeriod, Status, Transition
from ratings.reports.annual import secretary_name
from ratings.rules import qd366
from ratings.rules.common import Level
from ratings.rules.quota import max_excellent
from tests.factories import root

DONE = (Status.DECIDED, Status.PUBLISHED)
CHAIN = [Status.PENDING, Status.SELF_ASSESSED, Status.PROPOSED, Status.DECIDED, Status.PUBLISHED]


def snapshot() -> list[tuple]:
    """The demo's ratings by natural keys (no primary keys), for comparing two seeds."""
    members = MemberRating.objects.values_list(
        "period__year",
        "member__dossier_number",
        "status",
        "level",
        "proposed_level",
        "self_level",
        "score",
        "tasks_assigned",
        "tasks_exceeded",
        "decision_number",
        "decided_on",
        "votes_for",
    )
    own = OrganisationRating.objects.values_list(
        "period__year", "organisation__code", "status", "level", "score", "decided_on"
    )
    steps = Transition.objects.values_list("from_status", "to_status", "level", "by__username", "at")
    return sorted(members, key=str) + sorted(own, key=str) + sorted(steps, key=str)


def test_demo_ratings_are_the_same_for_the_same_seed(db):
    taken = []
    for _ in range(2):
        with transaction.atomic():
            call_command("seed_demo", stdout=StringIO())
            taken.append(snapshot())
            transaction.set_rollback(True)

    assert len(taken[0]) > 1000
    assert taken[0] == taken[1]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The commune demo, seeded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def period(year: int) -> RatingPeriod:
    return RatingPeriod.objects.get(year=year)


def current(year: int):
    return (
        MemberRating.objects.current()
        .filter(period__year=year)
        .select_related("member", "organisation", "period")
    )


def heads() -> dict[int, int]:
    return dict(
        Position.objects.filter(title=Position.Title.SECRETARY, ends_on__isnull=True).values_list(
            "organisation_id", "member_id"
        )
    )


def test_demo_every_party_organisation_has_a_sitting_secretary(demo, db):
    organisations = Organisation.objects.active().exclude(kind=Organisation.Kind.GROUP)

    assert (
        set(organisations.values_list("name", flat=True))
        - set(organisations.filter(pk__in=heads()).values_list("name", flat=True))
        == set()
    )
    # The commune's annual report is signed by its bí thư, named under the signature.
    commune = RoleAssignment.objects.get(user__username="xetduyet").organisation
    assert secretary_name(commune) == Member.objects.get(pk=heads()[commune.pk]).full_name != ""


def test_demo_opens_three_years_under_their_rules(demo, db):
    periods = list(
        RatingPeriod.objects.order_by("year").values_list(
            "year", "regime", "opened_by__username", "finish_by"
        )
    )

    assert periods == [
        (2024, "QD124_HD25", "quantri", date(2024, 12, 31)),
        (2025, "QD366_HD43", "quantri", date(2025, 12, 31)),
        (2026, "QD366_HD43", "quantri", date(2026, 12, 31)),
    ]


def test_demo_counts_per_year_step_and_level(demo, db):
    def counted(model, year):
        rows = model.objects.filter(period__year=year)
        steps = Counter(rows.values_list("status", flat=True))
        levels = Counter(rows.filter(status__in=DONE).values_list("level", flat=True))
        return dict(steps), dict(levels)

    assert counted(MemberRating, 2024) == (
        {"excluded": 42, "published": 139},
        {"HTXSNV": 13, "HTTNV": 105, "HTNV": 18, "KHTNV": 3},
    )
    assert counted(MemberRating, 2025) == (
        {"excluded": 36, "published": 142, "cancelled": 3, "decided": 3},
        {"HTXSNV": 13, "HTTNV": 111, "HTNV": 17, "KHTNV": 4},
    )
    assert counted(MemberRating, 2026) == (
        {"excluded": 29, "pending": 32, "self_assessed": 46, "proposed": 59, "decided": 15},
        {"HTXSNV": 2, "HTTNV": 11, "HTNV": 1, "KHTNV": 1},
    )
    assert counted(OrganisationRating, 2024) == ({"published": 13}, {"HTXSNV": 1, "HTTNV": 11, "HTNV": 1})
    assert counted(OrganisationRating, 2025) == ({"published": 13}, {"HTXSNV": 2, "HTTNV": 9, "HTNV": 2})
    assert counted(OrganisationRating, 2026) == (
        {"pending": 7, "self_assessed": 5, "decided": 1},
        {"HTNV": 1},
    )
    assert "2025: đảng viên HTXSNV 13 HTTNV 111 HTNV 17 KHTNV 4;" in demo


def test_demo_leaves_excluded_members_excluded_and_untouched(demo, db):
    excluded = MemberRating.objects.filter(status=Status.EXCLUDED)
    exempt = Member.objects.filter(is_exempt=True)

    assert excluded.filter(transitions__isnull=False).count() == 0
    assert list(excluded.exclude(level="", self_level="", score=None).values_list("pk", flat=True)) == []
    assert set(
        excluded.filter(period__year=2026, excluded_column="exempt").values_list("member", flat=True)
    ) == set(exempt.values_list("pk", flat=True))
    for year in (2024, 2025, 2026):
        assert set(current(year).filter(member__is_exempt=True).values_list("status", flat=True)) == {
            Status.EXCLUDED
        }


def test_demo_every_rating_has_its_chain_of_steps_in_time_order(demo, db):
    chains = defaultdict(list)
    for step in Transition.objects.order_by("at", "pk"):
        chains[step.member_rating_id or -step.organisation_rating_id].append(step)
    ratings = [
        (r.pk, r) for r in MemberRating.objects.exclude(status=Status.EXCLUDED).select_related("period")
    ]
    ratings += [(-r.pk, r) for r in OrganisationRating.objects.select_related("period")]

    for key, rating in ratings:
        steps = chains[key]
        if rating.replaces_id:  # a re-rating (Mẫu 03): decided in one step, replacing the cancelled row
            assert [(s.from_status, s.to_status) for s in steps] == [(Status.CANCELLED, Status.DECIDED)]
            continue
        path = (
            CHAIN[: CHAIN.index(rating.status) + 1]
            if rating.status != Status.CANCELLED
            else [*CHAIN, Status.CANCELLED]
        )
        assert [s.from_status for s in steps] == path[:-1], rating
        assert [s.to_status for s in steps] == path[1:], rating
        assert [s.at for s in steps] == sorted(s.at for s in steps)
        assert rating.version >= len(steps)
        if rating.status in DONE or rating.status == Status.CANCELLED:
            decided = next(s for s in steps if s.to_status == Status.DECIDED)
            assert (decided.level, rating.decided_on) == (rating.level, timezone.localtime(decided.at).date())
            assert rating.decided_on <= date(rating.period.year, 12, 31)
        if rating.status == Status.PUBLISHED:
            assert timezone.localtime(steps[-1].at).date() < date(rating.period.year + 1, 2, 1)


def test_demo_the_open_year_stops_before_today(demo, db):
    latest = max(Transition.objects.filter(member_rating__period__year=2026).values_list("at", flat=True))

    assert latest < timezone.make_aware(datetime.combine(TODAY, time()))
    assert not current(2026).filter(status=Status.PUBLISHED).exists()


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_demo_never_exceeds_the_quota_of_a_chi_bo_at_any_decision(demo, db, year):
    """As services.decide counts: at each decision (a list decided together shares its time), the
    decided levels plus the levels still only proposed, in each chi bộ (quota group BRANCH, 20 %)."""
    ratings = {
        r.pk: r for r in MemberRating.objects.filter(period__year=year).exclude(status=Status.EXCLUDED)
    }
    steps = (
        Transition.objects.filter(member_rating__in=list(ratings))
        .exclude(to_status=Status.PUBLISHED)
        .order_by("at", "pk")
    )
    moments = defaultdict(list)
    for step in steps:
        moments[(step.at, ratings[step.member_rating_id].organisation_id)].append(step)
    state: dict[int, dict[int, tuple[str, str]]] = defaultdict(dict)  # chi bộ → rating → (status, level)
    decisions = 0
    for (_, org_id), moment in sorted(moments.items(), key=lambda item: item[0][0]):
        group = state[org_id]
        for step in moment:
            group[step.member_rating_id] = (step.to_status, step.level)
        if any(step.to_status == Status.DECIDED for step in moment):
            levels = [
                level for status, level in group.values() if status in (Status.PROPOSED, Status.DECIDED)
            ]
            good = sum(level in ("HTXSNV", "HTTNV") for level in levels)
            assert levels.count("HTXSNV") <= max_excellent(good), (year, org_id, moment[0].at)
            decisions += sum(step.to_status == Status.DECIDED for step in moment)
        for step in moment:
            if step.to_status == Status.CANCELLED:
                group.pop(step.member_rating_id)

    assert (
        decisions
        == current(year).filter(status__in=DONE).count()
        + MemberRating.objects.filter(period__year=year, status=Status.CANCELLED).count()
    )


def test_demo_heads_are_decided_after_their_chi_bo_and_not_above_it(demo, db):
    own = {
        (r.period_id, r.organisation_id): r
        for r in OrganisationRating.objects.current().filter(status__in=DONE)
    }
    head_of = heads()
    checked = 0
    for rating in MemberRating.objects.current().filter(status__in=DONE).select_related("period"):
        if head_of.get(rating.organisation_id) != rating.member_id or rating.replaces_id:
            continue
        collective = own[(rating.period_id, rating.organisation_id)]
        head_decided = rating.transitions.get(to_status=Status.DECIDED).at
        collective_decided = collective.transitions.get(to_status=Status.DECIDED).at

        assert Level(rating.level).rank <= Level(collective.level).rank
        assert head_decided > collective_decided
        checked += 1

    assert checked >= 20


def test_demo_organisations_are_decided_after_their_members_and_sub_organisations(demo, db):
    decided_at = {}
    for step in Transition.objects.filter(to_status=Status.DECIDED).select_related(
        "member_rating", "organisation_rating"
    ):
        rating = step.member_rating or step.organisation_rating
        decided_at[(type(rating), rating.pk)] = step.at
    head_of = heads()
    for rating in OrganisationRating.objects.current().filter(status__in=DONE).select_related("organisation"):
        members = MemberRating.objects.filter(
            period=rating.period_id, organisation=rating.organisation, replaces__isnull=True
        )
        members = members.exclude(status=Status.EXCLUDED).exclude(member=head_of.get(rating.organisation_id))
        children = OrganisationRating.objects.filter(
            period=rating.period_id, organisation__parent=rating.organisation
        )
        before = [decided_at[(MemberRating, m.pk)] for m in members] + [
            decided_at[(OrganisationRating, c.pk)] for c in children
        ]

        assert all(when < decided_at[(OrganisationRating, rating.pk)] for when in before), rating


def test_demo_2025_scores_and_tasks_are_what_the_rules_ask_of_the_level(demo, db):
    rows = list(current(2025).filter(status__in=DONE).prefetch_related("member__disciplines"))
    for rating in rows:
        # The pure rule on the stored figures gives the level the chi bộ proposed; the decision
        # is that or lower (the quota, the head under the collective, a re-rating).
        verdict = qd366.member_level(services.facts_of(rating), 2025, rating.organisation_id)

        assert verdict.level == rating.proposed_level, rating
        assert Level(rating.level).rank <= verdict.level.rank
        assert rating.proposal_reasons == verdict.reasons or rating.replaces_id
        if rating.proposed_level == "HTXSNV":
            assert rating.score >= 90 and 10 * rating.tasks_exceeded >= 3 * rating.tasks_assigned
            assert (rating.tasks_late, rating.tasks_not_done, rating.shortcomings_pointed) == (
                0,
                0,
                rating.shortcomings_remedied,
            )
    for rating in (
        OrganisationRating.objects.current()
        .filter(period__year=2025)
        .select_related("period", "organisation")
    ):
        assert services.organisation_verdict(rating).level.rank >= Level(rating.level).rank, rating
    unscored = (
        current(2024)
        .exclude(status=Status.EXCLUDED)
        .values_list("score", "tasks_assigned", "proposal_reasons")
    )
    assert {(score, tasks, tuple(reasons)) for score, tasks, reasons in unscored} == {(None, 0, ())}


def test_demo_votes_stay_within_the_chi_bo(demo, db):
    for rating in current(2025).filter(status__in=DONE):
        voters = (
            current(2025)
            .filter(organisation=rating.organisation_id, member__status="official")
            .exclude(status=Status.EXCLUDED)
        )

        assert rating.votes_for <= rating.votes_total <= voters.count()


def test_demo_duty_related_discipline_makes_the_year_khtnv(demo, db):
    disciplined = Discipline.objects.filter(decided_on__year__in=[2024, 2025])
    found = {
        (d.decided_on.year, d.duty_related): current(d.decided_on.year).get(member=d.member_id).level
        for d in disciplined
    }
    duty = disciplined.get(duty_related=True)

    assert found == {(2024, False): "HTNV", (2025, True): "KHTNV"}
    assert current(2025).get(member=duty.member_id).proposal_reasons == [
        f"Bị kỷ luật ({duty.form.replace('_', ' ')}) năm 2025 do vi phạm liên quan đến thực thi công vụ."
    ]


def test_demo_rerated_results_are_cancelled_and_replaced(demo, db):
    cancelled = list(
        MemberRating.objects.filter(status=Status.CANCELLED).select_related("replaced_by", "period")
    )

    assert len(cancelled) == 3
    for old in cancelled:
        new = old.replaced_by
        reason = old.transitions.get(to_status=Status.CANCELLED).reason
        assert (old.period.year, new.status, new.member_id) == (2025, Status.DECIDED, old.member_id)
        assert Level(new.level).rank == Level(old.level).rank - 1
        assert new.decided_on.year == 2026 and new.decision_number != old.decision_number
        assert list(new.transitions.values_list("from_status", "to_status", "reason", "by__username")) == [
            (Status.CANCELLED, Status.DECIDED, reason, "xetduyet")
        ]


def test_demo_outlier_commune_uses_its_whole_quota_both_years(demo, db):
    outlier = RoleAssignment.objects.get(user__username="bithu.khac").organisation.parent
    for year in (2024, 2025):
        for org_id in {r.organisation_id for r in current(year).filter(organisation__parent=outlier)}:
            levels = list(
                current(year).filter(organisation=org_id, status__in=DONE).values_list("level", flat=True)
            )
            good = sum(level in ("HTXSNV", "HTTNV") for level in levels)
            assert levels.count("HTXSNV") == max_excellent(good)


def test_demo_excellent_members_tend_to_stay_excellent(demo, db):
    excellent = {
        year: set(current(year).filter(level="HTXSNV").values_list("member", flat=True))
        for year in (2024, 2025)
    }

    assert (len(excellent[2024]), len(excellent[2025]), len(excellent[2024] & excellent[2025])) == (13, 13, 5)


def test_demo_secretary_can_propose_the_whole_list_in_2026(demo, db):
    own = RoleAssignment.objects.get(user__username="bithu").organisation
    rows = current(2026).filter(organisation=own).exclude(status=Status.EXCLUDED)
    member = Member.objects.get(account__username="dangvien")

    assert (member.organisation, member.positions.exists()) == (own, False)
    assert set(rows.values_list("status", flat=True)) == {Status.SELF_ASSESSED}
    assert [r.waiting_for for r in rows if r.waiting_for] == []
    assert rows.get(member=member).transitions.get().by.username == "dangvien"
    assert rows.count() == 22


def test_demo_reviewer_has_two_lists_to_decide_and_one_breaks_the_quota(demo, db):
    commune = RoleAssignment.objects.get(user__username="xetduyet").organisation
    waiting, _ = queries.queue(commune, period(2026), queries.progress(commune, period(2026)))
    head_of = heads()
    refused = []
    for progress in waiting:
        rows = [
            r
            for r in current(2026).filter(organisation=progress.org, status=Status.PROPOSED)
            if r.member_id != head_of.get(progress.org.pk)
        ]
        try:
            with transaction.atomic():
                services.decide(
                    ratings=rows,
                    levels={r.pk: r.proposed_level for r in rows},
                    versions={r.pk: r.version for r in rows},
                    decision_number="301-QĐ/ĐU",
                    decided_on=TODAY,
                    by=root(),
                )
                transaction.set_rollback(True)
        except ValidationError as error:
            refused.append((progress.org.name, error.messages[0][:39]))

    assert sorted(p.org.name for p in waiting) == [
        "Chi bộ Cơ quan Đảng – Mặt trận",
        "Chi bộ ấp Ngãi Lợi",
        "Chi bộ ấp Đại Trường",
    ]
    assert refused == [("Chi bộ ấp Ngãi Lợi", "Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ")]


def test_demo_2026_is_under_way_in_the_reviewers_commune(demo, db):
    commune = RoleAssignment.objects.get(user__username="xetduyet").organisation
    rows = queries.progress(commune, period(2026))
    rows += [
        p for unit in rows if not unit.leaf for p in queries.progress(unit.org, period(2026))
    ]  # one level down
    found = {p.org.name: (dict(p.counts), p.own.status) for p in rows if p.leaf}

    assert found == {
        "Chi bộ ấp Cà Săng": ({"excluded": 3, "self_assessed": 22}, "pending"),
        "Chi bộ ấp Ngãi Lợi": ({"excluded": 5, "proposed": 11}, "self_assessed"),
        "Chi bộ ấp Đại Trường": ({"excluded": 7, "proposed": 13}, "self_assessed"),
        "Chi bộ Cơ quan Đảng – Mặt trận": ({"proposed": 18}, "self_assessed"),
        "Chi bộ Cơ quan chính quyền": ({"pending": 14}, "pending"),
        "Chi bộ Quân sự – Công an": ({"pending": 18}, "pending"),
        "Chi bộ Trường Tiểu học Phước Hưng": ({"decided": 15}, "decided"),
        "Chi bộ Trường THCS Phước Hưng": ({"self_assessed": 14}, "self_assessed"),
    }


def test_demo_logins_list_the_member_login(demo, db):
    member = Member.objects.select_related("organisation").get(account__username="dangvien")
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert (
        f"  dangvien     Đảng viên (tự đánh giá, xem kết quả của mình): {member.full_name} — Chi bộ ấp Cà Săng"
        in out.getvalue()
    )
    assert not member.account.role_assignments.exists()
