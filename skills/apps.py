from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "skills"

    def ready(self) -> None:
        from skills import export  # noqa: F401 (registers the export section)
        from skills.cards import all_cards

        all_cards()  # a mistake in cards.yaml stops the app starting, naming the card and the field
