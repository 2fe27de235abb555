"""Branches' own reminders: a probationary member's recognition vote, a discipline that ends, an
introduction letter not presented in time. Each reads what is due on a day under some subtrees
(None: everywhere) with a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse

from .. import rules
from ..formatting import day
from ..models import Discipline, Member, Transfer, paths_q
from .registry import Audience, Due, Source

RECOGNITION, DISCIPLINE, TRANSFER = "member.recognition", "member.discipline_ends", "transfer.not_presented"
RECOGNITION_ABOVE, TRANSFER_ABOVE = "unit.recognition_overdue", "unit.transfer_not_presented"


def recognition_votes(on: date, within: list[str] | None) -> list[Due]:
    """From month 11 of probation until the member is recognised (or leaves): the chi bộ votes within
    30 working days after the 12 months (QĐ 294); past that the committee above is told too."""
    found = []
    members = (
        Member.objects.due_for_recognition(on)
        .filter(paths_q(within, "organisation__path"))
        .select_related("organisation")
        .order_by("pk")
    )
    for member in members:
        state = rules.recognition_state(member.ceremony_date, on)
        if state is None:
            continue
        end = rules.probation_end(member.ceremony_date)
        vote_by = rules.add_working_days(end, rules.RECOGNITION_VOTE_WORKING_DAYS)
        url = reverse("branches:member-detail", args=[member.pk])
        org = member.organisation
        title = (
            f"{member.full_name} ({org.name}): {rules.RECOGNITION_STATE_LABELS[state].lower()}; hết 12 tháng dự bị "
            f"ngày {day(end)}, chi bộ xét công nhận chính thức trước ngày {day(vote_by)}"
        )
        found.append(
            Due(RECOGNITION, str(member.pk), org.pk, org.path, Audience.SECRETARY, title, url, vote_by)
        )
        if state == "overdue":
            title = f"{org.name} quá hạn xét công nhận đảng viên chính thức cho {member.full_name} (hạn {day(vote_by)})"
            found.append(
                Due(
                    RECOGNITION_ABOVE,
                    str(member.pk),
                    org.pk,
                    org.path,
                    Audience.REVIEWER,
                    title,
                    url,
                    vote_by,
                )
            )
    return found


def disciplines_ending(on: date, within: list[str] | None) -> list[Due]:
    """A discipline that lapses within the notice days [U] (QĐ 22 Đ.16: one year after the decision),
    so the chi bộ knows it no longer weighs on the member's rating or posts."""
    notice = settings.REMINDER_DISCIPLINE_NOTICE_DAYS
    disciplines = (
        Discipline.objects.filter(effective_until__gte=on, effective_until__lte=on + timedelta(days=notice))
        .filter(member__status__in=Member.CURRENT_STATUSES)
        .filter(paths_q(within, "member__organisation__path"))
        .select_related("member__organisation")
        .order_by("pk")
    )
    found = []
    for discipline in disciplines:
        member, org = discipline.member, discipline.member.organisation
        title = (
            f"{member.full_name} ({org.name}): hình thức kỷ luật {discipline.get_form_display().lower()} "
            f"({discipline.decision_number}) hết hiệu lực ngày {day(discipline.effective_until)}"
        )
        url = reverse("branches:member-detail", args=[member.pk])
        found.append(
            Due(
                DISCIPLINE,
                str(discipline.pk),
                org.pk,
                org.path,
                Audience.SECRETARY,
                title,
                url,
                discipline.effective_until,
            )
        )
    return found


def letters_not_presented(on: date, within: list[str] | None) -> list[Due]:
    """An introduction letter not presented at the receiving chi bộ within 30 working days (V11):
    the sending chi bộ and the committee above it follow it up until it is confirmed or cancelled."""
    pending = (
        Transfer.objects.filter(status=Transfer.Status.PENDING)
        .filter(paths_q(within, "from_organisation__path"))
        .select_related("member", "from_organisation", "to_organisation")
        .order_by("pk")
    )
    found = []
    for transfer in pending:
        deadline = transfer.present_by
        if on <= deadline:
            continue
        org, url = transfer.from_organisation, reverse("branches:transfer-list")
        title = (
            f"{transfer.member.full_name} ({org.name}) chưa xuất trình giấy giới thiệu tại "
            f"{transfer.to_organisation.name}: quá 30 ngày làm việc từ ngày {day(transfer.decided_on)}"
        )
        for kind, audience in ((TRANSFER, Audience.SECRETARY), (TRANSFER_ABOVE, Audience.REVIEWER)):
            found.append(Due(kind, str(transfer.pk), org.pk, org.path, audience, title, url, deadline))
    return found


SOURCES = (
    Source({RECOGNITION: "Đảng viên dự bị", RECOGNITION_ABOVE: "Đảng viên dự bị"}, recognition_votes),
    Source({DISCIPLINE: "Kỷ luật"}, disciplines_ending),
    Source({TRANSFER: "Chuyển sinh hoạt", TRANSFER_ABOVE: "Chuyển sinh hoạt"}, letters_not_presented),
)
