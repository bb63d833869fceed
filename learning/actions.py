"""Every change to a client's reading and journal. Only the client writes here; each change is audited.

Finishing a module completes the reading tasks their therapist set for it (homework.completion).
A reflection sent twice with the same idempotency key (a flaky connection) is stored once.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.log import record
from audit.models import Action
from caseload.models import Client
from homework.completion import complete_tasks_for
from homework.models import Kind
from learning import catalogue
from learning.models import ENTRY_CHARS, KEY_CHARS, JournalEntry, ReadingProgress

CLIENTS_ONLY = "Only the client can change their own reading and journal."
NO_SUCH_MODULE = "There is no such module in the library."


def own_client(actor: User) -> Client:
    """The client record of the person acting; nobody else writes here."""
    if actor.is_active and actor.is_client:
        client = Client.objects.select_related("user", "practice").filter(user=actor).first()
        if client is not None:
            return client
    raise PermissionDenied(CLIENTS_ONLY)


def _own_entry(actor: User, entry: JournalEntry) -> Client:
    client = own_client(actor)
    if entry.client_id != client.pk:
        raise PermissionDenied("This is not your journal entry.")
    return client


def _module(slug: str) -> catalogue.Module:
    found = catalogue.module(slug)
    if found is None:
        raise ValidationError({"module": NO_SUCH_MODULE})
    return found


def clean_text(text: str) -> str:
    """Browsers send a line break as two characters: count and store it as one, as the page's counter does."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ValidationError({"text": "Write a few words first, or leave this for another time."})
    if len(text) > ENTRY_CHARS:
        raise ValidationError(
            {"text": f"Please keep this to {ENTRY_CHARS:,} characters or fewer (it has {len(text):,})."}
        )
    return text


def _clean_key(key: str) -> str:
    key = key.strip()
    if len(key) > KEY_CHARS:
        raise ValidationError({"idempotency_key": f"The key can be up to {KEY_CHARS} characters."})
    return key


@transaction.atomic
def do_open_module(actor: User, slug: str, at: datetime | None = None) -> ReadingProgress:
    """The first time a client opens a module it counts as started; opening it again changes nothing."""
    client = own_client(actor)
    _module(slug)
    progress, created = ReadingProgress.objects.get_or_create(
        client=client, slug=slug, defaults={"opened_at": at or timezone.now()}
    )
    if created:
        record(Action.WRITE, "learning.open", actor=actor, client=client, target_ref=progress.public_id, at=at)
    return progress


@transaction.atomic
def do_finish_module(actor: User, slug: str, at: datetime | None = None) -> ReadingProgress:
    """Mark the module read (once) and complete any reading task set for it."""
    client = own_client(actor)
    _module(slug)
    moment = at or timezone.now()
    progress, _ = ReadingProgress.objects.select_for_update().get_or_create(
        client=client, slug=slug, defaults={"opened_at": moment}
    )
    changed = progress.finished_at is None
    if changed:
        progress.finished_at = moment
        progress.save(update_fields=["finished_at"])
    completed = complete_tasks_for(client, Kind.READING, slug)
    if changed or completed:
        record(Action.WRITE, "learning.finish", actor=actor, client=client, target_ref=progress.public_id, at=at)
    return progress


@transaction.atomic
def do_write_reflection(
    actor: User,
    slug: str,
    question: int,
    text: str,
    *,
    share: bool = False,
    key: str = "",
    at: datetime | None = None,
) -> tuple[JournalEntry, bool]:
    """Save an answer to one of a module's reflection questions (numbered from 1) to the client's journal.

    Returns the entry and whether it is new; the same ``key`` again returns the stored one untouched.
    """
    client = own_client(actor)
    module = _module(slug)
    if not 1 <= question <= len(module.reflections):
        raise ValidationError({"question": f"This module has {len(module.reflections)} reflection question(s)."})
    text = clean_text(text)
    key = _clean_key(key)
    if key and (stored := JournalEntry.objects.filter(client=client, idempotency_key=key).first()) is not None:
        return stored, False
    moment = at or timezone.now()
    entry = JournalEntry(
        client=client,
        source=module.source_name,
        prompt=module.reflections[question - 1],
        question=question,
        text=text,
        shared_with_therapist=share,
        shared_at=moment if share else None,
        idempotency_key=key,
        created_at=moment,
        updated_at=moment,
    )
    entry.save()
    record(Action.WRITE, "learning.reflect", actor=actor, client=client, target_ref=entry.public_id, at=at)
    return entry, True


@transaction.atomic
def do_edit_entry(actor: User, entry: JournalEntry, text: str) -> JournalEntry:
    client = _own_entry(actor, entry)
    entry.text = clean_text(text)
    entry.updated_at = timezone.now()
    entry.save(update_fields=["text", "updated_at"])
    record(Action.WRITE, "learning.edit_entry", actor=actor, client=client, target_ref=entry.public_id)
    return entry


@transaction.atomic
def do_share_entry(actor: User, entry: JournalEntry, shared: bool) -> JournalEntry:
    """Share an entry with the client's therapist, or take it back; sharing again gives it a new date."""
    client = _own_entry(actor, entry)
    if entry.shared_with_therapist == shared:
        return entry
    entry.shared_with_therapist = shared
    entry.shared_at = timezone.now() if shared else None
    entry.save(update_fields=["shared_with_therapist", "shared_at"])
    what = "learning.share_entry" if shared else "learning.unshare_entry"
    record(Action.WRITE, what, actor=actor, client=client, target_ref=entry.public_id)
    return entry


@transaction.atomic
def do_delete_entry(actor: User, entry: JournalEntry) -> None:
    client = _own_entry(actor, entry)
    target = entry.public_id
    entry.delete()
    record(Action.WRITE, "learning.delete_entry", actor=actor, client=client, target_ref=target)
