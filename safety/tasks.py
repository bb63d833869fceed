"""Background jobs for risk alerts: the escalation check, queued for each alert's deadline."""

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from safety.models import RiskAlert


@task()
def escalate_alert_if_due(alert_public_id: str) -> bool:
    """Runs at the alert's deadline; does nothing if it was acknowledged or passed on meanwhile."""
    from safety.actions import do_escalate_if_due

    alert = RiskAlert.objects.filter(public_id=alert_public_id).first()
    return alert is not None and do_escalate_if_due(alert, timezone.now())


def schedule_escalation_check(alert_public_id: str, when: datetime | None) -> None:
    """Queue the check for `when` where the backend can defer (the database queue); else at once.

    Run at once before its deadline the check does nothing, and `manage.py escalate_alerts` (cron)
    catches every alert whose check was lost.
    """
    check = escalate_alert_if_due
    if when is not None and check.get_backend().supports_defer:
        check = check.using(run_after=when)
    check.enqueue(alert_public_id)
