"""Demo safety plans for three clients, written through the same actions as the web; safe to run again."""

import uuid

from caseload.models import Client
from measures.actions import do_save_answer, do_schedule, do_submit
from safety.actions import do_acknowledge_alert
from safety.models import RiskAlert, SafetyPlan
from safety.plan_actions import do_mark_safety_plan_reviewed, do_save_safety_plan

DEMO_PLANS: dict[str, dict[str, str]] = {
    "alex@demo.waymark.test": {
        "warning_signs": "Lying awake past 3 am\nTelling myself nobody would notice if I was gone",
        "coping": "Shower, then tea\nWalk to the end of the road and back",
        "people": "My sister Jo 9123 4567",
    },
    "jordan@demo.waymark.test": {
        "warning_signs": "Skipping meals\nNot answering messages for days\nThinking I'm a burden",
        "coping": "Guitar for twenty minutes\nBox breathing\nCold water on my face",
        "distractions": "The climbing gym\nCasey's flat\nMy brother Chris 8765 4321",
        "people": "Casey 9876 5432\nMy brother Chris 8765 4321",
        "professionals": "Dr Lim, my GP 6123 4567",
        "environment": "Casey keeps my sleeping tablets\nTake the bus, not the bridge, on bad days",
    },
    "sam@demo.waymark.test": {
        "warning_signs": "Drinking alone\nGiving things away",
        "coping": "Run the river loop\nWrite it down instead of saying it to myself",
        "distractions": "The café by the station",
        "people": "My friend Nadia 9345 6789",
        "environment": "No alcohol in the flat",
    },
}


def add_demo_safety_plans() -> None:
    """Each demo client's plan, written by them once; Jordan's has also been reviewed in session."""
    for email, steps in DEMO_PLANS.items():
        client = Client.objects.filter(user__email=email).select_related("user").first()
        if client is None or SafetyPlan.objects.filter(client=client).exists():
            continue
        do_save_safety_plan(client.user, client, steps)
        assignment = client.current_assignment()
        if email.startswith("jordan") and assignment is not None:
            do_mark_safety_plan_reviewed(assignment.therapist, client)


# Sam answers an ASQ today with a "yes" (non-acute): an alert waits for Dr Tan on the caseload.
# Ravi's from some weeks ago was acknowledged by his therapist with a note.
DEMO_ALERTS = [
    ("sam@demo.waymark.test", {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}, None),
    (
        "ravi@demo.waymark.test",
        {"q1": "no", "q2": "yes", "q3": "no", "q4": "no", "q5": "no"},
        "Called Ravi the same afternoon; no plan or intent; reviewed his safety plan together.",
    ),
]


def add_demo_alerts() -> None:
    """Risk alerts raised the way the web raises them: the client submits an ASQ; safe to run again."""
    for email, answers, acknowledgement in DEMO_ALERTS:
        client = Client.objects.select_related("user").get(user__email=email)
        if RiskAlert.objects.filter(client=client).exists():
            continue
        assignment = client.current_assignment()
        assert assignment is not None
        [administration] = do_schedule(assignment.therapist, client, "asq").administrations.all()
        for item_id, value in answers.items():
            administration = do_save_answer(client.user, administration, item_id, value)
        administration = do_submit(client.user, administration, uuid.uuid4())
        if acknowledgement:
            for alert in RiskAlert.objects.filter(administration=administration):
                do_acknowledge_alert(assignment.therapist, alert, acknowledgement)
