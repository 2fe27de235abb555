"""Rating periods and ratings (`ratings`), score sheets (`sheets`), recognitions (`recognitions`), report jobs
(`reports`)."""

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
    province_id_of,
)
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
from .reports import ReportJob
from .sheets import GROUP_POINTS, SHEET_TOTAL, CriterionGroup, RatingCriterion, RatingSheet, SheetCode

__all__ = [
    "LEVEL_CHOICES", "Assessment", "Comment", "MemberRating", "OrganisationRating", "RatingPeriod", "RatingQuerySet",
    "Status", "Transition", "province_id_of",
    "Comparison", "CriterionKind", "Measure", "Recognition", "RecognitionCriterion", "RecognitionEvent",
    "RecognitionResult", "RecognitionScheme", "RecognitionStatus", "RecognitionTarget",
    "ReportJob",
    "GROUP_POINTS", "SHEET_TOTAL", "CriterionGroup", "RatingCriterion", "RatingSheet", "SheetCode",
]
