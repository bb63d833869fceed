"""The stage's section of a client's data export: where they are and every move, without the therapist's notes.

A move's note and reason are the therapist's clinical notes about the client, like session notes,
so the export gives the stages and dates only.
"""

from caseload.models import Client, Stage
from privacy.export import register_section
from stages.queries import history_of


@register_section
def stage_history(client: Client) -> tuple[str, object]:
    """The current stage itself is in the privacy area's "stage" section."""
    return "stage_history", {
        "in_current_stage_since": client.stage_since,
        "moves": [
            {
                "from_stage": change.from_stage,
                "from_name": Stage(change.from_stage).label,
                "to_stage": change.to_stage,
                "to_name": Stage(change.to_stage).label,
                "moved_at": change.moved_at,
            }
            for change in reversed(history_of(client))
        ],
    }
