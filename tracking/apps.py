from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"

    def ready(self) -> None:
        from privacy.access_log import register_labels
        from tracking import export  # noqa: F401 (registers the export sections)

        register_labels(
            {
                "tracking.checkins": "Looked at your check-ins",
                "tracking.urges": "Looked at your urge log",
                "tracking.lapses": "Looked at your lapse records",
                "tracking.insights": "Looked at your insights",
                "api.checkins": "Looked at your check-ins",
                "api.urges": "Looked at your urge log",
                "api.lapses": "Looked at your lapse records",
                "checkin_reminder.sent": "Sent your daily reminder email",
            }
        )
