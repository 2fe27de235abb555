"""The rating pages: what each shows, the bulk proposal and decision through the web, the
refusals that change nothing, and the query counts that do not grow with the list."""

from datetime import date

import pytest
from django.urls import reverse

from ratings import queries, services
from ratings.models import MemberRating, OrganisationRating, Transition
from ratings.rules.common import Tasks
from tests.factories import MemberFactory, OrganisationFactory, UserFactory, root

GOOD_YEAR = Tasks(assigned=10, on_time=10, exceeded=4)


def open_2025(tree):
    return services.open_period(province=tree.province, year=2025, by=root())


def assessed(period, members, score=92, level="HTXSNV"):
    ratings = []
    for m in members:
        r = MemberRating.objects.get(period=period, member=m)
        ratings.append(
            services.self_assess(
                rating=r,
                version=r.version,
                score=score,
                tasks=GOOD_YEAR,
                shortcomings_pointed=0,
                shortcomings_remedied=0,
                self_level=level,
                by=root(),
            )
        )
    return ratings


def proposed(ratings, level="HTXSNV"):
    return services.propose(
        ratings=ratings,
        levels={r.pk: level for r in ratings},
        versions={r.pk: r.version for r in ratings},
        by=root(),
    )


def decide_httnv(ratings, decision_number):
    services.decide(
        ratings=ratings,
        levels={r.pk: "HTTNV" for r in ratings},
        versions={r.pk: r.version for r in ratings},
        decision_number=decision_number,
        decided_on=date(2025, 12, 20),
        by=root(),
    )


def year_url(org, name="ratings:org-year"):
    return reverse(name, args=[org.pk, 2025])


def statuses(period):
    return list(
        MemberRating.objects.filter(period=period)
        .order_by("pk")
        .values_list("status", "proposed_level", "level", "version")
    )


def test_the_sheet_shows_each_member_with_the_evidence_of_the_year(client, tree, people, member_a):
    from meetings import services as meeting_services
    from meetings.services import Record
    from tests.meetings.test_access import at

    absent = MemberFactory(organisation=tree.a, full_name="Trần Thị Bích")
    meeting = meeting_services.save_meeting(
        organisation=tree.a,
        record=Record(
            kind="regular",
            started_at=at(date(2025, 9, 3)),
            ended_at=at(date(2025, 9, 3), 21),
            chair_id=member_a.pk,
            recorder_id=member_a.pk,
            conclusion="Thống nhất.",
            attendance={absent.pk: ("unexcused", "")},
        ),
        by=root(),
    )
    sheet = meeting_services.sheet_for(tree.a, 2025, "regular")
    meeting_services.finalise_meeting(
        meeting=meeting,
        version=meeting.version,
        manual_scores={c.pk: c.max_points for c in sheet.criteria.all() if not c.auto},
        by=root(),
    )
    open_2025(tree)
    client.force_login(people.secretary_a)

    page = client.get(year_url(tree.a)).content.decode()

    assert "Nguyễn Văn An" in page and "Dự họp 100% (0 lần vắng)" in page
    assert "Trần Thị Bích" in page and "Dự họp 0% (1 lần vắng)" in page


def test_the_secretary_proposes_the_list_and_each_step_is_recorded(client, tree, people, member_a):
    crew = [member_a, *(MemberFactory(organisation=tree.a) for _ in range(4))]
    period = open_2025(tree)
    ratings = assessed(period, crew, score=85, level="HTTNV")
    client.force_login(people.secretary_a)
    form = {f"level-{r.pk}": "HTTNV" for r in ratings} | {f"version-{r.pk}": r.version for r in ratings}

    response = client.post(
        year_url(tree.a, "ratings:members-propose"), {**form, "votes_for": "5", "votes_total": "5"}
    )

    assert response.status_code == 302
    assert [(s, p) for s, p, _, _ in statuses(period)] == [("proposed", "HTTNV")] * 5
    assert Transition.objects.filter(to_status="proposed", by=people.secretary_a).count() == 5


