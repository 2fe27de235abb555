from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from branches import services as branch_services
from meetings import services
from meetings.models import Meeting
from tests.factories import MemberFactory, OrganisationFactory, root


def at(day: date, hour: int = 19) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def hold(org, members, month: int, year: int = 2025, absent=(), finalise=True, **fields) -> Meeting:
    day = date(year, month, 3)
    record = services.Record(
        kind=fields.pop("kind", "regular"),
        started_at=at(day),
        ended_at=at(day) + timedelta(minutes=fields.pop("minutes", 120)),
        chair_id=members[0].pk,
        recorder_id=members[1].pk,
        conclusion="Thống nhất.",
        attendance={m.pk: ("unexcused", "") for m in absent},
        **fields,
    )
    meeting = services.save_meeting(organisation=org, record=record, by=root())
    if finalise:
        sheet = services.sheet_for(org, year, meeting.kind)
        manual = {c.pk: c.max_points for c in sheet.criteria.all() if not c.auto}
        meeting = services.finalise_meeting(
            meeting=meeting, version=meeting.version, manual_scores=manual, by=root()
        )
    return meeting


@pytest.fixture
def members(tree):
    return [MemberFactory(organisation=tree.a) for _ in range(4)]


@pytest.mark.parametrize("items", [1, 3])
def test_branch_meeting_list_queries_do_not_grow(
    client, tree, people, members, django_assert_num_queries, items
):
    for month in range(1, items + 1):
        hold(tree.a, members, month, year=date.today().year)
    client.force_login(people.secretary_a)
    with django_assert_num_queries(5):
        response = client.get(reverse("meetings:branch-meetings", args=[tree.a.pk]))
    assert len(response.context["meetings"]) == items


@pytest.mark.parametrize("items", [1, 3])
def test_compliance_calendar_queries_do_not_grow(client, tree, people, django_assert_num_queries, items):
    for i in range(items):
        branch = OrganisationFactory(parent=tree.x, code=f"C{i}", name=f"Chi bộ ấp Số {i}")
        crew = [MemberFactory(organisation=branch) for _ in range(3)]
        for month in (1, 2, 4):
            hold(branch, crew, month)
    client.force_login(people.reviewer_x)
    with django_assert_num_queries(6):
        response = client.get(reverse("meetings:compliance", args=[tree.x.pk]), {"year": 2025})
    grid = response.context["grid"]
    assert len(grid.rows) == 3 + items  # A, A2, G1 and the new ones
    assert grid.held_by_month[:4] == [items, items, 0, items]


@pytest.mark.parametrize("items", [1, 3])
def test_watchlist_queries_do_not_grow(client, tree, people, django_assert_num_queries, items):
    for i in range(items):
        branch = OrganisationFactory(parent=tree.x, code=f"W{i}", name=f"Chi bộ ấp Theo dõi {i}")
        crew = [MemberFactory(organisation=branch) for _ in range(4)]
        for month in (7, 8, 9, 10):
            hold(branch, crew, month, year=2026, absent=[crew[3]])
    client.force_login(people.reviewer_x)
    with django_assert_num_queries(14):  # 12, and 2 for the members to consider striking off for dues
        response = client.get(reverse("meetings:watchlist", args=[tree.x.pk]), {"year": 2026})
    assert [(w.streak, w.unexcused) for w in response.context["members"]] == [(4, 4)] * items


@pytest.mark.parametrize("items", [1, 3])
def test_meeting_page_queries_do_not_grow(client, tree, people, members, django_assert_num_queries, items):
    extra = [MemberFactory(organisation=tree.a) for _ in range(items)]
    meeting = hold(tree.a, members + extra, 5, absent=extra)
    for i in range(items):
        services.comment_meeting(meeting=meeting, text=f"Ý kiến {i}", by=people.reviewer_x)
    client.force_login(people.reviewer_x)
    with django_assert_num_queries(12):
        response = client.get(reverse("meetings:meeting-detail", args=[meeting.pk]))
    assert (len(response.context["notes"]), len(response.context["attendance"])) == (items, items)
    assert (response.context["counts"]["present"], response.context["expected"]) == (4, 4 + items)


