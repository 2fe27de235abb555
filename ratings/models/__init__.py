"""Rating periods and ratings (`ratings`); recognitions (`recognitions`)."""

from .ratings import (
    LEVEL_CHOICES,
    Assessment,
    Comment,
    MemberRating,
    OrganisationRating,
    RatingPeriod,
    RatingQuerySet,
    Status,
    Transition,
)

__all__ = [
    "LEVEL_CHOICES", "Assessment", "Comment", "MemberRating", "OrganisationRating", "RatingPeriod", "RatingQuerySet",
    "Status", "Transition",
]
