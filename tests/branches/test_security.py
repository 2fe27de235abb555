import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_login_with_the_right_password_lands_on_home(client, people):
    response = login(client, "bithu_a", "demo12345")
    assert (response.status_code, response.url) == (302, reverse("home"))


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, people, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "bithu_a", "wrong-password")

    response = login(client, "bithu_a", "demo12345")

    assert response.status_code == 429
    assert "Tài khoản tạm bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client, people):
    client.force_login(people.secretary_a)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_pages_carry_a_strict_content_security_policy(client, people):
    client.force_login(people.secretary_a)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_templates_hold_no_inline_script_or_style():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and "<style" not in text and " style=" not in text, template


def production(*command: str, **extra_env: str) -> subprocess.CompletedProcess:
    """Run manage.py as production would: DEBUG off, a real secret, a real host name."""
    test_only = {"DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by tests/conftest.py for the browser tests
    env = {
        **{k: v for k, v in os.environ.items() if k not in test_only},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "x7!k2$production-like-secret-key-with-enough-entropy-9f3a1c0d8e",
        "DJANGO_ALLOWED_HOSTS": "dang.example.vn",
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_collectstatic_builds_the_hashed_manifest(tmp_path):
    result = production("collectstatic", "--noinput", STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/htmx.min.*.js.gz"))


def test_production_refuses_the_development_secret_key():
    result = production("check", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_behind_a_proxy_lockout_is_keyed_on_the_client_address_not_the_proxy():
    result = production(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.AXES_IPWARE_META_PRECEDENCE_ORDER)",
        DJANGO_BEHIND_PROXY="True",
    )
    assert result.stdout.strip().splitlines()[-1] == "['HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR']"


def test_deploy_check_is_clean_with_production_settings():
    result = production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
