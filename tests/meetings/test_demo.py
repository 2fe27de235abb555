"""The commune demo's year of meetings reads as if the app had recorded it: the rosters, the
scores and the calendar follow the same rules as the services."""

import unicodedata
from collections import defaultdict
from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from branches.demo import TODAY
from branches.models import RoleAssignment
from meetings import rules, services
from meetings.demo import year_months
from meetings.models import Attendance, Meeting, Task

State = Meeting.Status


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The commune demo, seeded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield RoleAssignment.objects.select_related("organisation").get(user__username="bithu").organisation
        transaction.set_rollback(True)


def held():
    return Meeting.objects.exclude(status=State.PLANNED).select_related("organisation")


def finalised():
    return Meeting.objects.filter(status=State.FINALISED).select_related("organisation", "sheet")


def test_demo_covers_the_twelve_months_before_today(demo, db):
    months = set(held().values_list("year", "month"))

    assert year_months() == [(2025, 12), *((2026, m) for m in range(1, 12))]
    assert months == set(year_months())


def test_demo_meetings_are_never_in_the_future(demo, db):
    today = timezone.make_aware(datetime.combine(TODAY, time()))

    latest = max(held().values_list("ended_at", flat=True))
    planned = list(Meeting.objects.filter(status=State.PLANNED).values_list("planned_start", "started_at"))

    assert latest < today <= timezone.now()
    assert all(start > today and started is None for start, started in planned)


def test_demo_holds_at_most_one_monthly_meeting_per_chi_bo_and_month(demo, db):
    per_month = Meeting.objects.monthly().values("organisation", "year", "month").annotate(n=Count("pk"))

    assert [row for row in per_month if row["n"] > 1] == []
    held_per_branch = (
        Meeting.objects.monthly().exclude(status=State.PLANNED).values("organisation").annotate(n=Count("pk"))
    )
    assert all(10 <= row["n"] <= 12 for row in held_per_branch)


def test_demo_attendance_is_exactly_the_roster_of_each_chi_bo(demo, db):
    rosters = {}
    for meeting in held().prefetch_related("attendance"):
        org = meeting.organisation
        if org.pk not in rosters:
            rosters[org.pk] = sorted(
                (e.member.pk, e.counted, e.reason, e.probationary, e.hosted) for e in services.roster(org)
            )
        rows = sorted(
            (
                a.member_id,
                a.status != Attendance.Status.NOT_COUNTED,
                a.reason if a.status == Attendance.Status.NOT_COUNTED else "",
                a.probationary,
                a.hosted,
            )
            for a in meeting.attendance.all()
        )

        assert rows == rosters[org.pk], meeting


def test_demo_scores_add_up_and_the_level_follows_the_rules(demo, db):
    for meeting in finalised().prefetch_related("scores__criterion"):
        sheet = services.sheet_for(meeting.organisation, meeting.year, meeting.kind)
        scores = list(meeting.scores.all())
        thresholds = rules.Thresholds(sheet.good_min, sheet.fair_min, sheet.average_min)
        at_max = all(s.points == s.criterion.max_points for s in scores if s.criterion.required_for_good)

        assert meeting.sheet == sheet
        assert sorted(s.criterion_id for s in scores) == sorted(sheet.criteria.values_list("pk", flat=True))
        assert sum(s.points for s in scores) == meeting.score
        assert meeting.level == rules.quality_level(meeting.score, thresholds, at_max)


def test_demo_automatic_criteria_are_what_the_service_computes(demo, db):
    for meeting in finalised().prefetch_related("scores__criterion"):
        stored = {s.criterion_id: (s.points, s.explanation) for s in meeting.scores.all() if s.criterion.auto}

        assert stored == services.automatic_scores(meeting, meeting.sheet), meeting


def test_demo_quality_levels_vary(demo, db):
    levels = set(finalised().values_list("level", flat=True))

    assert {"tot", "kha"} <= levels
    assert levels & {"trung_binh", "kem"}


