"""The month's record form: a draft, the one-step record and finalise, an amendment; the errors pointed
at where they are, a form sent twice landing on the saved meeting."""

from __future__ import annotations

import uuid
from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from branches.models import Organisation, Position
from branches.params import month_param
from branches.web import attempt, on_fields, require

from . import queries, services
from .forms import AmendForm
from .models import Meeting
from .record_form import MeetingForm
from .record_initial import initial_for
from .views import meeting_or_404, recording_branch_or_404


def _already_saved(request: HttpRequest, org: Organisation) -> HttpResponse | None:
    """The same form sent again (a double tap, back and resubmit): show what the first one saved
    instead of saving it twice."""
    try:
        token = uuid.UUID(request.POST.get("submission") or "")
    except ValueError:
        return None
    earlier = Meeting.objects.filter(organisation=org, submission=token).values_list("pk", flat=True).first()
    if earlier is None:
        return None
    messages.info(request, services.RESUBMITTED)
    return redirect("meetings:meeting-detail", earlier)


def _record_page(
    request: HttpRequest, org: Organisation, meeting: Meeting | None, default_day: date
) -> HttpResponse:
    """Create or edit a draft; a finalised record is edited only as an amendment with a reason."""
    if request.method == "POST" and (done := _already_saved(request, org)):
        return done
    amending = meeting is not None and meeting.is_locked
    # A chi ủy meeting expects its committee, every other kind the whole chi bộ.
    committee = (meeting.kind if meeting else request.GET.get("kind")) == Meeting.Kind.COMMITTEE
    entries = services.roster(org, Meeting.Kind.COMMITTEE if committee else Meeting.Kind.REGULAR)
    # The score sheet of the kind being recorded: a thematic sitting is scored on its own sheet.
    kind = request.POST.get("kind") or (meeting.kind if meeting else Meeting.Kind.REGULAR)
    sheet = meeting.sheet if meeting and meeting.sheet else services.sheet_for(org, default_day.year, kind)
    positions = Position.objects.filter(organisation=org, ends_on__isnull=True)
    last_place = (
        Meeting.objects.filter(organisation=org)
        .exclude(place="")
        .exclude(pk=getattr(meeting, "pk", None))
        .order_by("-started_at")
        .values_list("place", flat=True)
        .first()
        or ""
    )
    initial = {
        **initial_for(meeting, entries, positions, default_day, last_place),
        "submission": uuid.uuid4(),
    }
    if committee and meeting is None:
        initial["kind"] = Meeting.Kind.COMMITTEE
    earlier_tasks = queries.open_tasks(org).exclude(meeting=meeting) if meeting else queries.open_tasks(org)
    form = MeetingForm(
        request.POST or None,
        initial=initial,
        entries=entries,
        sheet=sheet,
        online_allowed=org.online_pilot,
        open_tasks=earlier_tasks,
        committee=committee,
    )
    amend = AmendForm(request.POST or None, prefix="amend") if amending else None
    if request.method == "POST" and form.is_valid() and (amend is None or amend.is_valid()):
        common = {
            "record": form.to_record(),
            "meeting": meeting,
            "version": form.cleaned_data["version"],
            "submission": form.cleaned_data["submission"],
            "by": request.user,
        }
        if amending:
            call = partial(services.amend_meeting, reason=amend.cleaned_data["reason"], **common)
        elif request.POST.get("action") == "finalise":
            call = partial(
                services.record_and_finalise, organisation=org, manual_scores=form.manual_scores(), **common
            )
        else:
            call = partial(services.save_meeting, organisation=org, **common)
        saved = attempt(form, on_fields(call, MeetingForm.SERVICE_FIELDS))
        if saved:
            messages.success(
                request, "Đã hoàn tất biên bản." if saved.is_locked and not amending else "Đã lưu biên bản."
            )
            return redirect("meetings:meeting-detail", saved.pk)
        if done := _already_saved(request, org):  # a twin of this request saved it meanwhile
            return done
    summary = form.error_summary() + [
        (f"{amend.fields['reason'].label}: {e}", amend["reason"].auto_id)
        for e in (amend["reason"].errors if amend else [])
    ]
    return render(
        request,
        "meetings/record.html",
        {
            "org": org,
            "meeting": meeting,
            "form": form,
            "amend": amend,
            "not_counted": [e for e in entries if not e.counted],
            "summary": summary,
            "open_sections": form.open_sections(),
        },
    )


@login_required
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a month's meeting; ?month=YYYY-MM picks the month (a planned meeting there is used)."""
    org = recording_branch_or_404(request, pk)
    month = month_param(request.GET)
    day = date(*month, 3) if month else date.today()  # meetings are usually held around the 3rd
    if request.GET.get("kind") == Meeting.Kind.COMMITTEE:
        return _record_page(request, org, None, day)
    if request.method == "POST" and (done := _already_saved(request, org)):
        return done
    planned = Meeting.objects.monthly().filter(organisation=org, year=day.year, month=day.month).first()
    if planned is not None and planned.status != Meeting.Status.PLANNED:
        return redirect("meetings:meeting-edit", planned.pk)
    return _record_page(request, org, planned, day)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    require(request, "meeting.record", meeting.organisation)
    return _record_page(
        request,
        meeting.organisation,
        meeting,
        meeting.started_at.date() if meeting.started_at else date.today(),
    )
