"""Password hashing and the password rules' messages."""

from django.contrib.auth import get_user_model, hashers
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from config import settings as production_settings


def test_production_hashes_with_argon2_first_and_still_reads_pbkdf2():
    assert production_settings.PASSWORD_HASHERS[:2] == [
        "branches.passwords.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_a_pbkdf2_hash_is_upgraded_to_argon2_at_login(client, people, settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = people.secretary_a
    user.password = make_password("demo12345", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(reverse("login"), {"username": "bithu_a", "password": "demo12345"})

    user.refresh_from_db()
    assert (response.status_code, user.password.split("$")[:2]) == (302, ["argon2", "argon2id"])


def test_an_argon2_hash_with_djangos_heavier_parameters_is_upgraded_at_login(client, people, settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = people.secretary_a
    user.password = hashers.Argon2PasswordHasher().encode("demo12345", hashers.Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in user.password

    response = client.post(reverse("login"), {"username": "bithu_a", "password": "demo12345"})

    user.refresh_from_db()
    assert (response.status_code, user.password.split("$")[3]) == (302, "m=19456,t=2,p=1")


def messages_for(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_password_rules_speak_vietnamese(db):
    user = get_user_model()(username="nguyenvanan", first_name="Nguyễn Văn An")

    assert messages_for("12345", user) == [
        "Mật khẩu quá ngắn: cần ít nhất 8 ký tự.",
        "Mật khẩu này quá phổ biến.",
        "Mật khẩu này hoàn toàn là số.",
    ]
    assert messages_for("nguyenvanan", user) == ["Mật khẩu quá giống với Tên đăng nhập."]


def test_password_rules_explain_themselves_in_vietnamese():
    assert password_validators_help_texts() == [
        "Mật khẩu của bạn không được quá giống với thông tin cá nhân khác.",
        "Mật khẩu phải có ít nhất 8 ký tự.",
        "Mật khẩu của bạn không được là mật khẩu được dùng phổ biến.",
        "Mật khẩu của bạn không được hoàn toàn bằng số.",
    ]
