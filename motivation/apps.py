from django.apps import AppConfig


class MotivationConfig(AppConfig):
    name = "motivation"

    def ready(self) -> None:
        from motivation import export  # noqa: F401 (registers the export section)
        from privacy.access_log import register_labels

        register_labels(
            {
                "motivation.view": "Looked at your motivation tools (decisional balance, rulers, what matters to you)",
                "motivation.balance": "Looked at a version of your decisional balance",
                "motivation.balance.save": "Saved your decisional balance",
                "motivation.values.save": "Saved what matters to you",
                "api.motivation.balance": "Looked at your decisional balance",
                "api.motivation.values": "Looked at what matters to you",
                "api.motivation.rulers": "Looked at your rulers",
            }
        )
