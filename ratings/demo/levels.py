"""Levels and facts for the ratings demo: which level each member of a chi bộ and each party
organisation gets from its standing that year, held to the rules the services enforce, and a
score and task figures that the QĐ 366 rules accept for the level."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from math import ceil

from ..rules import qd366
from ..rules.common import DisciplineFact, Level, MemberFacts, Tasks
from ..rules.organisation import CollectiveFacts, collective_level
from ..rules.quota import max_excellent

HTXSNV, HTTNV, HTNV, KHTNV = Level.HTXSNV, Level.HTTNV, Level.HTNV, Level.KHTNV
GOOD = (HTXSNV, HTTNV)

# A member's standing in a year: 0.9·merit + 0.45·noise + the chi bộ's effect (sd ≈ 1.05). Cut
# points give about 1 % KHTNV and 13 % HTNV; the quota decides how many of the rest are HTXSNV.
MEMBER_KHTNV_CUT, MEMBER_HTNV_CUT = -2.45, -1.15
QUOTA_LEFT_UNUSED = ([0, 1, 2], [70, 25, 5])  # how far below its quota an ordinary chi bộ stays (weights)
# An organisation's standing: 0.6·merit + 0.4·noise (sd ≈ 0.72), +0.8 for an outlier's: about
# 17 % HTXSNV, 65 % HTTNV, 15 % HTNV, 2 % KHTNV before its members and committee hold it back.
ORG_CUTS = [(0.70, HTXSNV), (-0.72, HTTNV), (-1.50, HTNV)]

Trouble = tuple[bool, bool]  # (disciplined in the year, for a duty-related violation)


@dataclass
class Plan:
    """One rating's way through the year: the facts, the level at each step, how far it gets."""

    proposed: Level
    decided: Level
    self_level: Level | None = None
    triggered: bool = False  # a KHTNV trigger applies, whatever the work
    score: int | None = None
    tasks: Tasks = Tasks()
    pointed: int = 0
    remedied: int = 0
    reasons: list[str] = field(default_factory=list)
    votes: tuple[int, int] | None = None
    steps: int = 4  # how far it gets: self-assessed 1, proposed 2, decided 3, published 4

    def __post_init__(self):
        self.self_level = self.self_level or self.proposed


def within_quota(levels: list[Level]) -> bool:
    """What services.decide checks of a chi bộ (quota group BRANCH, p = 20 %)."""
    good = sum(level in GOOD for level in levels)
    return levels.count(HTXSNV) <= max_excellent(good)


def propose_list(
    rng: random.Random,
    standing: dict[int, float],
    trouble: dict[int, Trouble],
    head: int | None,
    outlier: bool,
    over: bool,
) -> dict[int, Plan]:
    """The chi bộ's proposal, member id → plan: KHTNV for a duty-related discipline or the
    weakest, HTNV for other discipline or the weak, HTXSNV for the strongest within the quota
    (all of it in an outlier, one more than it when `over`), HTTNV for the rest."""
    plans = {}
    for m, s in standing.items():
        disciplined, duty = trouble[m]
        if duty or s < MEMBER_KHTNV_CUT:
            plans[m] = Plan(KHTNV, KHTNV, triggered=duty)
        elif disciplined or s < MEMBER_HTNV_CUT:
            plans[m] = Plan(HTNV, HTNV)
        else:
            plans[m] = Plan(HTTNV, HTTNV)
    good = sorted((m for m, p in plans.items() if p.proposed in GOOD), key=lambda m: -standing[m])
    allowed = max_excellent(len(good))
    if over:  # the extra one is not the head, so the list alone breaks the quota
        chosen = [m for m in good if m != head][: allowed + 1]
    else:
        chosen = good[: max(0, allowed - (0 if outlier else rng.choices(*QUOTA_LEFT_UNUSED)[0]))]
    for m in chosen:
        plans[m].proposed = plans[m].decided = plans[m].self_level = HTXSNV
    for plan in plans.values():
        if plan.proposed == HTTNV and rng.random() < 0.05:
            plan.self_level = HTXSNV  # rated themselves higher than the chi bộ found
    return plans


