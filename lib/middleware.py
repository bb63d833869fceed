from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# Sent when a session ends: the browser drops this site's cache, cookies and storage.
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


class NoStoreMiddleware:
    """Pages for signed-in people hold personal data: never let a browser or proxy keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, max-age=0, private"
        if getattr(request, "waymark_logged_out", False):
            response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
