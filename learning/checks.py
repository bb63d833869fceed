"""`manage.py check` (and so start-up) lists every module file that failed to load, naming the file."""

from typing import Any

from django.core.checks import CheckMessage, Error, register

from learning.catalogue import catalogue


@register()
def module_files(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(problem, hint="See docs/guide/learning.md, or run manage.py check_learning.", id="learning.E001")
        for problem in catalogue().problems
    ]
