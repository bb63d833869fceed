from typing import Any

from django.db import migrations, models


#: Questions of the bundled course reworded in the same release as this migration: (module, earlier wording) → position.
EARLIER_WORDING = {
    (
        "module:shame-and-guilt",
        "Write down one thing you often say to yourself after acting out. How would you say it to a friend instead?",
    ): 1,
}


def number_existing_answers(apps: Any, schema_editor: Any) -> None:
    """Give each answer its question's position, matching its wording to the modules as they are now (and to
    the earlier wording of questions reworded in this release).

    An answer whose module is gone, or whose question was reworded some other way, keeps None (the reader
    then matches it by wording, as before).
    """
    from learning import catalogue

    JournalEntry = apps.get_model("learning", "JournalEntry")
    unnumbered = JournalEntry.objects.filter(question__isnull=True)
    for module in catalogue.modules():
        for number, prompt in enumerate(module.reflections, start=1):
            unnumbered.filter(source=module.source_name, prompt=prompt).update(question=number)
    for (source, prompt), number in EARLIER_WORDING.items():
        unnumbered.filter(source=source, prompt=prompt).update(question=number)


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
