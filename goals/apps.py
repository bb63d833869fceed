from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"

    def ready(self) -> None:
        from goals import export  # noqa: F401 (registers the export section)
        from privacy.access_log import register_labels

        register_labels(
            {
                "goals.view": "Looked at your goals",
                "goals.add": "Added a goal",
                "goals.change": "Changed a goal",
                "goals.step.add": "Added a step to a goal",
                "goals.step.tick": "Ticked off a step of a goal",
                "goals.review": "Reviewed a goal",
                "api.goals": "Looked at your goals",
            }
        )
