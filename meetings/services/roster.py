"""Who a meeting expects: the chi bộ's members (and its committee for a committee meeting), with who
is not counted and why."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from branches.models import Member, Organisation, Position

from ..models import Meeting


@dataclass(frozen=True)
class RosterEntry:
    member: Member
    counted: bool
    reason: str  # why a member is not counted
    hosted: bool

    @property
    def probationary(self) -> bool:
        return self.member.status == Member.Status.PROBATIONARY


COMMITTEE_TITLES = (
    Position.Title.SECRETARY,
    Position.Title.DEPUTY_SECRETARY,
    Position.Title.COMMITTEE_MEMBER,
)


def roster(org: Organisation, kind: str = Meeting.Kind.REGULAR) -> list[RosterEntry]:
    """Who is expected at the meeting, in name order: the chi bộ, or for a chi ủy meeting its
    committee. Exempt, suspended and away members are listed apart and outside the denominator;
    members hosted from elsewhere are in it."""
    members = (
        Member.objects.current()
        .filter(Q(organisation=org) | Q(temporary_organisation=org))
        .select_related("temporary_organisation")
        .in_name_order()
    )
    if kind == Meeting.Kind.COMMITTEE:
        members = members.filter(
            positions__organisation=org,
            positions__title__in=COMMITTEE_TITLES,
            positions__ends_on__isnull=True,
        ).distinct()
    entries = []
    for m in members:
        hosted = m.temporary_organisation_id == org.pk
        reason = ""
        if m.is_exempt:
            reason = "Miễn công tác và sinh hoạt đảng"
        elif m.is_suspended:
            reason = "Đình chỉ sinh hoạt đảng"
        elif m.temporary_organisation_id and not hosted:
            reason = f"Sinh hoạt tạm thời tại {m.temporary_organisation.name}"
        entries.append(RosterEntry(member=m, counted=not reason, reason=reason, hosted=hosted))
    return entries
