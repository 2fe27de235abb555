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

from .recognitions import (
    Comparison,
    CriterionKind,
    Measure,
    Recognition,
    RecognitionCriterion,
    RecognitionEvent,
    RecognitionResult,
    RecognitionScheme,
    RecognitionStatus,
    RecognitionTarget,
)

__all__ += [
    "Comparison", "CriterionKind", "Measure", "Recognition", "RecognitionCriterion", "RecognitionEvent",
    "RecognitionResult", "RecognitionScheme", "RecognitionStatus", "RecognitionTarget",
]
