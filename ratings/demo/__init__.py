"""Three rating years for the demo, on top of branches.demo's organisations and members.

2024 (QĐ 124: four levels, no score) and 2025 (QĐ 366: a 100-point score) are complete: every
member and party organisation the year rates went through self-assessment, the chi bộ's proposal,
the decision of the level HD 43 names (before 31/12) and publication in January; a few 2025
results were later re-rated (Mẫu 03). 2026 is the year open at TODAY (22/11/2026): most chi bộ
have self-assessed, some have proposed, a few are decided.

Each year is opened with the real services.open_period, which decides who is rated, where, on
which sheet and why not. The steps are then written in bulk with their transition rows, following
what the services enforce: the HTXSNV quota of each chi bộ as services.decide counts it at each
decision (the list first, the head after the collective); duty-related discipline makes the year
KHTNV; scores and task figures that qd366.member_level and organisation.collective_level accept
for the level; members before their chi bộ, sub-organisations before theirs; the head (bí thư) not
above the collective. The few per-row steps (disciplines, host comments, re-ratings) go through
the services. A member's and an organisation's standing persist from year to year, so "two years
running" has its hits, and the chi bộ of a few communes always use their full quota (outliers).
The same seed gives the same ratings.
"""

from __future__ import annotations

from branches.demo import Built, Shape

from .builder import Builder
from .plan import FULL, FULL_YEARS, OPEN, OPEN_YEAR, Figures


def seed(built: Built, shape: Shape, seed: int = 2022) -> Figures:
    """Ratings for 2024 and 2025, complete, and 2026 under way (see the module's docstring)."""
    builder = Builder(built, shape, seed)
    for year in FULL_YEARS:
        builder.discipline(year)
        full = builder.open(FULL[year], builder.at(year, 11, 15, 9))
        builder.plan(full)
        builder.write(full)
        if year == FULL_YEARS[-1]:
            builder.rerate(full)
    stages, over = builder.stages()
    current = builder.open(OPEN, builder.at(OPEN_YEAR, 11, 1, 8))
    builder.plan(current, stages, over)
    builder.write(current)
    builder.count()
    return builder.figures
