"""The member's own page: where a login with no role lands, what it shows, and the menu."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from meetings.dues import rules as dues_rules
from meetings.dues import services as dues_services
from ratings import services
from ratings.models import MemberRating
from tests.factories import MemberFactory, UserFactory, root
from tests.meetings.test_views import hold
from tests.ratings.test_views import GOOD_YEAR, open_2025, proposed


@pytest.fixture
def me(tree, member_a):
    """member_a ("Nguyễn Văn An", chi bộ A) with their own login and no role."""
    member_a.account = UserFactory(username="dangvien")
    member_a.save(update_fields=["account"])
    return member_a


def nav_links(response) -> list[str]:
    nav = response.content.decode().split('<ul class="navbar-nav me-auto">')[1].split("</ul>")[0]
    return [part.split(">")[1].split("<")[0] for part in nav.split('class="nav-link"')[1:]]


def test_a_member_without_a_role_lands_on_their_own_page(client, me):
    client.force_login(me.account)

    response = client.get(reverse("home"))

    assert (response.status_code, response.url) == (302, reverse("ratings:my-ratings"))


def test_staff_and_logins_without_a_member_keep_the_home_page(client, people):
    for user in (people.secretary_a, UserFactory(username="chua.phan.quyen")):
        client.force_login(user)
        assert client.get(reverse("home")).status_code == 200


def test_the_menu_shows_a_member_only_their_page_and_staff_their_pages(client, people, me):
    client.force_login(me.account)
    member_menu = nav_links(client.get(reverse("ratings:my-ratings")))
    client.force_login(people.secretary_a)
    staff_menu = nav_links(client.get(reverse("home")))

    assert member_menu == ["Trang của tôi", "Đổi mật khẩu"]
    assert staff_menu == [
        "Tổ chức đảng",
        "Đảng viên",
        "Chuyển sinh hoạt",
        "Xếp loại",
        "Danh hiệu",
        "Tài khoản",
        "Đổi mật khẩu",
    ]


def test_an_open_self_assessment_shows_its_deadline_and_the_way_to_it(client, tree, me):
    period = open_2025(tree)
    period.finish_by = date.today() + timedelta(days=12)
    period.save(update_fields=["finish_by"])
    rating = MemberRating.objects.get(period=period, member=me)
    client.force_login(me.account)

    page = client.get(reverse("ratings:my-ratings")).content.decode()

    assert (
        f"Hạn hoàn thành đánh giá, xếp loại: <strong>{period.finish_by:%d/%m/%Y}</strong>\n      (còn 12 ngày)"
        in page
    )
    assert "Đồng chí chưa nộp bản tự đánh giá." in page
    assert (
        f'<a class="btn btn-danger btn-lg w-100" href="{reverse("ratings:member-assess", args=[rating.pk])}">Tự đánh giá năm 2025</a>'
        in page
    )


def test_a_self_assessment_handed_on_says_so_and_offers_no_form(client, tree, me):
    period = open_2025(tree)
    rating = MemberRating.objects.get(period=period, member=me)
    rating = services.self_assess(
        rating=rating,
        version=rating.version,
        score=88,
        tasks=GOOD_YEAR,
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        by=root(),
    )
    proposed([rating], "HTTNV")
    client.force_login(me.account)

    page = client.get(reverse("ratings:my-ratings")).content.decode()

    assert '<span class="badge text-bg-success">Đã nộp</span> Chi bộ đã đề xuất.' in page
    assert reverse("ratings:member-assess", args=[rating.pk]) not in page
    assert "Hạn hoàn thành" not in page


def test_the_page_lists_meetings_attended_and_missed(client, tree, me):
    others = [MemberFactory(organisation=tree.a) for _ in range(2)]
    today = date.today()
    hold(tree.a, [others[0], others[1], me], 1, year=today.year)
    hold(tree.a, [others[0], others[1], me], 2, year=today.year, absent=[me])
    # A draft is not a record yet.
    hold(tree.a, [others[0], others[1], me], 3, year=today.year, finalise=False)
    client.force_login(me.account)

    response = client.get(reverse("ratings:my-ratings"))

    assert [(a.meeting.month, a.status) for a in response.context["attendance"]] == [
        (2, "unexcused"),
        (1, "present"),
    ]
    assert (response.context["evidence"].meetings, response.context["evidence"].absences) == (2, 1)


@pytest.mark.parametrize("months", [1, 3])
def test_the_member_page_queries_do_not_grow(client, tree, me, django_assert_num_queries, months):
    other = MemberFactory(organisation=tree.a)
    period = open_2025(tree)
    for month in range(1, months + 1):
        hold(tree.a, [other, other, me], month, year=period.year, absent=[me] if month % 2 else [])
    client.force_login(me.account)

    with django_assert_num_queries(12):
        client.get(reverse("ratings:my-ratings"))


def test_the_members_own_rating_page_has_no_link_they_cannot_open(client, tree, me):
    period = services.open_period(province=tree.province, year=2026, by=root())
    rating = MemberRating.objects.get(period=period, member=me)
    client.force_login(me.account)

    page = client.get(reverse("ratings:member-rating", args=[rating.pk])).content.decode()

    assert reverse("ratings:org-year", args=[tree.a.pk, 2026]) not in page
    assert client.get(reverse("ratings:org-year", args=[tree.a.pk, 2026])).status_code == 404


def test_a_self_assessment_still_open_shows_its_score_the_vietnamese_way(client, tree, me):
    period = services.open_period(province=tree.province, year=2026, by=root())
    rating = MemberRating.objects.get(period=period, member=me)
    services.self_assess(
        rating=rating,
        version=rating.version,
        score=83,
        tasks=GOOD_YEAR,
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        by=root(),
    )
    client.force_login(me.account)

    page = client.get(reverse("ratings:my-ratings")).content.decode()

    assert "Tự chấm 83 điểm" in page


def test_the_page_shows_the_members_own_dues_without_the_secretarys_card(client, tree, people, me):
    """This year's months as the book has them and what is owed; the dues card itself is the
    secretary's page, which a member's login cannot open."""
    today = date.today()
    other = MemberFactory(organisation=tree.a)
    month = dues_rules.first_of(today)
    dues_services.collect_month(
        organisation=tree.a,
        period=month,
        on=today,
        version=0,
        rows={me.pk: dues_services.Collected(False, 0), other.pk: dues_services.Collected(True, 6_000)},
        by=people.secretary_a,
    )
    client.force_login(me.account)

    page = client.get(reverse("ratings:my-ratings"))

    body = " ".join(page.content.decode().split())
    assert f"Đảng phí năm {today.year}" in body
    # Marked, not only coloured: the legend spells ✗ out, and it is read out as "chưa nộp".
    mark = '<span class="state-mark" aria-hidden="true">✗ </span>'
    assert f'T{today.month}{mark}<span class="visually-hidden">: chưa nộp</span>' in body
    assert "✓ đã nộp · ✗ chưa nộp" in body
    assert "Còn nợ <strong>6.000 đ</strong>." in body
    assert reverse("meetings:dues-member", args=[me.pk]) not in body
    assert client.get(reverse("meetings:dues-member", args=[me.pk])).status_code == 404
