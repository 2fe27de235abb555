"""Applying a plan (branches.imports.preview) in one transaction, through the services, so that the
policy and the audit trail come with every write.

Organisations are created, changed and moved by branches.services.organisations; new members are
entered by admit_members (the checks and records of admit_member, in bulk: a province's first load
is 46,437 of them); changed members by update_member, a change of chi bộ as an official transfer
(request_transfer, confirm_transfer). The import's own right is checked once for the scope
(policy "member.import": administrators and provincial staff); it answers for the services' own
questions on what lies in the scope (policy.granted). One ImportRecord, with its change record in the
scope's history, says who imported which file and what it did.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import policy
from ..models import ChangeRecord, ImportRecord, Job, Member, Organisation, Transfer
from ..services import (
    NewOrganisation,
    admit_members,
    audit,
    confirm_transfer,
    create_organisations,
    move_organisation,
    request_transfer,
    update_member,
    update_organisation,
)
from .matching import Node
from .preview import Plan

ACTION = "member.import"
# What the import's right covers inside its scope: the questions its services ask.
COVERS = (
    "org.create",
    "org.edit",
    "org.move",
    "member.admit",
    "member.edit",
    "member.lifecycle",
    "transfer.confirm",
)
NOTE = "Theo tệp nhập dữ liệu."


@dataclass(frozen=True)
class Sources:
    """The files as read: their names (for people) and the sha256 of their bytes."""

    members_file: str = ""
    organisations_file: str = ""
    sha256: str = ""
    organisations_sha256: str = ""


def _errors_message(plan: Plan) -> str:
    return f"Tệp còn {len(plan.errors)} lỗi: hãy sửa tệp theo danh sách lỗi rồi tải lên lại. Chưa có gì được ghi."


def _organisations(plan: Plan, by) -> dict[int, Organisation]:
    """Create, change and move the organisations; the stored one of every node by its id()."""
    made: dict[int, Organisation] = {}
    existing = Organisation.objects.in_bulk(
        [n.pk for n in plan.parents.values() if n.pk]
        + [c.node.pk for c in plan.changed_organisations]
        + [c.parent.pk for c in plan.changed_organisations if c.parent and c.parent.pk]
    )

    def stored(node: Node) -> Organisation:
        return existing[node.pk] if node.pk else made[id(node)]

    founding: dict[int, NewOrganisation] = {}
    for node in plan.new_organisations:
        parent = plan.parents[id(node)]
        values = {k: v for k, v in node.values.items() if k in ("area_type", "founded_on", "online_pilot")}
        founding[id(node)] = NewOrganisation(
            existing[parent.pk] if parent.pk else founding[id(parent)],
            node.kind,
            node.code,
            node.name,
            **values,
        )
    create_organisations(new=list(founding.values()), by=by)
    made.update({key: new.created for key, new in founding.items()})
    for change in plan.changed_organisations:
        org = stored(change.node)
        if change.fields:
            org = update_organisation(org=org, version=change.node.version, by=by, **change.fields)
        if change.parent:
            move_organisation(org=org, new_parent=stored(change.parent), by=by)
    return made


def _members(plan: Plan, made: dict[int, Organisation], by) -> None:
    branches = Organisation.objects.in_bulk(
        {b.pk for b, _ in plan.new_members if b.pk}
        | {c.to.pk for c in plan.changed_members if c.to and c.to.pk}
    )

    def stored(node: Node) -> Organisation:
        return branches[node.pk] if node.pk else made[id(node)]

    admit_members(
        entries=[
            (stored(b), {k: v for k, v in r.values.items() if k != "status"}) for b, r in plan.new_members
        ],
        by=by,
    )
    today = timezone.localdate()
    members = Member.objects.select_related("organisation").in_bulk(
        [c.member["pk"] for c in plan.changed_members]
    )
    for change in plan.changed_members:
        member = members[change.member["pk"]]
        if change.fields:
            member = update_member(member=member, version=change.member["version"], by=by, **change.fields)
        if change.to is not None:
            transfer = request_transfer(
                member=member,
                kind=Transfer.Kind.OFFICIAL,
                to_organisation=stored(change.to),
                decided_on=today,
                note=NOTE,
                by=by,
            )
            confirm_transfer(transfer=transfer, on=today, by=by)


@transaction.atomic
def apply_plan(*, plan: Plan, sources: Sources, by, job: Job | None = None) -> ImportRecord:
    """Write the plan, all of it or nothing: a file with errors, or with nothing to change, is
    refused with a message and nothing is written."""
    policy.check(by, ACTION, plan.scope)
    if plan.errors:
        raise ValidationError(_errors_message(plan))
    if plan.empty:
        raise ValidationError("Tệp không có gì khác với dữ liệu hiện có: không có gì để ghi.")
    with policy.granted(by, ACTION, plan.scope, COVERS):
        made = _organisations(plan, by)
        _members(plan, made, by)
    counts = {k: v for k, v in plan.counts().items() if k not in ("errors", "organisations_unchanged")}
    record = ImportRecord.objects.create(
        scope=plan.scope,
        imported_by=by,
        job=job,
        members_file=sources.members_file[:200],
        organisations_file=sources.organisations_file[:200],
        sha256=sources.sha256,
        organisations_sha256=sources.organisations_sha256,
        **counts,
    )
    summary = (
        f"Nhập dữ liệu từ Excel: {record.organisations_created} tổ chức mới, {record.members_created} "
        f"đảng viên mới, {record.members_changed} đảng viên thay đổi"
    )
    audit(by, record, ChangeRecord.Action.CREATE, summary=summary)
    return record
