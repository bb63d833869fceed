"""The client's risk alerts in their data export: when, why, and how each was followed up."""

from caseload.models import Client
from privacy.export import register_section
from safety.models import SAFETY_PLAN_STEPS, RiskAlert, SafetyPlan
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


@register_section
def safety_plan(client: Client) -> tuple[str, object]:
    plan = SafetyPlan.objects.filter(client=client).select_related("reviewed_by").first()
    if plan is None:
        return "safety_plan", None
    steps = {step.title: [line.text for line in plan.lines(step.field)] for step in SAFETY_PLAN_STEPS}
    return "safety_plan", {
        "steps": steps,
        "last_changed": plan.updated_at,
        "reviewed": plan.reviewed_at,
        "reviewed_by": plan.reviewed_by.name if plan.reviewed_by else None,
    }
