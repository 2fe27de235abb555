"""Writes for ratings. Views and commands call these; nothing else changes rating rows."""

from .common import heads_of, parameters_of
from .members import (
    collective_of,
    decide,
    facts_of,
    head_cap,
    heads_waiting,
    propose,
    publish,
    quota_group,
    rerate,
    self_assess,
    verdict_for,
)
from .organisations import (
    RATED_KINDS,
    decide_organisation,
    leadership_disciplined,
    open_organisation_ratings,
    organisation_verdict,
    propose_organisation,
    publish_organisation,
    rerate_organisation,
    self_assess_organisation,
)
from .periods import has_decisions, update_period
from .roll import open_period, record_comment
from .sheets import ORGANISATION_SHEET, criteria_for, points_shown, sheet_for, sheet_in_use

__all__ = [
    "RATED_KINDS",
    "decide",
    "decide_organisation",
    "facts_of",
    "collective_of",
    "head_cap",
    "heads_of",
    "heads_waiting",
    "open_organisation_ratings",
    "open_period",
    "parameters_of",
    "propose",
    "publish",
    "quota_group",
    "record_comment",
    "rerate",
    "self_assess",
    "verdict_for",
    "leadership_disciplined",
    "organisation_verdict",
    "propose_organisation",
    "publish_organisation",
    "rerate_organisation",
    "self_assess_organisation",
]

from .recognitions import (
    appraise_recognition,
    check_criteria,
    recognise,
    refuse_recognition,
    register_recognition,
    report_recognition,
    revoke_after_rerating,
    revoke_recognition,
    set_target,
)

__all__ += [
    "appraise_recognition",
    "check_criteria",
    "recognise",
    "refuse_recognition",
    "register_recognition",
    "report_recognition",
    "revoke_after_rerating",
    "revoke_recognition",
    "set_target",
]

__all__ += ["ORGANISATION_SHEET", "criteria_for", "points_shown", "sheet_for", "sheet_in_use"]
__all__ += ["has_decisions", "update_period"]
