"""Rating periods and ratings (`ratings`), score sheets (`sheets`), recognition schemes (`schemes`) and
recognitions (`recognitions`). Report jobs are rows of the generic job (branches.jobs)."""

from .ratings import (
    IN_FORCE,
    LEVEL_CHOICES,
    TASK_FIELDS,
    Assessment,
    Comment,
    MemberRating,
    OrganisationRating,
    RatingPeriod,
    RatingQuerySet,
    Status,
    Transition,
)
from .recognitions import Recognition, RecognitionEvent, RecognitionResult, RecognitionStatus
from .schemes import (
    Comparison,
    CriterionKind,
    Measure,
    RecognitionCriterion,
    RecognitionScheme,
    RecognitionTarget,
)
from .sheets import GROUP_POINTS, SHEET_TOTAL, CriterionGroup, RatingCriterion, RatingSheet, SheetCode

__all__ = [
    "LEVEL_CHOICES",
    "Assessment",
    "Comment",
    "MemberRating",
    "OrganisationRating",
    "RatingPeriod",
    "RatingQuerySet",
    "IN_FORCE",
    "TASK_FIELDS",
    "Status",
    "Transition",
    "Comparison",
    "CriterionKind",
    "Measure",
    "Recognition",
    "RecognitionCriterion",
    "RecognitionEvent",
    "RecognitionResult",
    "RecognitionScheme",
    "RecognitionStatus",
    "RecognitionTarget",
    "GROUP_POINTS",
    "SHEET_TOTAL",
    "CriterionGroup",
    "RatingCriterion",
    "RatingSheet",
    "SheetCode",
]
