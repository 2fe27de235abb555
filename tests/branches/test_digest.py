"""The day's email digest of reminders, sent through Django's SMTP backend to a real SMTP server
started on loopback (aiosmtpd): once a day, only to users with an address who have not turned it
off; and the user's own account page where that is set."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import date
from email import message_from_bytes
from email import policy as email_policy

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from branches.models import Account, ChangeRecord, Reminder, ReminderDigest
from branches.reminders.digest import send_digests
from branches.services.reminders import mark_reminder_done

DAY = date(2026, 11, 23)


class Inbox:
    """aiosmtpd's handler: keeps what it is sent."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (
                envelope.mail_from,
                envelope.rcpt_tos,
                message_from_bytes(envelope.content, policy=email_policy.default),
            )
        )
        return "250 Message accepted for delivery"


def subject(message) -> str:
    """The subject as a mail client shows it: Python folds a long encoded subject onto the next
    line ("Subject: \\n =?utf-8?b?…?="), and the folding space is header syntax, not text."""
    return message["Subject"].strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, and the settings that point Django's SMTP backend at it."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Công tác đảng <nhacviec@tinhuy.example.vn>"
    settings.SITE_URL = "https://congtacdang.example.vn"
    yield inbox
    controller.stop()


def remind(user, org, title="Chi bộ ấp Chợ Dưới: ghi biên bản sinh hoạt tháng 10/2026", key="1"):
    return Reminder.objects.create(
        user=user,
        kind="meeting.unrecorded",
        key=key,
        organisation=org,
        title=title,
        url=f"/chi-bo/{org.pk}/sinh-hoat/ghi/",
        due_on=date(2026, 11, 5),
        first_seen=DAY,
    )


@pytest.fixture
def secretary(people, tree):
    people.secretary_a.email = "bithu.a@example.vn"
    people.secretary_a.first_name = "Nguyễn Thị Mai"
    people.secretary_a.save()
    remind(people.secretary_a, tree.a)
    return people.secretary_a


def test_the_digest_goes_once_a_day_by_smtp(smtp, secretary, tree):
    first, second = send_digests(DAY), send_digests(DAY)

    assert (first, second, len(smtp.messages)) == (1, 0, 1)
    sender, recipients, message = smtp.messages[0]
    plain = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert (sender, recipients, subject(message)) == (
        "nhacviec@tinhuy.example.vn",
        ["bithu.a@example.vn"],
        "Việc cần làm ngày 23/11/2026: 1 việc",
    )
    link = f"https://congtacdang.example.vn/chi-bo/{tree.a.pk}/sinh-hoat/ghi/"
    assert plain.splitlines()[:6] == [
        "Kính gửi đồng chí Nguyễn Thị Mai,",
        "",
        "Ngày 23/11/2026 có 1 việc cần đồng chí quan tâm:",
        "",
        "- Chi bộ ấp Chợ Dưới: ghi biên bản sinh hoạt tháng 10/2026 (hạn 05/11/2026)",
        f"  {link}",
    ]
    assert f'<a href="{link}">Chi bộ ấp Chợ Dưới: ghi biên bản sinh hoạt tháng 10/2026</a>' in html
    assert list(ReminderDigest.objects.values_list("user", "day", "reminders")) == [(secretary.pk, DAY, 1)]


def test_the_next_day_sends_again_with_the_reminders_still_open(smtp, secretary, tree):
    remind(secretary, tree.a, "Chi bộ ấp Chợ Dưới: 2 đảng viên chưa nộp đủ đảng phí tháng 10/2026", key="2")
    send_digests(DAY)
    mark_reminder_done(reminder=Reminder.objects.get(key="1"), by=secretary)

    send_digests(date(2026, 11, 24))

    assert [subject(m) for _, _, m in smtp.messages] == [
        "Việc cần làm ngày 23/11/2026: 2 việc",
        "Việc cần làm ngày 24/11/2026: 1 việc",
    ]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda user: Account.objects.create(user=user, email_reminders=False), id="email-turned-off"
        ),
        pytest.param(lambda user: type(user).objects.filter(pk=user.pk).update(email=""), id="no-address"),
        pytest.param(
            lambda user: type(user).objects.filter(pk=user.pk).update(is_active=False), id="login-disabled"
        ),
        pytest.param(
            lambda user: mark_reminder_done(reminder=Reminder.objects.get(), by=user), id="nothing-open"
        ),
    ],
)
def test_no_digest_is_sent(smtp, secretary, change):
    change(secretary)

    assert (send_digests(DAY), smtp.messages, ReminderDigest.objects.count()) == (0, [], 0)


