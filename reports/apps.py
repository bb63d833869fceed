"""The progress report a therapist downloads as a PDF."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self) -> None:
        from privacy.access_log import register_labels

        register_labels(
            {
                "report.pdf": "Made a progress report from your record",
                # The record's timeline (caseload/timeline.py) is this area's other reading of the record.
                "client.timeline": "Looked at the timeline of your record",
            }
        )
