"""Deterministic demo data: a commune for `make run`, the Trà Vinh province for benchmarks.

The province shape follows the seed article (Trà Vinh, 2022): 13 organisations under the
provincial committee, 519 grassroots organisations (196 đảng bộ cơ sở, 323 chi bộ cơ sở), 2,006
chi bộ trực thuộc, 46,437 members of whom 14,732 women, 8,013 Khmer, 170 Hoa, 14.99 % exempt.
Its tree uses the province's real districts, communes, wards and townships of that year; the
units below them (hamlets, offices, schools, police teams) are plausible, not a register.
Rows are bulk-inserted; nothing here goes through the per-row services except the few lifecycle
stories of the commune demo, which should look like real use. The same seed gives the same data.
"""

from __future__ import annotations

import random

from django.db import transaction

from .logins import DEMO_PASSWORD, MEMBER_LOGIN, DemoLogin, create_logins
from .members import build_history, build_members
from .people import FAMILY, GIVEN_M, MIDDLE_M
from .places import RESIDENTIAL
from .shapes import COMMUNE, PROVINCE, TODAY, Built, Shape
from .stories import tell_stories
from .tree import build_tree


@transaction.atomic
def seed(shape: Shape, seed: int = 2022) -> tuple[Built, list[DemoLogin]]:
    # One stream for the tree and the members, in this order: the same seed gives the same data.
    rng = random.Random(seed)
    built = build_tree(shape, rng)
    members = build_members(shape, rng, built)
    build_history(rng, built, members)
    logins = create_logins(built)
    if shape is COMMUNE:
        tell_stories(built)
    return built, logins


__all__ = [
    "COMMUNE",
    "PROVINCE",
    "Built",
    "Shape",
    "DEMO_PASSWORD",
    "FAMILY",
    "GIVEN_M",
    "MIDDLE_M",
    "RESIDENTIAL",
    "TODAY",
    "DemoLogin",
    "MEMBER_LOGIN",
    "seed",
]
