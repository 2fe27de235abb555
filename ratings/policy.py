"""Ratings' and recognitions' actions in the one policy (branches/policy.py), registered by
RatingsConfig.ready. The services ask them before every step; the pages ask them to show the
steps a user may take."""

from __future__ import annotations

from branches.models import Organisation, RoleAssignment
from branches.policy import Rule, held, roles

from .rules.authority import authority_for

Role = RoleAssignment.Role
ASSESSORS = (Role.ADMIN, Role.REVIEWER, Role.SECRETARY)
REVIEWERS = (Role.ADMIN, Role.REVIEWER)


def decider_path(org: Organisation) -> str:
    """The path of the organisation whose standing committee decides `org`'s rating and its
    members' (HD 43 Mục 3; §2.6), e.g. the đảng ủy cơ sở two levels above a chi bộ of a đảng bộ bộ phận."""
    authority = authority_for(org.kind, org.parent.kind if org.parent_id else None)
    parts = org.path.strip("/").split("/")
    return "/" + "/".join(parts[: max(len(parts) - authority.levels_up, 1)]) + "/"


def _decides(user, org: Organisation) -> bool:
    """A reviewer (or administrator) of the deciding level or above, working below the committee
    they belong to."""
    return held(user, REVIEWERS, org.path, strictly_below=True) and held(user, REVIEWERS, decider_path(org))


def _assesses_self(user, rating) -> bool:
    """A member's own self-assessment: the member's login, or whoever enters it for the chi bộ."""
    own = rating.member.account_id is not None and rating.member.account_id == user.pk
    return own or held(user, ASSESSORS, rating.organisation.path)


RATING_RULES: dict[str, Rule] = {
    "rating.open": roles(Role.ADMIN),  # open a rating year, set its parameters; obj: the province
    # Self-assessments, the chi bộ's proposal, comments of the host chi bộ; obj: the chi bộ.
    "rating.assess": roles(*ASSESSORS),
    "rating.self_assess": _assesses_self,  # obj: the member's rating
    # The level above appraises an organisation's self-assessment and proposes its level; obj: the organisation.
    "rating.appraise": roles(*REVIEWERS, strictly_below=True),
    # Decide, publish, re-rate (members and the organisation itself); obj: the rated organisation.
    "rating.decide": _decides,
    "recognition.report": roles(*ASSESSORS),  # register, self-report; obj: the organisation
    "recognition.decide": roles(
        *REVIEWERS, strictly_below=True
    ),  # appraise, recognise, revoke; obj: the organisation
    "recognition.configure": roles(Role.ADMIN),  # schemes, criteria, targets; obj: the province
    "report.request": roles(
        Role.ADMIN, Role.REVIEWER, Role.PROVINCE_STAFF, Role.SECRETARY
    ),  # obj: the report's scope
}
