"""What administrators do to logins (reset a password, disable, re-enable, lift a lockout) and what
every user does to their own (change the password or set a forgotten one through a mailed link, the
email address and whether reminders are emailed). Each checks the policy itself and leaves an audit
row; a temporary password is returned to the caller once and never stored or recorded."""

from __future__ import annotations

import logging
import re
import secrets

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..jobs.services import task_named
from ..models import Account, ChangeRecord, Member, RoleAssignment
from ..policy import Refused, check
from ..text import login_name, nfc
from .common import audit

log = logging.getLogger(__name__)
RESET_MAIL_TASK = "branches.tasks.task_mail_reset_link"
# One reset mail per login in this time (a flood of mails is refused quietly). The cache is per
# process unless CACHE_URL names a shared one, as in production.
RESET_MAIL_INTERVAL = 15 * 60
# A member's login: letters without diacritics, digits and . _ - (what MemberLoginForm's help says).
MEMBER_LOGIN_NAME = re.compile(r"[A-Za-z0-9._-]{1,150}")
MEMBER_LOGIN_RULE = "Tên đăng nhập chỉ gồm chữ không dấu, số và các dấu . _ -, không có dấu cách."
# No 0/O, 1/l/I: the administrator reads it out or writes it down for the user.
TEMPORARY_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMPORARY_LENGTH = 12
# A login is no model of ours, so its history names the change in words (ChangeRecord.readable_changes).
STATE, ACTIVE, DISABLED = "trạng thái", "đang hoạt động", "đã khóa"


def _scope_path(user) -> str:
    """Where the account's history is read: the organisation of its first role, else its member record."""
    path = (
        RoleAssignment.objects.filter(user=user)
        .order_by("organisation__path")
        .values_list("organisation__path", flat=True)
        .first()
    )
    if path is None and hasattr(user, "member"):
        path = user.member.organisation.path
    return path or ""


def end_sessions(user) -> int:
    """Delete every live session of `user`. Sessions are signed blobs, so each is decoded in Python:
    the same on PostgreSQL and SQLite, and cheap next to the few thousand logins a province has."""
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


def _temporary_password() -> str:
    return "".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(TEMPORARY_LENGTH))


@transaction.atomic
def reset_password(*, user, by) -> str:
    """Give `user` a random temporary password, to be changed at the next login; return it."""
    check(by, "account.manage", user)
    if user.pk == by.pk:
        # It would end the administrator's own session under them; their own change is in the menu.
        raise ValidationError("Mật khẩu của chính mình hãy đổi ở mục “Đổi mật khẩu”.")
    temporary = _temporary_password()
    user.set_password(temporary)
    user.save(update_fields=["password"])
    Account.objects.update_or_create(user=user, defaults={"must_change_password": True})
    end_sessions(user)
    audit(
        by,
        user,
        ChangeRecord.Action.UPDATE,
        summary="Đặt lại mật khẩu (mật khẩu tạm, phải đổi khi đăng nhập)",
        scope_path=_scope_path(user),
    )
    return temporary


def new_login(username: str, full_name: str, password: str):
    """A login whose name no other login has, compared without case (staff type names as they say them)."""
    User = get_user_model()
    taken = ValidationError({"username": f"Tên đăng nhập “{username}” đã có, hãy chọn tên khác."})
    if User.objects.filter(username__iexact=username).exists():
        raise taken
    user = User(username=username, first_name=nfc(full_name))
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same name taken at the same moment
        raise taken from None
    return user


def free_login_name(full_name: str) -> str:
    """The first of "datnv", "datnv2", "datnv3"… that no login has."""
    base = login_name(full_name) or "dangvien"
    taken = {
        name.lower()
        for name in get_user_model()
        .objects.filter(username__istartswith=base)
        .values_list("username", flat=True)
    }
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


@transaction.atomic
def create_member_login(*, member: Member, username: str, by) -> tuple[object, str]:
    """The member's own login (their self-assessment, their results), with a temporary password to
    be changed at the first login; return the login and the password, which is stored nowhere."""
    check(by, "member.login", member)
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organisation", "account")
        .get(pk=member.pk)
    )
    if member.account_id is not None:  # a double submit, or another administrator just now
        raise ValidationError(f"Đảng viên {member.full_name} đã có tài khoản {member.account.username}.")
    if not member.is_current:
        raise ValidationError(f"{member.full_name} không còn là đảng viên: không cấp tài khoản đăng nhập.")
    username = username.strip()
    if not username:
        raise ValidationError({"username": "Hãy nhập tên đăng nhập."})
    if not MEMBER_LOGIN_NAME.fullmatch(username):  # typed on a phone by older members: no diacritics
        raise ValidationError({"username": MEMBER_LOGIN_RULE})
    temporary = _temporary_password()
    user = new_login(username, member.full_name, temporary)
    Account.objects.create(user=user, must_change_password=True)
    member.account = user
    member.save(update_fields=["account"])
    path = member.organisation.path
    audit(
        by,
        user,
        ChangeRecord.Action.CREATE,
        summary=f"Tạo tài khoản của đảng viên {member.full_name}",
        scope_path=path,
    )
    audit(
        by,
        member,
        ChangeRecord.Action.UPDATE,
        {"tài khoản đăng nhập": ("", username)},
        "Cấp tài khoản đăng nhập",
    )
    return user, temporary


