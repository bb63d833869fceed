"""The daily check-in reminder: the client's setting, and the job that sends what is due.

The email is content-free (lib.notify): it comes under the practice's neutral name and says only
that this is a gentle reminder to sign in. A reminder is due once the client's chosen time has
come on their own clock today, if they have not checked in yet and none went out today. The job
runs from cron (`manage.py send_checkin_reminders`, every 5 minutes) and, where the task backend
can defer, is also queued for the moment a client's next reminder falls due.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from accounts.models import Role, User
from audit.log import record
from audit.models import Action
from caseload.models import Client
from lib.mail import queue_email
from lib.notify import content_free_body
from privacy.access_log import zone_of
from privacy.models import Consent, DeletionRequest, current_consent_version
from tracking.actions import own_client
from tracking.models import CheckIn, CheckInReminder

REMINDER_SUBJECT = "A gentle reminder"
REMINDER_LINE = "A gentle reminder — sign in when you have a moment."


def reminder_for(client: Client) -> CheckInReminder:
    """The client's setting; an unsaved, switched-off one if they never chose."""
    found = CheckInReminder.objects.filter(client=client).first()
    return found if found is not None else CheckInReminder(client=client)


def _local(moment: datetime, client: Client) -> datetime:
    return moment.astimezone(zone_of(client))


def is_due(reminder: CheckInReminder, now: datetime) -> date | None:
    """The client's local day if this reminder should go out now, else None (no database reads).

    The wall clock decides, so a time in the hour a DST change skips comes as soon as the clock
    passes it, and a time the clock shows twice counts once. A time that had already passed when
    the client saved their setting waits for the next day.
    """
    local_now = _local(now, reminder.client)
    today = local_now.date()
    if not reminder.enabled or reminder.last_sent_on == today or local_now.time() < reminder.at_time:
        return None
    saved = _local(reminder.updated_at, reminder.client)
    if saved.date() == today and saved.time() > reminder.at_time:
        return None
    return today


def next_due_at(reminder: CheckInReminder, now: datetime) -> datetime:
    """The next moment (UTC) the client's chosen time comes round on their own clock."""
    zone = zone_of(reminder.client)
    local_now = now.astimezone(zone)
    day = local_now.date()
    if local_now.time() >= reminder.at_time:
        day += timedelta(days=1)
    # fold=0: a time the clock skips lands just after the jump, where is_due agrees it has passed.
    return datetime.combine(day, reminder.at_time, tzinfo=zone).astimezone(UTC)


def do_set_checkin_reminder(user: User, enabled: bool, at_time: time) -> CheckInReminder:
    """Save the client's own reminder setting; only the client sets it."""
    client = own_client(user)
    with transaction.atomic():
        reminder, _ = CheckInReminder.objects.select_for_update().get_or_create(client=client)
        reminder.enabled = enabled
        reminder.at_time = at_time.replace(second=0, microsecond=0, tzinfo=None)
        reminder.updated_at = timezone.now()
        reminder.save()
        record(Action.WRITE, "checkin_reminder.set", actor=user, client=client)
        if enabled:
            transaction.on_commit(partial(schedule_next_run, next_due_at(reminder, reminder.updated_at)))
    return reminder


def _candidates() -> list[CheckInReminder]:
    """Switched-on reminders of active clients who consent and are not waiting to be erased: one query."""
    consent = Consent.objects.filter(
        user=OuterRef("client__user"), version=current_consent_version(), withdrawn_at__isnull=True
    )
    pending_deletion = DeletionRequest.objects.filter(user=OuterRef("client__user"))
    return list(
        CheckInReminder.objects.filter(enabled=True, client__user__is_active=True, client__user__role=Role.CLIENT)
        .filter(Exists(consent))
        .exclude(Exists(pending_deletion))
        .select_related("client__user__practice", "client__practice")
    )


def do_send_reminder(reminder: CheckInReminder, day: date) -> bool:
    """Queue the email and mark the day, unless another run already did: True if this one sent it."""
    user = reminder.client.user
    with transaction.atomic():
        claimed = (
            CheckInReminder.objects.filter(pk=reminder.pk, enabled=True)
            .exclude(last_sent_on=day)
            .update(last_sent_on=day)
        )
        if not claimed or not user.email:
            return False
        queue_email([user.email], REMINDER_SUBJECT, content_free_body(REMINDER_LINE), from_name=user.site_name)
        record(Action.WRITE, "checkin_reminder.sent", client=reminder.client)
    return True


def send_due_reminders(now: datetime | None = None) -> int:
    """Send every reminder due now to clients who have not checked in today; returns how many went out.

    Safe to run as often as you like: each client gets at most one a day.
    """
    now = now or timezone.now()
    due = [(reminder, day) for reminder in _candidates() if (day := is_due(reminder, now)) is not None]
    if not due:
        return 0
    checked_in = set(
        CheckIn.objects.filter(
            client_id__in={reminder.client_id for reminder, _ in due}, day__in={day for _, day in due}
        ).values_list("client_id", "day")
    )
    return sum(do_send_reminder(reminder, day) for reminder, day in due if (reminder.client_id, day) not in checked_in)


@task()
def send_due_checkin_reminders() -> int:
    return send_due_reminders()


def schedule_next_run(when: datetime) -> None:
    """Queue a run for `when` where the backend can defer (the database queue); cron covers the rest."""
    if send_due_checkin_reminders.get_backend().supports_defer:
        send_due_checkin_reminders.using(run_after=when).enqueue()