def test_demo_votes_stay_within_the_official_members_present(demo, db):
    for meeting in held().prefetch_related("attendance"):
        entitled = sum(
            1
            for a in meeting.attendance.all()
            if a.status == Attendance.Status.PRESENT and not a.probationary
        )

        assert meeting.votes_for + meeting.votes_against + meeting.votes_abstain <= entitled
        assert meeting.votes_for >= entitled - 1
        assert unicodedata.is_normalized("NFC", meeting.conclusion + meeting.agenda + meeting.topic)


def test_demo_gives_the_watch_lists_long_absences_and_unexcused_ones(demo, db):
    history = defaultdict(list)
    rows = (
        Attendance.objects.filter(meeting__kind__in=Meeting.MONTHLY_KINDS, meeting__status=State.FINALISED)
        .order_by("meeting__started_at")
        .values_list("member_id", "status")
    )
    for member_id, status in rows:
        history[member_id].append(status)

    running = [
        m for m, h in history.items() if rules.longest_absence_streak([s in Attendance.ABSENT for s in h]) > 3
    ]
    unexcused = [
        m for m, h in history.items() if h.count(Attendance.Status.UNEXCUSED) >= rules.UNEXCUSED_XOA_TEN
    ]

    assert len(running) >= 2
    assert len(unexcused) >= 2


def test_demo_plans_next_month_for_every_chi_bo_that_meets(demo, db):
    planned = Meeting.objects.filter(status=State.PLANNED)
    meeting_branches = set(held().values_list("organisation", flat=True))

    assert sorted(planned.values_list("organisation", flat=True)) == sorted(meeting_branches)
    assert set(planned.values_list("year", "month")) == {(2026, 12)}
    assert all(m.topic for m in planned if m.kind == Meeting.Kind.COMBINED)


def test_demo_has_a_stale_draft_and_a_recent_one(demo, db):
    drafts = {
        m.organisation_id: m
        for m in Meeting.objects.filter(
            status=State.DRAFT, year=2026, month=11, organisation__parent=demo.parent
        )
    }
    week_ago = timezone.make_aware(datetime.combine(TODAY, time())) - timedelta(days=7)

    own = drafts.pop(demo.pk)
    assert (own.kind, own.score, own.scores.count()) == (Meeting.Kind.REGULAR, None, 0)
    assert own.started_at < week_ago
    assert any(m.started_at > week_ago for m in drafts.values())


def test_demo_secretary_october_record_was_amended_commented_and_september_adjusted(demo, db):
    october = Meeting.objects.monthly().get(organisation=demo, year=2026, month=10)
    september = Meeting.objects.monthly().get(organisation=demo, year=2026, month=9)

    assert list(october.notes.values_list("kind", "author__username")) == [
        ("amendment", "bithu"),
        ("comment", "xetduyet"),
    ]
    assert list(october.notes.first().changes) == ["ended_at"]
    assert october.duration_minutes == 125
    assert october.scores.get(criterion__auto="duration").points == 5
    assert list(september.notes.values_list("kind", "author__username")) == [("adjustment", "xetduyet")]


def test_demo_tasks_are_followed_up_at_a_later_monthly_meeting(demo, db):
    tasks = list(Task.objects.select_related("meeting", "followed_up_in"))
    followed = [t for t in tasks if t.followed_up_in]

    assert {t.status for t in followed} >= {Task.Status.DONE}
    assert all(
        t.followed_up_in.organisation_id == t.meeting.organisation_id
        and t.followed_up_in.started_at > t.meeting.started_at
        and t.followed_up_in.kind in Meeting.MONTHLY_KINDS
        for t in followed
    )
    assert all(t.status == Task.Status.OPEN for t in tasks if not t.followed_up_in)


def test_seed_demo_if_empty_leaves_a_loaded_database_alone(demo, db):
    before = Meeting.objects.count()
    out = StringIO()

    call_command("seed_demo", if_empty=True, stdout=out)

    assert out.getvalue() == "Demo data already loaded.\n"
    assert Meeting.objects.count() == before
