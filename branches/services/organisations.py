"""The organisation tree: create, edit, move a subtree, dissolve, verify."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from ..models import ALLOWED_CHILD_KINDS, ChangeRecord, Member, Organisation, Position, Transfer
from ..policy import check
from ..text import nfc
from .common import apply, audit, lock_fresh
from .positions import end_position_on


def check_placement(kind: str, parent: Organisation | None) -> None:
    if parent is None:
        if kind != Organisation.Kind.PROVINCE:
            raise ValidationError({"parent": "Tổ chức này phải thuộc một tổ chức đảng cấp trên."})
        return
    if not parent.is_active:
        raise ValidationError({"parent": f"{parent.name} đã giải thể, không thể đặt tổ chức vào đó."})
    if kind not in ALLOWED_CHILD_KINDS[parent.kind]:
        raise ValidationError(
            {
                "kind": f"{Organisation.Kind(kind).label} không thể trực thuộc "
                f"{Organisation.Kind(parent.kind).label.lower()} ({parent.name})."
            }
        )


def code_taken(code: str) -> ValidationError:
    return ValidationError({"code": f"Mã {code} đã được dùng cho tổ chức khác."})


# A code goes into file names (bien-ban-TV00012-2025-09-7.pdf) and so into download headers: no
# quotes, semicolons, spaces or line breaks, only what every file system and browser takes as is.
CODE = re.compile(r"[A-Za-z0-9._-]+", re.ASCII)


def check_code(code: str) -> None:
    if not CODE.fullmatch(code):
        raise ValidationError(
            {
                "code": "Mã tổ chức chỉ gồm chữ cái không dấu, chữ số và các dấu “-”, “_”, “.”; không có khoảng trắng."
            }
        )


@transaction.atomic
def create_organisation(
    *,
    parent: Organisation | None,
    kind: str,
    code: str,
    name: str,
    area_type: str = "",
    founded_on: date | None = None,
    online_pilot: bool = False,
    by,
) -> Organisation:
    if parent is not None:
        parent = Organisation.objects.select_for_update().get(pk=parent.pk)
    check(by, "org.create", parent)
    check_placement(kind, parent)
    check_code(code)
    try:
        with transaction.atomic():
            org = Organisation.objects.create(
                parent=parent,
                kind=kind,
                code=code,
                name=nfc(name),
                area_type=area_type,
                founded_on=founded_on,
                online_pilot=online_pilot,
                depth=parent.depth + 1 if parent else 0,
            )
    except IntegrityError:
        raise code_taken(code) from None
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    audit(by, org, ChangeRecord.Action.CREATE, summary=f"Thành lập {org.get_kind_display().lower()}")
    return org


@transaction.atomic
def update_organisation(*, org: Organisation, version: int, by, **fields) -> Organisation:
    org = lock_fresh(Organisation, org.pk, version)
    check(by, "org.edit", org)
    if "name" in fields:
        fields["name"] = nfc(fields["name"])
    if "code" in fields:
        check_code(fields["code"])
        if Organisation.objects.filter(code=fields["code"]).exclude(pk=org.pk).exists():
            raise code_taken(fields["code"])
    changed = apply(org, fields)
    if changed:
        org.version += 1
        org.save()
        audit(by, org, ChangeRecord.Action.UPDATE, changed)
    return org


@transaction.atomic
def move_organisation(*, org: Organisation, new_parent: Organisation, by) -> Organisation:
    """Re-parent a subtree: every path below follows in one UPDATE; history rows keep their FKs.
    Who moves it must be allowed to move it from where it is and to create under where it goes."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    new_parent = Organisation.objects.select_for_update().get(pk=new_parent.pk)
    check(by, "org.move", org)
    check(by, "org.create", new_parent)
    if new_parent.path.startswith(org.path):
        raise ValidationError(
            {"new_parent": "Không thể chuyển một tổ chức vào chính nó hoặc tổ chức trực thuộc nó."}
        )
    if org.parent_id == new_parent.pk:
        raise ValidationError({"new_parent": f"{org.name} đã trực thuộc {new_parent.name}."})
    check_placement(org.kind, new_parent)
    old_parent, old_path = org.parent, org.path
    # Lock the whole subtree, so a child created under it meanwhile cannot keep the old prefix.
    list(Organisation.objects.select_for_update().filter(path__startswith=old_path).values_list("pk"))
    new_path = f"{new_parent.path}{org.pk}/"
    Organisation.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (new_parent.depth + 1 - org.depth),
    )
    Organisation.objects.filter(pk=org.pk).update(parent=new_parent, version=F("version") + 1)
    # The subtree's history moves with it: it is read through the organisation's scope, now the new one.
    ChangeRecord.objects.filter(scope_path__startswith=old_path).update(
        scope_path=Concat(Value(new_path), Substr("scope_path", len(old_path) + 1))
    )
    org.refresh_from_db()
    audit(by, org, ChangeRecord.Action.UPDATE, {"parent": (old_parent, new_parent)}, "Chuyển trực thuộc")
    return org


@transaction.atomic
def dissolve_organisation(*, org: Organisation, on: date, by) -> Organisation:
    """Refused while anything still lives there; the posts held in it end with it."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    check(by, "org.dissolve", org)
    if not org.is_active:
        raise ValidationError(f"{org.name} đã giải thể ngày {org.dissolved_on:%d/%m/%Y}.")
    if org.founded_on and on < org.founded_on:
        raise ValidationError({"on": "Ngày giải thể không thể trước ngày thành lập."})
    if org.children.filter(dissolved_on__isnull=True).exists():
        raise ValidationError("Còn tổ chức trực thuộc đang hoạt động: hãy chuyển hoặc giải thể chúng trước.")
    members = Member.objects.current().filter(organisation=org).count()
    if members:
        raise ValidationError(
            f"Chi bộ còn {members} đảng viên đang sinh hoạt: hãy chuyển sinh hoạt cho họ trước."
        )
    hosted = Member.objects.current().filter(temporary_organisation=org).count()
    if hosted:
        raise ValidationError(f"Còn {hosted} đảng viên đang sinh hoạt tạm thời tại đây: hãy kết thúc trước.")
    if Transfer.objects.open().filter(to_organisation=org).exists():
        raise ValidationError("Còn đề nghị chuyển sinh hoạt đến tổ chức này chưa xử lý.")
    for position in Position.objects.filter(organisation=org, ends_on__isnull=True).select_related("member"):
        end_position_on(position, on, by)
    changed = apply(org, {"dissolved_on": on})
    org.version += 1
    org.save()
    audit(by, org, ChangeRecord.Action.UPDATE, changed, "Giải thể")
    return org


def check_tree() -> list[str]:
    """Invariant violations of the materialised path, as readable lines (empty when sound)."""
    problems = []
    by_pk = {o.pk: o for o in Organisation.objects.only("pk", "parent_id", "path", "depth", "kind")}
    for org in by_pk.values():
        parent = by_pk.get(org.parent_id)
        if org.parent_id is not None and parent is None:
            problems.append(f"#{org.pk}: parent {org.parent_id} does not exist")
            continue
        expected = f"{parent.path if parent else '/'}{org.pk}/"
        if org.path != expected:
            problems.append(f"#{org.pk}: path {org.path!r}, expected {expected!r}")
        expected_depth = parent.depth + 1 if parent else 0
        if org.depth != expected_depth:
            problems.append(f"#{org.pk}: depth {org.depth}, expected {expected_depth}")
        if parent and org.kind not in ALLOWED_CHILD_KINDS[parent.kind]:
            problems.append(f"#{org.pk}: kind {org.kind} under {parent.kind}")
    return problems
