from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"

    def ready(self) -> None:
        from intake import export  # noqa: F401 (registers the export section)
        from privacy.access_log import register_labels

        register_labels({"intake.read": "Read your history answers"})