def test_compliance_grid_marks_missing_months_and_quarters_without_thematic(client, tree, people, members):
    hold(tree.a, members, 1)
    hold(tree.a, members, 2, kind="combined", topic="Học tập tư tưởng Hồ Chí Minh")
    hold(tree.a, members, 4)
    hold(tree.a, members, 5, finalise=False)
    client.force_login(people.reviewer_x)

    response = client.get(reverse("meetings:compliance", args=[tree.x.pk]), {"year": 2025})

    row = next(r for r in response.context["grid"].rows if r.org.pk == tree.a.pk)
    assert [c.state for c in row.cells[:6]] == ["held", "held", "missing", "held", "draft", "missing"]
    assert (row.thematic_quarters, row.late_quarters) == ({1}, [2, 3, 4])


def test_compliance_can_show_only_branches_with_problems(client, tree, people, members):
    for month in range(1, 13):
        hold(
            tree.a,
            members,
            month,
            kind="combined" if month % 3 == 1 else "regular",
            topic="Chuyên đề" if month % 3 == 1 else "",
        )
    client.force_login(people.reviewer_x)

    response = client.get(reverse("meetings:compliance", args=[tree.x.pk]), {"year": 2025, "problems": "1"})

    # Ordered by the committee above, then name: "Đảng bộ cơ quan xã" before "Đảng bộ xã …".
    assert [r.org.pk for r in response.context["page"]] == [tree.g1.pk, tree.a2.pk]


def test_home_offers_to_record_last_month(client, tree, people, members):
    branch_services.add_position(
        member=members[0], organisation=tree.a, title="bi_thu", starts_on=date(2020, 1, 1), by=root()
    )
    client.force_login(people.secretary_a)
    today = date.today()
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)

    draft = hold(tree.a, members, today.month, year=today.year, finalise=False) if today.day > 3 else None

    response = client.get(reverse("home"))

    shown = response.context["branches"][0]["months"]
    assert shown == [(year, month, None), (today.year, today.month, draft)]
    assert f"Ghi biên bản sinh hoạt tháng {month}/{year}" in response.content.decode()
    if draft:
        assert (
            f"Hoàn tất biên bản tháng {today.month}/{today.year} (đang là bản nháp)"
            in response.content.decode()
        )


def test_the_committee_meeting_form_lists_the_committee(client, tree, people, members):
    branch_services.add_position(
        member=members[0], organisation=tree.a, title="bi_thu", starts_on=date(2020, 1, 1), by=root()
    )
    branch_services.add_position(
        member=members[1], organisation=tree.a, title="pho_bi_thu", starts_on=date(2020, 1, 1), by=root()
    )
    client.force_login(people.secretary_a)

    form = client.get(reverse("meetings:meeting-record", args=[tree.a.pk]), {"kind": "committee"}).context[
        "form"
    ]

    assert [entry.member for entry, _, _ in form.attendance_rows()] == sorted(
        members[:2], key=lambda m: m.sort_key
    )
    assert [c[0] for c in form.fields["kind"].choices] == ["committee"]


def test_M10_materials_posted_on_the_day_are_flagged(client, tree, people, members):
    meeting = hold(tree.a, members, 3, materials_posted_on=date(2025, 3, 3))
    client.force_login(people.secretary_a)
    response = client.get(reverse("meetings:meeting-detail", args=[meeting.pk]))
    assert response.context["materials_late"] is True
    assert "chưa trước ngày họp ít nhất 1 ngày" in response.content.decode()


