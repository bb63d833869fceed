from typing import Any

from django.conf import settings
from django.http import HttpRequest


def practice(request: HttpRequest) -> dict[str, Any]:
    """The neutral name for titles, whether this page is a client's (quick exit, crisis link), and where Exit goes."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "site_name": user.site_name if signed_in else "Waymark",  # type: ignore[union-attr]
        "is_client_page": signed_in and user.is_client,  # type: ignore[union-attr]
        "neutral_site": settings.WAYMARK_NEUTRAL_SITE,
    }
