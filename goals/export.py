"""The goals' section of a client's data export: every goal with its steps and reviews (theirs and the therapist's)."""

from django.db.models import Prefetch

from caseload.models import Client
from goals.models import Goal, Review
from privacy.export import register_section


@register_section
def goals(client: Client) -> tuple[str, object]:
    reviews = Prefetch("reviews", queryset=Review.objects.select_related("reviewed_by").order_by("reviewed_at", "pk"))
    rows = Goal.objects.filter(client=client).prefetch_related("steps", reviews).order_by("created_at", "pk")
    return "goals", [
        {
            "domain": goal.get_domain_display(),
            "title": goal.title,
            "description": goal.description,
            "status": goal.get_status_display(),
            "target_date": goal.target_date,
            "created": goal.created_at,
            "steps": [{"step": step.text, "done": step.done_at} for step in goal.steps.all()],
            "reviews": [
                {
                    "when": review.reviewed_at,
                    "by": review.reviewed_by.name if review.reviewed_by else None,
                    "progress": review.progress,
                    "note": review.note,
                }
                for review in goal.reviews.all()
            ],
        }
        for goal in rows
    ]