def test_namesakes_are_told_apart_on_the_record_form(client, tree, people):
    older = MemberFactory(organisation=tree.a, full_name="Trần Văn Bảy", birth_date=date(1958, 4, 30))
    younger = MemberFactory(organisation=tree.a, full_name="Trần Văn Bảy", birth_date=date(1991, 2, 1))
    client.force_login(people.secretary_a)

    response = client.get(reverse("meetings:meeting-record", args=[tree.a.pk]))
    form, page = response.context["form"], response.content.decode()

    expected = [
        ("", "Chọn người chủ trì"),
        (older.pk, "Trần Văn Bảy (1958)"),
        (younger.pk, "Trần Văn Bảy (1991)"),
    ]
    assert form.fields["chair"].choices == expected
    assert [label for _, label in form.fields["task_member_0"].choices] == [
        "—",
        "Trần Văn Bảy (1958)",
        "Trần Văn Bảy (1991)",
    ]
    assert 'aria-label="Dự họp: Trần Văn Bảy (1958)"' in page
    assert 'aria-label="Dự họp: Trần Văn Bảy (1991)"' in page


# The province: a row per unit below, counted in SQL, drilling down ----------------------------------


def province_year(tree, members):
    """2025 in the fixture's tree: A holds January–April (a thematic in February, the commune's member
    following it in April, a draft in May), B January only; A2 and G1 nothing."""
    hold(tree.a, members, 1)
    hold(tree.a, members, 2, kind="combined", topic="Học tập tư tưởng Hồ Chí Minh")
    hold(
        tree.a,
        members,
        4,
        guests=[
            {"name": "Võ Văn Bảy", "title": "Đảng ủy viên", "is_following_member": True},
            {"name": "Lê Thị Tám", "title": "Bí thư Đoàn"},
        ],
    )
    hold(tree.a, members, 5, finalise=False)
    hold(tree.b, [MemberFactory(organisation=tree.b) for _ in range(2)], 1)


def test_province_calendar_counts_each_commune_as_its_chi_bo_grids_do(client, tree, people, members):
    province_year(tree, members)
    client.force_login(people.province_staff)

    response = client.get(reverse("meetings:compliance", args=[tree.province.pk]), {"year": 2025})
    per_commune = {
        org.pk: client.get(reverse("meetings:compliance", args=[org.pk]), {"year": 2025}).context["grid"]
        for org in (tree.x, tree.y)
    }

    grid = response.context["grid"]
    x, y = grid.rows
    assert [(r.org.pk, r.branches) for r in grid.rows] == [(tree.x.pk, 3), (tree.y.pk, 1)]
    assert x.held == per_commune[tree.x.pk].held_by_month
    assert x.missing == per_commune[tree.x.pk].missing_by_month == [2, 2, 3, 2, 2, 3, 3, 3, 3, 3, 3, 3]
    assert y.missing == per_commune[tree.y.pk].missing_by_month
    assert (x.missed_branches, x.missed_months, x.late_branches, x.late_quarters, x.problem_branches) == (
        3,
        8 + 12 + 12,
        3,
        3 + 4 + 4,
        3,
    )
    assert (y.missed_branches, y.late_branches, y.problem_branches) == (1, 1, 1)
    assert grid.held_by_month[:5] == [2, 1, 0, 1, 0]
    assert (x.held_total, y.held_total, grid.held_total) == (sum(x.held), sum(y.held), 4)
    assert grid.branches == 4
    page = response.content.decode()
    x_url = reverse("meetings:compliance", args=[tree.x.pk])
    assert f'<a href="{x_url}?year=2025&problems=1" title="Tháng 3: 3 chi bộ không họp">3</a>' in page
    assert f'<a href="{x_url}?year=2025">{tree.x.name}</a>' in page


def test_province_calendar_of_the_current_year_leaves_the_months_to_come(client, tree, people, members):
    client.force_login(people.province_staff)
    today = date.today()

    grid = client.get(reverse("meetings:compliance", args=[tree.province.pk])).context["grid"]

    ended = today.month - 1
    assert grid.rows[0].missing == [3] * ended + [0] * (12 - ended)
    assert grid.through_month == ended


