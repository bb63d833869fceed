from django.apps import AppConfig


class SosConfig(AppConfig):
    name = "sos"

    def ready(self) -> None:
        from sos import export  # noqa: F401 (registers the export section)
