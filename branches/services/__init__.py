"""Every write to organisations, members and roles: asks the policy for the acting user `by`
(branches/policy.py), checks the rule, writes in one transaction, records the event and the audit
row. Refusals raise ValidationError with a Vietnamese message (policy.Refused when the user may not
act at all) and leave the database as it was."""

from .admissions import admit_members
from .common import STALE_MESSAGE, audit
from .founding import NewOrganisation, create_organisations
from .lifecycle import (
    discipline_member,
    end_exemption,
    end_suspension,
    exempt_member,
    recognise_official,
    record_leaving,
    suspend_member,
)
from .members import SamePerson, admit_member, update_member
from .organisations import (
    check_tree,
    create_organisation,
    dissolve_organisation,
    move_organisation,
    update_organisation,
)
from .positions import add_position, end_position
from .roles import create_account, grant_role, revoke_role
from .transfers import cancel_transfer, confirm_transfer, end_temporary, request_transfer

__all__ = [
    "NewOrganisation",
    "STALE_MESSAGE",
    "SamePerson",
    "add_position",
    "admit_member",
    "admit_members",
    "audit",
    "cancel_transfer",
    "check_tree",
    "confirm_transfer",
    "create_account",
    "create_organisation",
    "create_organisations",
    "discipline_member",
    "dissolve_organisation",
    "end_exemption",
    "end_position",
    "end_suspension",
    "end_temporary",
    "exempt_member",
    "grant_role",
    "move_organisation",
    "recognise_official",
    "record_leaving",
    "request_transfer",
    "revoke_role",
    "suspend_member",
    "update_member",
    "update_organisation",
]