def test_the_reviewer_rerates_a_decided_member_on_the_ratings_page(client, tree, people, member_a):
    period = open_2025(tree)
    [rating] = proposed(assessed(period, [member_a]))
    decide_httnv([rating], "01-QĐ/ĐU")
    client.force_login(people.reviewer_x)
    data = {"level": "HTNV", "reason": "Kê khai chưa trung thực", "decision_number": "03-QĐ/ĐU"}
    response = client.post(
        reverse("ratings:member-rating", args=[rating.pk]), {**data, "decided_on": "01/03/2026"}
    )
    new = MemberRating.objects.get(replaces=rating)
    assert (response.status_code, response.url) == (302, reverse("ratings:member-rating", args=[new.pk]))
    rating.refresh_from_db()
    assert (rating.status, new.status, new.level, new.decision_number) == (
        "cancelled",
        "decided",
        "HTNV",
        "03-QĐ/ĐU",
    )


def test_a_second_rerating_from_the_same_page_is_told_and_the_first_is_kept(client, tree, people, member_a):
    period = open_2025(tree)
    [rating] = proposed(assessed(period, [member_a]))
    decide_httnv([rating], "01-QĐ/ĐU")
    rating.refresh_from_db()
    client.force_login(people.reviewer_x)
    url = reverse("ratings:member-rating", args=[rating.pk])
    page = {"version": rating.version, "reason": "Kê khai chưa trung thực", "decided_on": "01/03/2026"}
    client.post(url, {**page, "level": "HTNV", "decision_number": "03-QĐ/ĐU"})

    response = client.post(url, {**page, "level": "KHTNV", "decision_number": "04-QĐ/ĐU"}, follow=True)

    first = MemberRating.objects.get(replaces=rating)
    assert response.redirect_chain == [(reverse("ratings:member-rating", args=[first.pk]), 302)]
    assert "đã được người khác cập nhật" in response.content.decode()
    current = MemberRating.objects.current().filter(period=period, member=member_a)
    assert list(current.values_list("level", "decision_number")) == [("HTNV", "03-QĐ/ĐU")]
    # The cancelled result's page leads to the one that replaced it.
    old_page = client.get(url).content.decode()
    assert reverse("ratings:member-rating", args=[first.pk]) in old_page
    assert "kết quả thay thế" in old_page


def test_a_proposal_above_what_the_rules_allow_is_refused_and_nothing_changes(client, tree, people, member_a):
    period = open_2025(tree)
    [rating] = assessed(period, [member_a], score=75, level="HTTNV")
    client.force_login(people.secretary_a)
    before = statuses(period)

    response = client.post(
        year_url(tree.a, "ratings:members-propose"),
        {f"level-{rating.pk}": "HTXSNV", f"version-{rating.pk}": rating.version},
    )

    assert "theo quy định chỉ đạt mức “Hoàn thành tốt nhiệm vụ”" in response.content.decode()
    assert statuses(period) == before


def test_the_reviewer_is_stopped_by_the_quota_with_the_allowed_number(client, tree, people, member_a):
    crew = [member_a, *(MemberFactory(organisation=tree.a) for _ in range(5))]
    period = open_2025(tree)
    ratings = proposed(assessed(period, crew), "HTXSNV")
    client.force_login(people.reviewer_x)
    before = statuses(period)
    levels = {f"level-{r.pk}": ("HTXSNV" if i < 2 else "HTTNV") for i, r in enumerate(ratings)}

    response = client.post(
        year_url(tree.a, "ratings:members-decide"),
        {
            **levels,
            **{f"version-{r.pk}": r.version for r in ratings},
            "decision_number": "25-QĐ/ĐU",
            "decided_on": "20/12/2025",
        },
    )

    page = response.content.decode()
    assert "có 6 đồng chí hoàn thành tốt trở lên chỉ được tối đa 1" in page
    assert statuses(period) == before
    assert 'value="25-QĐ/ĐU"' in page  # the reviewer's entries stay on the form

    levels[f"level-{ratings[1].pk}"] = "HTTNV"
    client.post(
        year_url(tree.a, "ratings:members-decide"),
        {
            **levels,
            **{f"version-{r.pk}": r.version for r in ratings},
            "decision_number": "25-QĐ/ĐU",
            "decided_on": "20/12/2025",
        },
    )
    assert [lv for _, _, lv, _ in statuses(period)] == ["HTXSNV"] + ["HTTNV"] * 5


