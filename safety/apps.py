from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "safety"

    def ready(self) -> None:
        from privacy.access_log import register_labels
        from safety import export  # noqa: F401 (registers the export section)

        register_labels(
            {
                "risk_alert.raise": "Let your therapist know about some of your answers",
                "risk_alert.read": "Read an alert about your answers",
                "risk_alert.acknowledge": "Followed up an alert about your answers",
                "risk_alert.escalate": "Passed an alert about your answers to the clinical lead",
                "risk_alert.lead_missing": "Asked the practice to choose a clinical lead",
                "safety_plan.save": "Changed your safety plan",
                "safety_plan.view": "Read your safety plan",
                "safety_plan.review": "Went through your safety plan with you",
            }
        )
