from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"

    def ready(self) -> None:
        from measures import checks, export  # noqa: F401 (register the definition check and export sections)
