"""What every service needs: the audit row, optimistic locking, field assignment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..formatting import day, number
from ..models import ChangeRecord, Member, Organisation

STALE_MESSAGE = (
    "Bản ghi đã được người khác cập nhật trong lúc bạn sửa. Hãy tải lại trang để xem nội dung mới "
    "rồi sửa lại; thay đổi của bạn chưa được lưu."
)


def _shown(value):
    """A value as people read it, and as JSON can hold it."""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%H:%M} {day(timezone.localtime(value))}"
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Decimal):
        return number(value, 2, trim=True)
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _scope_path(obj) -> str:
    """The organisation the change concerns: the object's own, or, for what a province issues
    (rating years, sheets, recognition schemes), the province; national defaults have none and
    are read by superusers only."""
    if isinstance(obj, Organisation):
        return obj.path
    if isinstance(obj, Member):
        return obj.organisation.path
    for name in ("organisation", "province", "scope"):
        organisation = getattr(obj, name, None)
        if isinstance(organisation, Organisation):
            return organisation.path
    return ""


def _member_id(obj) -> int | None:
    """The member a change concerns (the member, or their rating, post, discipline), so the
    member's history gathers them all."""
    if isinstance(obj, Member):
        return obj.pk
    member_id = getattr(obj, "member_id", None)
    return member_id if isinstance(member_id, int) else None


def audit(
    actor, obj, action: str, changes: dict | None = None, summary: str = "", scope_path: str | None = None
) -> None:
    """Who changed what and when; read back through the same scope as the object itself (or
    `scope_path`, for an object that belongs to no organisation, such as a login).
    `changes` is {field: (before, after)}."""
    ChangeRecord.objects.create(
        actor=actor,
        model=obj._meta.model_name,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        scope_path=_scope_path(obj) if scope_path is None else scope_path,
        member_id=_member_id(obj),
        action=action,
        summary=summary[:200],
        changes={k: [_shown(old), _shown(new)] for k, (old, new) in (changes or {}).items()},
    )


def apply(obj, fields: dict) -> dict:
    """Set fields on obj; return {name: (old, new)} for those that changed."""
    changed = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = (old, new)
            setattr(obj, name, new)
    return changed


def lock_fresh(model, pk: int, version: int):
    """Lock the row and refuse when someone saved it since the form was loaded."""
    obj = model.objects.select_for_update().get(pk=pk)
    if obj.version != version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    return obj


# Apps above branches keep state that follows a member's standing: ratings keeps who is rated in a
# year still open, where and after whose comments. Each registers a listener in its AppConfig.ready;
# every lifecycle service calls them last, inside its transaction, so the two never disagree.
STANDING_LISTENERS: list[Callable[..., None]] = []


def standing_changed(member: Member, on: date, by) -> None:
    """Tell the apps above that `member`'s standing changed on `on` (exempted, suspended, moved,
    a temporary stay begun or ended, left, admitted)."""
    for listener in STANDING_LISTENERS:
        listener(member=member, on=on, by=by)


# The same for many members admitted at once (an import): each app's listener answers for the lot,
# so that a province's first load costs a few queries there, not a few per member.
MANY_STANDING_LISTENERS: list[Callable[..., None]] = []


def standing_changed_many(member_ids: list[int], provinces: set[int], on: date, by) -> None:
    """`member_ids`, members of `provinces`, were admitted on `on`."""
    for listener in MANY_STANDING_LISTENERS:
        listener(member_ids=member_ids, provinces=provinces, on=on, by=by)
