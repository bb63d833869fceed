"""Changes to who treats whom."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from audit.log import record
from audit.models import Action
from caseload.models import Assignment, Client


def do_transfer_client(actor: User, client: Client, to_therapist: User) -> Assignment:
    """Hand a client to a colleague in the same practice; the old therapist's access ends at once."""
    treats = actor.is_therapist and Client.objects.visible_to(actor).filter(pk=client.pk).exists()
    # An admin reassigns clients too (a therapist leaves): managing people, reading nothing clinical.
    manages = actor.is_practice_admin and actor.practice_id == client.practice_id
    if not (treats or manages):
        raise PermissionDenied("Only the client's own therapist or the practice's admin can hand them on.")
    if (
        to_therapist.role != Role.THERAPIST
        or to_therapist.practice_id != client.practice_id
        or not to_therapist.is_active
    ):
        raise ValidationError({"therapist": "Choose an active therapist in this practice."})
    with transaction.atomic():
        current = Assignment.objects.select_for_update().filter(client=client, ended_at__isnull=True).first()
        if current is not None and current.therapist_id == to_therapist.pk:
            raise ValidationError({"therapist": "This client is already with that therapist."})
        if current is not None:
            current.ended_at = timezone.now()
            current.save(update_fields=["ended_at"])
        assignment = Assignment.objects.create(client=client, therapist=to_therapist)
        record(Action.WRITE, "client.transfer", actor=actor, client=client, target_ref=to_therapist.public_id)
    return assignment
