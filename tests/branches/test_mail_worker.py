"""The forgotten password's mail with a real Celery worker on Redis and PostgreSQL, sending through
a real SMTP server on loopback: the web only queues the user's id; the worker makes the token,
writes the mail and sends it, the link starting with SITE_URL."""

import time

import pytest
from django.test import Client

from branches.services import accounts
from tests.branches.test_digest import Inbox, free_port
from tests.ratings.test_worker import start_worker

pytestmark = [pytest.mark.django_db(transaction=True)]
SITE = "https://congtacdang.example.vn"


@pytest.fixture
def inbox():
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture
def mail_worker(tmp_path, settings, inbox):
    env = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(inbox.port),
        "EMAIL_USE_TLS": "False",
        "SITE_URL": SITE,
    }
    yield from start_worker(tmp_path, settings, "--concurrency=1", env=env)


def test_a_worker_mails_the_reset_link_and_the_link_sets_the_password(people, inbox, mail_worker):
    people.secretary_a.email = "bithu.a@example.vn"
    people.secretary_a.save(update_fields=["email"])

    started = time.monotonic()
    accounts.mail_reset_link("bithu.a@example.vn")
    queued_in = time.monotonic() - started
    deadline = time.monotonic() + 30
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.1)

    (_, recipients, message), *more = inbox.messages
    body = message.get_content()
    link = next(word for word in body.split() if word.startswith(f"{SITE}/quen-mat-khau/"))
    assert (recipients, more, queued_in < 1) == (["bithu.a@example.vn"], [], True)
    page = Client().get(link.removeprefix(SITE), follow=True)
    assert "Tài khoản: <strong>bithu_a</strong>" in page.content.decode()
