"""The client's goal pages and their twins under /clients/<id>/goals/: one name, two places."""

from django.urls import reverse

from caseload.models import Client


def url(client: Client, as_therapist: bool, name: str, *args: object) -> str:
    """``name`` is the client's URL name; the therapist's is the same with ``client_`` before it."""
    if as_therapist:
        return reverse(f"client_{name}", args=[client.public_id, *args])
    return reverse(name, args=args)
