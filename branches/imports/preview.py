"""The plan of an import and the preview people read before confirming it.

`plan(result, scope)` matches every row (branches.imports.matching), compares it with what is stored
and checks it as the services would, writing nothing: new organisations and members, the changes
field by field (old → new), the unchanged, the members of the scope the file leaves out (listed,
never deleted), and every error with its sheet, row, column, value and a Vietnamese explanation.
The plan's digest names what would be written: the apply step plans again and refuses when the
digest differs from the preview's, so what was shown is what is applied.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from ..formatting import day
from ..models import BRANCH_KINDS, Member, Organisation, Transfer
from ..services.members import check_dates
from .matching import MEMBER_FIELDS, ORGANISATION_FIELDS, Members, Node, Organisations, Unmatched
from .rows import CellError, MemberRow, OrganisationRow, ReadResult

REQUIRED_FOR_NEW = ("full_name", "gender", "birth_date", "ceremony_date")
LISTED = 500  # rows of each list a preview keeps to show; the counts are whole
ERRORS_LISTED = 2000


@dataclass
class MemberChange:
    row: MemberRow
    member: dict  # the stored values (matching.Members)
    fields: dict  # field -> new value
    to: Node | None = None  # the new chi bộ, for a move


@dataclass
class OrganisationChange:
    row: OrganisationRow
    node: Node
    fields: dict
    parent: Node | None = None  # the new superior, for a move


@dataclass
class Plan:
    scope: Organisation
    new_organisations: list[Node] = field(default_factory=list)  # parents before children
    parents: dict[int, Node] = field(default_factory=dict)  # id(new node) -> its superior
    changed_organisations: list[OrganisationChange] = field(default_factory=list)
    unchanged_organisations: int = 0
    new_members: list[tuple[Node, MemberRow]] = field(default_factory=list)
    changed_members: list[MemberChange] = field(default_factory=list)
    unchanged_members: int = 0
    missing: list[dict] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def moved_members(self) -> list[MemberChange]:
        return [c for c in self.changed_members if c.to is not None]

    @property
    def empty(self) -> bool:
        return not (
            self.new_organisations or self.changed_organisations or self.new_members or self.changed_members
        )

    def counts(self) -> dict[str, int]:
        return {
            "organisations_created": len(self.new_organisations),
            "organisations_changed": len(self.changed_organisations),
            "organisations_unchanged": self.unchanged_organisations,
            "members_created": len(self.new_members),
            "members_changed": len(self.changed_members),
            "members_moved": len(self.moved_members),
            "members_unchanged": self.unchanged_members,
            "members_missing": len(self.missing),
            "errors": len(self.errors),
        }

    def digest(self) -> str:
        """What would be written, and the versions it would be written over; hashed item by item,
        so a province's plan is never one long string in memory."""
        items = itertools.chain(
            (
                ("new org", n.code, n.name, n.kind, sorted(n.values.items()), self.parents[id(n)].code)
                for n in self.new_organisations
            ),
            (
                ("org", c.node.pk, c.node.version, sorted(c.fields.items()), c.parent and c.parent.code)
                for c in self.changed_organisations
            ),
            (("new member", b.code, sorted(r.values.items())) for b, r in self.new_members),
            (
                ("member", c.member["pk"], c.member["version"], sorted(c.fields.items()), c.to and c.to.code)
                for c in self.changed_members
            ),
        )
        digest = hashlib.sha256()
        for item in items:
            digest.update(repr(item).encode())
        return digest.hexdigest()


def _label(model, name: str) -> str:
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _shown(value) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, date):
        return day(value)
    return "" if value is None else str(value)


def _error(row, column: str, value, message: str) -> CellError:
    return CellError(row.sheet, row.row, column, _shown(value), message)


def _validation_errors(row, model, refusal: ValidationError) -> list[CellError]:
    if not hasattr(refusal, "error_dict"):
        return [_error(row, "", "", message) for message in refusal.messages]
    return [
        _error(row, _label(model, name), row.values.get(name, ""), message)
        for name, errors in refusal.message_dict.items()
        for message in errors
    ]


# Organisations -----------------------------------------------------------------------------------


