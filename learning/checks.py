"""`manage.py check` (and so start-up) lists every module file that failed to load, naming the file."""

from typing import Any

from django.core.checks import CheckMessage, Error, Warning, register

from learning.catalogue import catalogue


@register()
def module_files(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    loaded = catalogue()
    hint = "See docs/guide/learning.md, or run manage.py check_learning."
    errors: list[CheckMessage] = [Error(problem, hint=hint, id="learning.E001") for problem in loaded.problems]
    return errors + [Warning(notice, hint=hint, id="learning.W001") for notice in loaded.notices]
