"""Logins: every user changes their own password; administrators reset one to a temporary password,
disable and re-enable accounts in their subtree, and lift login lockouts. Each leaves an audit row."""

import re
from datetime import date

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from branches import services, text
from branches.forms import INVALID_EMAIL
from branches.models import Account, ChangeRecord, RoleAssignment
from branches.queries import accounts_manageable_by
from branches.services import accounts
from tests.branches.test_access import lock_out
from tests.factories import MemberFactory, UserFactory, root, user_with_role

PASSWORD = "demo12345"
NEW_PASSWORD = "Chi-bo-ap-Cho-Duoi-2026"


def login(client, username, password, address="10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def account_records(user) -> list[tuple[str, str, str]]:
    return [
        (r.actor.username, r.summary, r.scope_path)
        for r in ChangeRecord.objects.filter(model="user", object_id=user.pk)
        .select_related("actor")
        .order_by("pk")
    ]


def sessions_of(user) -> int:
    return sum(s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all())


@pytest.fixture
def commune_admin(tree):
    return user_with_role("quantri_x", tree.x, RoleAssignment.Role.ADMIN)


# Own password -----------------------------------------------------------------------------------


def test_the_menu_offers_the_password_change_once(client, people):
    client.force_login(people.secretary_a)
    html = client.get(reverse("home")).content.decode()
    assert re.findall(r'href="([^"]*)">Đổi mật khẩu<', html) == [reverse("branches:password-change")]


def test_a_user_changes_their_own_password_and_stays_logged_in(client, people, tree):
    login(client, "bithu_a", PASSWORD)

    response = client.post(
        reverse("branches:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    people.secretary_a.refresh_from_db()
    assert (response.status_code, response.url) == (302, reverse("home"))
    assert people.secretary_a.check_password(NEW_PASSWORD)
    assert logged_in(client)
    assert account_records(people.secretary_a) == [("bithu_a", "Đổi mật khẩu", tree.a.path)]


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(client, people):
    client.force_login(people.secretary_a)
    url = reverse("branches:password-change")

    wrong = client.post(
        url, {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    same = client.post(url, {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD})

    assert wrong.context["form"].errors == {
        "old_password": ["Mật khẩu cũ không chính xác. Hãy nhập lại lần nữa"]
    }
    assert weak.context["form"].errors == {
        "new_password2": ["Mật khẩu này quá phổ biến.", "Mật khẩu này hoàn toàn là số."]
    }
    assert same.context["form"].errors["new_password1"] == ["Mật khẩu mới phải khác mật khẩu hiện tại."]
    people.secretary_a.refresh_from_db()
    assert people.secretary_a.check_password(PASSWORD)
    assert account_records(people.secretary_a) == []


# Reset ------------------------------------------------------------------------------------------


def test_an_admin_resets_a_password_to_a_temporary_one_shown_once(client, people, tree):
    elsewhere = Client()
    login(elsewhere, "bithu_a", PASSWORD)
    client.force_login(people.admin)

    response = client.post(reverse("branches:account-reset", args=[people.secretary_a.pk]))

    temporary = response.context["temporary"]
    people.secretary_a.refresh_from_db()
    assert people.secretary_a.check_password(temporary)
    assert (len(temporary), temporary in response.content.decode()) == (12, True)
    assert "no-store" in response["Cache-Control"]
    assert Account.objects.get(user=people.secretary_a).must_change_password is True
    assert account_records(people.secretary_a) == [
        ("quantri", "Đặt lại mật khẩu (mật khẩu tạm, phải đổi khi đăng nhập)", tree.a.path),
    ]
    # Not kept anywhere: no audit row, no session (messages live there) holds it.
    assert not any(temporary in str(r.changes) + r.summary for r in ChangeRecord.objects.all())
    assert not any(temporary in str(s.get_decoded()) for s in Session.objects.all())
    assert (sessions_of(people.secretary_a), logged_in(elsewhere)) == (0, False)


def test_a_temporary_password_leads_to_the_password_change_and_nowhere_else(client, people):
    temporary = accounts.reset_password(user=people.secretary_a, by=people.admin)

    first = login(client, "bithu_a", temporary)
    elsewhere = client.get(reverse("branches:member-list"))
    form = client.get(reverse("branches:password-change"))
    changed = client.post(
        reverse("branches:password-change"),
        {
            "old_password": temporary,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    after = client.get(reverse("branches:member-list"))

    to_change = reverse("branches:password-change")
    assert (first.status_code, first.url) == (302, to_change)
    assert (elsewhere.status_code, elsewhere.url) == (302, to_change)
    assert "mật khẩu tạm do quản trị viên đặt" in form.content.decode()
    assert (changed.status_code, changed.url, after.status_code) == (302, reverse("home"), 200)
    assert Account.objects.get(user=people.secretary_a).must_change_password is False


def test_a_user_with_a_temporary_password_may_still_log_out(client, people):
    temporary = accounts.reset_password(user=people.secretary_a, by=people.admin)
    login(client, "bithu_a", temporary)

    response = client.post(reverse("logout"))

    assert (response.status_code, response.url) == (302, reverse("login"))
    assert client.get(reverse("home")).url.startswith(reverse("login"))


# Disable and re-enable --------------------------------------------------------------------------


def test_disabling_an_account_ends_its_sessions_and_refuses_its_login(client, people, tree):
    theirs = Client()
    login(theirs, "bithu_a", PASSWORD)
    other = Client()
    login(other, "xetduyet_x", PASSWORD)
    client.force_login(people.admin)

    response = client.post(reverse("branches:account-disable", args=[people.secretary_a.pk]))

    people.secretary_a.refresh_from_db()
    assert (response.status_code, response.url) == (
        302,
        reverse("branches:account-detail", args=[people.secretary_a.pk]),
    )
    assert people.secretary_a.is_active is False
    assert (logged_in(theirs), logged_in(other)) == (False, True)
    assert login(Client(), "bithu_a", PASSWORD).status_code == 200  # the login form again, no session
    assert sessions_of(people.secretary_a) == 0
    assert account_records(people.secretary_a) == [
        ("quantri", "Khóa tài khoản (kết thúc 1 phiên đăng nhập)", tree.a.path)
    ]
    assert ChangeRecord.objects.get(model="user", object_id=people.secretary_a.pk).changes == {
        "trạng thái": ["đang hoạt động", "đã khóa"]
    }


def test_a_re_enabled_account_logs_in_again(client, people, tree):
    accounts.disable_account(user=people.secretary_a, by=people.admin)
    client.force_login(people.admin)

    response = client.post(reverse("branches:account-enable", args=[people.secretary_a.pk]))

    people.secretary_a.refresh_from_db()
    assert (response.status_code, people.secretary_a.is_active) == (302, True)
    assert login(Client(), "bithu_a", PASSWORD).url == reverse("home")
    assert [summary for _, summary, _ in account_records(people.secretary_a)] == [
        "Khóa tài khoản (kết thúc 0 phiên đăng nhập)",
        "Mở lại tài khoản",
    ]


def test_an_admin_cannot_disable_themselves_or_reset_their_own_password(client, people):
    client.force_login(people.admin)

    disable = client.post(reverse("branches:account-disable", args=[people.admin.pk]), follow=True)
    reset = client.post(reverse("branches:account-reset", args=[people.admin.pk]), follow=True)

    people.admin.refresh_from_db()
    assert [str(m) for m in disable.context["messages"]] == ["Không thể tự khóa tài khoản của chính mình."]
    assert [str(m) for m in reset.context["messages"]] == [
        "Mật khẩu của chính mình hãy đổi ở mục “Đổi mật khẩu”."
    ]
    assert (people.admin.is_active, people.admin.check_password(PASSWORD)) == (True, True)
    assert (account_records(people.admin), logged_in(client)) == ([], True)


def test_the_account_page_shows_its_state_and_history(client, people):
    accounts.disable_account(user=people.secretary_a, by=people.admin)
    client.force_login(people.admin)

    response = client.get(reverse("branches:account-detail", args=[people.secretary_a.pk]))

    html = response.content.decode()
    assert "Đã khóa" in html and "Mở lại tài khoản" in html and "Khóa tài khoản</button>" not in html
    assert [r.summary for r in response.context["history"]] == ["Khóa tài khoản (kết thúc 0 phiên đăng nhập)"]


# Scope ------------------------------------------------------------------------------------------


def test_a_commune_admin_acts_on_accounts_of_their_commune_only(client, tree, people, commune_admin):
    both = user_with_role("hai_noi", tree.a, RoleAssignment.Role.SECRETARY)
    services.grant_role(user=both, organisation=tree.b, role=RoleAssignment.Role.SECRETARY, by=root())
    client.force_login(commune_admin)

    answers = {
        user.username: [
            client.get(reverse("branches:account-detail", args=[user.pk])).status_code,
            client.post(reverse("branches:account-disable", args=[user.pk])).status_code,
            client.post(reverse("branches:account-reset", args=[user.pk])).status_code,
        ]
        for user in [people.secretary_a, people.secretary_b, people.province_staff, both, people.admin]
    }

    assert answers == {
        "bithu_a": [200, 302, 200],
        "bithu_b": [404, 404, 404],  # commune Y
        "bantochuc": [404, 404, 404],  # the province
        "hai_noi": [404, 404, 404],  # also holds a role outside commune X
        "quantri": [404, 404, 404],
    }
    assert sorted(get_user_model().objects.filter(is_active=False).values_list("username", flat=True)) == [
        "bithu_a"
    ]


def test_the_services_check_the_policy_themselves(people):
    for act in (accounts.reset_password, accounts.disable_account, accounts.enable_account):
        with pytest.raises(PermissionDenied):
            act(user=people.secretary_b, by=people.reviewer_x)
    with pytest.raises(PermissionDenied):
        accounts.lift_lockout(attempt=lock_out("bithu_b", "203.0.113.9"), by=people.secretary_a)
    people.secretary_b.refresh_from_db()
    assert (people.secretary_b.is_active, people.secretary_b.check_password(PASSWORD)) == (True, True)
    assert (
        ChangeRecord.objects.filter(model__in=["user", "accessattempt"]).count(),
        AccessAttempt.objects.count(),
    ) == (0, 1)


def test_a_member_login_is_in_the_scope_of_the_admin_above_its_branch(tree, people, commune_admin):
    member = MemberFactory(organisation=tree.a)
    member.account = UserFactory(username="dangvien_a")
    member.save(update_fields=["account"])
    outsider = MemberFactory(organisation=tree.b)
    outsider.account = UserFactory(username="dangvien_b")
    outsider.save(update_fields=["account"])

    assert sorted(accounts_manageable_by(commune_admin).values_list("username", flat=True)) == [
        "bithu_a",
        "dangvien_a",
        "quantri_x",
        "xetduyet_x",
    ]


# A forgotten password ---------------------------------------------------------------------------


def mailed_link(mail) -> str:
    """The link's path; the link itself starts with SITE_URL, as the digest's do."""
    return re.search(re.escape(settings.SITE_URL) + r"(/quen-mat-khau/\S+/)", mail.body).group(1)


def test_the_login_page_offers_the_forgotten_password(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password-reset")}">Quên mật khẩu?<' in page


def test_a_user_sets_a_new_password_through_the_mailed_link(client, tree, people, mailoutbox):
    people.secretary_a.email = "bithu.a@example.vn"
    people.secretary_a.save(update_fields=["email"])
    elsewhere = Client()
    login(elsewhere, "bithu_a", PASSWORD)
    lock_out("bithu_a", "203.0.113.9")

    sent = client.post(reverse("password-reset"), {"email": "BITHU.A@example.vn"})
    link = mailed_link(mailoutbox[0])
    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    again = client.get(link, follow=True)

    assert sent.url == reverse("password-reset-sent")
    assert (mailoutbox[0].to, mailoutbox[0].subject) == (
        ["bithu.a@example.vn"],
        "Đặt lại mật khẩu — Công tác đảng",
    )
    assert "tài khoản bithu_a" in mailoutbox[0].body and "trong 24 giờ" in mailoutbox[0].body
    assert "Tài khoản: <strong>bithu_a</strong>" in form.content.decode()
    assert done.url == reverse("password-reset-complete")
    people.secretary_a.refresh_from_db()
    assert people.secretary_a.check_password(NEW_PASSWORD)
    assert account_records(people.secretary_a) == [
        ("bithu_a", "Đặt lại mật khẩu bằng liên kết gửi qua email (gỡ khóa đăng nhập)", tree.a.path)
    ]
    assert (logged_in(elsewhere), AccessAttempt.objects.filter(username="bithu_a").exists()) == (False, False)
    assert "Liên kết không còn dùng được" in again.content.decode()
    assert login(Client(), "bithu_a", NEW_PASSWORD, "203.0.113.9").url == reverse("home")


def test_an_unknown_or_disabled_address_gets_the_same_answer_and_no_mail(client, people, mailoutbox):
    people.secretary_b.email = "bithu.b@example.vn"
    people.secretary_b.is_active = False
    people.secretary_b.save(update_fields=["email", "is_active"])

    unknown = client.post(reverse("password-reset"), {"email": "ai.do@example.vn"})
    disabled = client.post(reverse("password-reset"), {"email": "bithu.b@example.vn"})

    assert unknown.url == disabled.url == reverse("password-reset-sent")
    assert mailoutbox == []


def test_a_link_mailed_before_the_login_was_disabled_no_longer_works(client, people, mailoutbox):
    people.secretary_a.email = "bithu.a@example.vn"
    people.secretary_a.save(update_fields=["email"])
    client.post(reverse("password-reset"), {"email": "bithu.a@example.vn"})
    accounts.disable_account(user=people.secretary_a, by=people.admin)

    page = client.get(mailed_link(mailoutbox[0]), follow=True)

    assert "Liên kết không còn dùng được" in page.content.decode()
    people.secretary_a.refresh_from_db()
    with pytest.raises(ValidationError, match="đã bị khóa"):
        accounts.reset_forgotten_password(user=people.secretary_a, password=NEW_PASSWORD)


def test_a_mail_server_that_refuses_leaves_the_same_answer_and_the_next_request_tries_again(
    client, people, mailoutbox, settings
):
    people.secretary_a.email = "bithu.a@example.vn"
    people.secretary_a.save(update_fields=["email"])
    settings.EMAIL_BACKEND = "tests.branches.test_accounts.RefusingBackend"

    refused = client.post(reverse("password-reset"), {"email": "bithu.a@example.vn"})
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    again = client.post(reverse("password-reset"), {"email": "bithu.a@example.vn"})

    assert refused.url == again.url == reverse("password-reset-sent")
    assert len(mailoutbox) == 1


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_second_request_within_a_quarter_hour_sends_no_second_mail(client, people, mailoutbox):
    people.secretary_a.email = "bithu.a@example.vn"
    people.secretary_a.save(update_fields=["email"])

    for _ in range(3):
        response = client.post(reverse("password-reset"), {"email": "bithu.a@example.vn"})

    assert (response.url, len(mailoutbox)) == (reverse("password-reset-sent"), 1)


def test_a_malformed_address_or_a_weak_password_is_told_and_changes_nothing(client, people, mailoutbox):
    bad = client.post(reverse("password-reset"), {"email": "khong-phai-email"})
    assert (bad.status_code, bad.context["form"].errors["email"]) == (200, [INVALID_EMAIL])

    people.secretary_a.email = "bithu.a@example.vn"
    people.secretary_a.save(update_fields=["email"])
    client.post(reverse("password-reset"), {"email": "bithu.a@example.vn"})
    form = client.get(mailed_link(mailoutbox[0]), follow=True)
    weak = client.post(form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"})

    assert weak.status_code == 200 and weak.context["form"].errors["new_password2"]
    people.secretary_a.refresh_from_db()
    assert people.secretary_a.check_password(PASSWORD)
    assert account_records(people.secretary_a) == []


# A member's own login ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Nguyễn Văn Đạt", "datnv"),
        ("Trần Thị Ánh Tuyết", "tuyettta"),
        ("Thạch Sô Phol", "pholts"),
        ("Lâm", "lam"),
        ("", ""),
    ],
)
def test_a_login_name_is_the_given_name_and_the_initials_without_diacritics(full_name, expected):
    assert text.login_name(full_name) == expected


def test_the_suggested_login_is_the_first_free_one(db):
    assert accounts.free_login_name("Nguyễn Văn Đạt") == "datnv"
    UserFactory(username="datnv")
    UserFactory(username="DATNV2")
    assert accounts.free_login_name("Nguyễn Văn Đạt") == "datnv3"


def test_an_admin_gives_a_member_a_login_with_a_temporary_password_shown_once(client, tree, people, member_a):
    client.force_login(people.admin)

    form = client.get(reverse("branches:member-login", args=[member_a.pk]))
    response = client.post(reverse("branches:member-login", args=[member_a.pk]), {"username": "annv"})

    temporary = response.context["temporary"]
    member_a.refresh_from_db()
    user = member_a.account
    assert form.context["form"].initial["username"] == "annv"
    assert (user.username, user.first_name, user.check_password(temporary)) == ("annv", "Nguyễn Văn An", True)
    assert "no-store" in response["Cache-Control"] and temporary in response.content.decode()
    assert Account.objects.get(user=user).must_change_password is True
    assert account_records(user) == [("quantri", "Tạo tài khoản của đảng viên Nguyễn Văn An", tree.a.path)]
    linked = ChangeRecord.objects.filter(model="member", object_id=member_a.pk).latest("pk")
    assert (linked.actor, linked.summary, linked.changes) == (
        people.admin,
        "Cấp tài khoản đăng nhập",
        {"tài khoản đăng nhập": ["", "annv"]},
    )
    assert not any(temporary in str(r.changes) + r.summary for r in ChangeRecord.objects.all())
    # The member logs in, sets their own password, and reaches their own ratings.
    member = Client()
    assert login(member, "annv", temporary).url == reverse("branches:password-change")
    member.post(
        reverse("branches:password-change"),
        {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    own = member.get(reverse("ratings:my-ratings"))
    assert (own.status_code, member_a.full_name in own.content.decode()) == (200, True)


def test_the_member_page_offers_the_login_to_an_admin_and_says_who_gives_it_to_others(
    client, people, member_a
):
    url = reverse("branches:member-detail", args=[member_a.pk])
    give = reverse("branches:member-login", args=[member_a.pk])
    client.force_login(people.admin)
    assert give in client.get(url).content.decode()
    client.force_login(people.secretary_a)
    page = client.get(url).content.decode()
    assert give not in page and "Quản trị hệ thống cấp tài khoản cho đảng viên." in page

    user, _ = accounts.create_member_login(member=member_a, username="annv", by=people.admin)
    client.force_login(people.admin)
    page = client.get(url).content.decode()
    assert "annv" in page and give not in page
    assert reverse("branches:account-detail", args=[user.pk]) in page


def test_a_second_submit_is_told_the_member_has_a_login_and_changes_nothing(client, people, member_a):
    client.force_login(people.admin)
    url = reverse("branches:member-login", args=[member_a.pk])
    client.post(url, {"username": "annv"})
    users = get_user_model().objects.count()

    again = client.post(url, {"username": "annv.2"}, follow=True)

    assert get_user_model().objects.count() == users
    assert "Nguyễn Văn An đã có tài khoản annv." in again.content.decode()
    with pytest.raises(ValidationError, match="đã có tài khoản annv"):
        accounts.create_member_login(member=member_a, username="annv.3", by=people.admin)


def test_the_service_refuses_a_blank_login_name_itself(people, member_a):
    with pytest.raises(ValidationError, match="Hãy nhập tên đăng nhập."):
        accounts.create_member_login(member=member_a, username="  ", by=people.admin)


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("BITHU_A", "Tên đăng nhập “BITHU_A” đã có, hãy chọn tên khác."),
        ("an nguyen", "Tên đăng nhập chỉ gồm chữ không dấu, số và các dấu . _ -, không có dấu cách."),
        ("đạtnv", "Tên đăng nhập chỉ gồm chữ không dấu, số và các dấu . _ -, không có dấu cách."),
        ("", "Trường này là bắt buộc."),
    ],
)
def test_a_taken_or_malformed_login_name_is_refused_beside_its_field(
    client, people, member_a, username, message
):
    client.force_login(people.admin)
    users = get_user_model().objects.count()

    response = client.post(reverse("branches:member-login", args=[member_a.pk]), {"username": username})

    member_a.refresh_from_db()
    assert (response.status_code, member_a.account_id, get_user_model().objects.count()) == (200, None, users)
    assert message in response.context["form"].errors["username"][0]


def test_a_member_who_left_gets_no_login_and_one_who_leaves_loses_theirs(tree, people, member_a):
    left = MemberFactory(organisation=tree.a, full_name="Lê Văn Cũ")
    services.record_leaving(member=left, reason="xin_ra", on=date(2025, 1, 1), by=people.admin)
    with pytest.raises(ValidationError, match="không còn là đảng viên"):
        accounts.create_member_login(member=left, username="cuvl", by=people.admin)

    user, temporary = accounts.create_member_login(member=member_a, username="annv", by=people.admin)
    member = Client()
    login(member, "annv", temporary)
    services.record_leaving(member=member_a, reason="xoa_ten", on=date(2026, 1, 5), by=people.secretary_a)

    user.refresh_from_db()
    assert (user.is_active, sessions_of(user)) == (False, 0)
    assert account_records(user)[-1] == (
        "bithu_a",
        "Khóa tài khoản — Xóa tên (kết thúc 1 phiên đăng nhập)",
        tree.a.path,
    )


# Lockouts ---------------------------------------------------------------------------------------


def test_admins_see_the_lockouts_in_their_scope(client, tree, people, commune_admin):
    lock_out("bithu_a", "203.0.113.9")
    lock_out("bithu_b", "203.0.113.9")
    below_limit = lock_out("xetduyet_x", "198.51.100.7")
    below_limit.failures_since_start = 2
    below_limit.save()
    client.force_login(commune_admin)

    response = client.get(reverse("branches:lockout-list"))

    assert [(a.username, a.ip_address) for a in response.context["locked"]] == [("bithu_a", "203.0.113.9")]
    assert "203.0.113.9" in response.content.decode()


def test_lifting_a_lockout_lets_the_user_in_from_that_address_again(client, tree, people):
    attempt = lock_out("bithu_a", "203.0.113.9")
    lock_out("bithu_a", "198.51.100.7")
    assert login(Client(), "bithu_a", PASSWORD, address="203.0.113.9").status_code == 429
    client.force_login(people.admin)

    response = client.post(reverse("branches:lockout-lift", args=[attempt.pk]))

    assert (response.status_code, response.url) == (302, reverse("branches:lockout-list"))
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("bithu_a", "198.51.100.7")]
    record = ChangeRecord.objects.get(model="accessattempt")
    assert (record.actor, record.summary, record.scope_path) == (
        people.admin,
        "Gỡ khóa đăng nhập của bithu_a từ 203.0.113.9",
        tree.a.path,
    )
    assert login(Client(), "bithu_a", PASSWORD, address="203.0.113.9").url == reverse("home")


def test_an_outsider_lockout_answers_404_and_stays(client, tree, people, commune_admin):
    attempt = lock_out("bithu_b", "203.0.113.9")
    client.force_login(commune_admin)

    response = client.post(reverse("branches:lockout-lift", args=[attempt.pk]))

    assert (response.status_code, AccessAttempt.objects.count()) == (404, 1)
