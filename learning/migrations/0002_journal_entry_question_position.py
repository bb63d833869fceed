from typing import Any

from django.db import migrations, models


def number_existing_answers(apps: Any, schema_editor: Any) -> None:
    """Give each answer its question's position, matching its wording to the modules as they are now.

    An answer whose question was reworded already, or whose module is gone, keeps None (the reader
    then matches it by wording, as before).
    """
    from learning import catalogue

    JournalEntry = apps.get_model("learning", "JournalEntry")
    for module in catalogue.modules():
        for number, prompt in enumerate(module.reflections, start=1):
            JournalEntry.objects.filter(source=module.source_name, prompt=prompt, question__isnull=True).update(
                question=number
            )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="journalentry",
            name="question",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(number_existing_answers, migrations.RunPython.noop),
    ]
