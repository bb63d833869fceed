from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "plan"

    def ready(self) -> None:
        from plan import export  # noqa: F401 (registers the export section)
        from privacy.access_log import register_labels

        register_labels(
            {
                "plan.view": "Looked at your recovery plan",
                "plan.start": "Started your recovery plan",
                "plan.revise": "Changed your recovery plan",
                "plan.sign": "Signed your recovery plan",
                "plan.prevention.view": "Looked at your relapse-prevention plan",
                "plan.prevention.save": "Changed your relapse-prevention plan",
                "plan.prevention.review": "Reviewed your relapse-prevention plan",
            }
        )
