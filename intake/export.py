"""The client's intake history in their data export: every question with their answer, in words."""

from caseload.models import Client
from intake.answers import topics
from intake.models import IntakeHistory
from privacy.export import register_section


@register_section
def intake_history(client: Client) -> tuple[str, object]:
    intake = IntakeHistory.objects.filter(client=client).first()
    if intake is None:
        return "intake_history", None
    return "intake_history", {
        "started": intake.started_at,
        "updated": intake.updated_at,
        "sent_to_therapist": intake.submitted_at,
        "topics": [
            {
                "topic": topic.step.title,
                "done": topic.done,
                "answers": [{"question": a.question, "answer": a.text or None} for a in topic.answers],
            }
            for topic in topics(intake)
        ],
    }
