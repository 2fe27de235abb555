"""The arithmetic of the report tables (domain-rules §8): shares over the number rated, HTXSNV
also as a share of HTTNV with the quota flag, the change against the previous year. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
QUOTA_SHARE = Decimal("0.20")
EXCEPTIONAL_SHARE = Decimal("0.25")
HUNDREDTH = Decimal("0.01")


def rate(part: int, whole: int) -> Decimal | None:
    """part/whole in per cent, two decimals, half up (§8: "round to 2 decimals"); None for 0/0.
    The arithmetic only: branches.formatting writes it out."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass
class Levels:
    """Subjects (members or organisations) by level, among those rated."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))

    def add(self, level: str, n: int = 1) -> None:
        self.counts[level] += n

    def __iadd__(self, other: Levels) -> Levels:
        for level in LEVELS:
            self.counts[level] += other.counts[level]
        return self

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    def share(self, level: str) -> Decimal | None:
        return rate(self.counts[level], self.rated)

    @property
    def good(self) -> int:
        """HTTNV or better."""
        return self.counts["HTXSNV"] + self.counts["HTTNV"]

    @property
    def good_share(self) -> Decimal | None:
        return rate(self.good, self.rated)

    @property
    def excellent_of_good(self) -> Decimal | None:
        """HTXSNV as a share of those rated HTTNV (§8: report both ratios)."""
        return rate(self.counts["HTXSNV"], self.counts["HTTNV"])

    def over_quota(self, exceptional: bool = False) -> bool:
        """More HTXSNV than 20 % (25 % when granted) of those rated HTTNV."""
        share = EXCEPTIONAL_SHARE if exceptional else QUOTA_SHARE
        return self.counts["HTXSNV"] > share * self.counts["HTTNV"]

    def cells(self) -> list[tuple[int, Decimal | None]]:
        return [(self.counts[level], self.share(level)) for level in LEVELS]


def change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """Percentage points gained or lost since the previous year (P3: 88.5 → 90.0 is +1.5)."""
    if now is None or before is None:
        return None
    return now - before
