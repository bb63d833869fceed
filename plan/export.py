"""The plan's sections of a client's data export: every version with its circles, and the prevention plan."""

from caseload.models import Client
from plan.actions import circles_of
from plan.queries import history_of, prevention_plan_of
from privacy.export import register_section


@register_section
def recovery_plan(client: Client) -> tuple[str, object]:
    return "recovery_plan", [
        {
            "version": version.number,
            "created": version.created_at,
            "created_by": version.created_by.name if version.created_by else None,
            "change_note": version.change_note,
            "abstinence_starts_on": version.abstinence_starts_on,
            "abstinence_days": version.abstinence_days,
            "abstinence_ends_on": version.abstinence_ends_on,
            "breach_definition": version.breach_definition,
            "circles": circles_of(version),
            "client_signed": version.client_signed_at,
            "therapist_signed": version.therapist_signed_at,
            "therapist": version.therapist_signed_by.name if version.therapist_signed_by else None,
        }
        for version in reversed(history_of(client))
    ]


@register_section
def relapse_prevention_plan(client: Client) -> tuple[str, object]:
    plan = prevention_plan_of(client)
    if plan is None:
        return "relapse_prevention_plan", None
    return "relapse_prevention_plan", {
        "entries": [
            {"kind": entry.kind, "what": entry.what, "when": entry.when, "instead": entry.substitute}
            for entry in plan.entries.all()
        ],
        "people_to_call": plan.people_to_call,
        "updated": plan.updated_at,
        "reviewed": plan.reviewed_at,
        "reviewed_by": plan.reviewed_by.name if plan.reviewed_by else None,
    }
