"""The course the tests read: three small fixture modules in learning/tests/modules/, never the real ones."""

from pathlib import Path
from typing import Any

import yaml
from django.test import override_settings

from homework.models import Kind, Task

FIXTURES = Path(__file__).resolve().with_name("modules")

# Class or method decorator: the catalogue reads the fixtures and no practice folder.
fixture_course = override_settings(WAYMARK_LEARNING_BUNDLED_DIR=FIXTURES, WAYMARK_LEARNING_DIR="")

VALID: dict[str, Any] = {
    "slug": "delta",
    "title": "A valid module",
    "summary": "One sentence.",
    "order": 4,
    "reflections": ["What stood out?"],
    "references": ["Author, D. (2022). Title. Journal, 1, 1-2."],
}


def module_text(body: str = "Some words.\n\n## A section\n\nMore words.", **changes: Any) -> str:
    """A module file's text: VALID front matter with these changes (None removes a key)."""
    front = {key: value for key, value in {**VALID, **changes}.items() if value is not None}
    return f"---\n{yaml.safe_dump(front, sort_keys=False, allow_unicode=True)}---\n{body}\n"


def write_module(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def assign_reading(case: Any, slug: str, **fields: Any) -> Task:
    task: Task = Task.objects.create(
        client=case.client_record,
        kind=Kind.READING,
        ref=slug,
        title="Read this one",
        assigned_by=case.therapist,
        **fields,
    )
    return task
