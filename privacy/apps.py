from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"

    def ready(self) -> None:
        # The export sections for accounts, caseload, connect and api data live here.
        from privacy import export_sections  # noqa: F401 (registers the sections)
