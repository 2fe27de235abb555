from __future__ import annotations

from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Q, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from branches.history import history_page, scoped
from branches.models import BRANCH_KINDS, Organisation, RoleAssignment, is_plain_member, user_roles
from branches.params import year_param
from branches.policy import can
from branches.views import home_context
from branches.web import (
    attempt,
    file_download,
    form_action,
    on_fields,
    org_or_404,
    require,
    stored_download,
)

from . import calendar_grid, documents, queries, rules, services, watch
from .forms import (
    AdjustForm,
    AttachmentForm,
    CommentForm,
    PlanForm,
)
from .models import Attachment, Attendance, Meeting

ABSENCE_ORDER = [Attendance.Status.EXCUSED, Attendance.Status.UNEXCUSED, Attendance.Status.NOT_COUNTED]

Role = RoleAssignment.Role


def meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    qs = Meeting.objects.visible_to(request.user).select_related(
        "organisation__parent", "chair", "recorder", "presenter", "sheet", "finalised_by"
    )
    return get_object_or_404(qs, pk=pk)


def recording_branch_or_404(request: HttpRequest, pk: int) -> Organisation:
    """An active chi bộ of the user's scope (else 404) whose meetings the user may record (else 403)."""
    org = org_or_404(request, pk)
    require(request, "meeting.record", org)
    if not org.is_branch or not org.is_active:
        raise Http404
    return org


def _last_month(today: date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


# Home: the secretary's branch first ---------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if is_plain_member(request.user):
        # A member's own login holds no role: their page (in ratings, above this app) is their home.
        return redirect("ratings:my-ratings")
    today, now = date.today(), timezone.now()
    months = [_last_month(today), (today.year, today.month)]
    secretary_paths = [path for role, path in user_roles(request.user) if role == Role.SECRETARY]
    branches = []
    for org in Organisation.objects.filter(path__in=secretary_paths, kind__in=BRANCH_KINDS).active():
        recorded = {
            (m.year, m.month): m
            for m in Meeting.objects.monthly()
            .filter(organisation=org)
            .filter(Q(year=months[0][0], month=months[0][1]) | Q(year=months[1][0], month=months[1][1]))
        }
        branches.append(
            {
                "org": org,
                # Last month's and this month's regular meeting: (year, month, the record or None).
                "months": [(y, m, recorded.get((y, m))) for y, m in months],
                "next": queries.next_planned(org, now),
                "open_tasks": list(queries.open_tasks(org)[:10]),
                "watch": watch.members_to_watch(org, today)[:20],
            }
        )
    return render(request, "meetings/home.html", {**home_context(request), "branches": branches})


# A chi bộ's meetings ------------------------------------------------------------------------------


@login_required
def branch_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_or_404(request, pk)
    if not org.is_branch:
        raise Http404
    today = date.today()
    year = year_param(request.GET, today.year)
    meetings = list(
        Meeting.objects.filter(organisation=org, year=year).select_related("chair").order_by("-month", "-pk")
    )
    # A month that ended without its regular meeting is listed too, as the calendar shows it.
    held = {m.month for m in meetings if m.kind in Meeting.MONTHLY_KINDS}
    missed = [month for month in range(1, calendar_grid.months_ended(year, today) + 1) if month not in held]
    rows = sorted(
        [(m.month, m) for m in meetings] + [(month, None) for month in missed], key=lambda row: -row[0]
    )
    # (month, the meeting or None for "không họp", whether the row is the month's first: its anchor)
    rows = [(month, m, i == 0 or rows[i - 1][0] != month) for i, (month, m) in enumerate(rows)]
    return render(
        request,
        "meetings/branch_meetings.html",
        {
            "org": org,
            "year": year,
            "meetings": meetings,
            "rows": rows,
            "can_record": org.is_active and can(request.user, "meeting.record", org),
        },
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    org = meeting.organisation
    counts = dict(meeting.attendance.order_by().values_list("status").annotate(n=Count("pk")))
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            # Absentees first (excused, then unexcused), those not counted last.
            "attendance": meeting.attendance.exclude(status=Attendance.Status.PRESENT)
            .select_related("member")
            .order_by(
                Case(*[When(status=s, then=i) for i, s in enumerate(ABSENCE_ORDER)]), "member__sort_key"
            ),
            "counts": counts,
            # HD 42: materials on the Sổ tay đảng viên at least a day before (M10).
            "materials_late": bool(meeting.materials_posted_on and meeting.started_at)
            and not rules.materials_in_time(
                meeting.materials_posted_on, timezone.localtime(meeting.started_at).date()
            ),
            "expected": sum(counts.get(status, 0) for status in Attendance.COUNTED),
            "scores": meeting.scores.select_related("criterion"),
            "tasks": meeting.tasks.select_related("member"),
            "speeches": meeting.speeches.all(),
            "guests": meeting.guests.all(),
            "notes": meeting.notes.select_related("author"),
            "attachments": meeting.attachments.all(),
            "can_record": can(request.user, "meeting.record", org),
            "can_collect_dues": meeting.kind in Meeting.MONTHLY_KINDS
            and meeting.status != Meeting.Status.PLANNED
            and org.is_active
            and can(request.user, "dues.collect", org),
            "can_review": meeting.is_locked and can(request.user, "meeting.review", org),
            "comment_form": CommentForm(),
            "attachment_form": AttachmentForm(planned=meeting.status == Meeting.Status.PLANNED),
        },
    )


