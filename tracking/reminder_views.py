"""The client's daily check-in reminder setting at /today/reminder/."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import zone_of
from tracking.actions import own_client
from tracking.reminders import REMINDER_LINE, REMINDER_SUBJECT, do_set_checkin_reminder, reminder_for


class TimeOfDay(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class ReminderForm(forms.Form):
    enabled = forms.BooleanField(label="Send me a daily reminder", required=False)
    at_time = forms.TimeField(
        label="At this time",
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=TimeOfDay(),
        error_messages={"required": "Choose a time of day.", "invalid": "Give a time like 20:30."},
    )


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def reminder(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    current = reminder_for(client)
    form = ReminderForm(request.POST or None, initial={"enabled": current.enabled, "at_time": current.at_time})
    if request.method == "POST" and form.is_valid():
        saved = do_set_checkin_reminder(request.user, form.cleaned_data["enabled"], form.cleaned_data["at_time"])
        if saved.enabled:
            messages.success(
                request, f"Saved. Your reminder will come at {saved.at_time:%H:%M} on days you have not checked in yet."
            )
        else:
            messages.success(request, "Saved. Reminders are off.")
        return redirect("tracking_today")
    context = {
        "form": form,
        "reminder": current,
        "zone": zone_of(client).key,
        "subject": REMINDER_SUBJECT,
        "line": REMINDER_LINE,
        "site_name": request.user.site_name,
    }
    return render(request, "tracking/reminder.html", context, status=400 if form.errors else 200)
