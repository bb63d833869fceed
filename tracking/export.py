"""The client's check-ins, urges, lapses and triggers in their data export."""

from caseload.models import Client
from privacy.export import register_section
from tracking.models import CheckIn, CheckInReminder, Lapse, Trigger, Urge


@register_section
def check_ins(client: Client) -> tuple[str, object]:
    rows = CheckIn.objects.filter(client=client).order_by("day")
    return "check_ins", [
        {
            "day": c.day,
            "mood": c.mood,
            "urge": c.urge,
            "sober": c.sober,
            "hungry": c.hungry,
            "angry": c.angry,
            "lonely": c.lonely,
            "tired": c.tired,
            "sleep_hours": c.sleep_hours,
            "sleep_quality": c.get_sleep_quality_display() if c.sleep_quality else None,
            "note": c.note,
            "created": c.created_at,
            "updated": c.updated_at,
        }
        for c in rows.iterator(chunk_size=500)
    ]


@register_section
def triggers(client: Client) -> tuple[str, object]:
    return "triggers", [{"name": t.name, "created": t.created_at} for t in Trigger.objects.filter(client=client)]


@register_section
def urges(client: Client) -> tuple[str, object]:
    rows = Urge.objects.filter(client=client).select_related("trigger").order_by("occurred_at")
    return "urges", [
        {
            "when": u.occurred_at,
            "intensity": u.intensity,
            "trigger": u.trigger_label(),
            "where": u.get_place_display() if u.place else "",
            "alone": u.alone,
            "device": u.get_device_display() if u.device else "",
            "feeling": u.feeling,
            "what_i_did": u.what_i_did,
            "outcome": u.get_outcome_display(),
            "notes": u.notes,
        }
        for u in rows.iterator(chunk_size=500)
    ]


@register_section
def lapses(client: Client) -> tuple[str, object]:
    rows = Lapse.objects.filter(client=client).order_by("occurred_at")
    return "lapses", [
        {
            "when": lapse.occurred_at,
            "what_happened": lapse.what_happened,
            "chain": {question: answer for question, answer in lapse.chain()},
            "review_with_therapist": lapse.review_with_therapist,
            "recorded": lapse.created_at,
        }
        for lapse in rows
    ]


@register_section
def check_in_reminder(client: Client) -> tuple[str, object]:
    found = CheckInReminder.objects.filter(client=client).first()
    setting = None if found is None else {"on": found.enabled, "time": found.at_time, "last_sent": found.last_sent_on}
    return "check_in_reminder", setting
