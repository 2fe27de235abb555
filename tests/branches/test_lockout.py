"""The login lockout behind the reverse proxy: keyed on the username and the client's own address,
which comes from the trusted proxy's X-Forwarded-For and from nowhere a client can write."""

import json

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.branches.test_security import production

PROXY = "127.0.0.1"  # the reverse proxy on the same machine, as the README sets it up
ATTACKER, USER = "203.0.113.9", "198.51.100.7"
# What config/settings.py sets with DJANGO_BEHIND_PROXY=True and one proxy (pinned below).
BEHIND_ONE_PROXY = {
    "AXES_IPWARE_PROXY_COUNT": 0,
    "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
    "IPWARE_STRICT": False,
}


@pytest.fixture
def behind_proxy(settings):
    for name, value in BEHIND_ONE_PROXY.items():
        setattr(settings, name, value)


def login_through_proxy(client, username, password, forwarded_for):
    """What the proxy sends on: its own socket address, the client's appended to X-Forwarded-For."""
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def attempts():
    return sorted(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start"))


RESOLVE = """
import json
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.test import RequestFactory
seen = {}
for xff in ["203.0.113.9", "198.51.100.7, 203.0.113.9", "10.1.1.1, 198.51.100.7, 203.0.113.9", None]:
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff else {}
    seen[str(xff)] = get_client_ip_address(RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", **extra))
names = ["AXES_IPWARE_PROXY_COUNT", "AXES_IPWARE_META_PRECEDENCE_ORDER", "IPWARE_STRICT"]
print(json.dumps({"seen": seen, "settings": {n: getattr(settings, n, None) for n in names}}))
"""


def resolved(**env: str) -> dict:
    result = production("shell", "-c", RESOLVE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended():
    out = resolved(DJANGO_BEHIND_PROXY="True")

    assert out["seen"] == {
        "203.0.113.9": ATTACKER,
        "198.51.100.7, 203.0.113.9": ATTACKER,  # the first entry is the client's own forgery
        "10.1.1.1, 198.51.100.7, 203.0.113.9": ATTACKER,
        "None": PROXY,
    }
    assert out["settings"] == BEHIND_ONE_PROXY


def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right():
    out = resolved(DJANGO_BEHIND_PROXY="True", DJANGO_PROXY_COUNT="2")

    assert out["seen"] == {
        "203.0.113.9": PROXY,  # too short a chain for two proxies: nothing in it is trusted
        "198.51.100.7, 203.0.113.9": USER,
        "10.1.1.1, 198.51.100.7, 203.0.113.9": USER,
        "None": PROXY,
    }


def test_without_the_proxy_setting_x_forwarded_for_is_ignored():
    out = resolved()

    assert set(out["seen"].values()) == {PROXY}
    assert out["settings"]["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]


def test_a_client_cannot_choose_its_address_without_the_proxy_setting(client, people):
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": "bithu_a", "password": "sai"},
            REMOTE_ADDR="10.0.0.7",
            HTTP_X_FORWARDED_FOR=USER,
        )

    assert attempts() == [("bithu_a", "10.0.0.7", 5)]


def test_an_attacker_elsewhere_cannot_lock_the_user_out(client, people, behind_proxy, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_through_proxy(client, "bithu_a", "wrong-password", ATTACKER)

    attacker_again = login_through_proxy(client, "bithu_a", "demo12345", ATTACKER)
    user = login_through_proxy(client, "bithu_a", "demo12345", USER)

    assert attacker_again.status_code == 429
    assert (user.status_code, user.url) == (302, reverse("home"))
    # The attempt refused while locked counts too.
    assert attempts() == [("bithu_a", ATTACKER, settings.AXES_FAILURE_LIMIT + 1)]


def test_a_forged_x_forwarded_for_is_recorded_under_the_real_address(client, people, behind_proxy, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_through_proxy(client, "bithu_a", "wrong-password", f"{USER}, {ATTACKER}")

    user = login_through_proxy(client, "bithu_a", "demo12345", USER)

    assert (user.status_code, attempts()) == (302, [("bithu_a", ATTACKER, 5)])
