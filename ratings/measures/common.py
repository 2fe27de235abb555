"""What every measure reader shares: the (organisation, year) key, reading a subtree with one prefix test
and summing its rows up to the requested organisations, and the facts a count or a share makes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction

from branches import formatting
from branches.models import Organisation

from ..rules.recognition import Fact, share

Key = tuple[int, int]  # (organisation id, year)

Reader = Callable[[list[Organisation], list[int], str], dict[Key, Fact]]


def subtree_prefix(orgs: list[Organisation]) -> str:
    """The deepest path every organisation lies under, so a subtree read is one prefix test."""
    parts = [o.path.strip("/").split("/") for o in orgs]
    common = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    return "/" + "".join(f"{p}/" for p in common) if common else "/"


def owners(path: str, by_path: dict[str, int], strictly_below: bool = False) -> Iterable[int]:
    """The requested organisations whose subtree holds a row of the organisation at `path`."""
    parts = path.strip("/").split("/")
    for end in range(1, len(parts) + (0 if strictly_below else 1)):
        owner = by_path.get("/" + "".join(f"{p}/" for p in parts[:end]))
        if owner is not None:
            yield owner


def count_fact(count: int, noun: str) -> Fact:
    return Fact(Fraction(count), f"{count} {noun}." if count else f"Không có {noun}.")


def share_facts(
    orgs: list[Organisation], years: list[int], counts: dict[Key, tuple[int, int]], text: str, missing: str
) -> dict[Key, Fact]:
    """Each organisation's (part, total) of each year as a share and "part/total text (percent).";
    `missing` (which may name the {year}) where there is no total."""
    facts = {}
    for org in orgs:
        for year in years:
            part, total = counts.get((org.pk, year), (0, 0))
            facts[(org.pk, year)] = (
                Fact(share(part, total), f"{part}/{total} {text} ({formatting.share(part, total)}).")
                if total
                else Fact(None, missing.format(year=year))
            )
    return facts
