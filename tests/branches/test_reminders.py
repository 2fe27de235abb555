"""Reminders: who is told of what (routing), the rows kept in step by the refresh, branches' own
kinds firing and clearing, the home page's list, marking one done, and the beat entry.

Personas (tests/conftest.py): secretary_a of chi bộ A in commune X, reviewer_x of commune X,
secretary_b of chi bộ B in commune Y, province_staff, admin. The kinds of meetings and ratings are
tested in tests/meetings/test_reminders.py and tests/ratings/test_reminders.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from branches import services
from branches.models import ChangeRecord, Member, Reminder, RoleAssignment
from branches.reminders import lifecycle, registry
from branches.reminders.refresh import due_for, refresh
from branches.reminders.registry import Audience, Due
from branches.reminders.routing import ancestors, holders, recipients
from branches.services import accounts
from branches.services.reminders import mark_reminder_done
from tests.factories import MemberFactory, root, user_with_role

Role = RoleAssignment.Role


@pytest.fixture(autouse=True)
def branches_sources_only(monkeypatch):
    """Branches' own sources registered alone: every chi bộ of the tree would otherwise also be
    reminded of its unrecorded minutes (meetings' kinds, tested on their own)."""
    monkeypatch.setattr(registry, "SOURCES", list(lifecycle.SOURCES))


def rows(user=None) -> list[tuple[str, str, str]]:
    """(username, kind, title) of the reminders kept, open or done."""
    qs = Reminder.objects.select_related("user").order_by("user__username", "kind", "key")
    if user is not None:
        qs = qs.filter(user=user)
    return [(r.user.username, r.kind, r.title) for r in qs]


def probationary(org, ceremony: date, name: str = "Lê Thị Hoa") -> Member:
    return MemberFactory(organisation=org, full_name=name, ceremony_date=ceremony, official_date=None)


# Routing -----------------------------------------------------------------------------------------


def test_ancestors_are_the_organisation_and_those_above_it_nearest_first():
    assert ancestors("/1/5/9/") == ["/1/5/9/", "/1/5/", "/1/"]


@pytest.mark.parametrize(
    ("audience", "where", "reviewer_at", "told"),
    [
        pytest.param(Audience.SECRETARY, "a", "", ["bithu_a"], id="secretary-of-the-chi-bo"),
        pytest.param(Audience.REVIEWER, "a", "", ["xetduyet_x"], id="reviewer-of-the-commune-above"),
        pytest.param(Audience.SECRETARY, "a2", "", [], id="a-chi-bo-without-a-secretary-tells-nobody"),
        pytest.param(Audience.REVIEWER, "x", "", [], id="a-commune-has-no-reviewer-above"),
        pytest.param(Audience.REVIEWER, "g1", "", ["xetduyet_g"], id="the-nearest-reviewer-only"),
        pytest.param(Audience.REVIEWER, "g1", "x", ["xetduyet_x"], id="the-deciding-level-named"),
    ],
)
def test_a_due_thing_goes_to_the_nearest_holder_of_its_role(tree, people, audience, where, reviewer_at, told):
    user_with_role("xetduyet_g", tree.g, Role.REVIEWER)
    org = getattr(tree, where)
    due = Due(
        "x",
        "1",
        org.pk,
        org.path,
        audience,
        "t",
        "/",
        reviewer_at=getattr(tree, reviewer_at).path if reviewer_at else "",
    )

    found = recipients(due, holders())

    assert sorted(u.username for u in type(people.admin).objects.filter(pk__in=found)) == told


def test_a_disabled_login_is_told_nothing(tree, people):
    accounts.disable_account(user=people.secretary_a, by=root())
    due = Due("x", "1", tree.a.pk, tree.a.path, Audience.SECRETARY, "t", "/")

    assert recipients(due, holders()) == []


# Branches' kinds: fire and clear ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "told"),
    [
        pytest.param(date(2026, 10, 18), [], id="month-10-nothing-yet"),
        pytest.param(date(2026, 10, 19), ["bithu_a"], id="month-11-soon"),
        pytest.param(date(2026, 11, 19), ["bithu_a"], id="due"),
        pytest.param(date(2026, 12, 31), ["bithu_a"], id="last-of-the-30-working-days"),
        pytest.param(date(2027, 1, 1), ["bithu_a", "xetduyet_x"], id="overdue-the-committee-too"),
    ],
)
def test_a_probationary_members_recognition_vote_is_reminded(tree, people, on, told):
    probationary(tree.a, date(2025, 11, 19))

    refresh(on)

    assert sorted({username for username, _, _ in rows()}) == told


