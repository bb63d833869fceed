"""The client's story in their data export: every step with every version, and the therapist's comments."""

from caseload.models import Client
from narrative.models import StepComment, StepVersion
from narrative.steps import all_steps
from privacy.export import register_section


@register_section
def story(client: Client) -> tuple[str, object]:
    versions: dict[str, list[StepVersion]] = {}
    for version in StepVersion.objects.filter(client=client).order_by("step", "number"):
        versions.setdefault(version.step, []).append(version)
    comments: dict[str, list[StepComment]] = {}
    for comment in StepComment.objects.filter(client=client).select_related("author"):
        comments.setdefault(comment.step, []).append(comment)
    return "story", [
        {
            "step": step.title,
            "question": step.question,
            "versions": [
                {
                    "number": v.number,
                    "text": v.text,
                    "ticked": step.choice_labels(v.chosen),
                    "started": v.started_at,
                    "saved": v.saved_at,
                }
                for v in versions.get(step.id, [])
            ],
            "comments": [
                {"from": c.author_name, "text": c.text, "written": c.created_at, "read": c.seen_at}
                for c in comments.get(step.id, [])
            ],
        }
        for step in all_steps()
    ]
