"""Where definitions come from: the bundled folder, then the practice's licensed-instruments folder.

A broken file never hides the others: it is left out and its problems are listed in
`catalogue().problems` (and by `manage.py check`).
"""

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from measures import fhir
from measures.definitions import Definition, DefinitionError, parse_definition

logger = logging.getLogger(__name__)

BUNDLED_DIR = Path(__file__).resolve().parent / "instruments"
SUFFIXES = (".yaml", ".yml", ".json")


class UnknownInstrument(LookupError):
    pass


@dataclass(frozen=True)
class Catalogue:
    definitions: Mapping[str, Definition]
    sources: Mapping[str, Path]
    problems: tuple[str, ...]


def read_file(path: Path) -> object:
    """The parsed content of a YAML or JSON file, or DefinitionError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(path.name, [f"cannot be read ({exc.__class__.__name__})"]) from None
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        kind = "JSON" if path.suffix == ".json" else "YAML"
        raise DefinitionError(path.name, [f"is not valid {kind}: {exc}"]) from None


def is_fhir_questionnaire(data: object) -> bool:
    return isinstance(data, Mapping) and data.get("resourceType") == "Questionnaire"


def load_file(path: Path) -> Definition:
    """One definition file: Waymark's format, or a companion naming a FHIR Questionnaire."""
    data = read_file(path)
    if is_fhir_questionnaire(data):
        raise DefinitionError(
            path.name,
            ["is a FHIR Questionnaire; load it through a companion file that names it in fhir_questionnaire"],
        )
    if isinstance(data, Mapping) and "fhir_questionnaire" in data:
        return fhir.definition_from_companion(path, data)
    return parse_definition(data, path.name)


def load_directory(directory: Path) -> tuple[dict[str, Definition], dict[str, Path], list[str]]:
    definitions: dict[str, Definition] = {}
    sources: dict[str, Path] = {}
    problems: list[str] = []
    if not directory.is_dir():
        return definitions, sources, problems
    paths = sorted(
        p for p in directory.iterdir() if p.is_file() and p.suffix in SUFFIXES and not p.name.startswith(".")
    )
    contents: dict[Path, object] = {}
    for path in paths:
        try:
            contents[path] = read_file(path)
        except Exception as exc:
            problems += problems_of(path, exc)
    named_by_companions = {
        data["fhir_questionnaire"]
        for data in contents.values()
        if isinstance(data, Mapping) and isinstance(data.get("fhir_questionnaire"), str)
    }
    for path, data in contents.items():
        if is_fhir_questionnaire(data) and path.name in named_by_companions:
            continue
        try:
            definition = load_file(path)
        except Exception as exc:
            problems += problems_of(path, exc)
            continue
        definitions[definition.id] = definition
        sources[definition.id] = path
    return definitions, sources, problems


def problems_of(path: Path, exc: Exception) -> list[str]:
    """What went wrong with one file, as problems naming it: whatever the error, one bad file never hides the others."""
    if isinstance(exc, DefinitionError):
        return exc.problems
    logger.exception("Unexpected error loading the definition file %s", path.name)
    return [f"{path.name}: could not be loaded ({exc.__class__.__name__}: {exc}); please report this as a bug"]


@cache
def _catalogue(extra_dir: str) -> Catalogue:
    definitions, sources, problems = load_directory(BUNDLED_DIR)
    extra, extra_sources, extra_problems = load_directory(Path(extra_dir))
    problems += extra_problems
    for instrument_id, definition in extra.items():
        path = extra_sources[instrument_id]
        if instrument_id in definitions:
            problems.append(
                f"{path.name}: instrument id '{instrument_id}' is already used by {sources[instrument_id]}; "
                "give the licensed instrument its own id"
            )
            continue
        definitions[instrument_id] = definition
        sources[instrument_id] = path
    for instrument_id, definition in definitions.items():
        for rule in definition.critical_items:
            if rule.then_ask is not None and rule.then_ask not in definitions:
                problems.append(
                    f"{sources[instrument_id].name}: critical rule '{rule.code}' asks for '{rule.then_ask}', "
                    "which is not loaded"
                )
    return Catalogue(definitions=definitions, sources=sources, problems=tuple(problems))


def catalogue() -> Catalogue:
    """Every loaded definition; cached until `clear_cache()` (so a new file needs a restart)."""
    return _catalogue(str(settings.WAYMARK_INSTRUMENTS_DIR))


def get(instrument_id: str) -> Definition:
    loaded = catalogue()
    try:
        return loaded.definitions[instrument_id]
    except KeyError:
        known = ", ".join(sorted(loaded.definitions))
        raise UnknownInstrument(f"No instrument '{instrument_id}' is loaded (loaded: {known}).") from None


def clear_cache() -> None:
    _catalogue.cache_clear()