def test_the_recognition_reminder_says_when_and_clears_once_recognised(tree, people):
    member = probationary(tree.a, date(2025, 11, 19))
    refresh(date(2026, 11, 20))
    assert rows() == [
        (
            "bithu_a",
            "member.recognition",
            "Lê Thị Hoa (Chi bộ ấp Chợ Dưới): đến hạn xét công nhận chính thức; hết 12 tháng dự bị ngày "
            "19/11/2026, chi bộ xét công nhận chính thức trước ngày 31/12/2026",
        )
    ]
    assert Reminder.objects.get().url == reverse("branches:member-detail", args=[member.pk])

    services.recognise_official(member=member, decided_on=date(2026, 11, 25), by=root())
    done = refresh(date(2026, 11, 26))

    assert (rows(), done.cleared) == ([], 1)


def test_a_discipline_that_ends_is_reminded_in_the_notice_days_and_clears_after(tree, people, member_a):
    services.discipline_member(
        member=member_a,
        form="khien_trach",
        decision_number="12-QĐ/CB",
        decided_on=date(2025, 12, 1),
        authority="Chi bộ",
        by=root(),
    )
    notice = timedelta(days=settings.REMINDER_DISCIPLINE_NOTICE_DAYS)
    ends_on = date(2026, 12, 1)
    seen = {}
    for on in (ends_on - notice - timedelta(days=1), ends_on - notice, ends_on, ends_on + timedelta(days=1)):
        refresh(on)
        seen[on.isoformat()] = rows()
    ends = (
        "bithu_a",
        "member.discipline_ends",
        "Nguyễn Văn An (Chi bộ ấp Chợ Dưới): hình thức kỷ luật khiển trách (12-QĐ/CB) hết hiệu lực ngày 01/12/2026",
    )
    assert seen == {"2026-11-16": [], "2026-11-17": [ends], "2026-12-01": [ends], "2026-12-02": []}


def test_a_letter_not_presented_in_30_working_days_is_followed_up_by_the_sender(tree, people, member_a):
    transfer = services.request_transfer(
        member=member_a, kind="official", to_organisation=tree.b, decided_on=date(2026, 10, 1), by=root()
    )
    refresh(date(2026, 11, 12))  # the 30th working day after Thursday 01/10
    assert rows() == []

    refresh(date(2026, 11, 13))
    title = (
        "Nguyễn Văn An (Chi bộ ấp Chợ Dưới) chưa xuất trình giấy giới thiệu tại Chi bộ ấp Hòa Lạc: quá 30 ngày "
        "làm việc từ ngày 01/10/2026"
    )
    assert rows() == [
        ("bithu_a", "transfer.not_presented", title),
        ("xetduyet_x", "unit.transfer_not_presented", title),
    ]

    services.confirm_transfer(transfer=transfer, on=date(2026, 11, 14), by=root())
    refresh(date(2026, 11, 14))
    assert rows() == []


# The rows: kept in step, scoped, marked done ---------------------------------------------------


def test_the_refresh_writes_each_reminder_once_and_rewrites_changed_words(tree, people):
    probationary(tree.a, date(2025, 11, 19))

    first = refresh(date(2026, 10, 20))
    again = refresh(date(2026, 10, 20))
    later = refresh(date(2026, 11, 20))  # "sắp hết" became "đến hạn"

    assert (first.created, again.created, again.updated, later.created, later.updated) == (1, 0, 0, 0, 1)
    assert "đến hạn xét công nhận" in Reminder.objects.get().title


def test_due_for_is_what_the_refresh_keeps_for_that_user(tree, people):
    probationary(tree.a, date(2025, 11, 19))
    probationary(tree.b, date(2025, 11, 19), "Trần Văn Bình")
    on = date(2027, 1, 4)

    refresh(on)

    for user in (people.secretary_a, people.reviewer_x, people.secretary_b, people.province_staff):
        kept = sorted((r.kind, r.key, r.title) for r in Reminder.objects.filter(user=user))
        assert sorted((d.kind, d.key, d.title) for d in due_for(user, on)) == kept
    assert [r.user.username for r in Reminder.objects.select_related("user").order_by("user__username")] == [
        "bithu_a",
        "bithu_b",
        "xetduyet_x",
    ]


def test_marking_done_keeps_it_done_and_leaves_a_change_record(tree, people):
    probationary(tree.a, date(2025, 11, 19))
    refresh(date(2026, 11, 20))
    reminder = Reminder.objects.get()

    mark_reminder_done(reminder=reminder, by=people.secretary_a)
    refresh(date(2026, 11, 21))

    reminder.refresh_from_db()
    record = ChangeRecord.objects.about(reminder).get()
    assert reminder.done_at is not None
    assert list(Reminder.objects.open_for(people.secretary_a)) == []
    assert (record.actor, record.scope_path, record.summary) == (
        people.secretary_a,
        tree.a.path,
        f"Đánh dấu đã xong: {reminder.title}",
    )


