"""What the demo builds: a shape (the commune for make run, the province for benchmarks), what building
it hands to the demos above, and the fixed day the demo is seen from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..models import Organisation

# The demo's dates are fixed: the day it is seen from.
TODAY = date(2026, 11, 22)


@dataclass(frozen=True)
class Shape:
    """How much to build. Counts are totals across the province."""

    uppers: int
    grassroots_committees: int
    grassroots_cells: int
    cells: int
    members: int
    women: int
    khmer: int
    hoa: int
    exempt_share: float


COMMUNE = Shape(
    uppers=2,
    grassroots_committees=1,
    grassroots_cells=2,
    cells=8,
    members=180,
    women=60,
    khmer=30,
    hoa=2,
    exempt_share=0.15,
)


PROVINCE = Shape(
    uppers=13,
    grassroots_committees=196,
    grassroots_cells=323,
    cells=2006,
    members=46437,
    women=14732,
    khmer=8013,
    hoa=170,
    exempt_share=0.1499,
)


@dataclass
class Built:
    province: Organisation
    uppers: list[Organisation] = field(default_factory=list)
    branches: list[Organisation] = field(default_factory=list)
    members: int = 0
    # Hamlet and ward-block chi bộ -> their commune, the usual quê quán of the people living there.
    places: dict[int, str] = field(default_factory=dict)