def test_a_mail_server_that_is_down_records_nothing_and_the_next_run_sends(smtp, secretary, settings):
    working = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there

    assert (send_digests(DAY), ReminderDigest.objects.count()) == (0, 0)

    settings.EMAIL_PORT = working
    assert (send_digests(DAY), len(smtp.messages)) == (1, 1)


def test_the_smtp_settings_come_from_the_environment():
    env = {
        **os.environ,
        "EMAIL_HOST": "smtp.tinhuy.example.vn",
        "EMAIL_PORT": "465",
        "EMAIL_USE_SSL": "true",
        "EMAIL_HOST_USER": "nhacviec",
        "EMAIL_HOST_PASSWORD": "bi-mat",
        "DEFAULT_FROM_EMAIL": "nhacviec@tinhuy.example.vn",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_SSL, s.EMAIL_USE_TLS, "
        "s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.DEFAULT_FROM_EMAIL)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()

    assert shown == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.tinhuy.example.vn",
        "465",
        "True",
        "False",
        "nhacviec",
        "bi-mat",
        "nhacviec@tinhuy.example.vn",
    ]


# The user's own account page ---------------------------------------------------------------------


def test_a_user_sets_their_address_and_turns_the_digest_off(client, people):
    client.force_login(people.secretary_a)

    response = client.post(
        reverse("branches:own-account"), {"email": "bithu.a@example.vn", "password": "demo12345"}, follow=True
    )

    people.secretary_a.refresh_from_db()
    record = ChangeRecord.objects.filter(model="user", object_id=people.secretary_a.pk).get()
    assert (people.secretary_a.email, Account.objects.get(user=people.secretary_a).email_reminders) == (
        "bithu.a@example.vn",
        False,
    )
    assert [str(m) for m in response.context["messages"]] == ["Đã lưu cài đặt email."]
    assert (record.actor, record.summary, record.readable_changes()) == (
        people.secretary_a,
        "Đổi cài đặt email",
        [("địa chỉ email", "", "bithu.a@example.vn"), ("nhận email nhắc việc", "có", "không")],
    )


def test_the_account_page_shows_the_current_setting(client, people):
    client.force_login(people.secretary_a)

    form = client.get(reverse("branches:own-account")).context["form"]

    assert (form["email"].value(), form["email_reminders"].value()) == ("", True)


def test_a_bad_address_is_refused_in_vietnamese_and_nothing_changes(client, people):
    client.force_login(people.secretary_a)

    response = client.post(reverse("branches:own-account"), {"email": "bithu@", "email_reminders": "on"})

    people.secretary_a.refresh_from_db()
    assert response.context["form"].errors == {
        "email": ["Địa chỉ email không hợp lệ (ví dụ: ten@example.vn)."]
    }
    assert (people.secretary_a.email, Account.objects.filter(user=people.secretary_a).exists()) == ("", False)
    assert ChangeRecord.objects.filter(model="user").count() == 0


def test_changing_the_address_asks_for_the_current_password(client, people):
    """The address is where a forgotten password's link goes: a session left open is not enough."""
    client.force_login(people.secretary_a)

    wrong = client.post(
        reverse("branches:own-account"), {"email": "ke.la@example.vn", "password": "sai-mat-khau"}
    )
    unchanged = client.post(reverse("branches:own-account"), {"email": ""})

    people.secretary_a.refresh_from_db()
    assert wrong.context["form"].errors == {
        "password": ["Mật khẩu hiện tại không đúng: cần mật khẩu để đổi địa chỉ email."]
    }
    assert (unchanged.status_code, people.secretary_a.email) == (302, "")
