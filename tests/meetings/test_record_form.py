"""The record form and the pages around it, as a secretary on a phone meets them: what a refused
save shows, who may vote, 24-hour times, a form sent twice, a plan prepared and withdrawn, the
months a chi bộ missed."""

import re
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from branches import services as branch_services
from meetings import services
from meetings.forms import TimeField
from meetings.models import Attachment, Meeting
from tests.documents import pdf_bytes
from tests.factories import MemberFactory, root


def at(day: date, hour: int = 19, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def members(tree):
    """Chi bộ A: a bí thư, a phó bí thư and eight more official members."""
    crew = [MemberFactory(organisation=tree.a) for _ in range(10)]
    branch_services.add_position(
        member=crew[0], organisation=tree.a, title="bi_thu", starts_on=date(2020, 1, 1), by=root()
    )
    branch_services.add_position(
        member=crew[1], organisation=tree.a, title="pho_bi_thu", starts_on=date(2020, 1, 1), by=root()
    )
    return crew


def form_data(client, url: str, **changes) -> dict:
    """What the browser would send back: the form as the page renders it, with `changes`."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = (
            form[name].field.widget.format_value(value)
            if name in ("day", "materials_posted_on")
            else str(value)
        )
    data.update({"start": "19:30", "end": "21:30", "conclusion": "Chi bộ thống nhất nhiệm vụ tháng tới."})
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def thematic_scores(org) -> dict:
    """The chi bộ's marks on the thematic sheet, as entered once the page asks for them."""
    sheet = services.sheet_for(org, 2025, "thematic")
    return {f"score_{c.pk}": str(c.max_points) for c in sheet.criteria.all() if not c.auto}


def record_url(tree, month="2025-10", **query) -> str:
    return (
        reverse("meetings:meeting-record", args=[tree.a.pk])
        + "?"
        + "&".join([f"month={month}", *(f"{k}={v}" for k, v in query.items())])
    )


# A refused save: the summary, the open section, the field --------------------------------------


def test_an_error_in_a_folded_section_opens_it_and_is_listed_at_the_top(client, tree, people, members):
    client.force_login(people.secretary_a)
    url = record_url(tree)
    data = form_data(client, url, action="finalise", votes_for="11")

    response = client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 200 and Meeting.objects.count() == 0
    assert response.context["open_sections"] == {"content": False, "votes": True, "scores": False}
    assert response.context["summary"] == [
        (
            "Tán thành: Tổng số phiếu (11) vượt số đảng viên chính thức có mặt được biểu quyết (10): "
            "đảng viên vắng mặt và đảng viên dự bị không biểu quyết.",
            "id_votes_for",
        )
    ]
    assert '<a href="#id_votes_for">Tán thành: Tổng số phiếu (11)' in page
    details = re.findall(r"<details[^>]*>\s*<summary>([^<]+)</summary>", page)
    opened = re.findall(r"<details[^>]* open>\s*<summary>([^<]+)</summary>", page)
    assert len(details) == 3
    assert opened == ["Biểu quyết, đảng phí, phân công nhiệm vụ"]


def test_a_refusal_about_the_day_or_a_member_points_at_its_field(client, tree, people, members):
    client.force_login(people.secretary_a)
    url = record_url(tree)
    excused = members[4]
    data = form_data(
        client, url, kind="thematic", **thematic_scores(tree.a), **{f"att_{excused.pk}": "excused"}
    )

    response = client.post(url, data)

    # The form's own check names the member's reason box; the topic is inside a folded section.
    assert response.context["summary"] == [
        (
            f"{excused.full_name}: Đồng chí {excused.full_name} vắng có lý do: hãy ghi lý do.",
            f"id_reason_{excused.pk}",
        ),
    ]
    data[f"reason_{excused.pk}"] = "Ốm"
    response = client.post(url, data)
    assert response.context["summary"] == [
        ("Tên chuyên đề: Sinh hoạt chuyên đề phải có tên chuyên đề.", "id_topic")
    ]
    assert response.context["open_sections"]["content"] is True

    services.save_meeting(
        organisation=tree.a,
        record=services.Record(
            kind="thematic",
            started_at=at(date(2025, 10, 3), 8),
            ended_at=at(date(2025, 10, 3), 10),
            topic="Chuyên đề quý IV",
        ),
        by=root(),
    )
    response = client.post(url, {**data, "topic": "Chuyên đề khác", "submission": str(uuid.uuid4())})
    assert response.context["summary"] == [
        ("Ngày họp: Chi bộ đã có buổi sinh hoạt chuyên đề ngày 03/10/2025.", "id_day")
    ]


def test_finalising_without_a_conclusion_names_the_field(client, tree, people, members):
    client.force_login(people.secretary_a)
    url = record_url(tree)

    response = client.post(url, form_data(client, url, action="finalise", conclusion=""))

    assert response.context["summary"] == [
        ("Kết luận / nghị quyết: Chưa thể hoàn tất biên bản: còn thiếu kết luận.", "id_conclusion"),
    ]
    assert Meeting.objects.count() == 0


def test_choosing_a_thematic_sitting_asks_for_its_own_criteria_and_then_finalises(
    client, tree, people, members
):
    client.force_login(people.secretary_a)
    url = record_url(tree)
    data = form_data(client, url, action="finalise", kind="thematic", topic="Học tập tư tưởng Hồ Chí Minh")
    sheet = services.sheet_for(tree.a, 2025, "thematic")
    manual = [c for c in sheet.criteria.all() if not c.auto]

    response = client.post(url, data)

    assert response.context["summary"] == [
        (f"{c.label}: Hãy chấm tiêu chí này (tối đa {c.max_points} điểm).", f"id_score_{c.pk}")
        for c in manual
    ]
    assert response.context["open_sections"]["scores"] is True
    response = client.post(url, {**data, **{f"score_{c.pk}": str(c.max_points) for c in manual}})
    meeting = Meeting.objects.get()
    assert (response.status_code, meeting.kind, meeting.status, meeting.sheet) == (
        302,
        "thematic",
        "finalised",
        sheet,
    )


# Who may vote -----------------------------------------------------------------------------------


def test_the_vote_base_follows_the_attendance_on_the_page_not_the_saved_record(client, tree, people, members):
    probationary = members[9]
    probationary.status = "probationary"
    probationary.save(update_fields=["status"])
    client.force_login(people.secretary_a)
    url = record_url(tree)
    saved = client.post(url, form_data(client, url, action="draft", votes_for="9"))
    meeting = Meeting.objects.get()
    assert (saved.status_code, meeting.votes_for) == (302, 9)  # nine official members, all present
    edit = reverse("meetings:meeting-edit", args=[meeting.pk])
    assert '<strong class="vote-base">9</strong>' in client.get(edit).content.decode()

    # Two members are marked absent on the saved draft; its 9 votes are now too many.
    absent = {
        f"att_{members[5].pk}": "unexcused",
        f"att_{members[6].pk}": "excused",
        f"reason_{members[6].pk}": "Ốm",
    }
    response = client.post(edit, form_data(client, edit, action="draft", **absent))

    assert response.context["summary"] == [
        (
            "Tán thành: Tổng số phiếu (9) vượt số đảng viên chính thức có mặt được biểu quyết (7): "
            "đảng viên vắng mặt và đảng viên dự bị không biểu quyết.",
            "id_votes_for",
        )
    ]
    assert '<strong class="vote-base">7</strong>' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.votes_for == 9 and meeting.attendance.filter(status="present").count() == 10

    response = client.post(edit, form_data(client, edit, action="draft", votes_for="7", **absent))
    meeting.refresh_from_db()
    assert (response.status_code, meeting.votes_for, meeting.attendance.filter(status="present").count()) == (
        302,
        7,
        8,
    )


# 24-hour times ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("19:30", time(19, 30)),
        ("19.30", time(19, 30)),
        ("19h30", time(19, 30)),
        ("19g", time(19)),
        ("1930", time(19, 30)),
        ("7:05", time(7, 5)),
        ("7", time(7)),
        (" 07:00 ", time(7)),
    ],
)
def test_a_time_is_read_as_24_hours(typed, parsed):
    assert TimeField().clean(typed) == parsed


