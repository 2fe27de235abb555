"""The models of branches, by concern: the organisation tree, the scope layer (roles and the filters
that limit every query to the user's subtrees), members and their history, the app's own records, the reminders;
and the background job's row, which lives with its mechanism (branches/jobs/). Everything is
imported from here."""

from .fields import acted_by, ends_after
from .members import (
    OPEN_TRANSFER,
    Discipline,
    Gender,
    LeaveReason,
    Member,
    MemberEvent,
    MemberQuerySet,
    Position,
    PositionQuerySet,
    Transfer,
    TransferQuerySet,
)
from .organisations import (
    ALLOWED_CHILD_KINDS,
    BRANCH_KINDS,
    Organisation,
    OrganisationQuerySet,
    province_id_of,
)
from .records import CHANGE_LABELS, SUBJECT_LABELS, Account, ChangeRecord, ChangeRecordQuerySet, DownloadLog
from .reminders import Reminder, ReminderDigest, ReminderQuerySet
from .scope import (
    OrganisationRowQuerySet,
    RoleAssignment,
    RoleAssignmentQuerySet,
    admin_q,
    is_plain_member,
    organisation_scope_q,
    paths_q,
    scope_organisation_ids,
    scope_paths,
    scope_q,
    user_roles,
)

# isort: split
# Last: the job's row refers to the organisation and the scope filter above.
from ..jobs.models import Job
from .imports import ImportRecord

__all__ = [
    "acted_by",
    "ends_after",
    "ALLOWED_CHILD_KINDS",
    "Account",
    "BRANCH_KINDS",
    "CHANGE_LABELS",
    "ChangeRecord",
    "ChangeRecordQuerySet",
    "Discipline",
    "DownloadLog",
    "Gender",
    "ImportRecord",
    "Job",
    "LeaveReason",
    "Member",
    "MemberEvent",
    "MemberQuerySet",
    "OPEN_TRANSFER",
    "Organisation",
    "OrganisationQuerySet",
    "Position",
    "PositionQuerySet",
    "Reminder",
    "ReminderDigest",
    "ReminderQuerySet",
    "RoleAssignment",
    "RoleAssignmentQuerySet",
    "SUBJECT_LABELS",
    "Transfer",
    "TransferQuerySet",
    "admin_q",
    "is_plain_member",
    "OrganisationRowQuerySet",
    "organisation_scope_q",
    "paths_q",
    "province_id_of",
    "scope_organisation_ids",
    "scope_paths",
    "scope_q",
    "user_roles",
]
