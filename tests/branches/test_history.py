"""The change history of an organisation, a member and a meeting: who, when, what changed (before →
after) in Vietnamese, paginated, read through the user's scope."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from branches import services
from branches.models import ChangeRecord
from meetings import services as meeting_services
from ratings import services as rating_services
from ratings.models import MemberRating
from ratings.rules.common import Tasks
from tests.documents import pdf_upload
from tests.factories import MemberFactory, user_with_role


def shown(response) -> list[tuple]:
    """Each record as the page lists it: (who, action, subject, summary, [(label, before, after)])."""
    return [
        (
            c.actor.username if c.actor else None,
            c.get_action_display(),
            c.object_repr,
            c.summary,
            c.readable_changes(),
        )
        for c in response.context["history"]
    ]


def at(days_ago: int, hour: int = 19) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def minutes(members, conclusion="Chi bộ thống nhất nhiệm vụ tháng tới.") -> meeting_services.Record:
    return meeting_services.Record(
        kind="regular",
        started_at=at(3),
        ended_at=at(3) + timedelta(minutes=120),
        chair_id=members[0].pk,
        recorder_id=members[1].pk,
        conclusion=conclusion,
        attendance={},
    )


def test_the_organisation_history_lists_what_changed_in_it_and_below(client, tree, people, member_a):
    services.update_member(
        member=member_a, version=member_a.version, political_theory="trung_cap", by=people.secretary_a
    )
    services.update_organisation(
        org=tree.a, version=tree.a.version, name="Chi bộ ấp Chợ Trên", by=people.reviewer_x
    )
    elsewhere = MemberFactory(organisation=tree.b)
    services.update_member(
        member=elsewhere, version=elsewhere.version, political_theory="cao_cap", by=people.secretary_b
    )
    client.force_login(people.reviewer_x)

    page = client.get(reverse("branches:org-history", args=[tree.x.pk]))

    assert shown(page)[:2] == [
        (
            "xetduyet_x",
            "Sửa",
            "Chi bộ ấp Chợ Trên",
            "",
            [("tên", "Chi bộ ấp Chợ Dưới", "Chi bộ ấp Chợ Trên")],
        ),
        (
            "bithu_a",
            "Sửa",
            "Nguyễn Văn An (1980)",
            "",
            [("lý luận chính trị", "Chưa qua đào tạo", "Trung cấp")],
        ),
    ]
    assert all(c.scope_path.startswith(tree.x.path) for c in page.context["history"])
    assert elsewhere.full_name not in page.content.decode()
    assert "Tên: Chi bộ ấp Chợ Dưới → Chi bộ ấp Chợ Trên" in page.content.decode()


def test_the_organisation_page_says_its_panel_is_its_own_record_and_links_everything_below(
    client, tree, people, member_a
):
    ChangeRecord.objects.about(tree.x).delete()  # as for a commune brought in by the demo or an import
    services.update_member(
        member=member_a, version=member_a.version, political_theory="trung_cap", by=people.secretary_a
    )
    client.force_login(people.reviewer_x)

    page = client.get(reverse("branches:org-detail", args=[tree.x.pk])).content.decode()

    # Nothing changed in the commune's own record, a member below it did: the panel must not say
    # "no changes" as if there were none at all.
    assert "Thông tin tổ chức chưa thay đổi." in page and "Chưa có thay đổi." not in page
    history = reverse("branches:org-history", args=[tree.x.pk])
    assert f'<a href="{history}">Xem mọi thay đổi trong tổ chức: đảng viên, sinh hoạt, xếp loại…</a>' in page


def test_the_member_history_gathers_the_record_posts_and_ratings(client, tree, people, member_a):
    services.add_position(
        member=member_a,
        organisation=tree.a,
        title="chi_uy_vien",
        starts_on=date(2024, 1, 1),
        by=people.secretary_a,
    )
    period = rating_services.open_period(province=tree.province, year=2025, by=people.admin)
    rating = MemberRating.objects.get(period=period, member=member_a)
    rating_services.self_assess(
        rating=rating,
        version=rating.version,
        score=85,
        tasks=Tasks(10, 10, 2),
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        by=people.secretary_a,
    )
    client.force_login(people.secretary_a)

    page = client.get(reverse("branches:member-history", args=[member_a.pk]))

    assessed, post, admitted = shown(page)
    assert assessed[:4] == ("bithu_a", "Sửa", "Nguyễn Văn An (1980) — 2025", "Tự đánh giá")
    assert [
        row for row in assessed[4] if row[0] in ("status", "tổng điểm tự chấm", "tự xếp loại", "trạng thái")
    ] == [
        ("tổng điểm tự chấm", None, "85"),
        ("tự xếp loại", "", "Hoàn thành tốt nhiệm vụ"),
        ("trạng thái", "Chưa tự đánh giá", "Đã tự đánh giá"),
    ]
    assert post[:4] == ("bithu_a", "Sửa", "Nguyễn Văn An (1980)", "Nhận chức vụ Chi ủy viên / cấp ủy viên")
    # member_a was arranged by the fixture, whose services act as the superuser (tests.factories.root).
    assert admitted[:4] == ("root", "Tạo mới", "Nguyễn Văn An (1980)", "Nhập hồ sơ đảng viên")


def test_the_member_page_shows_the_newest_changes_and_links_to_the_rest(client, tree, people, member_a):
    for year in range(2000, 2012):
        services.update_member(
            member=member_a,
            version=member_a.version,
            birth_date=date(1980, 1, year - 1999),
            by=people.secretary_a,
        )
        member_a.refresh_from_db()
    client.force_login(people.secretary_a)

    page = client.get(reverse("branches:member-detail", args=[member_a.pk]))
    full = client.get(reverse("branches:member-history", args=[member_a.pk]))

    assert (len(page.context["history"]), page.context["history_url"]) == (
        10,
        reverse("branches:member-history", args=[member_a.pk]),
    )
    assert full.context["page"].paginator.count == 13


def test_the_meeting_history_shows_finalising_and_an_amendment_before_and_after(
    client, tree, people, member_a
):
    members = [member_a, MemberFactory(organisation=tree.a), MemberFactory(organisation=tree.a)]
    meeting = meeting_services.save_meeting(
        organisation=tree.a, record=minutes(members), by=people.secretary_a
    )
    manual = {
        c.pk: c.max_points
        for c in meeting_services.sheet_for(tree.a, meeting.year, "regular").criteria.all()
        if not c.auto
    }
    meeting = meeting_services.finalise_meeting(
        meeting=meeting, version=meeting.version, manual_scores=manual, by=people.secretary_a
    )
    record = minutes(members, conclusion="Kết luận đã sửa.")
    record.attendance = {members[2].pk: ("excused", "Ốm")}
    meeting_services.amend_meeting(
        meeting=meeting,
        version=meeting.version,
        record=record,
        reason="Ghi thiếu người vắng",
        by=people.secretary_a,
    )
    client.force_login(people.reviewer_x)

    page = client.get(reverse("meetings:meeting-history", args=[meeting.pk]))

    amended, finalised, saved = shown(page)
    assert amended[3:] == (
        "Sửa biên bản đã hoàn tất. Lý do: Ghi thiếu người vắng",
        [
            ("kết luận / nghị quyết", "Chi bộ thống nhất nhiệm vụ tháng tới.", "Kết luận đã sửa."),
            ("điểm chất lượng", 100, 95),  # an excused absence: attendance no longer at its maximum
            ("điểm danh", f"{members[2].full_name}: có mặt", f"{members[2].full_name}: vắng có lý do"),
        ],
    )
    assert finalised[3:] == (
        "Hoàn tất biên bản",
        [
            ("trạng thái", "Bản nháp", "Đã hoàn tất"),
            ("điểm chất lượng", None, 100),
            ("xếp loại", "", "Tốt"),
        ],
    )
    assert (saved[1], saved[3]) == ("Tạo mới", "Ghi biên bản (bản nháp)")


def test_withdrawing_a_plan_with_its_files_leaves_their_names_in_the_history(
    client, tree, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = meeting_services.plan_meeting(
        organisation=tree.a,
        kind="thematic",
        planned_start=timezone.now() + timedelta(days=20),
        topic="Học tập Nghị quyết",
        by=people.secretary_a,
    )
    for name in ("giay-moi.pdf", "tai-lieu.pdf"):
        meeting_services.add_attachment(
            meeting=plan,
            upload=pdf_upload(name),
            by=people.secretary_a,
        )
    meeting_services.withdraw_plan(meeting=plan, delete_attachments=True, by=people.secretary_a)
    client.force_login(people.secretary_a)

    page = client.get(reverse("branches:org-history", args=[tree.a.pk]))

    withdrawn = shown(page)[0]
    assert withdrawn[:2] == ("bithu_a", "Xóa")
    assert withdrawn[3:] == (
        "Hủy kế hoạch sinh hoạt và 2 tệp đính kèm",
        [("tệp đính kèm", "giay-moi.pdf, tai-lieu.pdf", "")],
    )


def test_the_history_is_paginated(client, tree, people, member_a):
    for n in range(30):
        services.update_organisation(org=tree.a, version=n, name=f"Chi bộ {n}", by=people.reviewer_x)
    client.force_login(people.reviewer_x)
    url = reverse("branches:org-history", args=[tree.a.pk])

    first, second = client.get(url), client.get(url, {"page": 2})

    # 30 renamings, the chi bộ's founding, its secretary's role, member_a's admission: 33.
    assert (
        len(first.context["history"]),
        len(second.context["history"]),
        first.context["page"].paginator.count,
    ) == (25, 8, 33)
    assert (
        first.context["history"][0].summary == "" and first.context["history"][0].object_repr == "Chi bộ 29"
    )
    # The shared pager: page 2 from page 1, page 1 from page 2.
    assert 'href="?page=2"' in first.content.decode() and 'href="?page=1"' in second.content.decode()


@pytest.mark.parametrize("changes", [1, 3])
def test_the_history_page_reads_the_same_queries_however_many_changes(
    client, tree, people, django_assert_num_queries, changes
):
    for n in range(changes):
        services.update_organisation(org=tree.a2, version=n, name=f"Chi bộ {n}", by=people.reviewer_x)
    client.force_login(people.reviewer_x)
    with django_assert_num_queries(6):
        client.get(reverse("branches:org-history", args=[tree.a2.pk]))


def test_a_moved_subtree_takes_its_history_to_the_new_scope(client, tree, people):
    services.update_organisation(
        org=tree.a2, version=tree.a2.version, name="Chi bộ ấp Tân Hạnh Mới", by=people.reviewer_x
    )
    reviewer_y = user_with_role("xetduyet_y", tree.y, "reviewer")
    services.move_organisation(org=tree.a2, new_parent=tree.y, by=people.admin)
    client.force_login(reviewer_y)

    page = client.get(reverse("branches:org-history", args=[tree.y.pk]))
    seen_from_x = ChangeRecord.objects.visible_to(people.reviewer_x).filter(
        model="organisation", object_id=tree.a2.pk
    )

    assert [c.summary for c in page.context["history"] if c.object_id == tree.a2.pk] == [
        "Chuyển trực thuộc",
        "",
        "Thành lập chi bộ trực thuộc",
    ]
    assert list(seen_from_x) == []
