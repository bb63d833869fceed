"""SECURITY.md: nothing sensitive in browser storage. Our own scripts never use it at all: unsaved words
stay on the open page (static/waymark/drafts.js), so no file we serve names a storage API."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.test import SimpleTestCase

STORAGE = re.compile(r"localStorage|sessionStorage|indexedDB", re.IGNORECASE)
VENDORED = {"htmx.min.js"}  # htmx's history cache is switched off in base.html (historyCacheSize 0)


def served_files() -> list[Path]:
    """Every file under static/ and under each of our apps' static/ folders, except vendored code."""
    base = Path(settings.BASE_DIR).resolve()
    folders = [Path(folder).resolve() for folder in settings.STATICFILES_DIRS]
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            folders.append(path / "static")
    found = {path for folder in folders if folder.is_dir() for path in folder.rglob("*") if path.is_file()}
    return sorted(path for path in found if path.name not in VENDORED)


class NoBrowserStorageTest(SimpleTestCase):
    def test_it_looks_at_our_own_scripts(self) -> None:
        names = {path.name for path in served_files()}
        self.assertLessEqual({"drafts.js", "waymark.js", "narrative.css"}, names)
        self.assertNotIn("htmx.min.js", names)

    def test_no_served_file_uses_browser_storage(self) -> None:
        base = Path(settings.BASE_DIR).resolve()
        found = [
            f"{path.relative_to(base)}:{number}: {line.strip()[:100]}"
            for path in served_files()
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1)
            if STORAGE.search(line)
        ]
        advice = "Keep unsaved words on the open page (static/waymark/drafts.js), never in browser storage:\n"
        self.assertEqual(found, [], advice + "\n".join(found))