@pytest.mark.parametrize("typed", ["24:00", "19:60", "7:30 PM", "abc", "19:3"])
def test_a_time_that_is_not_hours_and_minutes_is_refused_in_vietnamese(typed):
    with pytest.raises(ValidationError) as error:
        TimeField().clean(typed)
    assert error.value.messages == ["Nhập giờ theo dạng 24 giờ, ví dụ 19:30."]


def test_the_record_and_plan_forms_show_times_as_typed_text_not_a_locale_picker(
    client, tree, people, members
):
    meeting = services.save_meeting(
        organisation=tree.a,
        record=services.Record(
            kind="regular", started_at=at(date(2025, 10, 3), 19, 5), ended_at=at(date(2025, 10, 3), 21, 30)
        ),
        by=root(),
    )
    client.force_login(people.secretary_a)

    page = client.get(reverse("meetings:meeting-edit", args=[meeting.pk])).content.decode()
    plan = client.get(reverse("meetings:meeting-plan", args=[tree.a.pk])).content.decode()

    assert 'type="time"' not in page + plan
    assert re.search(r'<input type="text" name="start" value="19:05"[^>]*inputmode="numeric"', page)
    assert re.search(r'<input type="text" name="end" value="21:30"', page)
    assert re.search(r'<input type="text" name="start"[^>]*placeholder="hh:mm"', plan)


