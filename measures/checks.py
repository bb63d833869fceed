"""`manage.py check` lists every instrument file that failed to load, naming the file."""

from typing import Any

from django.core.checks import CheckMessage, Error, register

from measures import registry


@register()
def instrument_definitions(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(problem, hint="See docs/instruments.md.", id="measures.E001") for problem in registry.catalogue().problems
    ]
