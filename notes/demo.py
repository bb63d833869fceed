"""Notes for the demo practice, written through the same actions as the web."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from caseload.models import Client
from notes.actions import NoteEntry, do_add_addendum, do_sign, do_write_draft
from notes.models import SessionNote


@dataclass(frozen=True)
class DemoNote:
    weeks_ago: float
    data: str
    assessment: str
    plan: str
    minutes: int = 50
    signed: bool = True
    addendum: str = ""


NOTES: dict[str, list[DemoNote]] = {
    "alex@demo.waymark.test": [
        DemoNote(
            2.5,
            "First session. Alex described two years of late-night use that has grown to most evenings, "
            "and the strain it puts on his relationship. He came on his own initiative.",
            "Motivated, some shame when describing the pattern. No risk indicators today; ASQ negative.",
            "Complete the intake history and baseline questionnaires this week. Start daily check-ins.",
            minutes=60,
        ),
        DemoNote(
            1.5,
            "Went through the intake history together. Check-ins on five of seven days. "
            "Two urges logged, both late evening when alone.",
            "Engaging well. Evenings alone are the clearest high-risk time so far.",
            "Begin the first learning module. Notice what happens in the hour before an urge.",
        ),
        DemoNote(
            0.5,
            "Talked about readiness and what Alex wants from the programme. Read the first module.",
            "Ready to move towards an abstinence period; wants to agree the three circles next time.",
            "Draft inner and middle circles at home before the next session.",
            signed=False,
        ),
    ],
    "jordan@demo.waymark.test": [
        DemoNote(
            9,
            "Jordan reported a week of steady check-ins. Partner (Casey) now knows about the programme.",
            "Telling Casey was a big step; some relief, some fear of her reaction.",
            "Keep check-ins daily. Discuss what Casey can see in the supporter view.",
        ),
        DemoNote(
            6,
            "Plan agreed: 90-day abstinence period. One lapse on Saturday after an argument; the chain "
            "analysis was thorough and honest.",
            "The lapse follows a clear path from conflict to isolation to phone in bed. No risk indicators.",
            "Phone charges outside the bedroom. Add 'after an argument' to the relapse-prevention plan.",
            addendum="Correction: the lapse was on the Sunday, not the Saturday, as Jordan's record shows.",
        ),
        DemoNote(
            3,
            "Eighteen days sober. Urges mostly at weekends, lower in intensity. Went through device protection.",
            "Good progress; confidence growing. Urge surfing is working for him.",
            "Finish the laptop checklist. Review the relapse-prevention plan next session.",
        ),
    ],
    "sam@demo.waymark.test": [
        DemoNote(
            14,
            "Sam talked about work stress and long hours alone at the screen.",
            "Stress and loneliness are the main drivers. Some low mood; PHQ-9 in the mild range.",
            "Daily check-ins; schedule two outer-circle activities this week.",
        ),
        DemoNote(
            8,
            "Recent ASQ was positive (non-acute). Went through the safety plan together and updated it.",
            "No current intent or plan. Protective factors: sister, work, dog. Will keep monitoring closely.",
            "Safety plan reviewed. Repeat ASQ in two weeks. Sam to call his sister this weekend.",
            minutes=60,
        ),
        DemoNote(
            2,
            "Sam is sleeping better and has kept to the plan for three weeks.",
            "Mood improving; urges lower. Still some shame about the past year.",
            "Begin the self-compassion module. Plan the next review of the circles.",
        ),
    ],
    "ravi@demo.waymark.test": [
        DemoNote(
            22,
            "Ravi reflected on his first three months: what changed at home, what still feels hard.",
            "Solid abstinence; working on honesty with his wife. Ready to think about stage 3.",
            "Start the narrative. Talk with his wife about a joint session.",
        ),
        DemoNote(
            12,
            "Joint session with Ravi's wife. Both spoke about trust and what rebuilding it looks like.",
            "A hopeful session; both committed. Trust will take time, and they know it.",
            "Agree what disclosure looks like. Next joint session in a month.",
            minutes=80,
        ),
        DemoNote(
            4,
            "Ravi joined a peer group and went twice. Talked about the connection he felt there.",
            "Connection is doing him good; isolation was a key driver. Stage 3 work is going well.",
            "Keep going to the group. Review his goals next month.",
        ),
    ],
    "lin@demo.waymark.test": [
        DemoNote(
            40,
            "Lin talked about a lapse after a difficult family visit and what she learnt from it.",
            "Insightful; she saw the chain early this time. No risk indicators.",
            "Add family visits to the high-risk situations. Plan support around the next one.",
        ),
        DemoNote(
            24,
            "Six months sober. Lin spoke about what she wants her life to hold now.",
            "Moving well into lasting recovery; wants to work on meaning and purpose.",
            "Set stage 4 goals: volunteering, and one evening class.",
        ),
        DemoNote(
            6,
            "Lin started volunteering at the animal shelter and enjoys it. Sessions now monthly.",
            "Stable and thriving. Self-care routines are well set.",
            "Monthly sessions; review goals in two months.",
        ),
    ],
}


def add_demo_notes() -> None:
    """Idempotent: safe to run on every `make run`."""
    now = timezone.now()
    for email, notes in NOTES.items():
        client = Client.objects.select_related("practice", "user").filter(user__email=email).first()
        if client is None or SessionNote.objects.filter(client=client).exists():
            continue
        assignment = client.current_assignment()
        if assignment is None or client.is_discharged:
            continue
        therapist = assignment.therapist
        for spec in notes:
            at = now - timedelta(weeks=spec.weeks_ago)
            session_on = timezone.localdate(at)
            entry = NoteEntry(
                session_on, spec.minutes, {"data": spec.data, "assessment": spec.assessment, "plan": spec.plan}
            )
            note = do_write_draft(therapist, client, entry, at=at)
            if spec.signed:
                signed_at = at + timedelta(hours=3)
                note = do_sign(therapist, note, at=signed_at)
                if spec.addendum:
                    do_add_addendum(therapist, note, spec.addendum, at=signed_at + timedelta(days=2))
