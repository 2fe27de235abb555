"""A demo sitting scored as the app scores it: the rules decide the automatic criteria, the chi bộ's
own marks vary around its usual standard."""

from __future__ import annotations

import random
from collections import Counter

from .. import rules
from ..models import Meeting, ScoreCriterion
from .plan import Kind, Present, Sitting


def score_sitting(
    rng: random.Random, sheets: dict, meeting: Meeting, s: Sitting, rows: dict, streak: int, strength: float
) -> list[tuple]:
    """What services.finalise_meeting stores: sets the meeting's sheet, score and level, and returns
    its score rows."""
    sheet, criteria = sheets[(meeting.year, Kind.THEMATIC if s.kind == Kind.THEMATIC else Kind.REGULAR)]
    counts = Counter(status for status, _ in rows.values())
    verdicts = {
        ScoreCriterion.Auto.ATTENDANCE: rules.attendance_criterion(
            counts[Present.PRESENT], counts[Present.EXCUSED], counts[Present.UNEXCUSED], streak
        ),
        ScoreCriterion.Auto.DURATION: rules.duration_criterion(s.kind == Kind.COMBINED, s.minutes),
    }
    quality = (
        strength
        + rng.gauss(0, 0.05)
        - (0.05 if s.minutes < rules.MIN_MINUTES else 0)
        - (0.03 if s.late else 0)
    )
    if rng.random() < 0.1:
        quality = rng.uniform(0.42, 0.76)  # a poor sitting: unprepared, little discussion
    points = {}
    for c in criteria:
        if c.auto:
            verdict = verdicts[c.auto]
            points[c.pk] = (c.max_points if verdict.met else 0, verdict.reason[:300])
        else:
            points[c.pk] = (round(c.max_points * min(1.0, max(0.0, quality + rng.gauss(0, 0.05)))), "")
    total = sum(p for p, _ in points.values())
    at_max = all(points[c.pk][0] == c.max_points for c in criteria if c.required_for_good)
    thresholds = rules.Thresholds(sheet.good_min, sheet.fair_min, sheet.average_min)
    meeting.sheet_id, meeting.score = sheet.pk, total
    meeting.level = rules.quality_level(total, thresholds, at_max)
    return [(meeting, pk, p, text) for pk, (p, text) in points.items()]
