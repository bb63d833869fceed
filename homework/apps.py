from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    name = "homework"

    def ready(self) -> None:
        from homework import export  # noqa: F401 (registers the export section)
        from privacy.access_log import register_labels

        register_labels(
            {
                "homework.tasks": "Looked at your tasks and your notes on them",
                "homework.notes": "Read your notes on tasks you finished",
                "homework.assign": "Suggested a task for you",
                "homework.cancel": "Took a task off your list",
                "homework.complete": "Marked one of your tasks done",
                "api.tasks": "Looked at your tasks and your notes on them",
            }
        )
