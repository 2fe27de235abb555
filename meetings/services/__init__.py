"""Every write to meetings: record, finalise, amend, comment, plan. Each checks the policy and its rules,
writes in one transaction and refuses with a Vietnamese message, leaving the database as it was.
The modules split it by concern; callers import from here."""

from .minutes import amend_meeting, comment_meeting, record_and_finalise, save_meeting
from .plans import add_attachment, plan_meeting, withdraw_plan
from .record import MAX_HOURS, REASON_NEEDED, RESUBMITTED, Record
from .roster import COMMITTEE_TITLES, RosterEntry, roster
from .scoring import STREAK_MONTHS, adjust_score, automatic_scores, finalise_meeting, sheet_for

__all__ = [
    "COMMITTEE_TITLES",
    "MAX_HOURS",
    "REASON_NEEDED",
    "RESUBMITTED",
    "STREAK_MONTHS",
    "Record",
    "RosterEntry",
    "add_attachment",
    "adjust_score",
    "amend_meeting",
    "automatic_scores",
    "comment_meeting",
    "finalise_meeting",
    "plan_meeting",
    "record_and_finalise",
    "roster",
    "save_meeting",
    "sheet_for",
    "withdraw_plan",
]
