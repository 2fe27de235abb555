"""Every page a demo login can reach by following links, on the demo as `make run` shows it, answers:
no link the app offers ends in an error page (a 500, or a 403/404 dead end).

Tests on small trees missed that a chi bộ's own overview failed once the chi bộ had a rating year
(every real one has); this walk follows what each role is shown, as a user clicking around would.
"""

import re
from collections import Counter, deque
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

LOGINS = ["quantri", "bantochuc", "xetduyet", "bithu", "bithu.khac", "dangvien"]
# Links a walk does not follow: leaving, the admin site (Django's own) and static files (the web server's).
NOT_FOLLOWED = re.compile(r"^/(dang-xuat|admin|static)/")
# Pages of one shape (a member, a meeting…) are alike: a few of each say what the rest would.
SAME_SHAPE = 3
LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def shape(url: str) -> str:
    """/dang-vien/12/?nam=2025 → /dang-vien/N/?nam"""
    parts = urlsplit(url)
    keys = sorted(key.split("=")[0] for key in parts.query.split("&") if key)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def walk(client: Client) -> tuple[int, list[str]]:
    """Follow every link from the home page, a few of each shape; what answered with an error."""
    seen, shapes, failed = set(), Counter(), []
    queue = deque(["/"])
    while queue:
        url = queue.popleft().replace("&amp;", "&")
        if url in seen or NOT_FOLLOWED.match(url) or shapes[shape(url)] >= SAME_SHAPE:
            continue
        seen.add(url)
        shapes[shape(url)] += 1
        response = client.get(url)
        if response.status_code >= 400:
            failed.append(f"{response.status_code} {url}")
        if response.status_code in (301, 302):
            queue.append(response["Location"])
        if response.get("Content-Type", "").startswith("text/html"):
            queue.extend(LINK.findall(response.content.decode()))
    return len(seen), failed


@pytest.mark.parametrize("username", LOGINS)
def test_every_link_a_demo_login_is_shown_leads_to_a_page(demo, db, username):
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))

    pages, failed = walk(client)

    assert pages > 5
    assert failed == []