@login_required
def meeting_history(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    return history_page(
        request,
        scoped(request).about(meeting),
        title=f"Lịch sử thay đổi: {meeting}",
        back=reverse("meetings:meeting-detail", args=[meeting.pk]),
        back_label="Biên bản",
    )


@login_required
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    if meeting.status == Meeting.Status.PLANNED:
        raise Http404
    pdf = documents.render_minutes(meeting)
    name = f"bien-ban-{meeting.organisation.code}-{meeting.year}-{meeting.month:02d}-{meeting.pk}.pdf"
    what = f"Biên bản sinh hoạt {meeting.month}/{meeting.year} ({name})"
    return file_download(request, pdf, name, what, meeting.organisation)


@login_required
@require_POST
def meeting_comment(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    require(request, "meeting.review", meeting.organisation)
    form = CommentForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.comment_meeting(meeting=meeting, text=form.cleaned_data["text"], by=request.user),
    ):
        messages.success(request, "Đã ghi ý kiến.")
    else:
        messages.error(request, "Hãy nhập nội dung ý kiến.")
    return redirect("meetings:meeting-detail", meeting.pk)


@login_required
def meeting_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    require(request, "meeting.review", meeting.organisation)
    if not meeting.is_locked:
        raise Http404
    return form_action(
        request,
        AdjustForm(request.POST or None, sheet=meeting.sheet),
        partial(services.adjust_score, meeting=meeting, version=meeting.version, by=request.user),
        title=f"Điều chỉnh điểm: {meeting}",
        back=reverse("meetings:meeting-detail", args=[meeting.pk]),
        done="Đã điều chỉnh điểm chất lượng.",
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    require(request, "meeting.record", meeting.organisation)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid() and attempt(
        form,
        lambda: services.add_attachment(meeting=meeting, upload=form.cleaned_data["file"], by=request.user),
    ):
        messages.success(request, "Đã đính kèm tệp.")
    else:
        messages.error(request, " ".join(form.errors.get("file", ["Tệp không hợp lệ."])))
    return redirect("meetings:meeting-detail", meeting.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).select_related("meeting__organisation"), pk=pk
    )
    return stored_download(
        request,
        attachment.file,
        attachment.name,
        f"Tệp đính kèm biên bản: {attachment.name}",
        attachment.meeting.organisation,
        content_type=attachment.content_type,
    )


@login_required
def meeting_plan(request: HttpRequest, pk: int) -> HttpResponse:
    org = recording_branch_or_404(request, pk)
    form = PlanForm(request.POST or None)
    # The day and the hour are one planned start for the service, which names it in its refusals.
    plan = on_fields(
        lambda kind, topic, **_: services.plan_meeting(
            organisation=org, kind=kind, planned_start=form.planned_start(), topic=topic, by=request.user
        ),
        PlanForm.SERVICE_FIELDS,
    )
    return form_action(
        request,
        form,
        plan,
        title=f"Kế hoạch sinh hoạt — {org.name}",
        back=reverse("meetings:branch-meetings", args=[org.pk]),
        done="Đã lập kế hoạch sinh hoạt.",
    )


@login_required
@require_POST
def meeting_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    require(request, "meeting.record", meeting.organisation)
    try:
        services.withdraw_plan(
            meeting=meeting, delete_attachments=request.POST.get("delete_attachments") == "1", by=request.user
        )
        messages.success(request, "Đã hủy kế hoạch sinh hoạt.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:meeting-detail", meeting.pk)  # where the files and the choice are
    return redirect("meetings:branch-meetings", meeting.organisation_id)
