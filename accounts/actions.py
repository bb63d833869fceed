"""Every change to people and invitations happens here, atomically and audited."""

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Invitation, Role, User, hash_token
from audit.log import record
from audit.models import Action
from caseload.models import Assignment, Client
from lib.mail import queue_email
from practice.models import Practice

# Who may invite whom.
INVITERS = {Role.THERAPIST: Role.ADMIN, Role.ADMIN: Role.ADMIN, Role.CLIENT: Role.THERAPIST}


class InvitationError(Exception):
    """The invitation cannot be used; the message is safe to show."""


def do_invite(actor: User, *, email: str, role: Role, display_name: str = "", site_url: str) -> Invitation:
    """Invite someone to the actor's practice by email; a client is assigned to the inviting therapist."""
    if INVITERS.get(role) != actor.role or actor.practice_id is None:
        raise PermissionDenied("You cannot invite this kind of account.")
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Someone already has an account with this email."})
    token = Invitation.new_token()
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.open(now).filter(email__iexact=email, practice_id=actor.practice_id).update(revoked_at=now)
        invitation = Invitation.objects.create(
            practice_id=actor.practice_id,
            email=email,
            display_name=display_name.strip(),
            role=role,
            invited_by=actor,
            therapist=actor if role == Role.CLIENT else None,
            token_hash=hash_token(token),
            expires_at=Invitation.expiry_from(now),
        )
        record(Action.WRITE, "invitation.create", actor=actor, target_ref=invitation.public_id)
        practice = Practice.objects.get(pk=actor.practice_id)
        body = render_to_string(
            "accounts/email/invitation.txt",
            {"practice": practice, "link": f"{site_url}/invite/{token}/", "days": (invitation.expires_at - now).days},
        )
        queue_email(
            to=[email],
            subject=f"Your {practice.client_facing_name} invitation",
            body=body,
            from_name=practice.client_facing_name,
        )
    return invitation


def find_open_invitation(token: str) -> Invitation:
    invitation = Invitation.objects.select_related("practice").filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvitationError("This invitation link is not valid. Please ask for a new one.")
    status = invitation.status(timezone.now())
    if status == "accepted":
        raise InvitationError("This invitation has already been used. Please sign in instead.")
    if status == "withdrawn":
        raise InvitationError("This invitation was replaced or withdrawn. Please use the newest one you received.")
    if status == "expired":
        raise InvitationError("This invitation has expired. Please ask for a new one.")
    return invitation


def do_accept_invitation(token: str, *, password: str, display_name: str = "", time_zone: str = "") -> User:
    """Create the invited account, bound to the invited email; the invitation is then spent."""
    with transaction.atomic():
        invitation = find_open_invitation(token)
        # Re-read under a lock so two tabs accepting at once create one account.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open(timezone.now()):
            raise InvitationError("This invitation has already been used. Please sign in instead.")
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError("An account with this email already exists. Please sign in instead.")
        user = User.objects.create_user(
            invitation.email,
            password,
            role=invitation.role,
            practice=invitation.practice,
            display_name=(display_name or invitation.display_name).strip(),
            time_zone=time_zone,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if invitation.role == Role.CLIENT:
            client = Client.objects.create(user=user, practice=invitation.practice)
            if invitation.therapist is not None and invitation.therapist.is_active:
                Assignment.objects.create(client=client, therapist=invitation.therapist)
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
        record(Action.WRITE, "invitation.accept", actor=user, target_ref=invitation.public_id)
    return user


def do_revoke_invitation(actor: User, invitation: Invitation) -> None:
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(Action.WRITE, "invitation.revoke", actor=actor, target_ref=invitation.public_id)


def end_all_sessions(user: User) -> None:
    """Every browser this user is signed in on is signed out on its next request."""
    User.objects.filter(pk=user.pk).update(sessions_valid_after=timezone.now())
    # Ending the recorded sessions frees them at once; the cut-off above also catches any
    # session that was never recorded, on its very next request.
    for user_session in UserSession.objects.filter(user=user):
        user_session.end()


def do_set_active(actor: User, person: User, *, active: bool) -> None:
    """Deactivating ends the person's sessions and API tokens at once; nothing is deleted."""
    if person.practice_id != actor.practice_id or not actor.is_practice_admin:
        raise PermissionDenied
    if person.pk == actor.pk:
        raise ValidationError("You cannot deactivate your own account.")
    with transaction.atomic():
        person.is_active = active
        person.save(update_fields=["is_active"])
        record(
            Action.WRITE, "person.activate" if active else "person.deactivate", actor=actor, target_ref=person.public_id
        )
        if not active:
            end_all_sessions(person)