def _plan_organisations(plan: Plan, rows: list[OrganisationRow], index: Organisations) -> None:
    waiting: list[tuple[OrganisationRow, Node]] = []
    for row in rows:
        # A row with a code is that code's organisation (a new one if no other has it); the full
        # name finds it only in a file without codes.
        code = row.values.get("code", "")
        try:
            found = index.find(code=code) if code else index.find(name=row.values.get("name", ""))
        except Unmatched as error:
            plan.errors.append(_error(row, "Tên tổ chức", row.values.get("name", ""), str(error)))
            continue
        if found is None:
            if not code or not row.values.get("name") or not row.values.get("kind"):
                plan.errors.append(_error(row, "Mã", code, "Tổ chức mới cần có mã, tên và loại tổ chức."))
                continue
            node = Node(None, code, row.values["name"], row.values["kind"], row=row, values=dict(row.values))
            index.add(node)
            waiting.append((row, node))
        elif found.pk is None:
            plan.errors.append(_error(row, "Mã", found.code, "Tổ chức này đã có ở một dòng trên của tệp."))
        else:
            _compare_organisation(plan, row, found, index)
    _place(plan, waiting, index)


def _place(plan: Plan, waiting: list[tuple[OrganisationRow, Node]], index: Organisations) -> None:
    """Parents first: a new organisation may sit under another new one further down the file."""
    parents: dict[int, Node] = {}
    for row, node in waiting:
        try:
            parents[id(node)] = index.resolve(row.parent)
        except Unmatched as error:
            plan.errors.append(_error(row, "Trực thuộc", row.parent, str(error)))
    placed: set[int] = set()
    pending = [(row, node) for row, node in waiting if id(node) in parents]
    while pending:
        left = []
        for row, node in pending:
            parent = parents[id(node)]
            if parent.pk is None and id(parent) not in placed:
                left.append((row, node))
                continue
            plan.parents[id(node)] = parent
            plan.new_organisations.append(node)
            placed.add(id(node))
        if len(left) == len(pending):
            for row, _ in left:
                message = "Tổ chức cấp trên chưa có hoặc tạo thành vòng lặp trong tệp."
                plan.errors.append(_error(row, "Trực thuộc", row.parent, message))
            break
        pending = left


def _compare_organisation(plan: Plan, row: OrganisationRow, node: Node, index: Organisations) -> None:
    fields = {
        name: value
        for name, value in row.values.items()
        if name in ORGANISATION_FIELDS and value != node.values.get(name)
    }
    if "kind" in fields:
        plan.errors.append(
            _error(row, "Loại tổ chức", fields["kind"], "Không đổi loại tổ chức qua nhập dữ liệu.")
        )
        return
    parent = None
    if node.pk != index.scope.pk and row.parent:
        try:
            parent = index.resolve(row.parent)
        except Unmatched as error:
            plan.errors.append(_error(row, "Trực thuộc", row.parent, str(error)))
            return
        current_parent = node.path.rstrip("/").split("/")[-2] if node.path.count("/") > 2 else ""
        if parent.pk is not None and str(parent.pk) == current_parent:
            parent = None
    if fields or parent:
        plan.changed_organisations.append(OrganisationChange(row, node, fields, parent))
    else:
        plan.unchanged_organisations += 1


# Members -----------------------------------------------------------------------------------------


def _plan_members(plan: Plan, rows: list[MemberRow], orgs: Organisations, members: Members) -> None:
    members.look_outside(rows)
    seen: dict[int, int] = {}
    for row in rows:
        try:
            branch = orgs.resolve(row.organisation)
        except Unmatched as error:
            plan.errors.append(_error(row, "Chi bộ", row.organisation, str(error)))
            continue
        if branch.kind not in BRANCH_KINDS:
            message = f"{branch.name} không phải là chi bộ; đảng viên sinh hoạt ở chi bộ."
            plan.errors.append(_error(row, "Chi bộ", row.organisation, message))
            continue
        try:
            found = members.match(row, branch)
        except Unmatched as error:
            plan.errors.append(_error(row, "", "", str(error)))
            continue
        if found.member is None:
            _plan_new(plan, row, branch)
            continue
        pk = found.member["pk"]
        if pk in seen:
            plan.errors.append(
                _error(row, "", "", f"Đảng viên {found.member['full_name']} đã có ở dòng {seen[pk]} của tệp.")
            )
            continue
        seen[pk] = row.row
        _plan_change(plan, row, branch, found.member)
    matched = set(seen)
    plan.missing = [
        m for m in members.rows if m["pk"] not in matched and m["status"] in Member.CURRENT_STATUSES
    ]
    _check_open_transfers(plan)


def _plan_new(plan: Plan, row: MemberRow, branch: Node) -> None:
    absent = [name for name in REQUIRED_FOR_NEW if not row.values.get(name)]
    if absent:
        names = ", ".join(_label(Member, name) for name in absent)
        plan.errors.append(_error(row, "", "", f"Đảng viên mới cần có: {names}."))
        return
    if row.values.get("status") == Member.Status.OFFICIAL and not row.values.get("official_date"):
        plan.errors.append(
            _error(row, "Ngày chính thức", "", "Đảng viên chính thức phải có ngày chính thức.")
        )
        return
    try:
        check_dates(row.values)
    except ValidationError as refusal:
        plan.errors.extend(_validation_errors(row, Member, refusal))
        return
    plan.new_members.append((branch, row))


