"""The user's own reminders (the home page lists them: branches.views.home_context) and their own
account page, where the email address and the daily digest are set."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .forms import OwnEmailForm
from .models import Account, Reminder
from .services import accounts
from .services.reminders import mark_reminder_done


@login_required
@require_POST
def reminder_done(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's reminder is not found at all: nobody sees another's reminders.
    reminder = get_object_or_404(Reminder.objects.filter(user=request.user), pk=pk)
    mark_reminder_done(reminder=reminder, by=request.user)
    if request.htmx:
        return render(
            request,
            "branches/includes/reminders.html",
            {"reminders": Reminder.objects.open_for(request.user)},
        )
    messages.success(request, f"Đã đánh dấu xong: {reminder.title}")
    return redirect("home")


@login_required
def own_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    account = Account.objects.filter(user=user).first()
    sending = account.email_reminders if account else True
    form = OwnEmailForm(
        request.POST or None, user=user, initial={"email": user.email, "email_reminders": sending}
    )
    if request.method == "POST" and form.is_valid():
        accounts.update_own_email(by=user, **form.cleaned_data)
        messages.success(request, "Đã lưu cài đặt email.")
        return redirect("branches:own-account")
    return render(request, "branches/own_account.html", {"form": form})
