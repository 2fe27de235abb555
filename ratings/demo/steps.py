"""What the steps of a planned rating set on the row, as the services set them, and the transition rows
they leave."""

from __future__ import annotations

from datetime import date

from ..models import MemberRating, OrganisationRating
from .levels import Plan
from .plan import STEPS


def fill(rating: MemberRating | OrganisationRating, plan: Plan, number: str, decided_on: date) -> None:
    """The fields each step sets, as the services set them."""
    if plan.steps >= 1:
        rating.score, rating.tasks, rating.self_level = plan.score, plan.tasks, plan.self_level
    if plan.steps >= 2:
        rating.proposed_level, rating.proposal_reasons = plan.proposed, plan.reasons
    if plan.steps >= 3:
        rating.level, rating.decision_number, rating.decided_on = plan.decided, number, decided_on
    rating.status = STEPS[plan.steps]
    rating.version += plan.steps


def transition_rows(
    member_rating: int | None, organisation_rating: int | None, plan: Plan, times: list, users: list
) -> list[tuple]:
    """The plan's steps as rows of bulk.TRANSITION_COLUMNS."""
    levels = [plan.self_level, plan.proposed, plan.decided, plan.decided]
    return [
        (member_rating, organisation_rating, STEPS[i], STEPS[i + 1], levels[i], "", users[i], times[i])
        for i in range(plan.steps)
    ]
