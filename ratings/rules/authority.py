"""Who decides a party organisation's rating (HD 43 Mục 3, mapped to the 2025 structure; §2.6)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Authority:
    self_assessed_by: str
    levels_up: int  # the deciding organisation is this many levels above
    body: str  # who in it decides


def authority_for(kind: str, parent_kind: str | None) -> Authority:
    """`kind`/`parent_kind`: branches.models.Organisation.Kind values."""
    if kind == "cell":
        if parent_kind == "sub_committee":
            # A đảng ủy bộ phận proposes; the đảng ủy cơ sở above it decides.
            return Authority("Chi ủy (hoặc chi bộ nếu không có chi ủy)", 2, "Đảng ủy cơ sở")
        if parent_kind == "upper":
            return Authority("Chi ủy (hoặc chi bộ nếu không có chi ủy)", 1, "Ban Thường vụ")
        return Authority("Chi ủy (hoặc chi bộ nếu không có chi ủy)", 1, "Đảng ủy cơ sở")
    if kind == "grassroots_cell":
        return Authority("Chi ủy (hoặc chi bộ nếu không có chi ủy)", 1, "Ban Thường vụ")
    if kind == "sub_committee":
        return Authority("Đảng ủy bộ phận", 1, "Đảng ủy cơ sở")
    if kind == "grassroots_committee":
        return Authority("Đảng ủy cơ sở", 1, "Ban Thường vụ")
    if kind == "upper":
        return Authority("Ban Thường vụ", 1, "Ban Thường vụ Tỉnh ủy")
    return Authority("Ban Thường vụ Tỉnh ủy", 0, "Bộ Chính trị, Ban Bí thư (qua Ban Tổ chức Trung ương)")
