from django.apps import AppConfig


class StagesConfig(AppConfig):
    name = "stages"

    def ready(self) -> None:
        from privacy.access_log import register_labels
        from stages import export  # noqa: F401 (registers the export section)

        register_labels(
            {
                "stages.view": "Looked at your stage and its history",
                "stages.move": "Moved you to another stage",
                "api.stage": "Looked at your stage and its history",
            }
        )