def _disable(user, by, why: str, scope_path: str) -> None:
    """Refuse the login from now on and end its open sessions, on record."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_sessions(user)
    audit(
        by,
        user,
        ChangeRecord.Action.UPDATE,
        {STATE: (ACTIVE, DISABLED)},
        summary=f"Khóa tài khoản{why} (kết thúc {ended} phiên đăng nhập)",
        scope_path=scope_path,
    )


def close_member_login(member: Member, by, reason: str) -> None:
    """A member who leaves the Party loses their login with the membership. Part of the leaving
    (branches.services.lifecycle.leave), which the policy allowed."""
    if member.account is not None and member.account.is_active:
        _disable(member.account, by, f" — {reason}", member.organisation.path)


@transaction.atomic
def disable_account(*, user, by) -> None:
    """The account can no longer log in and its open sessions end now."""
    check(by, "account.manage", user)
    if user.pk == by.pk:
        raise ValidationError("Không thể tự khóa tài khoản của chính mình.")
    if not user.is_active:
        raise ValidationError(f"Tài khoản {user.username} đã bị khóa.")
    _disable(user, by, "", _scope_path(user))


@transaction.atomic
def enable_account(*, user, by) -> None:
    check(by, "account.manage", user)
    if user.is_active:
        raise ValidationError(f"Tài khoản {user.username} đang hoạt động.")
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit(
        by,
        user,
        ChangeRecord.Action.UPDATE,
        {STATE: (DISABLED, ACTIVE)},
        summary="Mở lại tài khoản",
        scope_path=_scope_path(user),
    )


@transaction.atomic
def change_own_password(*, user, password: str) -> None:
    """The user's own new password (already validated by the form); ends the must-change state.
    The acting user is `user`: nobody acts on another's password here, so there is no policy to ask."""
    user.set_password(password)
    user.save(update_fields=["password"])
    Account.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
    audit(user, user, ChangeRecord.Action.UPDATE, summary="Đổi mật khẩu", scope_path=_scope_path(user))


def mail_reset_link(email: str) -> None:
    """Queue a mail with a password-reset link to each active login with this address: at most one
    a login in RESET_MAIL_INTERVAL, however often it is asked. It answers nothing, and the worker
    writes and sends the mail, so the page takes as long and says the same whether the address is
    known or not: it tells nobody which addresses are."""
    users = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True)
    for user in users:
        key = f"password-reset-mail:{user.pk}"
        if not user.has_usable_password() or cache.get(key):
            continue
        try:
            task_named(RESET_MAIL_TASK).delay(user.pk)
        except Exception:  # the broker out of reach (or, with none, the mail server): they may ask again
            log.exception("password reset mail to user %s not queued", user.pk)
            continue
        cache.set(key, True, RESET_MAIL_INTERVAL)


@transaction.atomic
def reset_forgotten_password(*, user, password: str) -> None:
    """The new password of a user who forgot theirs, set through the link mailed to their address
    (the token is the proof: nobody else acts here). Like a change, it ends the must-change state
    and every other session; it also forgets the login failures that may have locked them out."""
    if not user.is_active:
        raise ValidationError(f"Tài khoản {user.username} đã bị khóa: hãy liên hệ quản trị hệ thống.")
    unlocked = AccessAttempt.objects.filter(username=user.get_username()).delete()[0]
    user.set_password(password)
    user.save(update_fields=["password"])
    Account.objects.filter(user=user, must_change_password=True).update(must_change_password=False)
    end_sessions(user)
    audit(
        user,
        user,
        ChangeRecord.Action.UPDATE,
        summary="Đặt lại mật khẩu bằng liên kết gửi qua email" + (" (gỡ khóa đăng nhập)" if unlocked else ""),
        scope_path=_scope_path(user),
    )


@transaction.atomic
def update_own_email(*, email: str, email_reminders: bool, by) -> None:
    """The user's own email address and whether the daily digest of reminders goes to it (already
    validated by the form). Acts on `by` itself, like the password change: no policy to ask."""
    account, _ = Account.objects.get_or_create(user=by)
    changes = {}
    if by.email != email:
        changes["email"] = (by.email, email)
        by.email = email
        by.save(update_fields=["email"])
    if account.email_reminders != email_reminders:
        changes["email_reminders"] = (account.email_reminders, email_reminders)
        account.email_reminders = email_reminders
        account.save(update_fields=["email_reminders"])
    if changes:
        audit(
            by,
            by,
            ChangeRecord.Action.UPDATE,
            changes,
            summary="Đổi cài đặt email",
            scope_path=_scope_path(by),
        )


@transaction.atomic
def lift_lockout(*, attempt: AccessAttempt, by) -> None:
    """Forget the failed logins of one username from one address, so it may log in again now."""
    user = get_user_model().objects.filter(username=attempt.username).first()
    if user is None:  # no login of ours: nobody's subtree holds it
        raise Refused("Tên đăng nhập này không thuộc phạm vi quản trị của đồng chí.")
    check(by, "account.manage", user)
    AccessAttempt.objects.filter(username=attempt.username, ip_address=attempt.ip_address).delete()
    audit(
        by,
        attempt,
        ChangeRecord.Action.DELETE,
        summary=f"Gỡ khóa đăng nhập của {attempt.username} từ {attempt.ip_address}",
        scope_path=_scope_path(user),
    )
