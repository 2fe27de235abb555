"""The HTXSNV quota (QĐ 366 Điều 11; domain-rules §2.4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from .common import Level

STANDARD_SHARE = Fraction(20, 100)  # HTXSNV ≤ 20 % of those rated HTTNV in a comparable group
EXCEPTIONAL_SHARE = Fraction(25, 100)  # raised by the competent level for outstanding achievements


def max_excellent(eligible: int, share: Fraction = STANDARD_SHARE, small_group_minimum: int = 0) -> int:
    """How many of `eligible` subjects (all rated HTTNV or better) may be HTXSNV.

    X ≤ p·(G − X) gives X_max = floor(p·G / (1 + p)); floor is the only rounding that never
    exceeds the cap (⚠ rounding is not set centrally). Exact fractions, so 0.2 × 30 / 1.2 is 5
    and not 4.999…. A province may let small groups have `small_group_minimum` regardless
    (default 0: a group of five gets none).
    """
    if eligible <= 0:
        return 0
    return max(floor(share * eligible / (1 + share)), min(small_group_minimum, eligible))


GOOD = (Level.HTXSNV, Level.HTTNV)  # the levels the quota is counted over


@dataclass(frozen=True)
class Quota:
    """A comparable group's HTXSNV against what its HTTNV-or-better count allows."""

    good: int  # rated (or proposed) HTTNV or better
    excellent: int
    allowed: int

    @property
    def exceeded(self) -> bool:
        return self.excellent > self.allowed

    @classmethod
    def counted(cls, good: int, excellent: int, share: Fraction, small_group_minimum: int = 0) -> Quota:
        return cls(good, excellent, max_excellent(good, share, small_group_minimum))

    @classmethod
    def of(cls, levels: Iterable[str], share: Fraction, small_group_minimum: int = 0) -> Quota:
        levels = list(levels)
        return cls.counted(
            sum(level in GOOD for level in levels), levels.count(Level.HTXSNV), share, small_group_minimum
        )


def exceeds_quota(excellent: int, good: int, share: Fraction = STANDARD_SHARE) -> bool:
    """For reports: more HTXSNV than the share of those rated HTTNV allows."""
    return excellent > share * good
