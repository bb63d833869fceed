"""The client's risk alerts in their data export: when, why, and how each was followed up."""

from caseload.models import Client
from privacy.export import register_section
from safety.models import RiskAlert
from safety.risk import reason_label


@register_section
def risk_alerts(client: Client) -> tuple[str, object]:
    alerts = (
        RiskAlert.objects.filter(client=client)
        .select_related("acknowledged_by", "escalated_to")
        .order_by("created_at", "pk")
    )
    return "risk_alerts", [
        {
            "raised": alert.created_at,
            "urgency": alert.get_severity_display(),
            "reason": reason_label(alert.reason),
            "acknowledge_by": alert.acknowledge_by,
            "acknowledged": alert.acknowledged_at,
            "acknowledged_by": alert.acknowledged_by.name if alert.acknowledged_by else None,
            "what_was_done": alert.acknowledgement_note,
            "passed_to_clinical_lead": alert.escalated_at,
        }
        for alert in alerts
    ]