def _plan_change(plan: Plan, row: MemberRow, branch: Node, stored: dict) -> None:
    fields = {
        name: value for name, value in row.values.items() if name in MEMBER_FIELDS and value != stored[name]
    }
    for name in ("status", "is_exempt"):
        if name in row.values and row.values[name] != stored[name]:
            plan.errors.append(
                _error(
                    row,
                    "Trạng thái",
                    row.values[name],
                    "Trạng thái khác với hồ sơ: công nhận chính thức, miễn hay thôi miễn sinh hoạt đảng "
                    "làm trên trang của đảng viên, không qua nhập dữ liệu.",
                )
            )
            return
    if fields:
        try:
            check_dates({**{f: stored[f] for f in MEMBER_FIELDS}, **fields})
        except ValidationError as refusal:
            plan.errors.extend(_validation_errors(row, Member, refusal))
            return
    to = branch if branch.pk != stored["organisation_id"] else None
    if fields or to:
        plan.changed_members.append(MemberChange(row, stored, fields, to))
    else:
        plan.unchanged_members += 1


def _check_open_transfers(plan: Plan) -> None:
    moved = {c.member["pk"]: c for c in plan.moved_members}
    if not moved:
        return
    busy = set(Transfer.objects.open().filter(member_id__in=list(moved)).values_list("member_id", flat=True))
    for pk in busy:
        change = moved[pk]
        message = "Đảng viên đang có đề nghị chuyển sinh hoạt chưa xong: xử lý đề nghị đó trước."
        plan.errors.append(_error(change.row, "Chi bộ", change.row.organisation, message))
    plan.changed_members = [c for c in plan.changed_members if c.member["pk"] not in busy]


def plan(result: ReadResult, scope: Organisation) -> Plan:
    """Match and compare every row of `result` within `scope`; write nothing."""
    made = Plan(scope, errors=list(result.errors), unknown_columns=list(result.unknown_columns))
    # A row the reader found wrong is reported once, as the reader said it, not again by what follows.
    wrong = {(e.sheet, e.row) for e in result.errors}
    orgs = Organisations(scope)
    _plan_organisations(made, [r for r in result.organisations if (r.sheet, r.row) not in wrong], orgs)
    if result.members:
        members = [r for r in result.members if (r.sheet, r.row) not in wrong]
        _plan_members(made, members, orgs, Members(scope))
    made.errors.sort(key=lambda e: (e.sheet, e.row))
    return made


# The preview as stored (JSON) and shown --------------------------------------------------------------


def _changes(model, fields: dict, stored: dict) -> list[list[str]]:
    return [[_label(model, name), _shown(stored.get(name)), _shown(value)] for name, value in fields.items()]


def preview(made: Plan) -> dict:
    """What the preview page shows, JSON-able; lists are cut at LISTED rows, the counts are whole."""
    changed_members = []
    for change in made.changed_members[:LISTED]:
        rows = _changes(Member, change.fields, change.member)
        if change.to is not None:
            rows.append(["Chi bộ", "", change.to.name])
        changed_members.append(
            {"row": change.row.row, "label": _member_label(change.member), "changes": rows}
        )
    return {
        "digest": made.digest(),
        "counts": made.counts(),
        "new_organisations": [
            {"row": n.row.row, "label": n.label, "parent": made.parents[id(n)].name}
            for n in made.new_organisations[:LISTED]
        ],
        "changed_organisations": [
            {
                "row": c.row.row,
                "label": c.node.label,
                "changes": _changes(Organisation, c.fields, c.node.values)
                + ([["Trực thuộc", "", c.parent.name]] if c.parent else []),
            }
            for c in made.changed_organisations[:LISTED]
        ],
        "new_members": [
            {"row": r.row, "label": _member_label(r.values), "organisation": b.name}
            for b, r in made.new_members[:LISTED]
        ],
        "changed_members": changed_members,
        "missing": [_member_label(m) for m in made.missing[:LISTED]],
        "errors": [
            {"sheet": e.sheet, "row": e.row, "column": e.column, "value": e.value, "message": e.message}
            for e in made.errors[:ERRORS_LISTED]
        ],
        "unknown_columns": made.unknown_columns,
    }


def _member_label(values: dict) -> str:
    born = values.get("birth_date")
    return f"{values.get('full_name', '')} ({born:%d/%m/%Y})" if born else values.get("full_name", "")
