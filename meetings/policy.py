"""Meetings' actions in the one policy (branches/policy.py), registered by MeetingsConfig.ready."""

from __future__ import annotations

from branches.models import RoleAssignment
from branches.policy import Rule, roles

Role = RoleAssignment.Role

MEETING_RULES: dict[str, Rule] = {
    # Record, plan, finalise, amend, attach, withdraw a plan; obj: the chi bộ.
    "meeting.record": roles(Role.ADMIN, Role.REVIEWER, Role.SECRETARY),
    # Comment, adjust a score: the committee above; obj: the chi bộ.
    "meeting.review": roles(Role.ADMIN, Role.REVIEWER, strictly_below=True),
    "sheet.manage": roles(Role.ADMIN),  # meeting-quality score sheets; obj: the province
    # Party dues (meetings.dues): the month's book, payments between meetings, members' bases, portal
    # statements; obj: the chi bộ that keeps the dues (for a statement, the organisation it is read into).
    "dues.collect": roles(Role.ADMIN, Role.REVIEWER, Role.SECRETARY),
    # The province's [U] rates, the split kept and handed up, the xóa tên window; obj: the province.
    "dues.configure": roles(Role.ADMIN),
}
