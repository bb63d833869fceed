from django.apps import AppConfig


class NarrativeConfig(AppConfig):
    name = "narrative"

    def ready(self) -> None:
        from narrative import export  # noqa: F401 (registers the export section)
        from narrative.steps import all_steps
        from privacy.access_log import register_labels

        all_steps()  # a mistake in steps.yaml stops the app starting, naming the step and the field
        register_labels(
            {
                "narrative.read": "Read your story",
                "narrative.versions": "Read earlier versions of your story",
                "narrative.comment": "Left a note on your story",
                "api.narrative": "Read your story",
                "api.narrative.versions": "Read earlier versions of your story",
                "api.narrative.comments": "Read the notes on your story",
            }
        )