# A form sent twice ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["thematic", "committee", "extraordinary", "regular"])
def test_the_same_form_sent_twice_saves_one_meeting(client, tree, people, members, kind):
    client.force_login(people.secretary_a)
    url = record_url(tree, **({"kind": "committee"} if kind == "committee" else {}))
    scores = thematic_scores(tree.a) if kind == "thematic" else {}
    data = form_data(
        client, url, action="finalise", kind=kind, topic="Học tập tư tưởng Hồ Chí Minh", **scores
    )

    first = client.post(url, data)
    assert [str(m) for m in client.get(first.url).context["messages"]] == ["Đã hoàn tất biên bản."]
    again = client.post(url, data)  # a double tap, or back and "Lưu và hoàn tất" again

    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.status, meeting.submission) == (
        kind,
        "finalised",
        uuid.UUID(data["submission"]),
    )
    assert first.url == again.url == reverse("meetings:meeting-detail", args=[meeting.pk])
    shown = [str(m) for m in client.get(again.url).context["messages"]]
    assert shown == ["Biểu mẫu này đã được lưu ở lần gửi trước; không lưu thêm lần nữa."]


def test_a_second_form_for_the_same_sitting_is_a_form_error_not_a_second_row(client, tree, people, members):
    client.force_login(people.secretary_a)
    url = record_url(tree)
    data = form_data(
        client,
        url,
        action="draft",
        kind="thematic",
        topic="Học tập tư tưởng Hồ Chí Minh",
        **thematic_scores(tree.a),
    )
    client.post(url, data)

    # Reloaded the empty form (a new token) and entered the same sitting again.
    response = client.post(url, {**data, "submission": str(uuid.uuid4())})

    assert response.status_code == 200
    assert response.context["summary"] == [
        ("Ngày họp: Chi bộ đã có buổi sinh hoạt chuyên đề ngày 03/10/2025.", "id_day")
    ]
    assert Meeting.objects.count() == 1


def test_the_database_holds_one_sitting_of_a_kind_a_day(tree):
    day = date(2025, 10, 3)
    Meeting.objects.create(organisation=tree.a, kind="thematic", year=2025, month=10, day=day)
    Meeting.objects.create(organisation=tree.a, kind="group", year=2025, month=10, day=day)
    Meeting.objects.create(organisation=tree.a, kind="group", year=2025, month=10, day=day)  # two tổ đảng

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(organisation=tree.a, kind="thematic", year=2025, month=10, day=day)
    token = uuid.uuid4()
    Meeting.objects.create(organisation=tree.a, kind="committee", year=2025, month=10, submission=token)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(organisation=tree.b, kind="committee", year=2025, month=10, submission=token)


def test_a_plan_on_a_day_that_already_has_the_sitting_is_refused(tree, people):
    start = timezone.now() + timedelta(days=40)
    services.plan_meeting(
        organisation=tree.a, kind="thematic", planned_start=start, topic="Chuyên đề", by=root()
    )
    with pytest.raises(ValidationError) as error:
        services.plan_meeting(
            organisation=tree.a,
            kind="thematic",
            planned_start=start + timedelta(hours=1),
            topic="Khác",
            by=root(),
        )
    assert error.value.message_dict == {
        "planned_start": [f"Chi bộ đã có buổi sinh hoạt chuyên đề ngày {timezone.localtime(start):%d/%m/%Y}."]
    }
    assert Meeting.objects.count() == 1


