from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"

    def ready(self) -> None:
        from learning import checks, export  # noqa: F401 (register the module-file check and export sections)
        from privacy.access_log import register_labels

        register_labels(
            {
                "learning.client": "Looked at your reading and the reflections you shared",
                "api.learning_progress": "Looked at your reading progress",
                "api.learning_journal": "Looked at the reflections you shared",
            }
        )
