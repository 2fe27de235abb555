"""What goes out with a download: a well-formed file name whatever the organisation's code, and
no copy kept by a browser or a proxy of anything shown to a signed-in user."""

import pytest
from django.test import Client
from django.urls import reverse

from branches.models import Job, Organisation
from ratings.reports import jobs
from tests.factories import MemberFactory
from tests.meetings.test_views import hold

PRIVATE = "private, no-store"


@pytest.fixture
def members(tree):
    return [MemberFactory(organisation=tree.a) for _ in range(3)]


def legacy_code(org, code):
    """A code saved before codes were checked: only the ORM can still write one."""
    Organisation.objects.filter(pk=org.pk).update(code=code)


def test_minutes_of_an_organisation_with_quotes_in_its_code_download_under_one_quoted_name(
    client, tree, people, members
):
    legacy_code(tree.a, 'AB";filename=evil.html;')
    meeting = hold(tree.a, members, 9)
    client.force_login(people.secretary_a)

    response = client.get(reverse("meetings:meeting-pdf", args=[meeting.pk]))

    assert response["Content-Disposition"] == (
        f'attachment; filename="bien-ban-AB\\";filename=evil.html;-2025-09-{meeting.pk}.pdf"'
    )
    assert response["Cache-Control"] == PRIVATE
    assert response.content.startswith(b"%PDF-")


def test_minutes_of_an_organisation_with_a_line_break_in_its_code_still_download(
    client, tree, people, members
):
    legacy_code(tree.a, "A\r\nB")
    meeting = hold(tree.a, members, 9)
    client.force_login(people.secretary_a)

    response = client.get(reverse("meetings:meeting-pdf", args=[meeting.pk]))

    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f"attachment; filename*=utf-8''bien-ban-A%0D%0AB-2025-09-{meeting.pk}.pdf"
    )


def test_a_report_of_an_organisation_with_quotes_in_its_code_downloads_under_one_quoted_name(
    client, tree, people, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    legacy_code(tree.x, 'X";filename=evil.html;')
    tree.x.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.request_report(kind="excel", scope=tree.x, year=2025, by=people.reviewer_x)
    client.force_login(people.reviewer_x)

    response = client.get(reverse("branches:job-download", args=[job.pk]))

    assert Job.objects.get(pk=job.pk).status == "done"
    assert (
        response["Content-Disposition"] == 'attachment; filename="excel-X\\";filename=evil.html;-2025.xlsx"'
    )
    assert response["Cache-Control"] == PRIVATE


def test_pages_shown_to_a_signed_in_user_are_never_stored(client, tree, people, members):
    client.force_login(people.secretary_a)

    page = client.get(reverse("meetings:branch-meetings", args=[tree.a.pk]))
    home = client.get(reverse("home"))

    assert (page.status_code, page["Cache-Control"]) == (200, PRIVATE)
    assert home["Cache-Control"] == PRIVATE


def test_static_files_stay_cacheable_for_a_signed_in_user(people, settings):
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True  # serve static/ as make run does
    client = Client()  # a new client loads the middleware with these settings
    client.force_login(people.secretary_a)

    static = client.get("/static/css/app.css")

    assert (static.status_code, static["Cache-Control"]) == (200, "max-age=60, public")