# The home page: record a meeting whose day has come, prepare one that is ahead -------------------


def test_a_plan_is_recorded_from_its_day_on():
    now = timezone.now()
    assert Meeting(status="planned", planned_start=now + timedelta(days=2)).day_has_come is False
    assert Meeting(status="planned", planned_start=now - timedelta(days=1)).day_has_come is True
    assert Meeting(status="draft", planned_start=now + timedelta(days=2)).day_has_come is True


def test_home_offers_to_prepare_a_planned_meeting_that_is_ahead(client, tree, people, members):
    client.force_login(people.secretary_a)
    planned = services.plan_meeting(
        organisation=tree.a, kind="regular", planned_start=timezone.now() + timedelta(days=2), by=root()
    )
    local = timezone.localtime(planned.planned_start)
    today = timezone.localdate()

    page = client.get(reverse("home")).content.decode()
    detail = client.get(reverse("meetings:meeting-detail", args=[planned.pk])).content.decode()

    prepare = reverse("meetings:meeting-detail", args=[planned.pk])
    assert f"Ghi biên bản sinh hoạt tháng {local.month}/{local.year}" not in page
    assert f'<a class="small" href="{prepare}">Chuẩn bị (tài liệu)</a>' in page
    if (local.year, local.month) == (
        today.year,
        today.month,
    ):  # not when today is a month's last day or next to it
        assert (
            f'href="{prepare}">Chuẩn bị buổi sinh hoạt tháng {local.month}/{local.year} '
            f"({local:%H:%M, %d/%m})</a>"
        ) in page
    assert "Chuẩn bị buổi sinh hoạt</div>" in detail
    assert reverse("meetings:meeting-edit", args=[planned.pk]) not in detail
    assert "Tài liệu chuẩn bị cho buổi sinh hoạt" in detail


def test_home_offers_to_record_a_plan_whose_day_has_come(client, tree, people, members):
    client.force_login(people.secretary_a)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time(0, 0)))
    planned = Meeting.objects.create(
        organisation=tree.a,
        kind="regular",
        year=today.year,
        month=today.month,
        day=today,
        status="planned",
        planned_start=start,
    )

    page = client.get(reverse("home")).content.decode()

    assert f"Ghi biên bản sinh hoạt tháng {today.month}/{today.year}</a>" in page
    assert f"Chuẩn bị buổi sinh hoạt tháng {today.month}" not in page
    detail = client.get(reverse("meetings:meeting-detail", args=[planned.pk])).content.decode()
    assert reverse("meetings:meeting-edit", args=[planned.pk]) in detail


# Withdrawing a plan -----------------------------------------------------------------------------


