"""The Vietnamese error pages, with a way home, under DEBUG (the default of `make run`) as in production."""

import pytest
from django.urls import reverse

from tests.branches.test_access import objects  # noqa: F401

HOME_LINK = '<a class="btn btn-primary" href="/">Về trang chính</a>'


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def page(response) -> tuple[int, str, bool, bool]:
    text = response.content.decode()
    heading = text.split('<h1 class="h4">')[1].split("</h1>")[0] if '<h1 class="h4">' in text else text[:80]
    return response.status_code, heading, HOME_LINK in text, "/static/css/app.css" in text


def test_an_outsider_gets_the_vietnamese_404_on_another_branch(client, tree, people, debug):
    client.force_login(people.secretary_b)
    response = client.get(reverse("branches:org-detail", args=[tree.a.pk]))
    assert page(response) == (404, "Không tìm thấy trang này", True, True)
    assert "Kiểm tra lại địa chỉ, hoặc về trang chính" in response.content.decode()


def test_an_address_that_matches_no_route_gets_the_vietnamese_404(client, people, debug):
    client.force_login(people.secretary_a)
    assert page(client.get("/khong-co-trang-nay/")) == (404, "Không tìm thấy trang này", True, True)


def test_anonymous_gets_the_vietnamese_404_for_an_unknown_address(client, db, debug):
    assert page(client.get("/khong-co-trang-nay/")) == (404, "Không tìm thấy trang này", True, True)


def test_a_missing_slash_is_still_added_by_redirect(client, people, debug):
    client.force_login(people.secretary_a)
    response = client.get("/to-chuc")
    assert (response.status_code, response.url) == (301, "/to-chuc/")


def test_the_404_page_carries_the_content_security_policy(client, people):
    # Production only: django-csp leaves 404 and 500 answers bare under DEBUG, for Django's debug pages.
    client.force_login(people.secretary_a)
    assert "script-src 'self'" in client.get("/khong-co-trang-nay/")["Content-Security-Policy"]


def test_a_forbidden_action_gets_the_vietnamese_403(client, tree, people, objects, debug):
    client.force_login(people.province_staff)
    response = client.get(reverse("branches:member-edit", args=[objects.member.pk]))
    assert page(response) == (403, "Bạn không có quyền thực hiện việc này", True, True)


def test_a_bad_parameter_gets_the_vietnamese_400(client, tree, people, debug):
    client.force_login(people.reviewer_x)
    response = client.get(reverse("meetings:compliance", args=[tree.x.pk]) + "?year=abc")
    assert page(response) == (400, "Địa chỉ hoặc dữ liệu gửi lên không hợp lệ", True, True)


@pytest.mark.urls("tests.branches.error_urls")
def test_a_crash_gets_the_vietnamese_500_and_the_traceback_goes_to_the_log(client, people, debug, caplog):
    client.force_login(people.secretary_a)
    client.raise_request_exception = False

    response = client.get("/hong/")

    assert page(response) == (500, "Đã có lỗi trong hệ thống", True, True)
    assert [(r.name, r.levelname, r.exc_info[0]) for r in caplog.records] == [
        ("django.request", "ERROR", RuntimeError)
    ]


@pytest.mark.urls("tests.branches.error_urls")
def test_a_crash_still_raises_in_the_test_client_under_debug(client, people, settings):
    settings.DEBUG = True
    client.force_login(people.secretary_a)
    with pytest.raises(RuntimeError, match="a bug"):
        client.get("/hong/")