def test_province_calendar_can_show_only_units_with_problems(client, tree, people, members):
    for month in range(1, 13):
        hold(
            tree.b,
            members[:0] + [MemberFactory(organisation=tree.b) for _ in range(2)],
            month,
            kind="combined" if month % 3 == 1 else "regular",
            topic="Chuyên đề" if month % 3 == 1 else "",
        )
    client.force_login(people.province_staff)

    response = client.get(
        reverse("meetings:compliance", args=[tree.province.pk]), {"year": 2025, "problems": "1"}
    )

    assert [r.org.pk for r in response.context["page"]] == [tree.x.pk]
    assert response.context["problem_rows"] == 1


def test_province_watchlist_counts_per_commune_and_links_to_its_lists(client, tree, people, members):
    province_year(tree, members)
    for month in (7, 8, 9, 10):  # the last 12 months, whatever the year shown
        hold(tree.a, members, month, year=date.today().year, absent=[members[3]])
    client.force_login(people.province_staff)

    response = client.get(reverse("meetings:watchlist", args=[tree.province.pk]), {"year": 2025})
    commune = client.get(reverse("meetings:watchlist", args=[tree.x.pk]), {"year": 2025}).context

    units = [
        (row.org.pk, row.missed_branches, row.late_branches, watched, row.held_total, followed)
        for row, watched, followed in response.context["units"]
    ]
    assert units == [(tree.x.pk, 3, 3, 1, 3, 1), (tree.y.pk, 1, 1, 0, 1, 0)]
    assert (len(commune["missed"]), len(commune["no_thematic"]), len(commune["members"])) == (3, 3, 1)
    assert response.context["member_total"] == 1
    assert (response.context["grid"].held_total, response.context["followed_total"]) == (4, 1)
    assert (
        f'<a href="{reverse("meetings:watchlist", args=[tree.x.pk])}?year=2025">{tree.x.name}</a>'
        in response.content.decode()
    )


@pytest.mark.parametrize("items", [1, 3])
def test_province_pages_queries_do_not_grow(client, tree, people, django_assert_num_queries, items):
    for i in range(items):
        commune = OrganisationFactory(
            parent=tree.province, kind="upper", code=f"P{i}", name=f"Đảng bộ xã Số {i}"
        )
        branch = OrganisationFactory(parent=commune, code=f"PC{i}", name=f"Chi bộ ấp Số {i}")
        crew = [MemberFactory(organisation=branch) for _ in range(4)]
        for month in (7, 8, 9, 10):
            hold(branch, crew, month, year=2026, absent=[crew[3]])
    client.force_login(people.province_staff)
    with django_assert_num_queries(8):
        calendar = client.get(reverse("meetings:compliance", args=[tree.province.pk]), {"year": 2026})
    with django_assert_num_queries(13):
        watch = client.get(reverse("meetings:watchlist", args=[tree.province.pk]), {"year": 2026})
    assert len(calendar.context["grid"].rows) == len(watch.context["units"]) == 2 + items
    assert watch.context["member_total"] == items


def test_province_watchlist_is_kept_a_few_minutes_and_says_when_it_was_worked_out(
    client, tree, people, members, django_assert_max_num_queries
):
    province_year(tree, members)
    client.force_login(people.province_staff)
    url = reverse("meetings:watchlist", args=[tree.province.pk])
    first = client.get(url, {"year": 2025})
    for month in (7, 8, 9, 10):  # four absences in a row: on the list from now on
        hold(tree.a, members, month, year=date.today().year, absent=[members[3]])

    with django_assert_max_num_queries(8):  # the unit figures are not read again
        kept = client.get(url, {"year": 2025})
    cache.clear()  # the five minutes have passed
    fresh = client.get(url, {"year": 2025})
    commune = client.get(reverse("meetings:watchlist", args=[tree.x.pk]), {"year": 2025})

    assert (first.context["member_total"], kept.context["member_total"], fresh.context["member_total"]) == (
        0,
        0,
        1,
    )
    assert kept.context["freshness"] == first.context["freshness"] != fresh.context["freshness"]
    assert "Số liệu tổng hợp toàn tỉnh lúc" in kept.content.decode()
    assert "được tính lại sau tối đa 5 phút" in first.content.decode()
    # The commune's own lists are always live.
    assert len(commune.context["members"]) == 1 and "freshness" not in commune.context
