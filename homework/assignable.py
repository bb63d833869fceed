"""What else a therapist can set: course modules to read and questionnaires to answer, from their own apps."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from caseload.models import Client


@dataclass(frozen=True)
class Module:
    slug: str
    title: str


def reading_modules() -> list[Module]:
    """The course modules a therapist can set as reading, from the learning app's catalogue.

    Imported when asked, not at the top: learning imports homework (to complete reading tasks).
    """
    from learning import catalogue

    return [Module(module.slug, module.title) for module in catalogue.modules()]


def module_url(slug: str) -> str | None:
    """Where the client reads a module, if the course still has it (a practice may have removed it)."""
    from learning.catalogue import module

    if module(slug) is None:
        return None
    try:
        return reverse("learning_module", args=[slug])
    except NoReverseMatch:
        return None


def questionnaires(client: Client) -> dict[str, str]:
    """Instrument id → name, for every questionnaire this client's practice can give (one query)."""
    from measures import catalogue

    definitions = catalogue.definitions_for(client.practice)
    ordered = sorted(definitions.values(), key=lambda d: d.short_name.casefold())
    return {d.id: _instrument_name(d.short_name, d.title) for d in ordered if d.wording_verified}


def _instrument_name(short_name: str, title: str) -> str:
    return title if short_name == title else f"{short_name}: {title}"
