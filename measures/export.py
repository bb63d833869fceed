"""The questionnaires' sections of a client's data export: schedules and every administration."""

from caseload.models import Client
from measures.models import Administration, Schedule
from measures.progress import answers_of
from privacy.export import register_section


@register_section
def questionnaires(client: Client) -> tuple[str, object]:
    administrations = (
        Administration.objects.filter(client=client).select_related("entered_by", "corrects").order_by("due_on", "pk")
    )
    return "questionnaires", [
        {
            "id": administration.public_id,
            "instrument": administration.instrument_id,
            "instrument_version": administration.instrument_version,
            "status": administration.status,
            "mode": administration.mode,
            "due_on": administration.due_on,
            "submitted": administration.submitted_at,
            "entered_by": administration.entered_by.name if administration.entered_by else None,
            "answers": answers_of(administration),
            "result": administration.result,
            "corrects": administration.corrects.public_id if administration.corrects else None,
            "correction_reason": administration.correction_reason,
        }
        for administration in administrations
    ]


@register_section
def questionnaire_schedules(client: Client) -> tuple[str, object]:
    return "questionnaire_schedules", [
        {
            "instrument": schedule.instrument_id,
            "every_days": schedule.every_days,
            "starts_on": schedule.starts_on,
            "created": schedule.created_at,
            "ended": schedule.ended_at,
        }
        for schedule in Schedule.objects.filter(client=client).order_by("created_at")
    ]
