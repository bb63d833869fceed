"""The export sections for data that existed before the programme apps: registered by PrivacyConfig."""

from api.models import ApiToken
from caseload.models import Assignment, Client
from connect.models import SupporterGrant
from privacy.access_log import describe, events_about, zone_of
from privacy.export import register_section
from privacy.models import Consent, DeletionRequest


@register_section
def profile(client: Client) -> tuple[str, object]:
    user = client.user
    return "profile", {
        "email": user.email,
        "name": user.display_name,
        "time_zone": zone_of(client).key,
        "date_joined": user.date_joined,
    }


@register_section
def practice(client: Client) -> tuple[str, object]:
    return "practice", {"name": client.practice.name}


@register_section
def stage(client: Client) -> tuple[str, object]:
    return "stage", {"number": client.stage, "name": client.get_stage_display()}


@register_section
def therapists(client: Client) -> tuple[str, object]:
    assignments = Assignment.objects.filter(client=client).select_related("therapist").order_by("started_at")
    return "therapists", [{"therapist": a.therapist.name, "from": a.started_at, "to": a.ended_at} for a in assignments]


@register_section
def consents(client: Client) -> tuple[str, object]:
    rows = Consent.objects.filter(user=client.user).order_by("given_at")
    return "consents", [{"version": c.version, "given": c.given_at, "withdrawn": c.withdrawn_at} for c in rows]


@register_section
def supporters(client: Client) -> tuple[str, object]:
    grants = SupporterGrant.objects.filter(client=client).select_related("supporter").order_by("created_at")
    return "supporters", [
        {
            "supporter": g.supporter.name,
            "relationship": g.relationship,
            "scopes": list(g.scopes),
            "created": g.created_at,
            "expires": g.expires_at,
            "revoked": g.revoked_at,
        }
        for g in grants
    ]


@register_section
def access_log(client: Client) -> tuple[str, object]:
    rows = describe(events_about(client), zone_of(client))
    return "access_log", [{"when": r.when, "who": r.who, "what": r.what} for r in rows]


@register_section
def api_tokens(client: Client) -> tuple[str, object]:
    tokens = ApiToken.objects.filter(user=client.user).order_by("created_at")
    return "api_tokens", [
        {"name": t.name, "created": t.created_at, "last_used": t.last_used_at, "revoked": t.revoked_at} for t in tokens
    ]


@register_section
def deletion(client: Client) -> tuple[str, object]:
    pending = DeletionRequest.objects.filter(user=client.user).first()
    if pending is None:
        return "deletion_request", None
    return "deletion_request", {"requested": pending.requested_at, "erase_after": pending.erase_after}
