from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "notes"

    def ready(self) -> None:
        from notes import export  # noqa: F401 (registers the export section)
        from privacy.access_log import register_labels

        register_labels(
            {
                "notes.list": "Looked at the list of your session notes",
                "notes.view": "Read a session note",
                "notes.draft": "Started a session note",
                "notes.edit": "Changed a draft session note",
                "notes.delete_draft": "Deleted a draft session note",
                "notes.sign": "Signed a session note",
                "notes.addendum": "Added to a session note",
                "api.notes": "Looked at the list of your session notes",
                "api.note": "Read a session note",
                # Handover and discharge (caseload.actions), which belong with the notes.
                "client.handover": "Wrote a handover note for your new therapist",
                "client.handover_read": "Read the handover note about you",
                "client.discharge": "Ended your programme with the practice",
                "client.reopen": "Re-opened your record",
            }
        )
