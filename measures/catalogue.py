"""The instruments one practice can use: the bundled catalogue plus its own licensed uploads.

Use `definitions_for(practice)` / `definition_for(practice, id)` wherever a practice's
instruments are offered, scored or shown, so a licensed instrument behaves exactly like a
bundled one. Uploaded files are parsed once per content (cached), never per request.
"""

import hashlib
import json
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

import yaml

from measures import fhir, registry
from measures.definitions import Definition, DefinitionError, parse_definition
from measures.models import LicensedInstrument

if TYPE_CHECKING:
    from practice.models import Practice

logger = logging.getLogger(__name__)

#: Uploaded files are small text files; anything bigger is not a questionnaire.
MAX_FILE_CHARS = 500_000
CACHE_SIZE = 256
_CACHE: dict[tuple[str, str], Definition] = {}


def definitions_for(practice: "Practice") -> dict[str, Definition]:
    """Every instrument this practice can use, by id: bundled first, then its active licensed ones."""
    definitions = dict(registry.catalogue().definitions)
    rows = LicensedInstrument.objects.active().filter(practice_id=practice.pk).order_by("instrument_id")
    for row in rows.only("instrument_id", "version", "definition", "companion"):
        # An id that a bundled instrument took later never hides the bundled one.
        if row.instrument_id not in definitions:
            try:
                definitions[row.instrument_id] = parsed(row.definition, row.companion, row.instrument_id)
            except DefinitionError:
                continue  # checked on upload; a file that no longer loads is left out, like a bad bundled file
    return definitions


def definition_for(practice: "Practice", instrument_id: str, version: str | None = None) -> Definition:
    """One instrument for this practice, or registry.UnknownInstrument.

    With `version`, a licensed instrument's older (inactive) upload of that version is used if the
    active one differs, so a result is always shown with the wording it was scored with.
    """
    bundled = registry.catalogue().definitions.get(instrument_id)
    if bundled is not None:
        return bundled
    rows = LicensedInstrument.objects.filter(practice_id=practice.pk, instrument_id=instrument_id)
    row = rows.filter(version=version).first() if version else None
    row = row or rows.active().first()
    if row is None:
        raise registry.UnknownInstrument(f"No instrument '{instrument_id}' for this practice.")
    try:
        return parsed(row.definition, row.companion, row.instrument_id)
    except DefinitionError as exc:
        raise registry.UnknownInstrument(f"Instrument '{instrument_id}' no longer loads.") from exc


def parsed(definition_text: str, companion_text: str, name: str) -> Definition:
    """The Definition an uploaded file (and companion, for FHIR) describes, cached.

    Keyed by id and the files' digest rather than (id, version) alone: two practices may upload
    different files under the same id and version.
    """
    digest = hashlib.sha256(f"{definition_text}\0{companion_text}".encode()).hexdigest()
    key = (name, digest)
    definition = _CACHE.get(key)
    if definition is None:
        definition = parse_upload(definition_text, companion_text, name)
        if len(_CACHE) >= CACHE_SIZE:
            _CACHE.clear()
        _CACHE[key] = definition
    return definition


def parse_upload(definition_text: str, companion_text: str = "", name: str = "the file") -> Definition:
    """Validate an uploaded definition: Waymark's format, or a FHIR Questionnaire plus its companion.

    Any error is a DefinitionError, so a file Waymark fails to understand is refused with a message, never a crash.
    """
    try:
        return _parse_upload(definition_text, companion_text, name)
    except DefinitionError:
        raise
    except Exception as exc:
        logger.exception("Unexpected error checking the uploaded definition %s", name)
        raise DefinitionError(
            name, [f"could not be checked ({exc.__class__.__name__}: {exc}); please report this as a bug"]
        ) from exc


def _parse_upload(definition_text: str, companion_text: str, name: str) -> Definition:
    data = load_text(definition_text, name)
    is_fhir = isinstance(data, Mapping) and data.get("resourceType") == "Questionnaire"
    if isinstance(data, Mapping) and "fhir_questionnaire" in data:
        raise DefinitionError(
            name, ["is a companion file; upload the FHIR Questionnaire as the definition and this as the companion"]
        )
    if not is_fhir:
        if companion_text.strip():
            raise DefinitionError(name, ["a companion file is only for a FHIR Questionnaire; upload this one alone"])
        return parse_definition(data, name)
    if not companion_text.strip():
        raise DefinitionError(
            name, ["is a FHIR Questionnaire: add the companion YAML that says how to score it (docs/instruments.md)"]
        )
    companion = load_text(companion_text, "the companion")
    if not isinstance(companion, Mapping):
        raise DefinitionError("the companion", ["must hold a mapping (key: value pairs) at the top level"])
    return fhir.definition_from_fhir(data, companion, f"{name} (with its companion)")


def load_text(text: str, name: str) -> object:
    """Parse JSON or YAML text (JSON is YAML, but its own errors read better), or DefinitionError."""
    if len(text) > MAX_FILE_CHARS:
        raise DefinitionError(name, [f"is longer than {MAX_FILE_CHARS:,} characters; is it the right file?"])
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise DefinitionError(name, [f"is not valid JSON: {exc}"]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DefinitionError(name, [f"is not valid YAML: {exc}"]) from None


def clear_cache() -> None:
    _CACHE.clear()
