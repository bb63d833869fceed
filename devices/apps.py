from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "devices"

    def ready(self) -> None:
        from devices import export  # noqa: F401 (registers the export section)
        from privacy.access_log import register_labels

        register_labels(
            {
                "devices.view": "Looked at your device checklist",
                "devices.add": "Added a device to your checklist",
                "devices.remove": "Removed a device from your checklist",
                "devices.step": "Updated your device checklist",
            }
        )
