from typing import Any

from django.http import HttpRequest


def practice(request: HttpRequest) -> dict[str, Any]:
    """The neutral name for titles, and whether this page is a client's (quick exit, crisis link)."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    current = user.practice if signed_in and user.practice_id else None  # type: ignore[union-attr]
    return {
        "site_name": current.client_facing_name if current else "Waymark",
        "is_client_page": signed_in and user.is_client,  # type: ignore[union-attr]
    }