@pytest.fixture
def plan_with_files(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    planned = services.plan_meeting(
        organisation=tree.a,
        kind="thematic",
        planned_start=timezone.now() + timedelta(days=9),
        topic="Học tập tư tưởng Hồ Chí Minh",
        by=root(),
    )
    files = [
        services.add_attachment(meeting=planned, upload=ContentFile(pdf_bytes(), name=name), by=root())
        for name in ("chuong-trinh.pdf", "tai-lieu-chuyen-de.pdf")
    ]
    return planned, files


def test_withdrawing_a_plan_with_files_is_refused_naming_them(client, tree, people, plan_with_files):
    planned, files = plan_with_files
    client.force_login(people.secretary_a)

    response = client.post(reverse("meetings:meeting-withdraw", args=[planned.pk]))

    assert response.url == reverse("meetings:meeting-detail", args=[planned.pk])
    assert [str(m) for m in client.get(response.url).context["messages"]] == [
        "Kế hoạch có 2 tệp đính kèm (chuong-trinh.pdf, tai-lieu-chuyen-de.pdf). Chưa hủy kế hoạch: hãy tải các tệp "
        "cần giữ về máy, rồi đánh dấu “Hủy cả 2 tệp đính kèm” và bấm “Hủy kế hoạch” lần nữa."
    ]
    assert Meeting.objects.filter(pk=planned.pk).exists()
    assert sorted(Attachment.objects.values_list("name", flat=True)) == [
        "chuong-trinh.pdf",
        "tai-lieu-chuyen-de.pdf",
    ]
    assert all(f.file.storage.exists(f.file.name) for f in files)
    page = client.get(response.url).content.decode()
    assert "Hủy cả 2 tệp đính kèm: chuong-trinh.pdf, tai-lieu-chuyen-de.pdf" in page


def test_withdrawing_a_plan_and_its_files_when_the_secretary_confirms(
    client, tree, people, plan_with_files, django_capture_on_commit_callbacks
):
    planned, files = plan_with_files
    client.force_login(people.secretary_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:meeting-withdraw", args=[planned.pk]), {"delete_attachments": "1"}
        )

    assert response.url == reverse("meetings:branch-meetings", args=[tree.a.pk])
    assert (Meeting.objects.filter(pk=planned.pk).exists(), Attachment.objects.count()) == (False, 0)
    assert [f.file.storage.exists(f.file.name) for f in files] == [False, False]


def test_withdrawing_a_plan_without_files_needs_no_confirmation(tree):
    planned = services.plan_meeting(
        organisation=tree.a, kind="regular", planned_start=timezone.now() + timedelta(days=9), by=root()
    )
    services.withdraw_plan(meeting=planned, by=root())
    assert Meeting.objects.count() == 0


# The chi bộ's own list says which months it did not meet ---------------------------------------


def test_the_branch_list_shows_a_missed_month_as_khong_hop(client, tree, people, members):
    for month in (1, 2, 4):
        services.save_meeting(
            organisation=tree.a,
            record=services.Record(
                kind="regular", started_at=at(date(2025, month, 3)), ended_at=at(date(2025, month, 3), 21)
            ),
            by=root(),
        )
    services.save_meeting(
        organisation=tree.a,
        record=services.Record(
            kind="thematic",
            topic="Chuyên đề",
            started_at=at(date(2025, 3, 12)),
            ended_at=at(date(2025, 3, 12), 21),
        ),
        by=root(),
    )
    client.force_login(people.secretary_a)

    response = client.get(reverse("meetings:branch-meetings", args=[tree.a.pk]), {"year": 2025})

    rows = [(month, m.kind if m else "không họp") for month, m, _ in response.context["rows"]]
    assert rows == [
        *((month, "không họp") for month in range(12, 4, -1)),
        (4, "regular"),
        (3, "thematic"),
        (3, "không họp"),
        (2, "regular"),
        (1, "regular"),
    ]
    page = response.content.decode()
    assert page.count('<span class="badge text-bg-danger">không họp</span>') == 9
    assert '<tr id="thang-3">' in page
    assert (
        f'href="{reverse("meetings:meeting-record", args=[tree.a.pk])}?month=2025-3">Ghi biên bản</a>' in page
    )


def test_every_calendar_cell_links_somewhere(client, tree, people, members):
    services.save_meeting(
        organisation=tree.a,
        record=services.Record(
            kind="regular", started_at=at(date(2025, 1, 3)), ended_at=at(date(2025, 1, 3), 21)
        ),
        by=root(),
    )
    client.force_login(people.reviewer_x)

    page = client.get(reverse("meetings:compliance", args=[tree.x.pk]), {"year": 2025}).content.decode()

    cells = re.findall(r'<td class="cell-(\w+)">(.*?)</td>', page)
    g1, a = (reverse("meetings:branch-meetings", args=[org.pk]) for org in (tree.g1, tree.a))
    assert len(cells) == 3 * 12
    assert all(content.startswith("<a href=") for _, content in cells)
    assert cells[:14] == [  # G1 first (its committee's name sorts first), then A
        *(
            ("missing", f'<a href="{g1}?year=2025#thang-{m}" title="Tháng {m}: không họp">✗</a>')
            for m in range(1, 13)
        ),
        (
            "draft",
            f'<a href="{reverse("meetings:meeting-detail", args=[Meeting.objects.get().pk])}" title="Tháng 1: bản nháp">N</a>',
        ),
        ("missing", f'<a href="{a}?year=2025#thang-2" title="Tháng 2: không họp">✗</a>'),
    ]
