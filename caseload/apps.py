from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "caseload"

    def ready(self) -> None:
        from privacy.access_log import register_labels

        register_labels({"caseload.list": "Saw your progress on their list of clients"})
