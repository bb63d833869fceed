"""Check every course module file: one line per file, OK or its problems; exit status 1 if any."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from learning.catalogue import build, directories


class Command(BaseCommand):
    help = "Check the course's module files (learning/modules/ and WAYMARK_LEARNING_DIR) and report each one."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = build(directories())
        by_file: dict[str, list[str]] = {}
        for problem in loaded.problems:
            name, _, detail = problem.partition(": ")
            by_file.setdefault(name, []).append(detail)
        notices: dict[str, list[str]] = {}
        for notice in loaded.notices:
            name, _, detail = notice.partition(": ")
            notices.setdefault(name, []).append(detail)
        for name in loaded.checked:
            if name in by_file:
                for detail in by_file.pop(name):
                    self.stdout.write(self.style.ERROR(f"{name}: {detail}"))
            else:
                self.stdout.write(f"{name}: OK")
            for detail in notices.get(name, []):
                self.stdout.write(self.style.WARNING(f"{name}: {detail}"))
        for name, details in by_file.items():  # a problem not tied to one checked file
            for detail in details:
                self.stdout.write(self.style.ERROR(f"{name}: {detail}"))
        self.stdout.write(f"{len(loaded.modules)} modules loaded.")
        if loaded.problems:
            raise CommandError(f"{len(loaded.problems)} problem(s) found; the files named above are left out.")