def test_a_second_reviewer_deciding_the_same_list_is_told_and_the_first_is_kept(
    client, tree, people, member_a
):
    period = open_2025(tree)
    [rating] = proposed(assessed(period, [member_a], score=80, level="HTTNV"), "HTTNV")
    form = {f"level-{rating.pk}": "HTTNV", f"version-{rating.pk}": rating.version, "decided_on": "20/12/2025"}
    client.force_login(people.reviewer_x)
    client.post(year_url(tree.a, "ratings:members-decide"), {**form, "decision_number": "25-QĐ/ĐU"})
    first = statuses(period)

    client.force_login(people.admin)
    response = client.post(
        year_url(tree.a, "ratings:members-decide"), {**form, "decision_number": "26-QĐ/ĐU"}
    )

    assert "Không có đảng viên nào chờ quyết định." in response.content.decode()
    assert statuses(period) == first
    assert MemberRating.objects.get(pk=rating.pk).decision_number == "25-QĐ/ĐU"


def test_a_stale_proposal_form_is_refused(client, tree, people, member_a):
    period = open_2025(tree)
    [rating] = assessed(period, [member_a], score=80, level="HTTNV")
    services.self_assess(
        rating=rating,
        version=rating.version,
        score=81,
        tasks=GOOD_YEAR,
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        by=root(),
    )  # someone else saves meanwhile
    client.force_login(people.secretary_a)
    before = statuses(period)

    response = client.post(
        year_url(tree.a, "ratings:members-propose"),
        {f"level-{rating.pk}": "HTTNV", f"version-{rating.pk}": rating.version},
    )

    assert "đã được người khác cập nhật" in response.content.decode()
    assert statuses(period) == before


