"""Meetings' reminders (meetings/reminders.py) firing and clearing: last month's minutes not
finalised by day N [U], a planned meeting today or tomorrow, members who have not paid last month's
dues. Each test registers the one source it is about, so the tree's other chi bộ stay quiet."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Reminder
from branches.reminders import registry
from branches.reminders.refresh import refresh
from branches.reminders.registry import Source
from meetings import reminders
from meetings import services as ms
from meetings.dues import services as dues
from meetings.enums import Method
from tests.factories import MemberFactory, root
from tests.meetings.test_dues_services import TODAY, collect, first
from tests.test_audit import manual_max


def only(monkeypatch, find) -> None:
    """Register one source alone."""
    monkeypatch.setattr(registry, "SOURCES", [Source({}, find)])


def rows(org=None) -> list[tuple[str, str, str, str]]:
    qs = Reminder.objects.select_related("user").order_by("user__username", "kind", "key")
    if org is not None:
        qs = qs.filter(organisation=org)
    return [(r.user.username, r.kind, r.title, r.url) for r in qs]


def local(year, month, day, hour=19) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def october_draft(org):
    members = [MemberFactory(organisation=org) for _ in range(3)]
    record = ms.Record(
        kind="regular",
        started_at=local(2026, 10, 20),
        ended_at=local(2026, 10, 20, 21),
        chair_id=members[0].pk,
        recorder_id=members[1].pk,
        conclusion="Chi bộ thống nhất nhiệm vụ tháng tới.",
        attendance={},
    )
    return ms.save_meeting(organisation=org, record=record, by=root())


# Last month's minutes -----------------------------------------------------------------------------


def record_url(org) -> str:
    return reverse("meetings:meeting-record", args=[org.pk]) + "?month=2026-10"


@pytest.mark.parametrize(
    ("record_by_day", "on", "told"),
    [
        pytest.param(5, date(2026, 10, 31), [], id="N5-the-month-not-over"),  # September's, if any
        pytest.param(5, date(2026, 11, 1), ["bithu_a"], id="N5-the-secretary-from-the-first"),
        pytest.param(5, date(2026, 11, 5), ["bithu_a"], id="N5-day-N-still-the-secretary"),
        pytest.param(5, date(2026, 11, 6), ["bithu_a", "xetduyet_x"], id="N5-after-day-N-the-commune-too"),
        pytest.param(10, date(2026, 11, 6), ["bithu_a"], id="N10-not-yet-the-commune"),
        pytest.param(10, date(2026, 11, 11), ["bithu_a", "xetduyet_x"], id="N10-after-day-N"),
    ],
)
def test_last_months_minutes_are_reminded_from_the_first_and_the_commune_after_day_n(
    monkeypatch, settings, tree, people, record_by_day, on, told
):
    settings.REMINDER_RECORD_BY_DAY = record_by_day
    only(monkeypatch, reminders.unrecorded_months)

    refresh(on)

    october = Reminder.objects.filter(organisation=tree.a, key__startswith="2026-10:")
    assert sorted(october.values_list("user__username", flat=True)) == told


def test_the_minutes_reminder_says_what_and_where(monkeypatch, tree, people):
    only(monkeypatch, reminders.unrecorded_months)

    refresh(date(2026, 11, 6))

    assert rows(tree.a) == [
        (
            "bithu_a",
            "meeting.unrecorded",
            "Chi bộ ấp Chợ Dưới: ghi biên bản sinh hoạt tháng 10/2026, hạn ngày 05/11/2026",
            record_url(tree.a),
        ),
        (
            "xetduyet_x",
            "unit.meeting_unrecorded",
            "Chi bộ ấp Chợ Dưới chưa có biên bản sinh hoạt tháng 10/2026 (quá hạn ngày 05/11/2026)",
            reverse("meetings:branch-meetings", args=[tree.a.pk]),
        ),
    ]
    # The commune's reviewer is told of each of its chi bộ (A2 has no secretary with a login).
    assert [
        r.organisation for r in Reminder.objects.filter(user=people.reviewer_x).order_by("organisation")
    ] == [
        tree.a,
        tree.a2,
        tree.g1,
    ]


def test_a_draft_is_linked_to_its_edit_page_and_finalising_it_clears_the_reminder(monkeypatch, tree, people):
    only(monkeypatch, reminders.unrecorded_months)
    meeting = october_draft(tree.a)
    refresh(date(2026, 11, 2))
    assert rows(tree.a) == [
        (
            "bithu_a",
            "meeting.unrecorded",
            "Chi bộ ấp Chợ Dưới: hoàn tất biên bản sinh hoạt tháng 10/2026 (đang là bản nháp), hạn ngày 05/11/2026",
            reverse("meetings:meeting-edit", args=[meeting.pk]),
        )
    ]

    ms.finalise_meeting(
        meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
    )
    refresh(date(2026, 11, 3))

    assert rows(tree.a) == []


def test_a_chi_bo_founded_after_the_month_is_not_reminded_of_it(monkeypatch, tree, people):
    only(monkeypatch, reminders.unrecorded_months)
    tree.a.founded_on = date(2026, 11, 1)
    tree.a.save(update_fields=["founded_on"])

    refresh(date(2026, 11, 6))

    assert rows(tree.a) == []


# A planned meeting --------------------------------------------------------------------------------


def test_a_planned_meeting_is_reminded_the_day_before_and_on_the_day(monkeypatch, tree, people):
    only(monkeypatch, reminders.planned_soon)
    today = timezone.localdate()
    meeting_day = today + timedelta(days=2)
    meeting = ms.plan_meeting(
        organisation=tree.a,
        kind="thematic",
        planned_start=local(meeting_day.year, meeting_day.month, meeting_day.day),
        topic="Học tập Nghị quyết",
        by=root(),
    )
    seen = []
    for on in (today, today + timedelta(days=1), meeting_day, meeting_day + timedelta(days=1)):
        refresh(on)
        seen.append([title for _, _, title, _ in rows()])

    shown = meeting_day.strftime("%d/%m/%Y")
    assert seen == [
        [],
        [f"Ngày mai ({shown}) lúc 19:00: sinh hoạt chuyên đề — Chi bộ ấp Chợ Dưới"],
        [f"Hôm nay ({shown}) lúc 19:00: sinh hoạt chuyên đề — Chi bộ ấp Chợ Dưới"],
        [],
    ]
    refresh(meeting_day)
    assert [url for *_, url in rows()] == [reverse("meetings:meeting-detail", args=[meeting.pk])]


def test_a_withdrawn_plan_is_no_longer_reminded(monkeypatch, tree, people):
    only(monkeypatch, reminders.planned_soon)
    tomorrow = timezone.localdate() + timedelta(days=1)
    meeting = ms.plan_meeting(
        organisation=tree.a,
        kind="thematic",
        planned_start=local(tomorrow.year, tomorrow.month, tomorrow.day, 23),
        topic="Học tập Nghị quyết",
        by=root(),
    )
    refresh(timezone.localdate())
    assert len(rows()) == 1

    ms.withdraw_plan(meeting=meeting, by=root())
    refresh(timezone.localdate())

    assert rows() == []


# Unpaid dues --------------------------------------------------------------------------------------


@pytest.fixture
def payers(tree):
    return [MemberFactory(organisation=tree.a) for _ in range(3)]


def test_members_who_did_not_pay_last_month_are_reminded_until_they_pay(monkeypatch, tree, people, payers):
    only(monkeypatch, reminders.unpaid_dues)
    collect(tree.a, first(2026, 10), people.secretary_a, unpaid=payers[:2])
    refresh(date(2026, 11, 6))
    assert rows() == [
        (
            "bithu_a",
            "dues.unpaid",
            "Chi bộ ấp Chợ Dưới: 2 đảng viên chưa nộp đủ đảng phí tháng 10/2026",
            reverse("meetings:dues-month", args=[tree.a.pk, 2026, 10]),
        )
    ]

    for member in payers[:2]:
        dues.record_payment(
            member=member, amount=100_000, on=date(2026, 11, 10), method=Method.CASH, by=root(), today=TODAY
        )
    refresh(date(2026, 11, 11))

    assert rows() == []


def test_a_month_excused_with_a_reason_is_not_reminded(monkeypatch, tree, people, payers):
    only(monkeypatch, reminders.unpaid_dues)
    collect(
        tree.a,
        first(2026, 10),
        people.secretary_a,
        unpaid=payers[:1],
        reasons={payers[0]: "Nằm viện điều trị dài ngày"},
    )

    refresh(date(2026, 11, 6))

    assert rows() == []


def test_a_paid_month_is_not_reminded_and_older_months_are_the_watch_lists(monkeypatch, tree, people, payers):
    only(monkeypatch, reminders.unpaid_dues)
    collect(tree.a, first(2026, 9), people.secretary_a, unpaid=payers[:1])
    collect(tree.a, first(2026, 10), people.secretary_a)

    refresh(date(2026, 11, 6))

    assert rows() == []
