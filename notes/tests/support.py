"""Notes as the tests need them: a DAP entry, a draft and a signed note of Alex's by Dr Tan."""

from datetime import date
from typing import Any

from django.utils import timezone

from accounts.models import User
from caseload.models import Client
from notes.actions import NoteEntry, do_sign, do_write_draft
from notes.models import SessionNote

DAP = {
    "data": "Alex talked about a hard week at work and two urges late at night.",
    "assessment": "Coping well; no risk indicators.",
    "plan": "Try the evening routine; review next week.",
}


def entry(session_on: date | None = None, minutes: int = 50, **sections: Any) -> NoteEntry:
    return NoteEntry(session_on or timezone.localdate(), minutes, {**DAP, **sections})


def draft(author: User, client: Client, **sections: Any) -> SessionNote:
    return do_write_draft(author, client, entry(**sections))


def signed(author: User, client: Client, **sections: Any) -> SessionNote:
    return do_sign(author, draft(author, client, **sections))