def test_a_member_sees_and_assesses_only_their_own_rating(client, tree, member_a):
    member_a.account = UserFactory(username="dangvien")
    member_a.save()
    other = MemberFactory(organisation=tree.a)
    period = open_2025(tree)
    mine, theirs = (MemberRating.objects.get(period=period, member=m) for m in (member_a, other))
    client.force_login(member_a.account)

    assert "Nguyễn Văn An" in client.get(reverse("ratings:my-ratings")).content.decode()
    assert client.get(reverse("ratings:member-rating", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("ratings:member-assess", args=[mine.pk]),
        {
            "version": mine.version,
            "score": "88",
            "tasks_assigned": "4",
            "tasks_on_time": "4",
            "tasks_exceeded": "1",
            "tasks_late": "0",
            "tasks_not_done": "0",
            "shortcomings_pointed": "1",
            "shortcomings_remedied": "1",
            "self_level": "HTTNV",
        },
    )
    assert response.url == reverse("ratings:my-ratings")
    mine.refresh_from_db()
    assert (mine.status, mine.score, mine.self_level) == ("self_assessed", 88, "HTTNV")


def test_an_organisation_goes_through_its_steps_on_its_page(client, tree, people, member_a):
    period = open_2025(tree)
    ratings = proposed(assessed(period, [member_a], score=85, level="HTTNV"), "HTTNV")
    decide_httnv(ratings, "25-QĐ/ĐU")
    own = OrganisationRating.objects.get(period=period, organisation=tree.a)
    client.force_login(people.secretary_a)
    client.post(
        year_url(tree.a, "ratings:org-assess"),
        {
            "version": own.version,
            "score": "86",
            "tasks_assigned": "8",
            "tasks_on_time": "8",
            "tasks_exceeded": "2",
            "tasks_late": "0",
            "tasks_not_done": "0",
            "self_level": "HTTNV",
        },
    )
    client.force_login(people.reviewer_x)
    client.post(year_url(tree.a, "ratings:org-propose"), {"version": own.version + 1, "level": "HTTNV"})
    client.post(
        year_url(tree.a, "ratings:org-decide"),
        {
            "version": own.version + 2,
            "level": "HTTNV",
            "decision_number": "30-QĐ/ĐU",
            "decided_on": "28/12/2025",
        },
    )
    client.post(
        year_url(tree.a, "ratings:org-rerate"),
        {
            "version": own.version + 3,
            "level": "HTNV",
            "reason": "Phát hiện vi phạm sau khi xếp loại.",
            "decision_number": "31-QĐ/ĐU",
            "decided_on": "30/12/2025",
        },
    )

    # A second re-rating sent from the same page is told; the first one stands.
    second = client.post(
        year_url(tree.a, "ratings:org-rerate"),
        {
            "version": own.version + 3,
            "level": "KHTNV",
            "reason": "Gửi lại từ trang cũ.",
            "decision_number": "32-QĐ/ĐU",
            "decided_on": "30/12/2025",
        },
        follow=True,
    )
    assert "đã được người khác cập nhật" in second.content.decode()

    own.refresh_from_db()
    assert (own.status, own.score, own.level, own.decision_number) == ("cancelled", 86, "HTTNV", "30-QĐ/ĐU")
    assert list(own.transitions.values_list("to_status", "by__username")) == [
        ("self_assessed", "bithu_a"),
        ("proposed", "xetduyet_x"),
        ("decided", "xetduyet_x"),
        ("cancelled", "xetduyet_x"),
    ]
    again = OrganisationRating.objects.get(replaces=own)
    assert (again.status, again.score, again.level, again.decision_number) == (
        "decided",
        86,
        "HTNV",
        "31-QĐ/ĐU",
    )


# Query counts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 3])
def test_the_sheet_queries_do_not_grow_with_the_members(
    client, tree, people, django_assert_num_queries, size
):
    crew = [MemberFactory(organisation=tree.a, full_name=f"Lê Văn Thành {i}") for i in range(size)]
    period = open_2025(tree)
    assessed(period, crew, score=85, level="HTTNV")
    client.force_login(people.secretary_a)

    with django_assert_num_queries(12):
        page = client.get(year_url(tree.a)).content.decode()

    assert [f"Lê Văn Thành {i}" in page for i in range(size)] == [True] * size
    assert page.count('name="level-') == size


@pytest.mark.parametrize("size", [1, 3])
def test_the_queue_queries_do_not_grow_with_the_branches(
    client, tree, people, django_assert_num_queries, size
):
    branches = [OrganisationFactory(parent=tree.x, name=f"Chi bộ ấp Số {i}") for i in range(size)]
    members = [MemberFactory(organisation=b) for b in branches]
    period = open_2025(tree)
    proposed(assessed(period, members, score=85, level="HTTNV"), "HTTNV")
    client.force_login(people.reviewer_x)

    with django_assert_num_queries(12):
        page = client.get(year_url(tree.x, "ratings:queue")).content.decode()

    assert [
        f'Chi bộ ấp Số {i}</a><span><span class="badge text-bg-warning">1</span>' in page for i in range(size)
    ] == [True] * size


@pytest.mark.parametrize("size", [1, 3])
def test_the_province_queue_shows_the_communes_with_their_subtree_counts(
    client, tree, people, django_assert_num_queries, size
):
    branches = [OrganisationFactory(parent=tree.g, name=f"Chi bộ Cơ quan Số {i}") for i in range(size)]
    members = [MemberFactory(organisation=b) for b in [*branches, tree.b]]
    period = open_2025(tree)
    proposed(assessed(period, members, score=85, level="HTTNV"), "HTTNV")
    client.force_login(people.province_staff)

    with django_assert_num_queries(9):
        page = client.get(year_url(tree.province, "ratings:queue")).content.decode()

    # One row per commune, its counts over its whole subtree, its name opening the commune's queue.
    x_queue, y_queue = year_url(tree.x, "ratings:queue"), year_url(tree.y, "ratings:queue")
    assert (
        f'<a href="{x_queue}">Đảng bộ xã Phước Hưng</a></td>\n    <td>0/{size}</td>\n    <td><span class="badge text-bg-warning">{size}</span>'
        in page
    )
    assert (
        f'<a href="{y_queue}">Đảng bộ xã Đại Phúc</a></td>\n    <td>0/1</td>\n    <td><span class="badge text-bg-warning">1</span>'
        in page
    )
    assert "Đơn vị có danh sách đảng viên chờ quyết định (2)" in page
    # The province decides no chi bộ list: none is named on its page.
    assert [
        name for name in ["Chi bộ Cơ quan Số", "Chi bộ ấp Hòa Lạc", "Đảng bộ cơ quan xã"] if name in page
    ] == []

    client.force_login(people.reviewer_x)
    page = client.get(x_queue).content.decode()
    # The commune's own page: its units, the đảng bộ cơ sở counting its chi bộ, and every list to decide.
    assert (
        f'<a href="{year_url(tree.g, "ratings:queue")}">Đảng bộ cơ quan xã</a></td>\n    <td>0/{size}</td>'
        in page
    )
    assert [
        f'Chi bộ Cơ quan Số {i}</a><span><span class="badge text-bg-warning">1</span>' in page
        for i in range(size)
    ] == [True] * size


@pytest.mark.parametrize("size", [1, 3])
def test_the_distribution_queries_do_not_grow_with_the_organisations(
    client, tree, people, django_assert_num_queries, size
):
    communes = [
        OrganisationFactory(parent=tree.province, kind="upper", name=f"Đảng bộ xã Mới {i}")
        for i in range(size)
    ]
    members = [MemberFactory(organisation=OrganisationFactory(parent=c)) for c in communes]
    period = open_2025(tree)
    ratings = proposed(assessed(period, members, score=85, level="HTTNV"), "HTTNV")
    decide_httnv(ratings, "25-QĐ/TU")
    client.force_login(people.province_staff)

    with django_assert_num_queries(11):
        page = client.get(year_url(tree.province, "ratings:distribution")).content.decode()

    assert [f"Đảng bộ xã Mới {i}</a></td>\n    <td>1</td>" in page for i in range(size)] == [True] * size


def test_the_province_distribution_is_kept_a_few_minutes_the_communes_is_live(client, tree, people):
    branch = OrganisationFactory(parent=tree.x)
    members = [MemberFactory(organisation=branch) for _ in range(2)]
    period = open_2025(tree)
    ratings = proposed(assessed(period, members, score=85, level="HTTNV"), "HTTNV")
    url = year_url(tree.province, "ratings:distribution")
    client.force_login(people.province_staff)
    before = client.get(url).context
    decide_httnv(ratings, "25-QĐ/TU")

    kept = client.get(url)
    client.force_login(people.reviewer_x)
    commune = client.get(year_url(tree.x, "ratings:distribution")).context

    decided = [context["total"].members.levels.rated for context in (before, kept.context, commune)]
    assert decided == [0, 0, 2]
    assert "Số liệu tổng hợp toàn tỉnh lúc" in kept.content.decode() and "freshness" not in commune


def test_a_missed_deadline_warns_but_does_not_lock(client, tree, people, member_a):
    period = services.open_period(
        province=tree.province, year=2024, by=root()
    )  # finish by 31/12/2024, long past
    client.force_login(people.secretary_a)

    page = client.get(reverse("ratings:org-year", args=[tree.a.pk, 2024])).content.decode()

    assert "Đã quá hạn hoàn thành đánh giá, xếp loại năm 2024 (31/12/2024)" in page
    assert (
        reverse("ratings:member-assess", args=[MemberRating.objects.get(period=period, member=member_a).pk])
        in page
    )


def test_the_branch_dashboard_charts_the_months_from_the_minutes(client, tree, people, member_a):
    from meetings import services as meeting_services
    from meetings.services import Record
    from tests.meetings.test_access import at

    absent = MemberFactory(organisation=tree.a)
    meeting = meeting_services.save_meeting(
        organisation=tree.a,
        record=Record(
            kind="regular",
            started_at=at(date(2025, 3, 3)),
            ended_at=at(date(2025, 3, 3), 21),
            chair_id=member_a.pk,
            recorder_id=member_a.pk,
            conclusion="Thống nhất.",
            attendance={absent.pk: ("excused", "Ốm")},
        ),
        by=root(),
    )
    sheet = meeting_services.sheet_for(tree.a, 2025, "regular")
    meeting_services.finalise_meeting(
        meeting=meeting,
        version=meeting.version,
        manual_scores={c.pk: c.max_points for c in sheet.criteria.all() if not c.auto},
        by=root(),
    )
    client.force_login(people.secretary_a)

    response = client.get(reverse("ratings:dashboard", args=[tree.a.pk]) + "?year=2025")

    attendance = response.context["charts"][0]
    assert (attendance["id"], attendance["series"][0]["data"]) == (
        "chart-attendance",
        [None, None, 50.0] + [None] * 9,
    )
    assert 'data-chart="chart-attendance"' in response.content.decode()


@pytest.mark.parametrize("size", [1, 3])
def test_the_committee_dashboard_queries_do_not_grow_with_the_organisations(
    client, tree, people, django_assert_num_queries, size
):
    communes = [
        OrganisationFactory(parent=tree.province, kind="upper", name=f"Đảng bộ xã Mới {i}")
        for i in range(size)
    ]
    members = [MemberFactory(organisation=OrganisationFactory(parent=c)) for c in communes]
    period = open_2025(tree)
    ratings = proposed(assessed(period, members, score=85, level="HTTNV"), "HTTNV")
    decide_httnv(ratings, "25-QĐ/TU")
    client.force_login(people.province_staff)

    with django_assert_num_queries(16):
        response = client.get(reverse("ratings:dashboard", args=[tree.province.pk]) + "?year=2025")

    units = next(c for c in response.context["charts"] if c["id"] == "chart-units")
    assert [label for label in units["labels"] if label.startswith("Đảng bộ xã Mới")] == [
        f"Đảng bộ xã Mới {i}" for i in range(size)
    ]


def test_an_organisation_far_above_its_peers_is_flagged(client, tree, people):
    communes = [
        OrganisationFactory(parent=tree.province, kind="upper", name=f"Đảng bộ xã Số {i}") for i in range(3)
    ]
    crews = [[MemberFactory(organisation=OrganisationFactory(parent=c)) for _ in range(10)] for c in communes]
    period = services.open_period(province=tree.province, year=2025, small_group_minimum=2, by=root())
    for crew, excellent in zip(crews, [1, 1, 2], strict=True):
        ratings = proposed(assessed(period, crew[:excellent]), "HTXSNV") + proposed(
            assessed(period, crew[excellent:], 85, "HTTNV"), "HTTNV"
        )
        services.decide(
            ratings=ratings,
            levels={r.pk: r.proposed_level for r in ratings},
            versions={r.pk: r.version for r in ratings},
            decision_number="25-QĐ/ĐU",
            decided_on=date(2025, 12, 20),
            by=root(),
        )

    parts, _ = queries.distribution(tree.province, period, None)

    assert [(p.org.name, p.outlier) for p in parts if p.members.levels.rated] == [
        ("Đảng bộ xã Số 0", False),
        ("Đảng bộ xã Số 1", False),
        ("Đảng bộ xã Số 2", True),
    ]


def test_the_reviewer_decides_a_branch_with_its_head_members_then_collective_then_head(
    client, tree, people, member_a
):
    from branches import services as branch_services

    branch_services.add_position(
        member=member_a, organisation=tree.a, title="bi_thu", starts_on=date(2020, 1, 1), by=root()
    )
    crew = [member_a, *(MemberFactory(organisation=tree.a) for _ in range(4))]
    period = open_2025(tree)
    ratings = proposed(assessed(period, crew, score=85, level="HTTNV"), "HTTNV")
    head = ratings[0]
    own = OrganisationRating.objects.get(period=period, organisation=tree.a)
    services.self_assess_organisation(
        rating=own, version=own.version, score=85, tasks=GOOD_YEAR, self_level="HTTNV", by=root()
    )
    client.force_login(people.reviewer_x)
    decision = {"decision_number": "25-QĐ/ĐU", "decided_on": "20/12/2025"}

    page = client.get(year_url(tree.a)).content.decode()
    assert f'name="level-{head.pk}"' not in page and "Bí thư: quyết định sau khi xếp loại tập thể" in page
    form = {f"level-{r.pk}": "HTTNV" for r in ratings[1:]} | {
        f"version-{r.pk}": r.version for r in ratings[1:]
    }
    page = client.post(
        year_url(tree.a, "ratings:members-decide"), {**form, **decision}, follow=True
    ).content.decode()
    assert "Đã quyết định xếp loại 4 đảng viên (25-QĐ/ĐU)." in page
    assert (
        f"Đồng chí {member_a.full_name} (bí thư) được quyết định sau khi xếp loại tập thể Chi bộ ấp Chợ Dưới"
        in page
    )
    assert [s for s, _, _, _ in statuses(period)] == ["proposed", "decided", "decided", "decided", "decided"]

    own.refresh_from_db()
    client.post(year_url(tree.a, "ratings:org-propose"), {"version": own.version, "level": "HTTNV"})
    own.refresh_from_db()
    page = client.post(
        year_url(tree.a, "ratings:org-decide"),
        {"version": own.version, "level": "HTTNV", **decision},
        follow=True,
    ).content.decode()
    assert "Đã quyết định xếp loại Chi bộ ấp Chợ Dưới." in page
    assert f'name="level-{head.pk}"' in page  # the head's turn, on the same page

    head.refresh_from_db()
    client.post(
        year_url(tree.a, "ratings:members-decide"),
        {f"level-{head.pk}": "HTTNV", f"version-{head.pk}": head.version, **decision},
    )
    assert [(s, lv) for s, _, lv, _ in statuses(period)] == [("decided", "HTTNV")] * 5


def test_a_refusal_on_the_score_alone_says_what_the_level_needs(client, tree, people, member_a):
    period = open_2025(tree)
    [rating] = assessed(period, [member_a], score=80, level="HTTNV")
    client.force_login(people.secretary_a)

    response = client.post(
        year_url(tree.a, "ratings:members-propose"),
        {f"level-{rating.pk}": "HTXSNV", f"version-{rating.pk}": rating.version},
    )

    assert (
        f"{member_a}: theo quy định chỉ đạt mức “Hoàn thành tốt nhiệm vụ”, chưa thể xếp “Hoàn thành xuất sắc nhiệm vụ”. "
        "Mức “Hoàn thành xuất sắc nhiệm vụ” cần từ 90 điểm; điểm tự chấm là 80."
    ) in response.content.decode()


def test_a_verdict_the_decider_must_look_at_is_marked_on_the_sheet(client, tree, people, member_a):
    period = open_2025(tree)
    # 95 points, but a task not done: no level's conditions hold, so the rules ask the decider to look.
    r = MemberRating.objects.get(period=period, member=member_a)
    services.self_assess(
        rating=r,
        version=r.version,
        score=95,
        tasks=Tasks(assigned=10, on_time=6, exceeded=3, not_done=4),
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="KHTNV",
        by=root(),
    )
    client.force_login(people.reviewer_x)

    page = client.get(year_url(tree.a)).content.decode()

    assert page.count("Cấp quyết định cần xem xét") == 2  # the phone line and the table cell


def test_namesakes_are_told_apart_on_the_rating_sheet(client, tree, people):
    for born in (date(1958, 4, 30), date(1991, 2, 1)):
        MemberFactory(organisation=tree.a, full_name="Trần Văn Bảy", birth_date=born)
    open_2025(tree)
    client.force_login(people.secretary_a)

    page = client.get(year_url(tree.a)).content.decode()

    for year in (1958, 1991):
        assert page.count(f">Trần Văn Bảy ({year})</a>") == 1  # the level pickers: tests/e2e/test_ratings.py


def test_the_next_steps_offer_the_lists_decision_and_the_head_no_more_than_the_collective(
    client, tree, people, member_a
):
    from branches import services as branch_services

    branch_services.add_position(
        member=member_a, organisation=tree.a, title="bi_thu", starts_on=date(2020, 1, 1), by=root()
    )
    crew = [member_a, *(MemberFactory(organisation=tree.a) for _ in range(5))]
    period = open_2025(tree)
    ratings = assessed(period, crew, score=92, level="HTXSNV")
    [head] = proposed(ratings[:1], "HTXSNV")
    others = proposed(ratings[1:], "HTTNV")
    decide_httnv(others, "25-QĐ/ĐU")
    own = OrganisationRating.objects.get(period=period, organisation=tree.a)
    own = services.self_assess_organisation(
        rating=own, version=own.version, score=85, tasks=GOOD_YEAR, self_level="HTTNV", by=root()
    )
    own = services.propose_organisation(rating=own, version=own.version, level="HTTNV", by=root())
    client.force_login(people.reviewer_x)

    page = client.get(year_url(tree.a)).content.decode()
    assert 'id="own-number" name="decision_number" value="25-QĐ/ĐU"' in page
    assert 'name="decided_on" placeholder="dd/mm/yyyy" inputmode="numeric" value="20/12/2025"' in page

    services.decide_organisation(
        rating=own,
        version=own.version,
        level="HTTNV",
        decision_number="25-QĐ/ĐU",
        decided_on=date(2025, 12, 20),
        by=root(),
    )
    page = client.get(year_url(tree.a)).content.decode()

    select = page.split(f'name="level-{head.pk}"')[1].split("</select>")[0]
    assert '<option value="HTTNV" selected>' in select  # proposed HTXSNV, the collective HTTNV
