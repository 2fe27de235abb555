"""The meetings routes × every persona (see tests/branches/test_access.py for the personas)."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import ScoreCriterion
from tests.branches.test_access import PERSONAS, drive, row
from tests.documents import pdf_bytes
from tests.factories import MemberFactory, root


def at(day: date, hour: int = 19) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def objects(tree, people, member_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    recorder = MemberFactory(organisation=tree.a)

    def record(day):
        return services.Record(
            kind="regular",
            started_at=at(day),
            ended_at=at(day, 21),
            chair_id=member_a.pk,
            recorder_id=recorder.pk,
            conclusion="Thống nhất.",
        )

    finalised = services.save_meeting(organisation=tree.a, record=record(date(2025, 9, 3)), by=root())
    sheet = services.sheet_for(tree.a, 2025, "regular")
    manual = {c.pk: c.max_points for c in sheet.criteria.all() if not c.auto}
    finalised = services.finalise_meeting(
        meeting=finalised, version=finalised.version, manual_scores=manual, by=root()
    )
    upload = ContentFile(pdf_bytes(), name="bien-ban.pdf")
    return SimpleNamespace(
        finalised=finalised,
        draft=services.save_meeting(organisation=tree.a, record=record(date(2025, 10, 3)), by=root()),
        planned=services.plan_meeting(
            organisation=tree.a,
            kind="thematic",
            planned_start=timezone.now() + timedelta(days=30),
            topic="Học tập tư tưởng Hồ Chí Minh",
            by=root(),
        ),
        attachment=services.add_attachment(meeting=finalised, upload=upload, by=root()),
    )


MATRIX = [
    row("meetings:branch-meetings", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 200, 200]),
    row("meetings:meeting-record", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 403, 200]),
    row("meetings:meeting-plan", lambda t, o: {"pk": t.a.pk}, [200, 200, 404, 403, 200]),
    row("meetings:meeting-detail", lambda t, o: {"pk": o.finalised.pk}, [200, 200, 404, 200, 200]),
    row("meetings:meeting-edit", lambda t, o: {"pk": o.draft.pk}, [200, 200, 404, 403, 200]),
    row("meetings:meeting-history", lambda t, o: {"pk": o.finalised.pk}, [200, 200, 404, 200, 200]),
    row("meetings:meeting-pdf", lambda t, o: {"pk": o.finalised.pk}, [200, 200, 404, 200, 200]),
    row("meetings:meeting-comment", lambda t, o: {"pk": o.finalised.pk}, [403, 302, 404, 403, 302], "post"),
    row("meetings:meeting-adjust", lambda t, o: {"pk": o.finalised.pk}, [403, 200, 404, 403, 200]),
    row("meetings:attachment-add", lambda t, o: {"pk": o.finalised.pk}, [302, 302, 404, 403, 302], "post"),
    row("meetings:meeting-withdraw", lambda t, o: {"pk": o.planned.pk}, [302, 302, 404, 403, 302], "post"),
    row("meetings:attachment-download", lambda t, o: {"pk": o.attachment.pk}, [200, 200, 404, 200, 200]),
    row("meetings:compliance", lambda t, o: {"pk": t.x.pk}, [404, 200, 404, 200, 200]),
    row("meetings:watchlist", lambda t, o: {"pk": t.x.pk}, [404, 200, 404, 200, 200]),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), MATRIX)
def test_url_answers_each_persona_as_its_role_allows(
    client, tree, people, objects, persona, name, kwargs, method, expected
):
    drive(client, people, persona, reverse(name, kwargs=kwargs(tree, objects)), method, expected)


def test_the_reviewer_adjusts_a_score_through_the_form(client, tree, people, objects):
    meeting = objects.finalised
    criterion = ScoreCriterion.objects.filter(sheet=meeting.sheet).order_by("-max_points").first()
    before = meeting.score
    client.force_login(people.reviewer_x)
    url = reverse("meetings:meeting-adjust", args=[meeting.pk])
    data = {"criterion": criterion.pk, "points": 0, "reason": "Chưa thảo luận kỹ"}
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    changes = meeting.notes.get().changes
    assert (changes["criterion"], changes["points"][1]) == (criterion.label, 0)
    assert meeting.score == before - changes["points"][0] < before