def trim(
    plans: dict[int, Plan], standing: dict[int, float], head: int | None, head_level: Level | None
) -> None:
    """Lower the weakest HTXSNV of the list to HTTNV until the chi bộ is within its quota with its
    head at `head_level`, as services.decide counts: the head's proposal while it waits for the
    collective, its decision after."""
    listed = sorted((m for m in plans if m != head), key=lambda m: standing[m])
    while not within_quota([plans[m].decided for m in listed] + ([head_level] if head_level else [])):
        weakest = next(m for m in listed if plans[m].decided == HTXSNV)
        plans[weakest].decided = HTTNV


def organisation_level(standing: float, committee: list[Trouble], below: list[Level]) -> Level:
    """From the organisation's standing, held back by its committee's discipline (QĐ 366 Điều 11)
    and by the levels below it, its members or sub-organisations (HD 21, HD 27 as plausibility)."""
    level = next((lv for cut, lv in ORG_CUTS if standing > cut), KHTNV)
    weak = below.count(KHTNV)
    if any(duty for _, duty in committee) or 3 * weak > len(below) > 0:
        return KHTNV
    good = sum(lv in GOOD for lv in below)
    if level == HTXSNV and (any(d for d, _ in committee) or weak or good < 0.8 * len(below)):
        return HTTNV
    return level


def score(rng: random.Random, plan: Plan, collective: bool = False) -> None:
    """A 100-point score and task figures for the proposed level (QĐ 366 Điều 11)."""
    level = plan.proposed
    n = rng.randint(6, 14) if collective else rng.randint(4, 10)
    need = ceil(0.3 * n)
    late = not_done = exceeded = 0
    if level == HTXSNV:
        points, exceeded = rng.randint(90, 97), rng.randint(need, max(need, 2 * n // 3))
    elif level == HTTNV or plan.triggered:  # a trigger, not the work, made it KHTNV
        points, exceeded = int(rng.triangular(71, 89, 83)), rng.randint(0, need - 1)
    elif level == HTNV:
        late = int(n >= 5 and rng.random() < 0.5)  # at most 20 % behind schedule
        points = rng.randint(70, 79) if late else rng.randint(55, 69)
    elif rng.random() < 0.6:
        points, late, not_done = rng.randint(36, 49), rng.randint(0, 1), rng.randint(1, 2)
    else:  # more than half of the year's tasks not completed
        n = rng.randint(4, 6)
        points, not_done = rng.randint(50, 62), n // 2 + 1
    plan.score, plan.tasks = points, Tasks(n, n - late - not_done, exceeded, late, not_done)


def member_facts(
    rng: random.Random,
    plan: Plan,
    before: Level | None,
    disciplines: tuple[DisciplineFact, ...],
    year: int,
    unit_id: int,
    scored: bool,
) -> None:
    """Shortcomings pointed out at last year's review (more after a weak year), remedied for a
    good level; under QĐ 366 the score, tasks and the rule's reasons, checked against the rule."""
    plan.pointed = {
        None: 0,
        HTXSNV: 0,
        HTTNV: rng.choice([0, 0, 0, 1]),
        HTNV: rng.randint(1, 2),
        KHTNV: rng.randint(2, 3),
    }[before]
    plan.remedied = plan.pointed if plan.proposed in GOOD else max(0, plan.pointed - rng.randint(0, 1))
    if not scored:
        return  # QĐ 124: no score, and services.propose stores no reasons
    score(rng, plan)
    facts = MemberFacts(plan.score, plan.tasks, plan.pointed, plan.remedied, disciplines)
    verdict = qd366.member_level(facts, year, unit_id)
    if verdict.level != plan.proposed:
        raise AssertionError(f"The demo's facts give {verdict.level}, not {plan.proposed}: {facts}")
    plan.reasons = verdict.reasons


def organisation_facts(
    rng: random.Random, plan: Plan, committee: list[Trouble], below: list[Level], scored: bool
) -> None:
    """Under QĐ 366, the collective's score and tasks, checked against organisation.collective_level."""
    if not scored:
        return
    plan.triggered = any(duty for _, duty in committee)
    score(rng, plan, collective=True)
    facts = CollectiveFacts(
        plan.score,
        plan.tasks,
        leadership_disciplined=any(d for d, _ in committee),
        leadership_disciplined_duty=plan.triggered,
    )
    verdict = collective_level(facts, below)
    if verdict.level.rank < plan.decided.rank:
        raise AssertionError(f"The demo's facts allow {verdict.level}, not {plan.decided}: {facts}")
    plan.reasons = verdict.reasons
