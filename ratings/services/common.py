"""What the member and organisation workflows share."""

from __future__ import annotations

from branches.models import Organisation, Position

from ..models import RatingPeriod
from ..rules import qd366


def heads_of(org: Organisation) -> set[int]:
    """Member ids of the organisation's sitting bí thư (its người đứng đầu)."""
    return set(
        Position.objects.filter(organisation=org, title=Position.Title.SECRETARY, ends_on__isnull=True)
        .values_list("member_id", flat=True)
    )


def parameters_of(period: RatingPeriod) -> qd366.Parameters:
    return qd366.Parameters(
        htxsnv_min=period.htxsnv_min, httnv_min=period.httnv_min, htnv_min=period.htnv_min,
        exceeded_share=float(period.exceeded_share), late_share=float(period.late_share),
    )
