"""Actions: a practice admin adds (or stops offering) an instrument the practice holds a licence for."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from measures import registry
from measures.catalogue import parse_upload
from measures.definitions import Definition, DefinitionError
from measures.models import LicensedInstrument


def _check_admin(actor: User) -> int:
    if not (actor.is_active and actor.is_practice_admin):
        raise PermissionDenied("Only a practice admin manages licensed instruments.")
    return actor.practice_pk


def check_upload(practice_id: int, definition: Definition, name: str) -> None:
    """Refuse what would make a licensed instrument behave unlike a bundled one, naming the problem."""
    loaded = registry.catalogue().definitions
    problems = []
    if definition.id in loaded:
        problems.append(
            f"instrument id '{definition.id}' is already used by a bundled instrument; "
            "give the licensed instrument its own id"
        )
    same_version = LicensedInstrument.objects.filter(
        practice_id=practice_id, instrument_id=definition.id, version=definition.version
    )
    if same_version.exists():
        problems.append(
            f"version {definition.version} of '{definition.id}' was uploaded before; "
            "to change a definition, raise its version"
        )
    licensed = set(
        LicensedInstrument.objects.active().filter(practice_id=practice_id).values_list("instrument_id", flat=True)
    )
    for rule in definition.critical_items:
        if (
            rule.then_ask is not None
            and rule.then_ask not in loaded
            and rule.then_ask not in licensed | {definition.id}
        ):
            problems.append(
                f"critical rule '{rule.code}' asks for '{rule.then_ask}', which this practice does not have"
            )
    if problems:
        raise DefinitionError(name, problems)


@transaction.atomic
def do_add_licensed_instrument(
    actor: User, definition_text: str, companion_text: str = "", name: str = "the file"
) -> LicensedInstrument:
    """Validate and store an upload; a new version of an instrument replaces the one offered so far."""
    practice_id = _check_admin(actor)
    definition = parse_upload(definition_text, companion_text, name)
    check_upload(practice_id, definition, name)
    LicensedInstrument.objects.active().filter(practice_id=practice_id, instrument_id=definition.id).update(
        active=False
    )
    row = LicensedInstrument.objects.create(
        practice_id=practice_id,
        instrument_id=definition.id,
        version=definition.version,
        title=definition.title[:200],
        definition=definition_text,
        companion=companion_text,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    record(Action.WRITE, "measures.licensed_instrument.add", actor=actor, target_ref=row.public_id)
    return row


@transaction.atomic
def do_retire_licensed_instrument(actor: User, instrument: LicensedInstrument) -> None:
    """Stop offering it for new assignments; results already given keep their wording."""
    if _check_admin(actor) != instrument.practice_id:
        raise PermissionDenied("Not this practice's instrument.")
    instrument.active = False
    instrument.save(update_fields=["active"])
    record(Action.WRITE, "measures.licensed_instrument.retire", actor=actor, target_ref=instrument.public_id)
