"""Which organisation and which member each row of a file is, within the importer's scope.

Organisations by code, else by full name (accents and case aside), among the scope's subtree and
the organisations the file itself creates. Members by CCCD (12 digits), else by số thẻ đảng viên,
else by name and birth date within the chi bộ. What cannot be told apart is an error that lists the
candidates; a row that points outside the scope is an error that names nobody there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..models import Member, Organisation
from ..text import fold, nfc
from .rows import MemberRow, OrganisationRow

# What an import may set on a member; status and exemption are lifecycle steps (branches.services).
MEMBER_FIELDS = Member.RECORD_FIELDS
STANDING_FIELDS = ("status", "is_exempt")
ORGANISATION_FIELDS = ("code", "name", "kind", "area_type", "founded_on", "dissolved_on", "online_pilot")


class Unmatched(Exception):
    """The row cannot be matched; the message (Vietnamese) says why."""


@dataclass(eq=False)
class Node:
    """An organisation of the scope, or one the file creates (`pk` None, `row` its row)."""

    pk: int | None
    code: str
    name: str
    kind: str
    path: str = ""
    version: int = 0
    values: dict = field(default_factory=dict)  # the stored fields (ORGANISATION_FIELDS)
    row: OrganisationRow | None = None

    @property
    def label(self) -> str:
        return f"{self.name} (mã {self.code})"


def _code_key(code: str) -> str:
    return nfc(str(code)).upper()


class Organisations:
    """The scope's subtree, then the file's new organisations as they are added."""

    def __init__(self, scope: Organisation):
        self.scope = scope
        self.by_code: dict[str, Node] = {}
        self.by_name: dict[str, list[Node]] = defaultdict(list)
        self.unknown: dict[str, str] = {}  # what no organisation of the scope is named: why
        fields = ("pk", "path", "version", *ORGANISATION_FIELDS)
        for values in Organisation.objects.subtree(scope).values(*fields):
            pk, path, version = values.pop("pk"), values.pop("path"), values.pop("version")
            self.add(Node(pk, values["code"], values["name"], values["kind"], path, version, values))

    def add(self, node: Node) -> None:
        self.by_code[_code_key(node.code)] = node
        self.by_name[fold(node.name)].append(node)

    def find(self, code: str = "", name: str = "") -> Node | None:
        """The organisation a row describes: by its code, else by its full name (an ambiguous name
        is an error)."""
        if code and _code_key(code) in self.by_code:
            return self.by_code[_code_key(code)]
        if name:
            return self._by_name(name)
        return None

    def _by_name(self, name: str) -> Node | None:
        candidates = self.by_name.get(fold(name), [])
        if len(candidates) > 1:
            listed = "; ".join(node.label for node in candidates[:5])
            raise Unmatched(f"Có {len(candidates)} tổ chức cùng tên “{name}”: {listed}. Hãy ghi mã tổ chức.")
        return candidates[0] if candidates else None

    def resolve(self, text: str) -> Node:
        """An organisation named in a row (a member's chi bộ, an organisation's superior): by code,
        else by full name, within the scope."""
        text = nfc(str(text or ""))
        if not text:
            raise Unmatched("Chưa ghi tổ chức (mã hoặc tên đầy đủ).")
        node = self.find(code=text, name=text)
        if node is not None:
            return node
        if text not in self.unknown:  # asked once per text, however many rows name it
            outside = (
                Organisation.objects.filter(code__iexact=text).exists()
                or Organisation.objects.filter(name__iexact=text).exists()
            )
            self.unknown[text] = (
                f"“{text}” không thuộc {self.scope.name}: chỉ nhập được dữ liệu trong phạm vi của mình."
                if outside
                else f"Không có tổ chức mã hoặc tên “{text}” trong {self.scope.name}."
            )
        raise Unmatched(self.unknown[text])


@dataclass(frozen=True)
class Found:
    member: dict | None  # the stored member's values (pk, organisation_id, version, MEMBER_FIELDS…)
    by: str = ""  # "cccd", "card_number" or "name"


def _same_name(row_name: str, stored: str) -> bool:
    """As admit_member's namesake check: the same letters and tones, or, for a name typed without
    diacritics, any name that reads so."""
    name = nfc(row_name).lower()
    return name == fold(name) or stored.lower() == name


class Members:
    """The members of the scope's subtree, indexed by CCCD, card number and name with birth date."""

    def __init__(self, scope: Organisation):
        self.scope = scope
        fields = ("pk", "organisation_id", "version", "search_name", *STANDING_FIELDS, *MEMBER_FIELDS)
        self.rows = list(Member.objects.in_subtree(scope).order_by("pk").values(*fields))
        self.by_id: dict[str, dict[str, dict]] = {"cccd": {}, "card_number": {}}
        self.by_name: dict[tuple[int, str, date], list[dict]] = defaultdict(list)
        for member in self.rows:
            for key, index in self.by_id.items():
                if member[key]:
                    index[member[key]] = member
            self.by_name[(member["organisation_id"], member["search_name"], member["birth_date"])].append(
                member
            )
        self.outside: dict[str, set[str]] = {"cccd": set(), "card_number": set()}

    def look_outside(self, rows: list[MemberRow]) -> None:
        """The file's numbers registered to members outside the scope (two queries, in slices)."""
        for key in self.outside:
            wanted = sorted({r.values[key] for r in rows if r.values.get(key)} - set(self.by_id[key]))
            for start in range(0, len(wanted), 10_000):
                self.outside[key].update(
                    Member.objects.filter(**{f"{key}__in": wanted[start : start + 10_000]}).values_list(
                        key, flat=True
                    )
                )

    def match(self, row: MemberRow, branch: Node) -> Found:
        """The stored member the row is, if any: by CCCD, else card number, else name and birth date
        in the chi bộ. Two numbers pointing at two members, a number registered outside the scope,
        or namesakes that cannot be told apart are errors."""
        hits = {}
        for key, label in (("cccd", "Số CCCD"), ("card_number", "Số thẻ đảng viên")):
            value = row.values.get(key)
            if not value:
                continue
            if value in self.outside[key]:
                raise Unmatched(
                    f"{label} {value} đã được đăng ký cho một đảng viên thuộc tổ chức đảng ngoài "
                    f"{self.scope.name}. Kiểm tra lại số; nếu đúng, đề nghị nơi đó chuyển sinh hoạt đảng."
                )
            if value in self.by_id[key]:
                hits[key] = self.by_id[key][value]
        distinct = {m["pk"]: m for m in hits.values()}
        if len(distinct) > 1:
            listed = "; ".join(_label(m) for m in distinct.values())
            raise Unmatched(f"Số CCCD và số thẻ đảng viên chỉ vào hai đảng viên khác nhau: {listed}.")
        if hits:
            key = "cccd" if "cccd" in hits else "card_number"
            return Found(hits[key], key)
        return self._by_name(row, branch)

    def _by_name(self, row: MemberRow, branch: Node) -> Found:
        name, born = row.values.get("full_name"), row.values.get("birth_date")
        if branch.pk is None or not name or not born:
            return Found(None)
        namesakes = [
            m for m in self.by_name.get((branch.pk, fold(name), born), []) if _same_name(name, m["full_name"])
        ]
        # A namesake with other numbers is another person; one with none may be this one.
        same = [m for m in namesakes if all(not m[k] or m[k] == row.values.get(k, m[k]) for k in self.by_id)]
        if len(same) > 1 or (namesakes and not same):
            listed = "; ".join(_label(m) for m in namesakes)
            raise Unmatched(
                f"Chi bộ có {len(namesakes)} đảng viên cùng họ tên và ngày sinh ({listed}): "
                "ghi số CCCD hoặc số thẻ đảng viên để phân biệt."
            )
        return Found(same[0], "name") if same else Found(None)


def _label(member: dict) -> str:
    numbers = ", ".join(
        f"{label} {member[key]}" for key, label in (("cccd", "CCCD"), ("card_number", "thẻ")) if member[key]
    )
    return f"{member['full_name']} ({member['birth_date']:%d/%m/%Y}{', ' + numbers if numbers else ''})"