@pytest.mark.parametrize("persona", ["reviewer_x", "secretary_b", "province_staff", "admin"])
def test_nobody_marks_another_users_reminder_done(client, tree, people, persona):
    probationary(tree.a, date(2025, 11, 19))
    refresh(date(2026, 11, 20))
    reminder = Reminder.objects.get()
    client.force_login(getattr(people, persona))

    response = client.post(reverse("branches:reminder-done", args=[reminder.pk]))

    reminder.refresh_from_db()
    assert (response.status_code, reminder.done_at) == (404, None)


def test_the_home_page_lists_the_users_reminders_only_and_each_link_is_in_scope(client, tree, people):
    probationary(tree.a, date(2025, 11, 19))
    probationary(tree.b, date(2025, 11, 19), "Trần Văn Bình")
    refresh(date(2027, 1, 4))
    client.force_login(people.reviewer_x)

    home = client.get(reverse("home"))

    mine = list(Reminder.objects.filter(user=people.reviewer_x))
    assert [r.title for r in home.context["reminders"]] == [r.title for r in mine]
    assert [client.get(r.url).status_code for r in mine] == [200]
    assert "Trần Văn Bình" not in home.content.decode()


def test_done_without_javascript_redirects_home_with_a_message(client, tree, people):
    probationary(tree.a, date(2025, 11, 19))
    refresh(date(2026, 11, 20))
    reminder = Reminder.objects.get()
    client.force_login(people.secretary_a)

    response = client.post(reverse("branches:reminder-done", args=[reminder.pk]), follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert list(response.context["reminders"]) == []
    assert [str(m) for m in response.context["messages"]] == [f"Đã đánh dấu xong: {reminder.title}"]


def test_done_with_htmx_answers_the_list_again(client, tree, people):
    probationary(tree.a, date(2025, 11, 19))
    probationary(tree.a, date(2025, 11, 20), "Trần Văn Bình")
    refresh(date(2026, 11, 20))
    first, second = Reminder.objects.order_by("pk")
    client.force_login(people.secretary_a)

    response = client.post(reverse("branches:reminder-done", args=[first.pk]), headers={"HX-Request": "true"})

    assert [t.name for t in response.templates] == ["branches/includes/reminders.html"]
    assert [r.pk for r in response.context["reminders"]] == [second.pk]


def test_done_needs_a_post(client, tree, people):
    probationary(tree.a, date(2025, 11, 19))
    refresh(date(2026, 11, 20))
    client.force_login(people.secretary_a)

    response = client.get(reverse("branches:reminder-done", args=[Reminder.objects.get().pk]))

    assert (response.status_code, Reminder.objects.get().done_at) == (405, None)


@pytest.mark.parametrize("count", [1, 3])
def test_the_home_pages_reminders_cost_the_same_queries_however_many(
    client, tree, people, count, django_assert_num_queries
):
    secretary = user_with_role("bithu_g1", tree.g1, Role.SECRETARY)
    for n in range(count):
        probationary(tree.g1, date(2025, 11, 19), f"Đảng viên {n}")
    refresh(date(2026, 11, 20))
    client.force_login(secretary)
    assert Reminder.objects.count() == count

    with django_assert_num_queries(14):
        client.get(reverse("home"))


# The daily run ---------------------------------------------------------------------------------


def test_the_beat_runs_the_reminders_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert (entry["task"], entry["schedule"].hour, entry["schedule"].minute) == (
        "branches.tasks.task_send_reminders",
        {6},
        {0},
    )


def test_the_beat_task_refreshes_today(tree, people):
    from django.utils import timezone

    from branches.tasks import task_send_reminders

    probationary(tree.a, timezone.localdate().replace(day=1, year=timezone.localdate().year - 1))

    result = task_send_reminders.delay().get()

    assert (result["created"], result["digests"]) == (1, 0)
    assert [kind for _, kind, _ in rows()] == ["member.recognition"]


def test_the_command_refreshes_a_given_day(tree, people, capsys):
    probationary(tree.a, date(2025, 11, 19))

    call_command("send_reminders", "--date", "2026-11-20", "--no-email")

    assert (
        capsys.readouterr().out
        == "Nhắc việc ngày 20/11/2026: 1 mới, 0 cập nhật, 0 đã xong; 0 thư tóm tắt đã gửi.\n"
    )
    assert len(rows()) == 1
